/// A problem with the input that does not stop the run: data in the report, with a position.
public struct Finding: Hashable, Sendable, Codable {
    /// How much a finding matters.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case info, warning, error

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    }

    /// What a finding is about, for a program to act on (the message is for people). The JSON
    /// spells it as the raw value.
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        /// YAML that does not parse, aliases that expand too far, a non-scalar or duplicate key,
        /// nesting too deep.
        case yamlSyntax = "yaml-syntax"
        case aliasExpansion = "alias-expansion"
        case nonScalarKey = "non-scalar-key"
        case duplicateKey = "duplicate-key"
        case tooDeep = "too-deep"
        case jsonSyntax = "json-syntax"
        /// A document that is not a Kubernetes object, or one that has only `generateName`.
        case notAnObject = "not-an-object"
        case generateNameOnly = "generate-name-only"
        /// A Helm/Go template where a rendered manifest was expected; a chart's own template.
        case template
        case chartTemplate = "chart-template"
        /// Over `--max-file-size`; binary; not UTF-8 (or a UTF-16/32 text that does not decode).
        case oversized, binary, encoding
        /// A file that cannot be read (a symbolic link, a name that is not UTF-8, gone from disk).
        case unreadable
        /// One identity defined twice at a revision; a resource whose file cannot be read at one side.
        case duplicateIdentity = "duplicate-identity"
        case notComparable = "not-comparable"
        /// `--render` could not render a root.
        case renderFailed = "render-failed"
    }

    public var severity: Severity
    public var code: Code
    /// The file, relative to the repository root.
    public var path: String
    /// The revision the file was read at (`"working tree"` for the working tree).
    public var revision: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    public init(severity: Severity, code: Code, path: String, revision: String, line: Int?, message: String) {
        self.severity = severity
        self.code = code
        self.path = path
        self.revision = revision
        self.line = line
        self.message = message
    }
}
