import Foundation
import GitStore
import Insights
import Manifests

/// Reads and parses manifest files from a repository, each distinct blob once.
///
/// The cache lives as long as the reader, so a walk over history (the changelog) parses a
/// blob only the first time any commit shows it. What it holds is already redacted: no later
/// stage ever sees a secret value.
final class ManifestReader {
    let repository: Repository
    let limits: ManifestLimits
    let redactor: Redactor
    /// Parsed blobs, by id and by whether they were read as JSON (a `.json` path).
    private var parsed: [Job: ManifestFile] = [:]
    /// How many blobs were parsed so far (working-tree files not counted).
    private(set) var blobsParsed = 0

    init(repository: Repository, limits: ManifestLimits, redactor: Redactor) {
        self.repository = repository
        self.limits = limits
        self.redactor = redactor
    }

    /// Quick looks at blobs, kept for as long as the reader: a blob's bytes never change.
    private var scanned: [ObjectID: ManifestScan] = [:]

    /// Drops cached blobs.
    func forget(_ blobs: Set<ObjectID>) {
        for blob in blobs {
            for json in [false, true] {
                for helmValues in [false, true] { parsed[.blob(blob, json: json, helmValues: helmValues)] = nil }
            }
        }
    }

    /// A quick look at each file (`ManifestScan`), read on all cores; a blob is looked at once.
    func scans(of versions: [FileVersion], markers: [String]) throws -> [ManifestScan] {
        var unseen: [(key: Job, version: FileVersion)] = []
        for version in versions {
            if let blob = version.blob, scanned[blob] != nil { continue }
            unseen.append((Job(version), version))
        }
        var clock = PhaseClock()
        let contents = try readBytes(unseen).map { $0.1.content ?? [] }
        clock.mark("read \(contents.count) blobs to scan")
        let markerBytes = markers.map { Array($0.utf8) }
        let looked = ParallelMap.map(contents) { ManifestScan($0, markers: markerBytes) }
        clock.mark("scan \(contents.count) blobs")
        // Working-tree files have no id to keep their look under: this call's answer only.
        var fresh: [String: ManifestScan] = [:]
        for index in unseen.indices {
            let version = unseen[index].version
            if let blob = version.blob { scanned[blob] = looked[index] } else { fresh[version.path] = looked[index] }
        }
        var out: [ManifestScan] = []
        out.reserveCapacity(versions.count)
        for version in versions {
            if let blob = version.blob, let scan = scanned[blob] {
                out.append(scan)
            } else {
                out.append(fresh[version.path] ?? ManifestScan([], markers: markerBytes))
            }
        }
        return out
    }

    /// The parsed content of the files of both sides, parsed together so that all cores
    /// share the work of both.
    func read(
        old: [(version: FileVersion, revision: String)], new: [(version: FileVersion, revision: String)]
    ) throws -> ([ManifestFile], [ManifestFile]) {
        let all = try read(old + new)
        return (Array(all[..<old.count]), Array(all[old.count...]))
    }

    /// The parsed content of each file, in order; `revision` labels findings.
    func read(_ files: [(version: FileVersion, revision: String)]) throws -> [ManifestFile] {
        var clock = PhaseClock()
        var wanted: [(key: Job, version: FileVersion)] = []
        var queued = Set<Job>()
        for (version, _) in files {
            let job = Job(version)
            if case .blob = job, parsed[job] != nil { continue }
            if queued.insert(job).inserted { wanted.append((job, version)) }
        }
        var jobs: [(key: Job, bytes: [UInt8])] = []
        var oversized = Set<Job>()
        var unreadable: [Job: String] = [:]
        for (job, bytes) in try readBytes(wanted) {
            switch bytes {
            case .bytes(let bytes): jobs.append((job, bytes))
            case .oversized: oversized.insert(job)
            case .unreadable(let reason): unreadable[job] = reason
            }
        }
        clock.mark("read \(jobs.count) blobs")
        let limits = self.limits
        let texts = jobs.map {
            ManifestText($0.bytes, path: "", revision: "", json: $0.key.isJSON, helmValues: $0.key.isHelmValues, limits: limits)
        }
        // Documents, not files, are the unit of parallel work: one large CRD file must not
        // keep a core busy while the other idles. Largest first, for balance.
        var units = texts.indices.flatMap { file in (0..<texts[file].units).map { (file: file, unit: $0) } }
        units.sort { texts[$0.file].size(of: $0.unit) > texts[$1.file].size(of: $1.unit) }
        let redactor = self.redactor
        let parsedUnits = ParallelMap.map(units) { redactor.redact(texts[$0.file].parse(unit: $0.unit, limits: limits)) }
        var byFile = texts.map { [ManifestFile?](repeating: nil, count: $0.units) }
        for (unit, result) in zip(units, parsedUnits) { byFile[unit.file][unit.unit] = result }
        let results = zip(texts, byFile).map { text, parts in text.merge(parts.map { $0! }) }
        var fresh: [Job: ManifestFile] = [:]
        for (job, result) in zip(jobs.map(\.key), results) {
            if case .blob = job {
                parsed[job] = result
                blobsParsed += 1
            } else {
                fresh[job] = result
            }
        }
        return files.map { version, revision in
            let job = Job(version)
            if oversized.contains(job) {
                return .oversized(path: version.path, revision: revision, limit: limits.maxFileBytes)
            }
            if let reason = unreadable[job] {
                return ManifestFile(findings: [
                    Finding(severity: .warning, path: version.path, revision: revision, line: nil, message: "\(reason); not compared")
                ])
            }
            let file: ManifestFile
            switch job {
            case .blob: file = parsed[job] ?? ManifestFile()
            case .workingTree, .unreadable: file = fresh[job] ?? ManifestFile()
            }
            return file.relabeled(path: version.path, revision: revision)
        }
    }

    /// Reads the bytes of each file (`nil`: over the size limit). Many blobs are read on all
    /// cores, each thread with a repository handle of its own: libgit2 objects are not shared
    /// across threads, and inflating thousands of small blobs is a third of a large diff.
    private func readBytes(_ wanted: [(key: Job, version: FileVersion)]) throws -> [(Job, Bytes)] {
        let limit = limits.maxFileBytes
        // Working-tree files come from disk through the main handle, which knows the working tree.
        guard wanted.count >= Self.parallelReadThreshold, wanted.allSatisfy({ $0.version.blob != nil }) else {
            return try wanted.map { ($0.key, try Self.bytes(of: $0.version, in: repository, limit: limit)) }
        }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let size = (wanted.count + workers - 1) / workers
        let chunks = stride(from: 0, to: wanted.count, by: size).map { Array(wanted[$0..<min($0 + size, wanted.count)]) }
        let gitDirectory = repository.gitDirectory
        let results = ParallelMap.map(chunks) { chunk in
            Result { () throws -> [(Job, Bytes)] in
                let own = try Repository(discoveringFrom: gitDirectory)
                return try chunk.map { ($0.key, try Self.bytes(of: $0.version, in: own, limit: limit)) }
            }
        }
        return try results.flatMap { try $0.get() }
    }

    /// Below this many files, reading on one thread is faster than opening more handles.
    static let parallelReadThreshold = 64

    /// What reading a file gave.
    enum Bytes {
        case bytes([UInt8])
        case oversized
        case unreadable(String)

        var content: [UInt8]? {
            if case .bytes(let bytes) = self { return bytes }
            return nil
        }
    }

    private static func bytes(of version: FileVersion, in repository: Repository, limit: Int) throws -> Bytes {
        switch version.source {
        case .blob(let id):
            return try repository.blob(id, limit: limit).map(Bytes.bytes) ?? .oversized
        case .workingTree:
            // A file that vanished or cannot be opened is a finding; the run goes on.
            do {
                return try repository.workingTreeFile(version.path, limit: limit).map(Bytes.bytes) ?? .oversized
            } catch let error as GitStoreError {
                return .unreadable(error.errorDescription ?? "cannot be read")
            }
        case .unreadable(let reason):
            return .unreadable(reason)
        }
    }

    private enum Job: Hashable {
        case blob(ObjectID, json: Bool, helmValues: Bool)
        case workingTree(path: String)
        case unreadable(path: String)

        init(_ version: FileVersion) {
            switch version.source {
            case .blob(let id):
                self = .blob(id, json: ManifestFile.isJSONPath(version.path), helmValues: ManifestFile.isHelmValuesPath(version.path))
            case .workingTree: self = .workingTree(path: version.path)
            case .unreadable: self = .unreadable(path: version.path)
            }
        }

        /// Whether the file is read as JSON: a `.json` path.
        var isJSON: Bool {
            switch self {
            case .blob(_, let json, _): return json
            case .workingTree(let path), .unreadable(let path): return ManifestFile.isJSONPath(path)
            }
        }

        /// Whether documents without a kind are read as Helm values: a values file's path.
        var isHelmValues: Bool {
            switch self {
            case .blob(_, _, let values): return values
            case .workingTree(let path), .unreadable(let path): return ManifestFile.isHelmValuesPath(path)
            }
        }
    }
}
