#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything that can go wrong while reading a repository.
public enum GitStoreError: LocalizedError, Equatable, Sendable {
    /// The path is not inside a git repository.
    case notARepository(path: String, reason: String)
    /// A revision that libgit2 cannot resolve.
    case unknownRevision(String, shallow: Bool, reason: String)
    /// Two revisions without a common ancestor (or whose ancestor a shallow clone lacks).
    case noMergeBase(String, String, shallow: Bool)
    /// The working tree was asked for in a repository that has none.
    case noWorkingTree(repository: String)
    /// A libgit2 call failed; `call` names it.
    case libgit2(call: String, code: Int32, message: String)
    /// The repository has no commit yet, so there is nothing to compare with.
    case noCommits(repository: String)
    /// A file of the working tree could not be read.
    case unreadableFile(path: String, reason: String)
    /// The repository belongs to another user, which git's safe.directory check refuses.
    case notOwned(path: String, owner: UInt32)
    /// `--path` names nothing at either side.
    case pathMatchesNothing([String])

    public var errorDescription: String? {
        switch self {
        case .notARepository(let path, let reason):
            return "'\(path)' is not a git repository (\(reason)). Run meshdiff inside a repository or pass --repo PATH."
        case .unknownRevision(let spec, let shallow, let reason):
            let hint =
                shallow
                ? " This is a shallow clone: the revision may lie beyond its history; fetch more (git fetch --deepen=N or --unshallow)."
                : " Check the name with `git rev-parse \(spec)`; tags and branches of remotes must be fetched first."
            return "unknown revision '\(spec)': \(reason).\(hint)"
        case .noMergeBase(let a, let b, let shallow):
            if shallow {
                return
                    "no merge base of '\(a)' and '\(b)' in this shallow clone: fetch more history (git fetch --deepen=N or --unshallow) and run again."
            }
            return "'\(a)' and '\(b)' have no common ancestor, so '\(a)...\(b)' means nothing; compare them directly with '\(a) \(b)'."
        case .noWorkingTree(let repository):
            return "'\(repository)' is a bare repository and has no working tree: name two revisions (meshdiff diff FROM TO)."
        case .libgit2(let call, let code, let message):
            return "libgit2 \(call) failed (\(code)): \(message)"
        case .noCommits(let repository):
            return "'\(repository)' has no commits yet: commit the manifests first, then compare revisions."
        case .unreadableFile(let path, let reason):
            return "cannot read '\(path)' in the working tree: \(reason)"
        case .notOwned(let path, let owner):
            return
                "'\(path)' belongs to another user (uid \(owner)), and git refuses such repositories (its safe.directory check; common in CI containers, where the checkout's owner is not the job's user). If you trust it, run: git config --global --add safe.directory '\(path)'"
        case .pathMatchesNothing(let paths):
            return
                "--path \(paths.joined(separator: ", ")) matches no manifest file at either side: check the spelling (paths are relative to the repository root)"
        }
    }
}
