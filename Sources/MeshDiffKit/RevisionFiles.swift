import GitStore
import Manifests

/// Every manifest file of a commit, by path, with a quick look at each (`ManifestScan`)
/// indexed by the identities it may define: what the whole-revision facts are decided over.
///
/// Listing and scanning a large tree on every step of a changelog would cost more than the
/// step, so the listing of a step's new commit is derived from its old commit's listing and
/// the step's changes, and kept for the next step.
final class RevisionFiles {
    /// One commit's files. Each file version gets a slot (an index): the indexes below hold
    /// slots, not paths, so that listing a tree of 20,000 files hashes each path once.
    struct Listing {
        var commit: ObjectID
        /// The file versions by slot; `nil` once removed (a later step changed the file).
        private var versions: [FileVersion?] = []
        private var scans: [ManifestScan?] = []
        /// The live slot of each path.
        private var slots: [String: Int] = [:]
        /// `ManifestScan.identities` key → the slots whose scan holds it (removed slots included,
        /// skipped when read).
        private var byKey = KeyIndex()
        /// Slots of files that mention a marker, that the scan cannot judge (JSON), Kustomize
        /// files and Helm `Chart.yaml`s (they decide what other files are, and pin charts).
        private var marked: Set<Int> = []
        /// Slots not scanned yet: files the comparison that listed them changes, which are no
        /// context to it. Scanned only if a later comparison needs them (a changelog's next
        /// step replaces them first).
        private var unscanned: Set<Int> = []

        /// The listing of `files`, all but the `touched` ones scanned with `scan`.
        init(commit: ObjectID, files: [FileVersion], touched: Set<String>, scan: ([FileVersion]) throws -> [ManifestScan]) throws {
            var versions: [FileVersion] = []
            var waiting: [FileVersion] = []
            versions.reserveCapacity(files.count)
            for version in files {
                if touched.contains(version.path) { waiting.append(version) } else { versions.append(version) }
            }
            let looks = try scan(versions)
            self.init(commit: commit, capacity: files.count)
            for (version, look) in zip(versions, looks) { insert(version, look) }
            for version in waiting { insertUnscanned(version) }
        }

        /// How many files it lists.
        var count: Int { slots.count }

        init(commit: ObjectID, capacity: Int = 0) {
            self.commit = commit
            versions.reserveCapacity(capacity)
            scans.reserveCapacity(capacity)
            slots.reserveCapacity(capacity)
        }

        mutating func insert(_ version: FileVersion, _ scan: ManifestScan) {
            remove(version.path)
            let slot = versions.count
            versions.append(version)
            scans.append(scan)
            slots[version.path] = slot
            index(slot, version, scan)
        }

        /// A file whose scan waits until a comparison needs it as context.
        mutating func insertUnscanned(_ version: FileVersion) {
            remove(version.path)
            let slot = versions.count
            versions.append(version)
            scans.append(nil)
            slots[version.path] = slot
            unscanned.insert(slot)
        }

        /// Scans the files waiting for it that are not `touched`.
        mutating func scanWaiting(except touched: Set<String>, scan: ([FileVersion]) throws -> [ManifestScan]) throws {
            let due = unscanned.sorted().filter { versions[$0].map { !touched.contains($0.path) } ?? false }
            guard !due.isEmpty else { return }
            for (slot, look) in zip(due, try scan(due.map { versions[$0]! })) {
                unscanned.remove(slot)
                scans[slot] = look
                index(slot, versions[slot]!, look)
            }
        }

        private mutating func index(_ slot: Int, _ version: FileVersion, _ scan: ManifestScan) {
            for key in scan.identities { byKey.add(key, slot) }
            // Kustomize files decide what the others are (patches), so they are always read.
            if scan.mentionsMarker || ManifestFile.isJSONPath(version.path) || ManifestFile.isKustomization(version.path)
                || ManifestFile.isChart(version.path)
            {
                marked.insert(slot)
            }
        }

        mutating func remove(_ path: String) {
            guard let slot = slots.removeValue(forKey: path) else { return }
            versions[slot] = nil
            scans[slot] = nil
            marked.remove(slot)
            unscanned.remove(slot)
            // A long history leaves many removed slots: start over once they outnumber the live ones.
            if versions.count > 1024 && versions.count > 2 * slots.count { compact() }
        }

        /// The listing rebuilt with live slots only.
        private mutating func compact() {
            var fresh = Listing(commit: commit)
            for slot in versions.indices {
                guard let version = versions[slot] else { continue }
                if let scan = scans[slot] { fresh.insert(version, scan) } else { fresh.insertUnscanned(version) }
            }
            self = fresh
        }

        /// Every file, leaving out the `touched` paths, in path order.
        func all(except touched: Set<String>) -> [FileVersion] {
            ordered(versions.compactMap { $0 }.filter { !touched.contains($0.path) })
        }

        /// The files that may matter to a comparison whose changed files define `wanted`
        /// identity keys, leaving out the `touched` paths; in path order.
        mutating func context(wanted: Set<UInt64>, touched: Set<String>) -> [FileVersion] {
            var chosen = marked
            chosen.formUnion(byKey.slots(for: wanted))
            return ordered(chosen.compactMap { versions[$0] }.filter { !touched.contains($0.path) })
        }

        /// In path order (bytes, as git orders them).
        private func ordered(_ files: [FileVersion]) -> [FileVersion] {
            files.sorted { $0.path.utf8Precedes($1.path) }
        }
    }

    /// Identity keys and the slots that hold them. A listing's keys (100,000 for 20,000 files)
    /// are appended as they come and sorted once, when a comparison first asks: no hashing per
    /// key. Keys added after that (a changelog step's few files) go to a dictionary.
    struct KeyIndex {
        private var pairs: [(key: UInt64, slot: Int)] = []
        private var sorted = false
        private var later: [UInt64: [Int]] = [:]

        mutating func add(_ key: UInt64, _ slot: Int) {
            if sorted { later[key, default: []].append(slot) } else { pairs.append((key, slot)) }
        }

        /// The slots under any of `keys`.
        mutating func slots(for keys: Set<UInt64>) -> [Int] {
            if !sorted {
                pairs.sort { ($0.key, $0.slot) < ($1.key, $1.slot) }
                sorted = true
            }
            var out: [Int] = []
            for key in keys {
                // The first pair with this key, then its run.
                var low = 0
                var high = pairs.count
                while low < high {
                    let middle = (low + high) / 2
                    if pairs[middle].key < key { low = middle + 1 } else { high = middle }
                }
                while low < pairs.count, pairs[low].key == key {
                    out.append(pairs[low].slot)
                    low += 1
                }
                out += later[key] ?? []
            }
            return out
        }
    }

    private var last: Listing?
    /// How many times a whole commit was listed and scanned (a walk lists its first commit only).
    private(set) var listed = 0
    /// Every manifest file of `commit` under `paths`: what a listing lists.
    static func files(of commit: Commit, paths: [String], in repository: Repository) throws -> [FileVersion] {
        try repository.changes(from: nil, to: commit, paths: paths, include: ManifestFile.isManifestPath).compactMap(\.new)
    }

    /// A step not applied yet: applied only when the next comparison starts from its commit
    /// (a changelog), never for a single diff.
    private var pending: (commit: ObjectID, changes: [FileChange])?
    /// A commit's files being listed on another core (`beginListing`), then maybe scanned and
    /// indexed there too (`scanEarly`).
    private var early: EarlyListing?

    /// Starts listing `commit`'s files on another core, with a handle of its own, when the next
    /// comparison from it will list them whole (a diff's, not a changelog's next step): the
    /// listing does not depend on what changed, so it is made while the trees are diffed, not
    /// after. (20,000 files take 18 ms to list.)
    func beginListing(of commit: Commit, paths: [String], handles: ManifestReader.SpareHandles) {
        guard last?.commit != commit.id, pending?.commit != commit.id, early?.commit != commit.id else { return }
        early = EarlyListing(commit, paths: paths, handles: handles)
    }

    /// Goes on, on other cores, from the listing `beginListing` started: scans its files but the
    /// `touched` ones with `scan` and indexes them, while the changed files are read and parsed
    /// (the scan reads every unchanged blob of the revision: half of a large diff). Returns the
    /// scanner `make` gives, which runs on other threads, or `nil` when no listing of `commit`
    /// was begun (a changelog's steps).
    func scanEarly(
        of commit: Commit, touched: Set<String>, with make: () -> ManifestReader.DetachedScanner
    ) -> ManifestReader.DetachedScanner? {
        guard let early, early.commit == commit.id, !early.scans else { return nil }
        let scanner = make()
        early.scan(touched: touched, with: scanner.scan)
        return scanner
    }

    /// A listing made on other cores: first the files, then, once asked, their scans and index.
    /// The scan follows the listing on the thread that listed, or starts on its own when asked
    /// after it: no pool thread ever waits for another.
    final class EarlyListing: @unchecked Sendable {
        let commit: ObjectID
        private let lock = Lock()
        private let done: Lock.Condition
        private var files: Result<[FileVersion], any Error>?
        private var next: (touched: Set<String>, scan: @Sendable ([FileVersion]) throws -> [ManifestScan])?
        private var listing: Result<Listing, any Error>?
        /// Whether `scan` was asked for (only the thread that began the listing asks).
        private(set) var scans = false

        init(_ commit: Commit, paths: [String], handles: ManifestReader.SpareHandles) {
            self.commit = commit.id
            done = Lock.Condition(lock)
            _ = ParallelMap.start { [self] in
                listed(
                    Result {
                        try handles.with { try RevisionFiles.files(of: commit, paths: paths, in: $0) }
                    })
            }
        }

        private func listed(_ files: Result<[FileVersion], any Error>) {
            let next = lock.withLock {
                self.files = files
                done.broadcast()
                return self.next
            }
            if let next { index(files, next.touched, next.scan) }
        }

        func scan(touched: Set<String>, with scan: @escaping @Sendable ([FileVersion]) throws -> [ManifestScan]) {
            scans = true
            let files = lock.withLock {
                if self.files == nil { next = (touched, scan) }
                return self.files
            }
            if let files { _ = ParallelMap.start { [self] in index(files, touched, scan) } }
        }

        private func index(
            _ files: Result<[FileVersion], any Error>, _ touched: Set<String>, _ scan: @Sendable ([FileVersion]) throws -> [ManifestScan]
        ) {
            let listing = Result { try Listing(commit: commit, files: files.get(), touched: touched, scan: scan) }
            lock.withLock {
                self.listing = listing
                done.broadcast()
            }
        }

        /// The files, once listed.
        func listedFiles() throws -> [FileVersion] {
            try lock.withLock {
                while files == nil { done.wait() }
                return files!
            }.get()
        }

        /// The listing, once scanned and indexed (after `scan`).
        func indexed() throws -> Listing {
            try lock.withLock {
                while listing == nil { done.wait() }
                return listing!
            }.get()
        }
    }

    /// The files of `commit` under `paths` that may matter to a comparison whose changed files
    /// define the `wanted` identity keys (every file with `all`), leaving out the `touched`
    /// paths, in path order; `scan` looks at files not seen before.
    func context(
        of commit: Commit, in repository: Repository, paths: [String], wanted: Set<UInt64>, touched: Set<String>, all: Bool,
        scan: ([FileVersion]) throws -> [ManifestScan]
    ) throws -> [FileVersion] {
        try load(commit, in: repository, paths: paths, touched: touched, scan: scan)
        guard last != nil else { return [] }
        if all { return last!.all(except: touched) }
        try last!.scanWaiting(except: touched, scan: scan)
        return last!.context(wanted: wanted, touched: touched)
    }

    /// Notes that the next comparison may start from `new`, reached from the current listing by `changes`.
    func advance(to new: Commit, by changes: [FileChange]) {
        pending = (new.id, changes)
    }

    /// Notes that `new` has the same manifest files as `old` (a step that changed none), so
    /// that the listing kept for `old` serves `new` without being listed again.
    func carry(from old: Commit, to new: Commit) {
        if let step = pending, step.commit == old.id {
            pending = (new.id, step.changes)
        } else if pending == nil, last?.commit == old.id {
            last?.commit = new.id
        }
    }

    /// Brings the listing to `commit`; a fresh listing leaves the `touched` files unscanned.
    private func load(
        _ commit: Commit, in repository: Repository, paths: [String], touched: Set<String>, scan: ([FileVersion]) throws -> [ManifestScan]
    ) throws {
        if let step = pending, step.commit == commit.id, last != nil {
            // In place: the listing is large, and a copy per step would cost more than the step.
            for change in step.changes {
                if let path = change.old?.path { last!.remove(path) }
            }
            let added = step.changes.compactMap(\.new)
            for (version, look) in zip(added, try scan(added)) { last!.insert(version, look) }
            last!.commit = commit.id
        }
        pending = nil
        if let last, last.commit == commit.id { return }
        last = nil
        listed += 1
        var clock = PhaseClock()
        if let early, early.commit == commit.id, early.scans {
            let listing = try early.indexed()
            self.early = nil
            clock.mark("list, scan and index \(listing.count) files of \(commit.id.short) (on other cores, meanwhile)")
            last = listing
            return
        }
        let all: [FileVersion]
        if let early, early.commit == commit.id {
            all = try early.listedFiles()
        } else {
            all = try Self.files(of: commit, paths: paths, in: repository)
        }
        early = nil
        clock.mark("list the \(all.count) files of \(commit.id.short)")
        let listing = try Listing(commit: commit.id, files: all, touched: touched, scan: scan)
        clock.mark("scan and index them")
        last = listing
    }
}
