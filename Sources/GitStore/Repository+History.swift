internal import CLibGit2

extension Repository {
    /// The commits reachable from `head` and not from `hidden`, oldest first.
    ///
    /// - Parameter firstParent: follow only first parents, as `git log --first-parent` does,
    ///   so that a merge stands for the branch it brought in.
    public func history(from head: Commit, hiding hidden: Commit?, firstParent: Bool) throws -> [Commit] {
        let cuts = shallowCuts
        if !cuts.isEmpty { return try history(from: head, hiding: hidden, firstParent: firstParent, cutAt: cuts) }
        var walk: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try LibGit2.check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue),
            "git_revwalk_sorting")
        if firstParent {
            try LibGit2.check(git_revwalk_simplify_first_parent(walk), "git_revwalk_simplify_first_parent")
        }
        var headID = head.id.oid
        try LibGit2.check(git_revwalk_push(walk, &headID), "git_revwalk_push(\(head.id.short))")
        if let hidden {
            var hiddenID = hidden.id.oid
            try LibGit2.check(git_revwalk_hide(walk, &hiddenID), "git_revwalk_hide(\(hidden.id.short))")
        }
        var commits: [Commit] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(code, "git_revwalk_next")
            commits.append(try commit(ObjectID(oid)))
        }
        return commits
    }

    /// The commits where a shallow clone's history is cut: their parents are not in the
    /// repository. (libgit2 1.5 reads shallow clones without these grafts, so the walk above
    /// would stop with "object not found"; this one stops at them.)
    public var shallowCuts: Set<ObjectID> {
        guard isShallow, let text = try? String(contentsOfFile: gitDirectory + "shallow", encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    /// The same walk by hand, treating the commits in `cuts` as having no parents.
    private func history(from head: Commit, hiding hidden: Commit?, firstParent: Bool, cutAt cuts: Set<ObjectID>) throws -> [Commit] {
        func parents(_ commit: Commit) -> [ObjectID] {
            cuts.contains(commit.id) ? [] : firstParent ? Array(commit.parents.prefix(1)) : commit.parents
        }
        var hiddenIDs = Set<ObjectID>()
        var pending = hidden.map { [$0.id] } ?? []
        while let id = pending.popLast() {
            guard hiddenIDs.insert(id).inserted else { continue }
            pending += parents(try commit(id))
        }
        // Depth first, parents before children: oldest first, as the sorted walk gives.
        var ordered: [Commit] = []
        var seen = Set<ObjectID>()
        var stack: [(commit: Commit, expanded: Bool)] = [(head, false)]
        while let (current, expanded) = stack.popLast() {
            if expanded {
                ordered.append(current)
                continue
            }
            guard !hiddenIDs.contains(current.id), seen.insert(current.id).inserted else { continue }
            stack.append((current, true))
            for parent in parents(current).reversed() where !seen.contains(parent) && !hiddenIDs.contains(parent) {
                stack.append((try commit(parent), false))
            }
        }
        return ordered
    }

    /// The short names of the branches, remote branches and tags, sorted: what a person types
    /// as a revision (for shell completion).
    public func referenceNames() throws -> [String] {
        var names = git_strarray()
        try LibGit2.check(git_reference_list(&names, handle), "git_reference_list")
        defer { git_strarray_dispose(&names) }
        var out = Set<String>()
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            for prefix in ["refs/heads/", "refs/tags/", "refs/remotes/"] where name.hasPrefix(prefix) {
                out.insert(String(name.dropFirst(prefix.count)))
            }
        }
        return out.sorted()
    }

    /// Tags that point (directly or through an annotated tag) at each commit.
    public func tagsByCommit() throws -> [ObjectID: [String]] {
        var names = git_strarray()
        try LibGit2.check(git_tag_list(&names, handle), "git_tag_list")
        defer { git_strarray_dispose(&names) }
        var result: [ObjectID: [String]] = [:]
        for index in 0..<names.count {
            guard let raw = names.strings[index] else { continue }
            let name = String(cString: raw)
            if let commit = try? resolve("refs/tags/\(name)") {
                result[commit.id, default: []].append(name)
            }
        }
        return result
    }
}
