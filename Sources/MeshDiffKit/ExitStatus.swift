import Reports

/// The one place that maps outcomes to exit codes (DESIGN.md).
public enum ExitStatus: Int32, Sendable {
    /// No changes, or changes without `--exit-code`.
    case success = 0
    /// Changes found, and `--exit-code` asked to say so.
    case changesFound = 1
    /// A `--fail-on` policy was violated.
    case policyViolated = 2
    /// Bad input or a repository error.
    case badInput = 3
    /// The command line was wrong.
    case usage = 64

    /// The status for a finished comparison.
    public static func of(_ report: Report, exitCodeOnChanges: Bool, violations: [String] = []) -> ExitStatus {
        if !violations.isEmpty { return .policyViolated }
        if exitCodeOnChanges && report.hasChanges { return .changesFound }
        return .success
    }
}
