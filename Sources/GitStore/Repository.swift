internal import CGitReadLimit
internal import CLibGit2
import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// A git repository opened read-only through libgit2.
///
/// meshdiff never writes to the repository it reads: nothing here creates objects, refs,
/// an index or lock files. The handle is freed in `deinit`; shorter-lived libgit2 objects
/// (trees, blobs, diffs, walks) are freed by the scoped helpers that create them.
public final class Repository {
    let handle: OpaquePointer
    /// Trees one tree diff read, for the next (see `changes(from:to:paths:include:)`).
    let trees = TreeShelf()

    /// Whether the trees a tree diff read at its new side are kept for the next tree diff, which
    /// a walk through history starts from there (`ComparisonSession.walksHistory`).
    public var keepsTreesBetweenDiffs: Bool {
        get { trees.keepsNewSide }
        set { trees.keepsNewSide = newValue }
    }

    /// The folder of the repository's git data (`.git`, or the bare repository itself).
    public let gitDirectory: String
    /// The working tree, or `nil` for a bare repository.
    public let workingDirectory: String?
    /// Whether this is a shallow clone (its history is cut).
    public let isShallow: Bool

    /// Opens the repository that contains `path`, searching parent folders like `git` does.
    public init(discoveringFrom path: String) throws {
        _ = LibGit2.initialized
        var pointer: OpaquePointer?
        let code = git_repository_open_ext(&pointer, path, 0, nil)
        guard code >= 0, let pointer else {
            let message = LibGit2.lastErrorMessage()
            if code == GIT_EOWNER.rawValue || message.contains("safe.directory"), let owned = Self.ownedByAnother(path) {
                throw GitStoreError.notOwned(path: owned.path, owner: owned.owner)
            }
            let reason = code == GIT_ENOTFOUND.rawValue ? "no .git folder here or in any parent folder" : message
            throw GitStoreError.notARepository(path: path, reason: reason)
        }
        handle = pointer
        gitDirectory = String(cString: git_repository_path(pointer))
        workingDirectory = git_repository_workdir(pointer).map { String(cString: $0) }
        isShallow = git_repository_is_shallow(pointer) == 1
    }

    deinit {
        trees.freeAll()
        git_repository_free(handle)
    }

    /// The repository folder above `path` that another user owns, as git's safe.directory
    /// check sees it (libgit2 reports that case as "not found").
    static func ownedByAnother(_ path: String) -> (path: String, owner: UInt32)? {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while true {
            for candidate in [url.appendingPathComponent(".git").path, url.path]
            where FileManager.default.fileExists(atPath: candidate + (candidate == url.path ? "/HEAD" : "")) {
                var info = stat()
                if stat(candidate, &info) == 0, info.st_uid != geteuid() { return (url.path, info.st_uid) }
                return nil
            }
            if url.path == "/" { return nil }
            url.deleteLastPathComponent()
        }
    }

    /// Lets go of libgit2's object store: the pack files' maps and their delta-base caches (up
    /// to 16 MiB a pack, a limit libgit2 1.5 fixes at compile time). The handle stays usable:
    /// its next read opens the store again. No other thread may use the handle meanwhile.
    public func releaseObjectStore() {
        git_repository__cleanup(handle)
    }

    /// How many bytes libgit2 holds on the heap, counted from its start (compare two readings):
    /// mostly its packs' delta-base caches, which `releaseObjectStore` lets go.
    public static var libgit2HeapBytes: Int {
        _ = LibGit2.initialized
        return Int(meshdiff_git_held_bytes())
    }

    /// Whether the repository has no working tree.
    public var isBare: Bool { workingDirectory == nil }

    /// Resolves any revspec libgit2 understands (`HEAD`, `HEAD~3`, a tag, a branch, a short id)
    /// to the commit it names, peeling annotated tags.
    public func resolve(_ spec: String) throws -> Commit {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, spec)
        guard code >= 0, let object else {
            if spec.hasPrefix("HEAD"), git_repository_head_unborn(handle) == 1 {
                throw GitStoreError.noCommits(repository: workingDirectory ?? gitDirectory)
            }
            throw GitStoreError.unknownRevision(spec, shallow: isShallow, reason: LibGit2.lastErrorMessage())
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        guard git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) >= 0, let peeled else {
            throw GitStoreError.unknownRevision(spec, shallow: isShallow, reason: "it does not name a commit")
        }
        defer { git_object_free(peeled) }
        return Self.commit(from: peeled)
    }

    /// The commit with the given id.
    public func commit(_ id: ObjectID) throws -> Commit {
        var oid = id.oid
        var pointer: OpaquePointer?
        try LibGit2.check(git_commit_lookup(&pointer, handle, &oid), "git_commit_lookup(\(id.short))")
        defer { git_commit_free(pointer) }
        return Self.commit(from: pointer!)
    }

    /// The best common ancestor of two commits, as `git merge-base` finds it.
    public func mergeBase(_ a: Commit, _ b: Commit, names: (String, String)) throws -> Commit {
        var out = git_oid()
        var one = a.id.oid
        var two = b.id.oid
        let code = git_merge_base(&out, handle, &one, &two)
        // libgit2 1.5 reads a shallow clone's commits without its grafts, so a cut history
        // shows up as a missing object rather than as "no merge base".
        if code == GIT_ENOTFOUND.rawValue || (code < 0 && isShallow) {
            throw GitStoreError.noMergeBase(names.0, names.1, shallow: isShallow)
        }
        try LibGit2.check(code, "git_merge_base(\(names.0), \(names.1))")
        return try commit(ObjectID(out))
    }

    /// Reads a blob's bytes, refusing blobs over `limit` bytes without inflating them.
    /// Returns `nil` when the blob is larger than `limit`. `size`: the blob's size when the
    /// caller read it already (`blobSize`).
    ///
    /// Without `size`, the blob is read under a ceiling on libgit2's allocations instead of
    /// after its header: libgit2 allocates an object's whole size (a delta's whole result)
    /// before inflating it, so a blob over the ceiling fails there, with nothing inflated, and
    /// only then does its header decide. Reading the header first walked each delta chain to
    /// its base and inflated the delta's start: as much work as the read for small blobs.
    public func blob(_ id: ObjectID, limit: Int, size: Int? = nil) throws -> [UInt8]? {
        if let size {
            return size > limit ? nil : try read(id, ceiling: nil)
        }
        // The ceiling is at least 1 MiB, so that no bookkeeping of libgit2's is refused with a
        // small limit; what is read over `limit` under it is dropped after the read.
        if let bytes = try read(id, ceiling: max(limit, 1 << 20) + 1) {
            return bytes.count > limit ? nil : bytes
        }
        return try blobSize(id) > limit ? nil : try read(id, ceiling: nil)
    }

    /// A blob's bytes; `nil` when an allocation over `ceiling` bytes was refused on the way.
    private func read(_ id: ObjectID, ceiling: Int?) throws -> [UInt8]? {
        var oid = id.oid
        var blob: OpaquePointer?
        if let ceiling { meshdiff_read_limit_begin(ceiling) }
        let code = git_blob_lookup(&blob, handle, &oid)
        if ceiling != nil, meshdiff_read_limit_end() != 0 {
            git_blob_free(blob)
            return nil
        }
        try LibGit2.check(code, "git_blob_lookup(\(id.short))")
        defer { git_blob_free(blob) }
        let count = Int(git_blob_rawsize(blob))
        guard count > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        // Copy out before the blob is freed.
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }

    /// The size of a blob in bytes, from its header: nothing is inflated but the start of a
    /// delta, which says the size it expands to.
    public func blobSize(_ id: ObjectID) throws -> Int {
        var oid = id.oid
        var odb: OpaquePointer?
        try LibGit2.check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_INVALID
        try LibGit2.check(git_odb_read_header(&size, &type, odb, &oid), "git_odb_read_header(\(id.short))")
        return size
    }

    /// Reads a file of the working tree, refusing files over `limit` bytes.
    /// Returns `nil` when the file is larger than `limit`.
    public func workingTreeFile(_ path: String, limit: Int) throws -> [UInt8]? {
        guard let root = workingDirectory else { throw GitStoreError.noWorkingTree(repository: gitDirectory) }
        do {
            return try FileSystem.contents(of: URL(fileURLWithPath: root).appendingPathComponent(path).path, limit: limit).bytes
        } catch SourceError.unreadable(_, let reason) {
            throw GitStoreError.unreadableFile(path: path, reason: reason)
        }
    }

    static func commit(from pointer: OpaquePointer) -> Commit {
        let id = ObjectID(git_commit_id(pointer).pointee)
        let tree = ObjectID(git_commit_tree_id(pointer).pointee)
        let parents = (0..<git_commit_parentcount(pointer)).map { ObjectID(git_commit_parent_id(pointer, $0).pointee) }
        let signature = git_commit_author(pointer).pointee
        let summary = git_commit_summary(pointer).map { String(cString: $0) } ?? ""
        return Commit(
            id: id,
            tree: tree,
            parents: parents,
            author: signature.name.map { String(cString: $0) } ?? "",
            authorEmail: signature.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(signature.when.time)),
            subject: summary
        )
    }
}
