import GitStore
import Manifests
import MeshDiffKit
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Walks history with libgit2 and turns each step that changes manifests into a changelog
/// entry, reusing the diff pipeline (and its parsed-blob cache) for every step.
public enum ChangelogBuilder {
    public static func build(_ options: ChangelogOptions) throws -> Changelog {
        try build(options, in: ComparisonSession(options.diff))
    }

    /// Builds the changelog with a session the caller keeps (to read its statistics).
    /// A blob is parsed once while it is live; one that a step replaced is forgotten, so a
    /// revert parses it again, and memory holds at most one version of each changed file.
    public static func build(_ options: ChangelogOptions, in session: ComparisonSession) throws -> Changelog {
        session.walksHistory = true
        let repository = session.repository
        let (head, hidden, label) = try resolveRange(options.range, in: repository)
        // Tag to tag, every parent is followed: a tag on a merged side branch is a step too.
        let commits = try repository.history(from: head, hiding: hidden, firstParent: options.firstParent && !options.tags)
        let tags = try repository.tagsByCommit()
        let cuts = repository.shallowCuts

        // The steps: each commit against its first parent, or each tag against the previous one.
        var steps: [(old: Side, new: Commit)] = []
        if options.tags {
            var previous: Side = hidden.map { .commit($0, ref: $0.id.short) } ?? .empty
            for commit in commits where tags[commit.id] != nil || commit.id == head.id {
                steps.append((previous, commit))
                previous = .commit(commit, ref: tags[commit.id]?.first ?? commit.id.short)
            }
        } else {
            for commit in commits {
                // Where a shallow clone cuts history the parent is absent: that step is unknown.
                if cuts.contains(commit.id) { continue }
                let parent = try commit.parents.first.map { try repository.commit($0) }
                steps.append((parent.map { .commit($0, ref: $0.id.short) } ?? .empty, commit))
            }
        }

        var entries: [ChangelogEntry] = []
        var withoutManifests = 0
        @Sendable func entry(_ old: Side, _ commit: Commit, _ new: Side, _ report: Report, changedBy: [MeshCommit]?) -> ChangelogEntry {
            let kind: ChangelogEntry.Kind
            if report.meshes.contains(where: { $0.direction != .unchanged }) {
                kind = .release
            } else if !report.meshes.isEmpty {
                kind = .change
            } else {
                kind = .other
            }
            var fromCommit: String?
            if case .commit(let base, _) = old { fromCommit = base.id.hex }
            // A tag step spans many commits: it is named by its tags, never by one commit's subject.
            let subject = options.tags ? "\(old.label) → \(new.label)" : commit.subject
            var entry = ChangelogEntry(
                kind: kind, commit: commit.id.hex, fromCommit: fromCommit, date: ISODate.string(commit.date),
                author: commit.author, subject: subject, tags: tags[commit.id] ?? [], report: report)
            entry.changedBy = changedBy
            return entry
        }
        // Each step is compared on another core while the next one is read and parsed: the
        // comparison needs nothing of the session, and reading needs nothing of the comparison.
        // One step at a time is in flight, so entries keep their order and memory its bound.
        var comparing: ParallelMap.Started<ChangelogEntry>?
        func finishComparing() {
            guard let step = comparing else { return }
            entries.append(step.result())
            comparing = nil
        }
        for (old, commit) in steps {
            let new = Side.commit(commit, ref: tags[commit.id]?.first ?? commit.id.short)
            let changes = try session.changedFiles(old, new)
            guard !changes.isEmpty else {
                withoutManifests += 1
                session.skip(old, new)
                continue
            }
            let prepared = try session.prepare(changes, old: old, new: new)
            if options.tags {
                // A tag step that moved a mesh names the commits inside it that did: that walk
                // uses the session, so it waits for this step's report.
                let report = prepared.report()
                var changedBy: [MeshCommit]?
                if report.meshes.contains(where: { $0.direction != .unchanged }) {
                    changedBy = try meshCommits(from: old, to: commit, in: session, cuts: cuts)
                }
                session.forgetReplaced(by: changes)
                session.endStep()
                entries.append(entry(old, commit, new, report, changedBy: changedBy))
            } else {
                session.forgetReplaced(by: changes)
                session.endStep()
                finishComparing()
                if changes.count > Self.comparedInPlace {
                    // A large step keeps every core busy comparing on its own: started in the
                    // background it would only hold its memory longer, next to the next step's.
                    entries.append(entry(old, commit, new, prepared.report(), changedBy: nil))
                } else {
                    comparing = ParallelMap.start { entry(old, commit, new, prepared.report(), changedBy: nil) }
                }
            }
        }
        finishComparing()
        var changelog = Changelog(
            range: label, commitsWalked: options.tags ? steps.count : commits.count,
            commitsWithoutManifestChanges: withoutManifests, entries: entries)
        if let cut = commits.first(where: { cuts.contains($0.id) }) {
            changelog.historyCut =
                "history is cut at \(cut.id.short) (\(cut.subject)): this is a shallow clone, so what that commit and earlier ones changed is not shown; fetch more history (git fetch --deepen=N or --unshallow) to see it"
        }
        return changelog
    }

    /// Steps that change more files than this are compared on the walking thread (see `build`).
    static let comparedInPlace = 256

    /// The commits between a tag step's ends (every parent followed, oldest first) that moved a
    /// mesh's version, each against its first parent.
    static func meshCommits(
        from old: Side, to tip: Commit, in session: ComparisonSession, cuts: Set<ObjectID>
    ) throws -> [MeshCommit] {
        let repository = session.repository
        var base: Commit?
        if case .commit(let commit, _) = old { base = commit }
        var found: [MeshCommit] = []
        for commit in try repository.history(from: tip, hiding: base, firstParent: false) where !cuts.contains(commit.id) {
            let parent = try commit.parents.first.map { Side.commit(try repository.commit($0), ref: $0.short) } ?? .empty
            let new = Side.commit(commit, ref: commit.id.short)
            let changes = try session.changedFiles(parent, new)
            guard !changes.isEmpty else {
                session.skip(parent, new)
                continue
            }
            let moved = try session.compare(changes, old: parent, new: new).meshes.filter { $0.direction != .unchanged }
            if !moved.isEmpty {
                found.append(
                    MeshCommit(
                        commit: commit.id.hex, date: ISODate.string(commit.date), author: commit.author, subject: commit.subject,
                        meshes: moved))
            }
        }
        return found
    }

    /// `A..B` → head B hiding A; a revision → its whole history; nothing → HEAD's.
    static func resolveRange(_ range: String?, in repository: Repository) throws -> (head: Commit, hidden: Commit?, label: String) {
        guard let range, !range.isEmpty else { return (try repository.resolve("HEAD"), nil, "HEAD") }
        if range.contains("...") { throw ChangelogError.symmetricRange(range) }
        if let dots = range.firstRange(of: "..") {
            let a = String(range[..<dots.lowerBound])
            let b = String(range[dots.upperBound...])
            let from = try repository.resolve(a.isEmpty ? "HEAD" : a)
            let to = try repository.resolve(b.isEmpty ? "HEAD" : b)
            return (to, from, range)
        }
        return (try repository.resolve(range), nil, range)
    }
}

/// Errors of `meshdiff changelog`'s inputs.
public enum ChangelogError: LocalizedError, Equatable {
    case symmetricRange(String)

    public var errorDescription: String? {
        switch self {
        case .symmetricRange(let range):
            return "'\(range)' is a symmetric range; a changelog walks one line of history: use A..B (commits in B, not in A)"
        }
    }
}
