import Foundation
internal import CLibGit2

extension Repository {
    /// The files whose content differs between two commits, as git's tree diff finds them:
    /// subtrees with equal ids are skipped without being read.
    ///
    /// - Parameters:
    ///   - old: the old side, or `nil` for the empty tree (every file is then "added").
    ///   - paths: literal paths (files or folders) to restrict to; empty means everything.
    ///   - include: which file paths matter (e.g. YAML files); others are dropped here.
    public func changes(from old: Commit?, to new: Commit, paths: [String], include: (String) -> Bool) throws -> [FileChange] {
        try withTree(old?.tree) { oldTree in
            try withTree(new.tree) { newTree in
                try withDiff(paths: paths, flags: 0) { diff, options in
                    try LibGit2.check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, &options),
                                      "git_diff_tree_to_tree")
                } read: { delta in
                    fileChange(delta, newInWorkingTree: false, include: include)
                }
            }
        }
    }

    /// The files whose content differs between a commit and the working tree, like `git diff REV`
    /// (the index is only read, for its stat cache). Untracked files that are not ignored count
    /// as added, as they would be after `git add -A`.
    public func changesToWorkingTree(from old: Commit, paths: [String], include: (String) -> Bool) throws -> [FileChange] {
        guard !isBare else { throw GitStoreError.noWorkingTree(repository: gitDirectory) }
        let flags = GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        return try withTree(old.tree) { oldTree in
            try withDiff(paths: paths, flags: flags) { diff, options in
                try LibGit2.check(git_diff_tree_to_workdir_with_index(&diff, handle, oldTree, &options),
                                  "git_diff_tree_to_workdir_with_index")
            } read: { delta in
                fileChange(delta, newInWorkingTree: true, include: include)
            }
        }
    }

    /// Every file of a commit's tree (under `paths`), as "added" changes from the empty tree.
    public func files(at commit: Commit, paths: [String], include: (String) -> Bool) throws -> [FileVersion] {
        try changes(from: nil, to: commit, paths: paths, include: include).compactMap(\.new)
    }

    private func withTree<T>(_ id: ObjectID?, _ body: (OpaquePointer?) throws -> T) throws -> T {
        guard let id else { return try body(nil) }
        var oid = id.oid
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, handle, &oid), "git_tree_lookup(\(id.short))")
        defer { git_tree_free(tree) }
        return try body(tree)
    }

    private func withDiff(
        paths: [String],
        flags: UInt32,
        make: (inout OpaquePointer?, inout git_diff_options) throws -> Void,
        read: (git_diff_delta) -> FileChange?
    ) throws -> [FileChange] {
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        options.flags = flags | GIT_DIFF_IGNORE_SUBMODULES.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        let specs = paths.map(Self.normalizedPathspec)
        return try withCStrings(specs) { pointers in
            if !pointers.isEmpty {
                options.pathspec = git_strarray(strings: pointers.baseAddress, count: pointers.count)
            }
            var diff: OpaquePointer?
            try make(&diff, &options)
            defer { git_diff_free(diff) }
            var changes: [FileChange] = []
            let count = git_diff_num_deltas(diff)
            changes.reserveCapacity(count)
            for index in 0..<count {
                guard let delta = git_diff_get_delta(diff, index) else { continue }
                if let change = read(delta.pointee) { changes.append(change) }
            }
            return changes
        }
    }

    private func fileChange(_ delta: git_diff_delta, newInWorkingTree: Bool, include: (String) -> Bool) -> FileChange? {
        func version(_ file: git_diff_file, inWorkingTree: Bool) -> FileVersion? {
            guard file.flags & GIT_DIFF_FLAG_EXISTS.rawValue != 0, let rawPath = file.path else { return nil }
            // Regular files only: symlinks hold a target path, gitlinks a commit of another repo.
            let mode = UInt32(file.mode)
            guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else { return nil }
            let path = String(cString: rawPath)
            guard include(path) else { return nil }
            let size = file.size > 0 ? Int(file.size) : nil
            return FileVersion(path: path, source: inWorkingTree ? .workingTree : .blob(ObjectID(file.id)), size: size)
        }
        let old = version(delta.old_file, inWorkingTree: false)
        let new = version(delta.new_file, inWorkingTree: newInWorkingTree)
        if old == nil && new == nil { return nil }
        return FileChange(old: old, new: new)
    }

    static func normalizedPathspec(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p == "." ? "" : p
    }
}

/// Calls `body` with C strings that live for the duration of the call.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>) throws -> T) rethrows -> T {
    let pointers = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    var array = pointers
    return try array.withUnsafeMutableBufferPointer { try body($0) }
}
