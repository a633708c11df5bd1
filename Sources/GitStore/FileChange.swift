/// One path whose content differs between two sides of a comparison.
///
/// Either side may be missing (the file was added or deleted). A side in the working tree has
/// no blob id: its content is read from disk by path.
public struct FileChange: Hashable, Sendable {
    /// The file at the old side, if it exists there.
    public var old: FileVersion?
    /// The file at the new side, if it exists there.
    public var new: FileVersion?

    public init(old: FileVersion?, new: FileVersion?) {
        self.old = old
        self.new = new
    }
}

/// A file at one side: its path and where its bytes come from.
public struct FileVersion: Hashable, Sendable {
    /// The path relative to the repository root, with `/` separators.
    public let path: String
    /// Where to read the bytes.
    public let source: Source
    /// The size in bytes, when known without reading the content.
    public let size: Int?

    /// Where a file's bytes live.
    public enum Source: Hashable, Sendable {
        /// A blob in the object database.
        case blob(ObjectID)
        /// A file of the working tree, read from disk.
        case workingTree
        /// A manifest-named entry meshdiff does not read, and why (a symbolic link, a name that
        /// is not UTF-8): a finding, never the end of the run.
        case unreadable(reason: String)
    }

    public init(path: String, source: Source, size: Int?) {
        self.path = path
        self.source = source
        self.size = size
    }

    /// The blob id, when the file lives in the object database.
    public var blob: ObjectID? {
        if case .blob(let id) = source { return id }
        return nil
    }
}
