import GitStore
import Manifests

/// Reads and parses manifest files from a repository, each distinct blob once.
///
/// The cache lives as long as the reader, so a walk over history (the changelog) parses a
/// blob only the first time any commit shows it.
final class ManifestReader {
    let repository: Repository
    let limits: ManifestLimits
    private var parsed: [ObjectID: ManifestFile] = [:]
    /// How many blobs were parsed so far (working-tree files not counted).
    private(set) var blobsParsed = 0

    init(repository: Repository, limits: ManifestLimits) {
        self.repository = repository
        self.limits = limits
    }

    /// Drops cached blobs.
    func forget(_ blobs: Set<ObjectID>) {
        for blob in blobs { parsed[blob] = nil }
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
        // Read bytes on this thread (libgit2 objects are not shared across threads), then parse
        // everything new on all cores.
        var clock = PhaseClock()
        var jobs: [(key: Job, bytes: [UInt8])] = []
        var queued = Set<Job>()
        var oversized = Set<Job>()
        for (version, _) in files {
            let job = Job(version)
            if case .blob(let id) = job, parsed[id] != nil { continue }
            guard queued.insert(job).inserted else { continue }
            let bytes: [UInt8]?
            switch version.source {
            case .blob(let id): bytes = try repository.blob(id, limit: limits.maxFileBytes)
            case .workingTree: bytes = try repository.workingTreeFile(version.path, limit: limits.maxFileBytes)
            }
            if let bytes { jobs.append((job, bytes)) } else { oversized.insert(job) }
        }
        clock.mark("read \(jobs.count) blobs")
        let limits = self.limits
        let texts = jobs.map { ManifestText($0.bytes, path: "", revision: "", limits: limits) }
        // Documents, not files, are the unit of parallel work: one large CRD file must not
        // keep a core busy while the other idles. Largest first, for balance.
        var units = texts.indices.flatMap { file in (0..<texts[file].units).map { (file: file, unit: $0) } }
        units.sort { texts[$0.file].size(of: $0.unit) > texts[$1.file].size(of: $1.unit) }
        let parsedUnits = ParallelMap.map(units) { texts[$0.file].parse(unit: $0.unit, limits: limits) }
        var byFile = texts.map { [ManifestFile?](repeating: nil, count: $0.units) }
        for (unit, result) in zip(units, parsedUnits) { byFile[unit.file][unit.unit] = result }
        let results = zip(texts, byFile).map { text, parts in text.merge(parts.map { $0! }) }
        var fresh: [Job: ManifestFile] = [:]
        for (job, result) in zip(jobs.map(\.key), results) {
            if case .blob(let id) = job {
                parsed[id] = result
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
            let file: ManifestFile
            switch job {
            case .blob(let id): file = parsed[id] ?? ManifestFile()
            case .workingTree: file = fresh[job] ?? ManifestFile()
            }
            return file.relabeled(path: version.path, revision: revision)
        }
    }

    private enum Job: Hashable {
        case blob(ObjectID)
        case workingTree(path: String)

        init(_ version: FileVersion) {
            switch version.source {
            case .blob(let id): self = .blob(id)
            case .workingTree: self = .workingTree(path: version.path)
            }
        }
    }
}
