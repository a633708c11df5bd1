import Foundation

/// The machine-readable report: schema 1, documented in the README and `schema/report.schema.json`.
public struct JSONRenderer: ReportRenderer {
    public let format = "json"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        try Self.encode(report)
    }

    /// Pretty, key-sorted JSON with a final newline, so that output is stable.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

extension JSONRenderer {
    /// One-line JSON, for values shown inline.
    public static func encodeCompact<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
