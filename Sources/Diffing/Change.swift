import Manifests

/// One difference between two values.
public struct Change: Hashable, Sendable {
    /// What happened at `path`.
    public enum Operation: String, Hashable, Sendable, Codable {
        case add, remove, replace, reorder
    }

    public var path: FieldPath
    public var op: Operation
    /// The old value (`nil` for `add`).
    public var from: Value?
    /// The new value (`nil` for `remove`).
    public var to: Value?
    /// For a multi-line string, the line edits that turn `from` into `to`.
    public var lines: [LineEdit]?
    /// What was done instead of the full comparison when a limit was hit (`Limits`).
    public var note: String?

    public init(path: FieldPath, op: Operation, from: Value?, to: Value?, lines: [LineEdit]? = nil) {
        self.path = path
        self.op = op
        self.from = from
        self.to = to
        self.lines = lines
    }
}

/// One line of a line diff.
public struct LineEdit: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case kept, removed, added
    }

    public var kind: Kind
    public var text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
