import Reports

/// The machine-readable report: schema 1, documented in the README and `schema/report.schema.json`.
public struct JSONRenderer: ReportRenderer {
    public let format = "json"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        guard options.summaryOnly else { return try Self.encode(report) }
        return try Self.encode(
            FirstScreen(from: report.from, to: report.to, summary: report.summary, meshes: report.meshes, warnings: report.warnings))
    }

    /// Written as it is made: a large report's JSON is never whole in memory.
    public func write(_ report: Report, options: RenderOptions, to output: @escaping TextOutput) throws {
        guard options.summaryOnly else { return try JSONText.pretty(report, to: output) }
        try TextPieces.whole(try render(report, options: options), to: output)
    }

    /// `--summary`: the part of the report a first screen shows.
    struct FirstScreen: Encodable {
        var schemaVersion = 1
        var from: RevisionInfo
        var to: RevisionInfo
        var summary: Summary
        var meshes: [MeshChange]
        var warnings: [Warning]
    }

    /// Pretty, key-sorted JSON with a final newline, so that output is stable.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        try JSONText.pretty(value)
    }
}
