import Insights
import Reports

/// Everything one `meshdiff diff` decides: the report, the policies it violates, the notes for
/// standard error, and the exit status. The CLI only prints them.
public struct Outcome: Sendable {
    public var report: Report
    /// `policy: reason`, one per violation of a `--fail-on` policy.
    public var violations: [String]
    /// Said on standard error (an argument that named both a path and a revision).
    public var notes: [String]
    public var status: ExitStatus
}

/// What `meshdiff diff` was asked: the arguments as given, the options, and the CI policies.
public struct DiffRequest: Sendable {
    /// Revisions, two paths, or git's seven diff-driver arguments.
    public var arguments: [String]
    public var options: DiffOptions
    public var policies: [Policy]
    /// Exit 1 when anything but noise changed (`--exit-code`).
    public var exitCodeOnChanges: Bool
    /// The process environment (kubectl's `KUBECTL_EXTERNAL_DIFF` changes the exit status).
    public var environment: [String: String]

    public init(
        arguments: [String], options: DiffOptions, policies: [Policy] = [], exitCodeOnChanges: Bool = false,
        environment: [String: String] = [:]
    ) {
        self.arguments = arguments
        self.options = options
        self.policies = policies
        self.exitCodeOnChanges = exitCodeOnChanges
        self.environment = environment
    }
}

extension MeshDiff {
    /// Runs a request end to end: what the arguments name, the comparison, the policies and the
    /// exit status (the one place that maps outcomes to `ExitStatus`, with `ExitStatus.of`).
    public static func run(_ request: DiffRequest) throws -> Outcome {
        var options = request.options
        options.revisions = request.arguments
        var notes: [String] = []
        var exitOneOnDifference = false
        let report: Report
        switch DiffInputs.classify(request.arguments, repository: options.repository, environment: request.environment) {
        case .revisions:
            report = try diff(options)
        case .paths(let call):
            notes += call.note.map { [$0] } ?? []
            exitOneOnDifference = call.exitOneOnDifference
            report = try diff(
                FileSource(call.old), FileSource(call.new), options: options, everyFile: call.everyFile,
                names: call.names.map { ($0[0], $0[1]) })
        }
        let violations = request.policies.flatMap { policy in policy.violations(in: report).map { "\(policy.rawValue): \($0)" } }
        // kubectl and diff(1) callers read 1 as "differences", noise included.
        let status =
            exitOneOnDifference && violations.isEmpty && !report.resources.isEmpty
            ? .changesFound : ExitStatus.of(report, exitCodeOnChanges: request.exitCodeOnChanges, violations: violations)
        return Outcome(report: report, violations: violations, notes: notes, status: status)
    }
}
