import Reports

/// How a report is shown, apart from what it holds.
public struct RenderOptions: Sendable {
    /// Use ANSI colours.
    public var color: Bool
    /// List noise changes one by one instead of folding them.
    public var showNoise: Bool
    /// The most characters the output may take (`0`: no limit); used by formats meant for
    /// size-limited places such as merge-request comments.
    public var maxSize: Int
    /// The terminal's width in columns: text lines longer than this wrap between words (a
    /// word is never broken); `nil`: no wrapping.
    public var width: Int?
    /// Only the first screen: headline, warnings, counts and the digest of what changed.
    public var summaryOnly: Bool

    public init(color: Bool = false, showNoise: Bool = false, maxSize: Int = 0, width: Int? = nil, summaryOnly: Bool = false) {
        self.color = color
        self.showNoise = showNoise
        self.maxSize = maxSize
        self.width = width
        self.summaryOnly = summaryOnly
    }
}

/// Turns a report into the text of one format.
public protocol ReportRenderer: Sendable {
    /// The name users give with `--format`.
    var format: String { get }
    func render(_ report: Report, options: RenderOptions) throws -> String
    /// The same text, handed to `output` in pieces as it is made (a format whose text can be
    /// written before it is whole says so; the others hand it over in one piece).
    func write(_ report: Report, options: RenderOptions, to output: @escaping TextOutput) throws
}

extension ReportRenderer {
    public func write(_ report: Report, options: RenderOptions, to output: @escaping TextOutput) throws {
        try TextPieces.whole(try render(report, options: options), to: output)
    }
}

/// The renderers by format name: the CLI picks from here, never by a switch of its own.
public enum Renderers {
    public static let all: [any ReportRenderer] = [TextRenderer(), MarkdownRenderer(), JSONRenderer(), HTMLRenderer()]

    /// The renderer for `format`, if there is one.
    public static func named(_ format: String) -> (any ReportRenderer)? {
        all.first { $0.format == format }
    }

    /// The format names, for help and errors.
    public static var formats: [String] { all.map(\.format) }
}
