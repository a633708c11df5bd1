#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A commit, as much of it as a report names.
public struct Commit: Hashable, Sendable {
    /// The commit's id.
    public let id: ObjectID
    /// The id of its root tree.
    public let tree: ObjectID
    /// The ids of its parents, first parent first.
    public let parents: [ObjectID]
    /// Author name.
    public let author: String
    /// Author email.
    public let authorEmail: String
    /// Author date.
    public let date: Date
    /// The first line of the message.
    public let subject: String
}
