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

    init(repository: Repository, limits: ManifestLimits) {
        self.repository = repository
        self.limits = limits
    }

    /// The parsed content of each file, in order; `revision` labels findings.
    func read(_ files: [(version: FileVersion, revision: String)]) throws -> [ManifestFile] {
        // Read bytes on this thread (libgit2 objects are not shared across threads), then parse
        // everything new on all cores.
        var jobs: [(key: Job, bytes: [UInt8])] = []
        var queued = Set<Job>()
        var oversized = Set<Job>()
        for (version, _) in files {
            let job = Job(version)
            if case let .blob(id) = job, parsed[id] != nil { continue }
            guard queued.insert(job).inserted else { continue }
            let bytes: [UInt8]?
            switch version.source {
            case let .blob(id): bytes = try repository.blob(id, limit: limits.maxFileBytes)
            case .workingTree: bytes = try repository.workingTreeFile(version.path, limit: limits.maxFileBytes)
            }
            if let bytes { jobs.append((job, bytes)) } else { oversized.insert(job) }
        }
        let limits = self.limits
        let results = ParallelMap.map(jobs.map(\.bytes)) { bytes in
            ManifestFile.parse(bytes, path: "", revision: "", limits: limits)
        }
        var fresh: [Job: ManifestFile] = [:]
        for (job, result) in zip(jobs.map(\.key), results) {
            if case let .blob(id) = job { parsed[id] = result } else { fresh[job] = result }
        }
        return files.map { version, revision in
            let job = Job(version)
            if oversized.contains(job) {
                return .oversized(path: version.path, revision: revision, limit: limits.maxFileBytes)
            }
            let file: ManifestFile
            switch job {
            case let .blob(id): file = parsed[id] ?? ManifestFile()
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
            case let .blob(id): self = .blob(id)
            case .workingTree: self = .workingTree(path: version.path)
            }
        }
    }
}
