import GitStore
import Insights
import Manifests
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The entry point the CLI and the end-to-end tests call: options in, report out.
public enum MeshDiff {
    /// The revisions a shell may complete at `prefix` in the repository at `path`: branches,
    /// remote branches and tags (and each with `...` after a merge-request base); none when
    /// `path` is no repository.
    public static func revisionCandidates(repository path: String, prefix: String) -> [String] {
        guard let names = try? Repository(discoveringFrom: path).referenceNames() else { return [] }
        if let dots = prefix.firstRange(of: "...") {
            let base = prefix[..<dots.upperBound]
            return names.map { base + $0 }.filter { $0.hasPrefix(prefix) }
        }
        return names.filter { $0.hasPrefix(prefix) }
    }

    /// Compares two revisions (or a revision and the working tree) of a manifest repository.
    public static func diff(_ options: DiffOptions) throws -> Report {
        if let render = options.render { return try renderedDiff(options, settings: render) }
        var clock = PhaseClock()
        let session = try ComparisonSession(options)
        let (old, new) = try Side.resolve(options.revisions, in: session.repository)
        try session.checkPathsMatch(old, new)
        clock.mark("open the repository, resolve the revisions")
        return try session.compare(old, new)
    }
}

/// A repository opened once, with the parsed-blob cache that every comparison in it shares
/// (the changelog compares hundreds of commit pairs; each blob is parsed once).
public final class ComparisonSession {
    public let repository: Repository
    public let options: DiffOptions
    let reader: ManifestReader
    let revisionFiles = RevisionFiles()

    /// `.meshdiff.yaml` (or `--config`) and `--exclude`.
    let rules: IgnoreRules

    /// Whether this session compares commit after commit of a history (the changelog): each
    /// step then keeps what the next needs from the blobs it reads.
    public var walksHistory = false {
        didSet {
            reader.scansReads = walksHistory
            repository.keepsTreesBetweenDiffs = walksHistory
        }
    }

    public init(_ options: DiffOptions) throws {
        self.options = options
        repository = try Repository(discoveringFrom: options.repository)
        reader = ManifestReader(repository: repository, limits: options.limits, redactor: Redactor(showSecrets: options.showSecrets))
        rules = try options.rules(root: repository.workingDirectory.map { String($0.dropLast($0.hasSuffix("/") ? 1 : 0)) })
        if options.keepsSessionsUntilExit { _ = Unmanaged.passRetained(self) }
    }

    /// The manifest files that differ between two sides, under the options' paths.
    public func changedFiles(_ old: Side, _ new: Side) throws -> [FileChange] {
        notExcluded(try allChangedFiles(old, new))
    }

    /// The changes whose file an exclude glob does not match (at either of its paths).
    private func notExcluded(_ changes: [FileChange]) -> [FileChange] {
        // Without globs, nothing is left out (a changelog's first commit lists 20,000 files).
        guard !rules.exclude.isEmpty else { return changes }
        return changes.filter { change in [change.old?.path, change.new?.path].compactMap { $0 }.contains { !rules.excludes($0) } }
    }

    private func allChangedFiles(_ old: Side, _ new: Side) throws -> [FileChange] {
        let oldCommit: Commit?
        switch old {
        case .commit(let commit, _): oldCommit = commit
        case .empty: oldCommit = nil
        case .workingTree: preconditionFailure("the working tree is only ever the new side")
        }
        switch new {
        case .commit(let newCommit, _):
            return try repository.changes(from: oldCommit, to: newCommit, paths: options.paths, include: ManifestFile.isManifestPath)
        case .workingTree:
            return try repository.changesToWorkingTree(from: oldCommit, paths: options.paths, include: ManifestFile.isManifestPath)
        case .empty:
            return []
        }
    }

    /// Throws when `--path` names no manifest file at either side: a typo must not read as
    /// "nothing changed".
    func checkPathsMatch(_ old: Side, _ new: Side) throws {
        guard !options.paths.isEmpty else { return }
        for side in [old, new] {
            switch side {
            case .commit(let commit, _):
                if try !repository.changes(from: nil, to: commit, paths: options.paths, include: ManifestFile.isManifestPath).isEmpty {
                    return
                }
            case .workingTree:
                if try !repository.changesToWorkingTree(from: nil, paths: options.paths, include: ManifestFile.isManifestPath).isEmpty {
                    return
                }
            case .empty:
                continue
            }
        }
        throw GitStoreError.pathMatchesNothing(options.paths)
    }

    /// Compares two sides.
    public func compare(_ old: Side, _ new: Side) throws -> Report {
        var clock = PhaseClock()
        // The old side's files are listed whole for the whole-revision facts whatever changed:
        // on another core, while the trees are diffed and the changed files read.
        if case .commit(let base, _) = old, new.differs(from: base) {
            revisionFiles.beginListing(of: base, paths: options.paths, handles: reader.spares)
        }
        let all = try allChangedFiles(old, new)
        let changes = notExcluded(all)
        clock.mark("open, resolve and tree diff (\(changes.count) files)")
        var report = try compare(changes, old: old, new: new, clock: &clock)
        if all.count > changes.count { report.ignored?.files = all.count - changes.count }
        return report
    }

    /// Marks the end of a walk's step, when no read is under way: once libgit2 holds more than
    /// `objectStoreGrowth` bytes over what it held after the last release, its object stores
    /// (the packs' delta-base caches and maps) are let go, and the next read opens them again.
    /// libgit2 1.5 lets each pack's cache grow to 16 MiB, fixed when it is compiled, and keeps it
    /// for the process: over a long history it was a third of the walk's peak heap.
    public func endStep() {
        guard Repository.libgit2HeapBytes > heldAfterRelease + objectStoreGrowth else { return }
        repository.releaseObjectStore()
        reader.spares.releaseObjectStores()
        heldAfterRelease = Repository.libgit2HeapBytes
        objectStoreReleases += 1
    }

    /// How much libgit2's heap may grow over a walk's steps before its object stores are let go
    /// (`endStep`): half a pack's delta-base cache, so that a step still finds most bases the
    /// steps before it inflated. Every release costs a refill: over 2,000 commits, 8 MiB took
    /// the peak 48 → 40 MiB for 2% more time, 4 MiB to 36 MiB for 6%.
    public var objectStoreGrowth = 8 << 20

    /// How many times `endStep` let the object stores go.
    public private(set) var objectStoreReleases = 0

    /// What libgit2 held after the object stores were last let go.
    private var heldAfterRelease = Repository.libgit2HeapBytes

    /// How many blobs this session has parsed: each distinct blob once while it is live.
    public var blobsParsed: Int { reader.blobsParsed }

    /// How many blobs this session has read (inflated), to scan or to parse.
    public var blobsRead: Int { reader.blobsRead }

    /// How many times this session listed and scanned a whole commit's files: once for a walk
    /// through history, whatever its length, since each step derives the next listing.
    public var revisionsListed: Int { revisionFiles.listed }

    /// Notes a step of a walk that changed no manifest file (and was not compared), so that the
    /// next step still starts from the files already listed.
    public func skip(_ old: Side, _ new: Side) {
        if case .commit(let base, _) = old, case .commit(let next, _) = new { revisionFiles.carry(from: base, to: next) }
    }

    /// How many of the paths seen so far hold each cached blob.
    private var holders: [ObjectID: Int] = [:]

    /// Forgets the parsed blobs that `changes` leaves no path holding: a walk through history
    /// needs a file's current version again, not its replaced ones, so memory holds at most
    /// one version of each changed file, however long the history. (A blob that comes back
    /// later, as a revert does, is parsed again.)
    public func forgetReplaced(by changes: [FileChange]) {
        for change in changes {
            if let new = change.new?.blob { holders[new, default: 0] += 1 }
            // A blob first seen on the old side was held by this path before the walk saw it.
            if let old = change.old?.blob { holders[old, default: 1] -= 1 }
        }
        let released = Set(changes.compactMap(\.old?.blob)).filter { holders[$0, default: 0] <= 0 }
        for blob in released { holders[blob] = nil }
        reader.forget(released)
    }

    /// The files of the old side that `changes` does not touch, so the same at both sides,
    /// parsed where they matter to the whole-revision facts: a file that mentions a mesh or
    /// trust material, or a name that a changed file's resources carry (a possible duplicate
    /// or role binding). With `allFiles`, every one of them.
    private func unchangedFiles(
        old: Side, new: Side, changes: [FileChange], touched: Set<String>, parsed: [ManifestFile], scanner: ManifestReader.DetachedScanner?
    ) throws -> [(version: FileVersion, file: ManifestFile)] {
        guard case .commit(let base, _) = old else { return [] }
        // Nothing changed: no resource to pair, so nothing the rest of the revision could
        // decide (duplicates, bindings, versions and trust are said of changed resources).
        guard !changes.isEmpty || options.allFiles else {
            skip(old, new)
            return []
        }
        // What a changed file defines, and the roles whose bindings name who holds them.
        var wanted = Set<UInt64>()
        for resource in parsed.flatMap(\.resources) {
            wanted.formUnion(ManifestScan.keys(kind: resource.id.kind, name: resource.id.name))
            guard resource.id.kind.hasSuffix("Role") else { continue }
            for binding in RBACAnalysis.bindingKinds { wanted.formUnion(ManifestScan.keys(kind: binding, name: resource.id.name)) }
        }
        let unchanged = try revisionFiles.context(
            of: base, in: repository, paths: options.paths, wanted: wanted, touched: touched, all: options.allFiles,
            scan: { [reader] versions in try reader.scans(of: versions, markers: MeshDetector.scanMarkers) })
        if let scanner { reader.absorb(scanner) }
        if case .commit(let next, _) = new { revisionFiles.advance(to: next, by: changes) }
        let kept = unchanged.filter { !rules.excludes($0.path) }
        let files = try reader.read(kept.map { ($0, new.label) })
        reader.dropScannedBytes()
        return Array(zip(kept, files))
    }

    /// Parses the changed files of both sides, pairs their resources by identity and compares them.
    public func compare(_ changes: [FileChange], old: Side, new: Side) throws -> Report {
        var clock = PhaseClock()
        return try compare(changes, old: old, new: new, clock: &clock)
    }

    func compare(_ changes: [FileChange], old: Side, new: Side, clock: inout PhaseClock) throws -> Report {
        try prepare(changes, old: old, new: new, clock: &clock).report(clock: &clock)
    }

    /// Reads and parses what comparing two sides needs, on the calling thread (the session's
    /// caches are its own); the comparison that follows needs nothing of the session.
    public func prepare(_ changes: [FileChange], old: Side, new: Side) throws -> PreparedComparison {
        var clock = PhaseClock()
        return try prepare(changes, old: old, new: new, clock: &clock)
    }

    func prepare(_ changes: [FileChange], old: Side, new: Side, clock: inout PhaseClock) throws -> PreparedComparison {
        let oldVersions = changes.compactMap(\.old)
        let newVersions = changes.compactMap(\.new)
        let touched = Set(changes.flatMap { [$0.old?.path, $0.new?.path].compactMap { $0 } })
        // A listing begun on another core goes on there: its unchanged files are scanned while
        // the changed ones are read and parsed here.
        var scanner: ManifestReader.DetachedScanner?
        if case .commit(let base, _) = old, !changes.isEmpty || options.allFiles {
            scanner = revisionFiles.scanEarly(of: base, touched: touched, with: reader.detachedScanner)
        }
        let (oldFiles, newFiles) = try reader.read(old: oldVersions.map { ($0, old.label) }, new: newVersions.map { ($0, new.label) })
        clock.mark("read and parse")
        let context = try unchangedFiles(
            old: old, new: new, changes: changes, touched: touched, parsed: oldFiles + newFiles, scanner: scanner)
        clock.mark("read the unchanged files that matter (\(context.count))")
        return PreparedComparison(
            old: Comparison.Side(info: old.info, changed: zip(oldVersions.map(\.path), oldFiles).map { ($0, $1) }),
            new: Comparison.Side(
                info: new.info, changed: zip(newVersions.map(\.path), newFiles).map { ($0, $1) }, date: new.date ?? Date()),
            context: context.map { ($0.version.path, $0.file) }, options: options, rules: rules)
    }
}

/// Two sides read and parsed, ready to be compared on any thread: `report()` pairs, compares
/// and analyses them without the session that read them.
public struct PreparedComparison: Sendable {
    let old: Comparison.Side
    let new: Comparison.Side
    let context: [(path: String, file: ManifestFile)]
    let options: DiffOptions
    let rules: IgnoreRules

    public func report() -> Report {
        var clock = PhaseClock()
        return report(clock: &clock)
    }

    func report(clock: inout PhaseClock) -> Report {
        Comparison.report(old: old, new: new, context: context, options: options, rules: rules, clock: &clock)
    }
}
