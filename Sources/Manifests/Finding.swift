/// A problem with the input that does not stop the run: data in the report, with a position.
public struct Finding: Hashable, Sendable, Codable {
    /// How much a finding matters.
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case info, warning, error

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    }

    public var severity: Severity
    /// The file, relative to the repository root.
    public var path: String
    /// The revision the file was read at (`"working tree"` for the working tree).
    public var revision: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    public init(severity: Severity, path: String, revision: String, line: Int?, message: String) {
        self.severity = severity
        self.path = path
        self.revision = revision
        self.line = line
        self.message = message
    }
}
