import Manifests
import MeshDiffKit

/// What `meshdiff changelog` walks.
public struct ChangelogOptions: Sendable {
    /// `A..B`, a single revision (its whole history), or `nil` (HEAD's history).
    public var range: String?
    /// Follow first parents only (the default), so that a merge stands for its branch.
    public var firstParent: Bool
    /// Step from tag to tag instead of commit to commit.
    public var tags: Bool
    /// Repository, paths, secrets, limits and meshes, as for `diff`.
    public var diff: DiffOptions

    public init(range: String? = nil, firstParent: Bool = true, tags: Bool = false, diff: DiffOptions = DiffOptions()) {
        self.range = range
        self.firstParent = firstParent
        self.tags = tags
        self.diff = diff
    }
}
