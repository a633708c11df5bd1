import Manifests
import Snapshots

/// A commit's tree, or the working tree (`commit` nil), as a `ManifestSource`: its files as
/// libgit2 lists them, each blob keyed by its id (a working-tree file by its digest). A
/// comparison of two revisions does not list both whole: `changes(from:to:)` gives what a tree
/// diff finds; this is for reading a side whole (`--render`'s export).
public struct GitSnapshot: ManifestSource {
    let repository: Repository
    let commit: Commit?
    public let name: String

    public init(_ repository: Repository, commit: Commit?, name: String) {
        self.repository = repository
        self.commit = commit
        self.name = name
    }

    public func files(every: Bool, limit: Int) throws -> [SourceFile] {
        let include: (String) -> Bool = { path in every || ManifestFile.isManifestPath(path) }
        let changes: [FileChange]
        if let commit {
            changes = try repository.changes(from: nil, to: commit, paths: [], include: include)
        } else {
            changes = try repository.changesToWorkingTree(from: nil, paths: [], include: include)
        }
        return try changes.compactMap(\.new).map { version -> SourceFile in
            let content = try repository.content(of: version, limit: limit)
            if case .blob(let id) = version.source { return SourceFile(path: version.path, key: id.contentKey, content: content) }
            return SourceFile(path: version.path, content: content)
        }.sorted { $0.path < $1.path }
    }
}

extension Repository {
    /// What a file version holds, read up to `limit` bytes: a blob's bytes, a working-tree
    /// file's (one that vanished or cannot be opened is `unreadable`: a finding, and the run
    /// goes on), or why it cannot be read at all.
    public func content(of version: FileVersion, limit: Int, size: Int? = nil) throws -> FileContent {
        switch version.source {
        case .blob(let id):
            return try blob(id, limit: limit, size: size).map(FileContent.bytes) ?? .oversized
        case .workingTree:
            do {
                return try workingTreeFile(version.path, limit: limit).map(FileContent.bytes) ?? .oversized
            } catch let error as GitStoreError {
                return .unreadable(error.errorDescription ?? "cannot be read")
            }
        case .unreadable(let reason):
            return .unreadable(reason)
        }
    }
}

extension ObjectID {
    /// The key a blob's parsed content is cached under.
    public var contentKey: ContentKey { .blob(high, middle, low) }
}
