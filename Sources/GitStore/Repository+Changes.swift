internal import CLibGit2

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

extension Repository {
    /// The files whose content differs between two commits, as git's tree diff finds them:
    /// subtrees with equal ids are skipped without being read.
    ///
    /// - Parameters:
    ///   - old: the old side, or `nil` for the empty tree (every file is then "added").
    ///   - paths: literal paths (files or folders) to restrict to; empty means everything.
    ///   - include: which file paths matter (e.g. YAML files); others are dropped here.
    public func changes(from old: Commit?, to new: Commit, paths: [String], include: (String) -> Bool) throws -> [FileChange] {
        // Our own merge walk over the two trees rather than git_diff_tree_to_tree: it does only
        // what is needed (no deltas, no pathspec matching per entry) and a changelog runs it
        // once per commit.
        let specs = paths.map(Self.normalizedPathspec).filter { !$0.isEmpty }
        var out: [FileChange] = []
        defer { trees.endWalk() }
        try walk(trees.old(old?.tree, in: handle), trees.new(new.tree, in: handle), prefix: "", specs: specs, include: include, into: &out)
        return out
    }

    /// Compares two trees (either may be absent) entry by entry, in git's name order,
    /// descending only into subtrees whose ids differ.
    private func walk(
        _ a: OpaquePointer?, _ b: OpaquePointer?, prefix: String, specs: [String],
        include: (String) -> Bool, into out: inout [FileChange]
    ) throws {
        let n = a.map { git_tree_entrycount($0) } ?? 0
        let m = b.map { git_tree_entrycount($0) } ?? 0
        var i = 0
        var j = 0
        while i < n || j < m {
            let x = i < n ? TreeEntry(git_tree_entry_byindex(a, i)) : nil
            let y = j < m ? TreeEntry(git_tree_entry_byindex(b, j)) : nil
            let order: Int32
            switch (x, y) {
            case (let x?, let y?): order = TreeEntry.compare(x, y)
            case (nil, _): order = 1
            case (_, nil): order = -1
            }
            if order == 0, let x, let y {
                i += 1
                j += 1
                if x.isTree == y.isTree && git_oid_equal(x.id, y.id) == 1 && x.mode == y.mode { continue }
                try changed(x, y, prefix: prefix, specs: specs, include: include, into: &out)
            } else if order < 0, let x {
                i += 1
                try changed(x, nil, prefix: prefix, specs: specs, include: include, into: &out)
            } else if let y {
                j += 1
                try changed(nil, y, prefix: prefix, specs: specs, include: include, into: &out)
            }
        }
    }

    /// Records a changed entry: files become changes, trees are walked.
    private func changed(
        _ x: TreeEntry?, _ y: TreeEntry?, prefix: String, specs: [String],
        include: (String) -> Bool, into out: inout [FileChange]
    ) throws {
        // Both entries have the same name (they compared equal). One String per entry: this
        // runs for every file of a tree that is listed whole.
        let raw = (x ?? y)!.rawName
        let validName = String(validatingCString: raw)
        let name = validName ?? String(cString: raw)
        let path = prefix.isEmpty ? name : prefix + "/" + name
        let oldTree = x?.isTree == true ? x : nil
        let newTree = y?.isTree == true ? y : nil
        if oldTree != nil || newTree != nil, Self.mayContain(path, specs) {
            try walk(
                trees.old(oldTree.map { ObjectID($0.id.pointee) }, in: handle),
                trees.new(newTree.map { ObjectID($0.id.pointee) }, in: handle),
                prefix: path, specs: specs, include: include, into: &out)
        }
        guard Self.matches(path, specs), include(path) else { return }
        func version(_ entry: TreeEntry) -> FileVersion? {
            if let reason = FileVersion.unreadableReason(mode: UInt32(entry.mode.rawValue), validName: validName != nil) {
                return FileVersion(path: path, source: .unreadable(reason: reason), size: nil)
            }
            return entry.isRegularFile ? FileVersion(path: path, source: .blob(ObjectID(entry.id.pointee)), size: nil) : nil
        }
        let old = x.flatMap(version)
        let new = y.flatMap(version)
        if old != nil || new != nil { out.append(FileChange(old: old, new: new)) }
    }

    /// Whether a file at `path` is inside one of the literal `specs` (all paths when empty).
    package static func matches(_ path: String, _ specs: [String]) -> Bool {
        specs.isEmpty || specs.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Whether a folder at `path` may hold files inside the `specs`.
    static func mayContain(_ path: String, _ specs: [String]) -> Bool {
        specs.isEmpty || specs.contains { path == $0 || path.hasPrefix($0 + "/") || $0.hasPrefix(path + "/") }
    }

    /// The files whose content differs between a commit and the working tree, like `git diff REV`
    /// (the index is only read, for its stat cache). Untracked files that are not ignored count
    /// as added, as they would be after `git add -A`.
    ///
    /// - Parameter old: the commit, or `nil` for the empty tree (every file is then "added").
    public func changesToWorkingTree(from old: Commit?, paths: [String], include: (String) -> Bool) throws -> [FileChange] {
        guard !isBare else { throw GitStoreError.noWorkingTree(repository: gitDirectory) }
        let flags = GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        return try withTree(old?.tree) { oldTree in
            try withDiff(paths: paths, flags: flags) { diff, options in
                try LibGit2.check(
                    git_diff_tree_to_workdir_with_index(&diff, handle, oldTree, &options),
                    "git_diff_tree_to_workdir_with_index")
            } read: { delta in
                fileChange(delta, newInWorkingTree: true, include: include)
            }
        }
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
        options.flags =
            flags | GIT_DIFF_IGNORE_SUBMODULES.rawValue | GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        // `.` (the whole tree) normalizes to nothing, as for trees: no pathspec at all.
        let specs = paths.map(Self.normalizedPathspec).filter { !$0.isEmpty }
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
            let path = String(cString: rawPath)
            guard include(path) else { return nil }
            let mode = UInt32(file.mode)
            if let reason = FileVersion.unreadableReason(mode: mode, validName: String(validatingCString: rawPath) != nil) {
                return FileVersion(path: path, source: .unreadable(reason: reason), size: nil)
            }
            // Regular files only: gitlinks are commits of another repository.
            guard mode == GIT_FILEMODE_BLOB.rawValue || mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else { return nil }
            let size = file.size > 0 ? Int(file.size) : nil
            return FileVersion(path: path, source: inWorkingTree ? .workingTree : .blob(ObjectID(file.id)), size: size)
        }
        let old = version(delta.old_file, inWorkingTree: false)
        let new = version(delta.new_file, inWorkingTree: newInWorkingTree)
        if old == nil && new == nil { return nil }
        return FileChange(old: old, new: new)
    }

    package static func normalizedPathspec(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p == "." ? "" : p
    }
}

extension FileVersion {
    /// Why an entry with a manifest's name cannot be read, `nil` when it can (or is no file).
    static func unreadableReason(mode: UInt32, validName: Bool) -> String? {
        if mode == GIT_FILEMODE_LINK.rawValue {
            return "a symbolic link: meshdiff reads regular files only, so compare the file it points to (or commit a copy)"
        }
        if !validName { return "its name is not valid UTF-8, so it cannot be named in a report: rename it to have it compared" }
        return nil
    }
}

/// Calls `body` with C strings that live for the duration of the call.
private func withCStrings<T>(
    _ strings: [String], _ body: (UnsafeMutableBufferPointer<UnsafeMutablePointer<CChar>?>) throws -> T
) rethrows -> T {
    let pointers = strings.map { strdup($0) }
    defer {
        for pointer in pointers { free(pointer) }
    }
    var array = pointers
    return try array.withUnsafeMutableBufferPointer { try body($0) }
}

/// The trees a tree diff reads, kept for the next: a walk through history reads each commit's
/// changed folders as the new side of one step and the old side of the next, and a folder of
/// thousands of entries costs more to inflate and parse than to keep (libgit2's object cache
/// is off; see `LibGit2`). With `keepsNewSide`, what a walk read at its new side is kept until
/// the next walk ends; everything else is freed when its walk ends.
final class TreeShelf {
    /// Whether a walk's new side is kept for the next walk: for a walk through history. A single
    /// diff has no next walk, and the scale diff's trees were 9.6 MB of its peak heap.
    var keepsNewSide = false
    /// The new side's trees of the last walk that ended.
    private var kept: [ObjectID: OpaquePointer] = [:]
    /// This walk's new side's trees.
    private var reading: [ObjectID: OpaquePointer] = [:]
    /// This walk's old side's trees that were not kept.
    private var borrowed: [OpaquePointer] = []

    /// The old side's tree `id`, or `nil` for none.
    func old(_ id: ObjectID?, in repository: OpaquePointer) throws -> OpaquePointer? {
        guard let id else { return nil }
        if let tree = kept[id] ?? reading[id] { return tree }
        let tree = try Self.lookup(id, in: repository)
        borrowed.append(tree)
        return tree
    }

    /// The new side's tree `id`, or `nil` for none.
    func new(_ id: ObjectID?, in repository: OpaquePointer) throws -> OpaquePointer? {
        guard let id else { return nil }
        if let tree = reading[id] { return tree }
        if let tree = kept.removeValue(forKey: id) {
            reading[id] = tree
            return tree
        }
        let tree = try Self.lookup(id, in: repository)
        reading[id] = tree
        return tree
    }

    /// Frees what this walk read and will not be needed next, and keeps its new side's trees
    /// when walks follow each other.
    func endWalk() {
        for tree in borrowed { git_tree_free(tree) }
        for tree in kept.values { git_tree_free(tree) }
        borrowed = []
        kept = [:]
        if keepsNewSide {
            kept = reading
        } else {
            for tree in reading.values { git_tree_free(tree) }
        }
        reading = [:]
    }

    /// Frees every tree (the repository is being freed).
    func freeAll() {
        for tree in borrowed + Array(kept.values) + Array(reading.values) { git_tree_free(tree) }
        (borrowed, kept, reading) = ([], [:], [:])
    }

    private static func lookup(_ id: ObjectID, in repository: OpaquePointer) throws -> OpaquePointer {
        var oid = id.oid
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, repository, &oid), "git_tree_lookup(\(id.short))")
        guard let tree else { throw GitStoreError.libgit2(call: "git_tree_lookup(\(id.short))", code: -1, message: "no tree") }
        return tree
    }
}

/// A borrowed view of one entry of a tree that outlives the view.
private struct TreeEntry {
    let pointer: OpaquePointer
    let rawName: UnsafePointer<CChar>
    let mode: git_filemode_t

    init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
        rawName = git_tree_entry_name(pointer)
        mode = git_tree_entry_filemode(pointer)
    }

    var id: UnsafePointer<git_oid> { git_tree_entry_id(pointer) }
    var isTree: Bool { mode == GIT_FILEMODE_TREE }
    /// Regular files only: symlinks hold a target path, gitlinks a commit of another repository.
    var isRegularFile: Bool { mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE }

    /// Git's tree order: names compared bytewise, a tree's name as if it ended in `/`.
    /// The same name as file and folder compares equal, so a type change meets itself.
    static func compare(_ a: TreeEntry, _ b: TreeEntry) -> Int32 {
        var x = a.rawName
        var y = b.rawName
        while x.pointee != 0, x.pointee == y.pointee {
            x += 1
            y += 1
        }
        if x.pointee == 0 && y.pointee == 0 { return 0 }
        let p = x.pointee != 0 ? UInt8(bitPattern: x.pointee) : (a.isTree ? UInt8(ascii: "/") : 0)
        let q = y.pointee != 0 ? UInt8(bitPattern: y.pointee) : (b.isTree ? UInt8(ascii: "/") : 0)
        return p < q ? -1 : (p > q ? 1 : 0)
    }
}
