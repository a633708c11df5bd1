import GitStore
import Insights
import Manifests
import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads and parses manifest files from a repository, each distinct blob once.
///
/// The cache lives as long as the reader, so a walk over history (the changelog) parses a
/// blob only the first time any commit shows it. What it holds is already redacted: no later
/// stage ever sees a secret value.
final class ManifestReader {
    let repository: Repository
    let limits: ManifestLimits
    /// Parsed blobs, by content (a blob id) and how their path reads them; redacted before kept.
    let cache: ParseCache
    /// How many blobs were parsed so far (working-tree files not counted).
    var blobsParsed: Int { cache.parsedCount }

    /// How many blobs were read (inflated) so far, to scan or to parse.
    private(set) var blobsRead = 0

    /// Whether blobs read to be parsed are scanned on the same read (`ManifestScan`), for a
    /// later step's listing of the revision; a single diff never lists it again.
    var scansReads = false

    init(repository: Repository, limits: ManifestLimits, redactor: Redactor) {
        self.repository = repository
        self.limits = limits
        cache = ParseCache(limits: limits, prepare: { redactor.redact($0) })
    }

    /// Quick looks at blobs, kept for as long as the reader: a blob's bytes never change.
    private var scanned: [ObjectID: ManifestScan] = [:]

    /// The bytes of scanned blobs that mention a marker: such files are parsed right after
    /// their scan, so they are inflated once, not twice. Emptied by `read` and `dropScannedBytes`.
    private var scannedBytes: [ObjectID: FileContent] = [:]

    /// Drops the bytes kept from scans that no read took.
    func dropScannedBytes() {
        scannedBytes.removeAll()
    }

    /// Drops cached blobs.
    func forget(_ blobs: Set<ObjectID>) {
        cache.forget(Set(blobs.map(\.contentKey)))
    }

    /// A quick look at each file (`ManifestScan`), read on all cores; a blob is looked at once.
    func scans(of versions: [FileVersion], markers: ManifestScan.Markers) throws -> [ManifestScan] {
        var unseen: [(key: Job, version: FileVersion)] = []
        for version in versions {
            if let blob = version.blob, scanned[blob] != nil { continue }
            unseen.append((Job(version), version))
        }
        var clock = PhaseClock()
        // Each blob is scanned as soon as it is read, on the thread that read it: the bytes of
        // a whole revision are never held at once, only those of marked files.
        var sizes: [ObjectID: Int] = [:]
        let inParallel = try readsInParallel(unseen, sizes: &sizes)
        let read = try readEach(unseen, inParallel: inParallel, sizes: sizes) { Self.look(at: $0, markers: markers) }
        let looked = read.map(\.1.look)
        clock.mark("read and scan \(read.count) blobs")
        for (job, result) in read {
            if case .blob(let id) = job, let kept = result.kept { scannedBytes[id] = kept }
        }
        // A whole revision listed for the first time: every look is new, in order.
        if unseen.count == versions.count {
            scanned.reserveCapacity(scanned.count + unseen.count)
            for (index, version) in versions.enumerated() {
                if let blob = version.blob { scanned[blob] = looked[index] }
            }
            return looked
        }
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
                out.append(fresh[version.path] ?? ManifestScan([], markers: markers))
            }
        }
        return out
    }

    /// A file's scan, with its bytes kept when it mentions a marker: such a file is parsed right
    /// after, as context, and is not inflated twice.
    static func look(at content: FileContent, markers: ManifestScan.Markers) -> (look: ManifestScan, kept: FileContent?) {
        let look = ManifestScan(content.bytes ?? [], markers: markers)
        return (look, look.mentionsMarker ? content : nil)
    }

    /// A scanner for another core (`RevisionFiles.scanEarly`): it reads with the reader's spare
    /// handles and touches nothing else of the reader, which takes in what it kept with
    /// `absorb` once the scan is done.
    func detachedScanner() -> DetachedScanner {
        DetachedScanner(spares: spareHandles, limit: limits.maxFileBytes, markers: MeshDetector.scanMarkers)
    }

    /// Takes in what a detached scan kept: the bytes of the files that mention a marker (parsed
    /// next, as context) and how many blobs it read. Call after its scan is done.
    func absorb(_ scanner: DetachedScanner) {
        let (kept, read) = scanner.results
        for (id, content) in kept { scannedBytes[id] = content }
        blobsRead += read
    }

    /// `scans(of:)` on other threads, as `RevisionFiles.scanEarly` runs it. Each look of a blob
    /// is that of `scans(of:)`; working-tree files are never listed this way.
    final class DetachedScanner: @unchecked Sendable {
        private let spares: SpareHandles
        private let limit: Int
        private let markers: ManifestScan.Markers
        private let lock = Lock()
        private var kept: [(ObjectID, FileContent)] = []
        private var read = 0

        /// The bytes kept by the scans done so far, and how many blobs they read.
        fileprivate var results: (kept: [(ObjectID, FileContent)], read: Int) {
            lock.withLock { (kept, read) }
        }

        fileprivate init(spares: SpareHandles, limit: Int, markers: ManifestScan.Markers) {
            self.spares = spares
            self.limit = limit
            self.markers = markers
        }

        /// Reads and scans `versions` on all cores, in chunks small enough that a core freed
        /// by other work meanwhile takes its share; each chunk reads through a spare handle.
        func scan(_ versions: [FileVersion]) throws -> [ManifestScan] {
            let size = max(32, versions.count / 128)
            let chunks = stride(from: 0, to: versions.count, by: size).map { versions[$0..<min($0 + size, versions.count)] }
            let (spares, limit, markers) = (spares, limit, markers)
            let results = ParallelMap.map(chunks) { chunk in
                Result {
                    try spares.with { repository in
                        try chunk.map { ManifestReader.look(at: try repository.content(of: $0, limit: limit), markers: markers) }
                    }
                }
            }
            var looks: [ManifestScan] = []
            var found: [(ObjectID, FileContent)] = []
            looks.reserveCapacity(versions.count)
            for (chunk, result) in zip(chunks, results) {
                for (version, scanned) in zip(chunk, try result.get()) {
                    looks.append(scanned.look)
                    if let id = version.blob, let content = scanned.kept { found.append((id, content)) }
                }
            }
            lock.withLock {
                kept += found
                read += versions.count { $0.blob != nil }
            }
            return looks
        }
    }

    /// The parsed content of the files of both sides, parsed together so that all cores
    /// share the work of both.
    func read(
        old: [(version: FileVersion, revision: String)], new: [(version: FileVersion, revision: String)]
    ) throws -> ([ManifestFile], [ManifestFile]) {
        let all = try read(old + new)
        return (Array(all[..<old.count]), Array(all[old.count...]))
    }

    /// The parsed content of each file, in order; `revision` labels findings. Only the blobs
    /// the cache does not hold are read.
    func read(_ files: [(version: FileVersion, revision: String)]) throws -> [ManifestFile] {
        let planned = try plan(files)
        // Consumed, so that the batch holds the only copy of the items and drops each file's
        // bytes in place (a shared copy was copied whole, bytes and all).
        switch consume planned {
        case .readParsingMeanwhile(let kept, let toRead, let sizes):
            return try readParsingMeanwhile(files, kept: kept, toRead: toRead, sizes: sizes)
        case .parse(let items):
            return cache.files(consume items)
        }
    }

    /// What `read` does with files: read them all, then parse (`parse`: the items, their bytes
    /// read), or parse each as the next is read.
    private enum Plan {
        case parse([ParseItem])
        case readParsingMeanwhile(kept: [(Job, FileContent)], toRead: Set<Job>, sizes: [ObjectID: Int])
    }

    /// Reads what `files` need that the cache does not hold, unless they are better parsed as they
    /// are read. Its working lists (a whole revision's, walking history: 21,904 files in the scale
    /// repository's first commit) end here, before anything is parsed, and the items are the only
    /// holders of the bytes, which the parse batch drops as it makes each file's text.
    private func plan(_ files: [(version: FileVersion, revision: String)]) throws -> Plan {
        var clock = PhaseClock()
        var wanted: [(key: Job, version: FileVersion)] = []
        var queued = Set<Job>()
        for (version, _) in files {
            let job = Job(version)
            if let key = job.contentKey, cache.holds(key, ParseMode(path: version.path)) { continue }
            if queued.insert(job).inserted { wanted.append((job, version)) }
        }
        var kept: [(Job, FileContent)] = []
        var toRead: [(key: Job, version: FileVersion)] = []
        for job in wanted {
            if case .blob(let id) = job.key, let content = scannedBytes.removeValue(forKey: id) {
                kept.append((job.key, content))
            } else {
                toRead.append(job)
            }
        }
        // Walking history, a blob read for the first time is scanned too, on the thread that read
        // it: the next step lists this revision, and would otherwise inflate it again to scan it.
        var toScan: [(key: Job, version: FileVersion)] = []
        var readOnly: [(key: Job, version: FileVersion)] = []
        for job in toRead {
            if let blob = job.version.blob, scansOnRead(blob) { toScan.append(job) } else { readOnly.append(job) }
        }
        var sizes: [ObjectID: Int] = [:]
        let scanInParallel = try readsInParallel(toScan, sizes: &sizes)
        let readInParallel = try readsInParallel(readOnly, sizes: &sizes)
        // Read one at a time: the sizes of the blobs of a list of one are not known yet (the
        // others' are, from their headers; each is handed to its read, not read again).
        if !scanInParallel, !readInParallel, toRead.count >= 2, try bytes(of: toRead, sizes: &sizes) >= Self.overlapBytes {
            return .readParsingMeanwhile(kept: kept, toRead: Set(toRead.map(\.key)), sizes: sizes)
        }
        let readAndScanned = try readEach(toScan, inParallel: scanInParallel, sizes: sizes) { content in
            (content: content, look: ManifestScan(content.bytes ?? [], markers: MeshDetector.scanMarkers))
        }
        for (job, result) in readAndScanned {
            if case .blob(let id) = job { scanned[id] = result.look }
        }
        let contents = Dictionary(
            kept + readAndScanned.map { ($0.0, $0.1.content) } + (try readEach(readOnly, inParallel: readInParallel, sizes: sizes) { $0 }),
            uniquingKeysWith: { first, _ in first })
        clock.mark("read \(toRead.count) blobs (\(kept.count) kept from their scan)")
        return .parse(
            files.map { version, revision in
                let job = Job(version)
                return ParseItem(
                    path: version.path, revision: revision, key: job.contentKey, mode: ParseMode(path: version.path), content: contents[job]
                )
            })
    }

    /// `read` for files read one at a time, enough bytes of them to take a while (a merge
    /// request's usual diff): each file's documents start parsing on another core as soon as it
    /// is read, while this thread reads the next; a corpus diff read for 2 ms before it parsed
    /// anything. (A changelog's usual step reads a few small files: handing them over would
    /// cost more than it saves.)
    private func readParsingMeanwhile(
        _ files: [(version: FileVersion, revision: String)], kept: [(Job, FileContent)], toRead: Set<Job>,
        sizes: [ObjectID: Int]
    ) throws -> [ManifestFile] {
        var clock = PhaseClock()
        let batch = ParseBatch(cache: cache)
        var contents = Dictionary(kept, uniquingKeysWith: { first, _ in first })
        var uses: [Job: Int] = [:]
        for (version, _) in files { uses[Job(version), default: 0] += 1 }
        for (version, revision) in files {
            let job = Job(version)
            if contents[job] == nil, toRead.contains(job) {
                contents[job] = try readOne(version, sizes: sizes)
            }
            batch.add(
                ParseItem(
                    path: version.path, revision: revision, key: job.contentKey, mode: ParseMode(path: version.path), content: contents[job]
                ))
            // Once no later file needs them (the same blob at another path, maybe read another
            // way), the bytes can go: the next blob read takes their memory, not fresh pages.
            uses[job, default: 1] -= 1
            if uses[job] == 0 { contents[job] = nil }
        }
        clock.mark("read \(toRead.count) blobs (\(kept.count) kept from their scan), parsing meanwhile")
        return batch.finish()
    }

    /// Whether a blob read to be parsed is scanned on the same read: walking history, one not
    /// scanned yet (the next step lists this revision).
    private func scansOnRead(_ blob: ObjectID) -> Bool {
        scansReads && scanned[blob] == nil
    }

    /// One file's content, scanned as `read` scans what it reads.
    private func readOne(_ version: FileVersion, sizes: [ObjectID: Int]) throws -> FileContent {
        guard let blob = version.blob else { return try repository.content(of: version, limit: limits.maxFileBytes) }
        let content = try repository.content(of: version, limit: limits.maxFileBytes, size: sizes[blob])
        blobsRead += 1
        if scansOnRead(blob) { scanned[blob] = ManifestScan(content.bytes ?? [], markers: MeshDetector.scanMarkers) }
        return content
    }

    /// Reads each file and hands its content to `use` on the thread that read it (`nil` bytes:
    /// over the size limit). Many blobs are read on all cores (`readsInParallel`), each thread
    /// with a repository handle of its own: libgit2 objects are not shared across threads, and
    /// inflating thousands of small blobs is a third of a large diff. `sizes`: blob sizes known
    /// from their headers already.
    private func readEach<R: Sendable>(
        _ wanted: [(key: Job, version: FileVersion)], inParallel: Bool, sizes: [ObjectID: Int],
        _ use: @escaping @Sendable (FileContent) -> R
    ) throws -> [(Job, R)] {
        let limit = limits.maxFileBytes
        blobsRead += wanted.count { $0.version.blob != nil }
        guard inParallel else {
            return try wanted.map { job in
                (job.key, use(try repository.content(of: job.version, limit: limit, size: job.version.blob.flatMap { sizes[$0] })))
            }
        }
        let workers = ParallelMap.workers
        let size = (wanted.count + workers - 1) / workers
        let chunks = stride(from: 0, to: wanted.count, by: size).map { Array(wanted[$0..<min($0 + size, wanted.count)]) }
        // The first chunk reads through this reader's handle (one thread at a time uses it:
        // the caller waits in the map); the others borrow one of the reader's spare handles.
        let main = Lent(repository: repository)
        let spares = spareHandles
        let results = ParallelMap.map(Array(chunks.enumerated())) { index, chunk in
            Result { () throws -> [(Job, R)] in
                guard index > 0 else { return try chunk.map { ($0.key, use(try main.repository.content(of: $0.version, limit: limit))) } }
                return try spares.with { own in try chunk.map { ($0.key, use(try own.content(of: $0.version, limit: limit))) } }
            }
        }
        return try results.flatMap { try $0.get() }
    }

    /// The bytes of `wanted`'s blobs, from `sizes` or their headers (which go into `sizes`).
    private func bytes(of wanted: [(key: Job, version: FileVersion)], sizes: inout [ObjectID: Int]) throws -> Int {
        var total = 0
        for job in wanted {
            guard let blob = job.version.blob else { continue }
            if sizes[blob] == nil { sizes[blob] = try repository.blobSize(blob) }
            total += sizes[blob]!
        }
        return total
    }

    /// Whether to read `wanted` on all cores; the blob sizes read on the way go into `sizes`.
    /// Working-tree files come from disk through the main handle, which knows the working tree.
    private func readsInParallel(_ wanted: [(key: Job, version: FileVersion)], sizes: inout [ObjectID: Int]) throws -> Bool {
        try wanted.count >= 2 && wanted.allSatisfy({ $0.version.blob != nil }) && worthSharing(wanted, sizes: &sizes)
    }

    /// Whether reading `wanted` on all cores pays: for many files, or a few large ones (an
    /// upgrade's install file, 2 MB, inflates in 5 ms). A few small ones, a changelog's usual
    /// step, read faster on one thread than handed to another.
    private func worthSharing(_ wanted: [(key: Job, version: FileVersion)], sizes: inout [ObjectID: Int]) throws -> Bool {
        guard wanted.count < Self.parallelReadThreshold else { return true }
        var bytes = 0
        for job in wanted {
            guard case .blob(let id) = job.key else { continue }
            let size = try repository.blobSize(id)
            sizes[id] = size
            bytes += size
            if bytes >= Self.parallelReadBytes { return true }
        }
        return false
    }

    /// From this many files on, they are read on all cores, whatever their size.
    static let parallelReadThreshold = 64
    /// Fewer files are read on all cores from this many bytes on.
    static let parallelReadBytes = 1 << 20
    /// Files read one at a time are parsed while the next is read from this many bytes on.
    static let overlapBytes = 1 << 16

    /// A handle lent to the one thread that reads the first chunk, while its owner waits.
    private struct Lent: @unchecked Sendable {
        let repository: Repository
    }

    /// Handles for the other chunks, opened when first needed and kept for the reader's life:
    /// a changelog reads on all cores at every step, and a fresh handle would map the packs
    /// again and start with cold caches each time.
    private lazy var spareHandles = SpareHandles(gitDirectory: repository.gitDirectory)

    /// The reader's spare handles, for work on another core that reads the repository while
    /// this reader does (`RevisionFiles.beginListing`).
    var spares: SpareHandles { spareHandles }

    final class SpareHandles: @unchecked Sendable {
        private let gitDirectory: String
        private let lock = Lock()
        private var free: [Repository] = []

        init(gitDirectory: String) { self.gitDirectory = gitDirectory }

        /// A handle no other thread uses until it is given back.
        private func take() throws -> Repository {
            let handle = lock.withLock { free.popLast() }
            return try handle ?? Repository(discoveringFrom: gitDirectory)
        }

        private func give(_ handle: Repository) {
            lock.withLock { free.append(handle) }
        }

        /// Lets go of the object stores of the handles (`Repository.releaseObjectStore`); none
        /// may be lent out.
        func releaseObjectStores() {
            lock.withLock {
                for handle in free { handle.releaseObjectStore() }
            }
        }

        /// `body`'s result with a handle no other thread uses meanwhile.
        func with<R>(_ body: (Repository) throws -> R) throws -> R {
            let handle = try take()
            defer { give(handle) }
            return try body(handle)
        }
    }

    /// A file to read: a blob by id (its bytes are the same wherever it is), or a path.
    private enum Job: Hashable {
        case blob(ObjectID)
        case workingTree(path: String)
        case unreadable(path: String)

        init(_ version: FileVersion) {
            switch version.source {
            case .blob(let id): self = .blob(id)
            case .workingTree: self = .workingTree(path: version.path)
            case .unreadable: self = .unreadable(path: version.path)
            }
        }

        /// The cache key of a blob; working-tree files are not cached.
        var contentKey: ContentKey? {
            if case .blob(let id) = self { return id.contentKey }
            return nil
        }
    }
}
