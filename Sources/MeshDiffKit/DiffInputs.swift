import GitStore

/// What the arguments of `meshdiff diff` name: revisions of a repository, or two paths — and
/// who is calling (a person, kubectl's `KUBECTL_EXTERNAL_DIFF`, git's diff driver).
public enum DiffInputs: Equatable, Sendable {
    /// Revisions of the repository, as `Side.resolve` reads them.
    case revisions([String])
    /// Two folders, files or `-`.
    case paths(PathCall)

    /// A comparison of two paths, and how the caller wants it.
    public struct PathCall: Equatable, Sendable {
        public var old: String
        public var new: String
        /// How the report names the sides (git's driver passes temporary files).
        public var names: [String]?
        /// Read every regular file of a folder (kubectl names its files without extension).
        public var everyFile = false
        /// Exit 1 when anything differs, noise included, as kubectl and diff(1) callers expect.
        public var exitOneOnDifference = false
        /// Said on stderr when an argument named both a path and a revision.
        public var note: String?
    }

    /// git calls its diff driver with `path old-file old-hex old-mode new-file new-hex new-mode`.
    public static func isGitDriverCall(_ arguments: [String]) -> Bool {
        guard arguments.count == 7 else { return false }
        let hex = { (s: String) in s.count == 40 && s.allSatisfy(\.isHexDigit) || s == "." }
        let mode = { (s: String) in s.count == 6 && s.allSatisfy(\.isNumber) || s == "." }
        return hex(arguments[2]) && mode(arguments[3]) && hex(arguments[5]) && mode(arguments[6])
    }

    /// Reads the arguments. Two arguments that exist on disk (or `-`) are paths; when a
    /// relative one is also a revision of the repository, the path is used and a note says so.
    public static func classify(_ arguments: [String], repository: String, environment: [String: String]) -> DiffInputs {
        if isGitDriverCall(arguments) {
            return .paths(PathCall(old: arguments[1], new: arguments[4], names: ["a/" + arguments[0], "b/" + arguments[0]]))
        }
        guard arguments.count == 2, arguments.allSatisfy(FileSource.exists) else { return .revisions(arguments) }
        var call = PathCall(old: arguments[0], new: arguments[1])
        let directories = arguments.allSatisfy { if case .directory = FileSource($0) { return true } else { return false } }
        if directories, environment["KUBECTL_EXTERNAL_DIFF"].map({ !$0.isEmpty }) == true {
            call.everyFile = true
            call.exitOneOnDifference = true
        }
        let ambiguous = arguments.filter { argument in
            argument != "-" && !argument.hasPrefix("/") && !argument.hasPrefix(".")
                && ((try? Repository(discoveringFrom: repository).resolve(argument)) != nil)
        }
        if !ambiguous.isEmpty {
            call.note =
                "\(ambiguous.map { "'\($0)'" }.joined(separator: " and ")) names both a path and a revision: comparing the paths (write the revision as \(ambiguous[0])^{commit} to compare revisions)"
        }
        return .paths(call)
    }
}
