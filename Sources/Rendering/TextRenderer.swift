import Reports

/// The terminal report: what a reviewer reads first, riskiest first.
public struct TextRenderer: ReportRenderer {
    public let format = "text"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        // Values are clipped to fit a wrapped line whole: a value is one token, never broken.
        let digest = ReportDigest(report, showNoise: options.showNoise, valueLimit: options.width.map { max(20, $0 - 16) } ?? 100)
        var out = TextBuilder(color: options.color, width: options.width)
        for line in digest.headline {
            out.line(line.text, style: line.tone == .risk ? .warning : .heading)
        }
        if digest.headline.map(\.text) != [digest.revisions] { out.line(digest.revisions, style: .dim) }
        for link in digest.releaseNotes { out.line("\(link.label): \(link.url)", style: .dim) }
        if !digest.warnings.isEmpty {
            out.blank()
            out.heading("Warnings")
            for warning in digest.warnings { out.line("! " + warning, style: .warning) }
        }
        out.blank()
        out.line(digest.summary)
        for line in digest.overview { out.line("  " + line) }
        if options.summaryOnly { return out.text }
        if !digest.images.isEmpty {
            out.section("Images")
            let widths = Self.widths(digest.images.map { [$0.image, "\($0.from) → \($0.to)", $0.direction] })
            for image in digest.images {
                // Aligned columns, the from and to values marked.
                let change = "\(image.from) → \(image.to)"
                let spans = [
                    ReportDigest.Span(Self.padded(image.image, widths[0]) + "  "), ReportDigest.Span(image.from, .old),
                    ReportDigest.Span(" → "), ReportDigest.Span(image.to, .new),
                    ReportDigest.Span(String(repeating: " ", count: max(0, widths[1] - change.count)) + "  " + image.direction),
                ]
                out.line(ReportDigest.Line(spans: spans, image.isDowngrade ? .risk : .plain))
                out.line("    in " + ReportDigest.places(image.places), style: .dim)
            }
            for (number, note) in digest.imageNotes.enumerated() { out.line("[\(number + 1)] \(note)", style: .dim) }
        }
        if !digest.settings.isEmpty {
            out.section("Flags and settings")
            for row in digest.settings {
                for change in row.changes { out.line(change) }
                out.line("    in " + ReportDigest.places(row.places), style: .dim)
            }
        }
        out.list("GitOps settings", digest.gitops)
        out.list("Security", digest.security)
        out.list("RBAC", digest.rbac)
        out.list("CRDs", digest.crds)
        out.list("Webhooks", digest.webhooks.map { ReportDigest.Line($0) })
        if !digest.added.isEmpty || !digest.removed.isEmpty {
            out.section("Resources added and removed")
            for group in digest.added { out.line("+ \(group.kind): \(group.names.joined(separator: ", "))", style: .added) }
            for group in digest.removed { out.line("- \(group.kind): \(group.names.joined(separator: ", "))", style: .removed) }
        }
        if !digest.alike.isEmpty {
            out.section("Changed alike in several resources")
            for group in digest.alike {
                out.line("in " + group.resources.joined(separator: ", "), style: .dim)
                for line in group.lines { out.line(line, indent: "    ") }
            }
        }
        if !digest.modified.isEmpty {
            out.section("Modified resources")
            for resource in digest.modified {
                out.line("~ \(resource.title)")
                for line in resource.lines { out.line(line, indent: "    ") }
                if let folded = resource.folded { out.line("    (\(folded))", style: .dim) }
            }
        }
        if !digest.noise.isEmpty {
            out.section(options.showNoise ? "Noise (listed above)" : "Noise (folded; --show-noise lists it)")
            for line in digest.noise { out.line(line, style: .dim) }
        }
        if let moves = digest.moves {
            out.blank()
            out.line(moves, style: .dim)
        }
        out.list("Findings", digest.findings)
        return out.text
    }

    /// The width of each column: its longest cell, at most 60.
    static func widths(_ rows: [[String]]) -> [Int] {
        guard let count = rows.first?.count else { return [] }
        return (0..<count).map { column in min(60, rows.map { $0[column].count }.max() ?? 0) }
    }

    static func padded(_ cell: String, _ width: Int) -> String {
        cell + String(repeating: " ", count: max(0, width - cell.count))
    }
}

/// Lines of text with optional ANSI styling.
struct TextBuilder {
    enum Style {
        case plain, warning, added, removed, dim, heading

        var code: String {
            switch self {
            case .warning: "33"
            case .added: "32"
            case .removed: "31"
            case .dim: "2"
            case .heading: "1"
            case .plain: "0"
            }
        }
    }

    let color: Bool
    let width: Int?
    private(set) var text = ""

    init(color: Bool, width: Int? = nil) {
        self.color = color
        self.width = width.map { max(20, $0) }
    }

    mutating func line(_ string: String, style: Style = .plain) {
        let string = ControlCharacters.shown(string)
        for piece in Self.wrap(pieces: string, width: width) { styled(piece.prefix + string[piece.range], style: style) }
    }

    /// A digest line in its tone, old values red and new values green when colour is on.
    mutating func line(_ line: ReportDigest.Line, indent: String = "") {
        let style: Style =
            switch line.tone {
            case .plain: .plain
            case .risk: .warning
            case .dim: .dim
            }
        var spans = (indent.isEmpty ? [] : [ReportDigest.Span(indent)]) + line.spans
        // Uncoloured, the line is shown inert as a whole by `line(_:style:)`; coloured, span by span.
        guard color, spans.contains(where: { $0.role != .plain }) else { return self.line(spans.map(\.text).joined(), style: style) }
        if spans.contains(where: { ControlCharacters.mayAct($0.text) }) {
            spans = spans.map { ReportDigest.Span(ControlCharacters.shown($0.text), $0.role) }
        }
        let string = spans.map(\.text).joined()
        var bounds: [(range: Range<String.Index>, style: Style)] = []
        var at = string.startIndex
        for span in spans {
            let end = string.utf8.index(at, offsetBy: span.text.utf8.count)
            bounds.append((at..<end, span.role == .old ? .removed : span.role == .new ? .added : style))
            at = end
        }
        for piece in Self.wrap(pieces: string, width: width) {
            var out = piece.prefix
            for bound in bounds where bound.range.overlaps(piece.range) {
                let part = string[max(bound.range.lowerBound, piece.range.lowerBound)..<min(bound.range.upperBound, piece.range.upperBound)]
                out += paint(String(part), bound.style)
            }
            text += out + "\n"
        }
    }

    /// `string` cut between words into lines of at most `width` characters, continuations
    /// indented under the first; a word longer than the width stays whole on its own line.
    /// Each line is its indentation and the part of `string` it shows.
    static func wrap(pieces string: String, width: Int?) -> [(prefix: String, range: Range<String.Index>)] {
        guard let width, string.count > width else { return [("", string.startIndex..<string.endIndex)] }
        let lead = string.prefix { $0 == " " }.count
        let indent = String(repeating: " ", count: min(lead + 4, width / 2))
        var lines: [(prefix: String, range: Range<String.Index>)] = []
        var rest = Substring(string)
        var prefix = ""
        while prefix.count + rest.count > width {
            let room = width - prefix.count
            let start = lines.isEmpty ? lead : 0
            // The last space that fits, past the line's own indentation.
            if let cut = rest.prefix(room + 1).indices.last(where: {
                rest[$0] == " " && rest.distance(from: rest.startIndex, to: $0) > start
            }) {
                lines.append((prefix, rest.startIndex..<rest[..<cut].trimmingTrailingSpaces.endIndex))
                rest = rest[cut...].drop { $0 == " " }
            } else if let joint = rest.prefix(room).indices.last(where: {
                ".]/,".contains(rest[$0]) && rest.distance(from: rest.startIndex, to: $0) > start
            }) {
                // A field path longer than the line: cut after a `.`, `]`, `/` or `,`, inside no name.
                let cut = rest.index(after: joint)
                lines.append((prefix, rest.startIndex..<cut))
                rest = rest[cut...]
            } else {
                break
            }
            prefix = indent
        }
        lines.append((prefix, rest.startIndex..<rest.endIndex))
        return lines
    }

    private func paint(_ string: String, _ style: Style) -> String {
        guard color, style != .plain, !string.isEmpty else { return string }
        return "\u{1B}[\(style.code)m\(string)\u{1B}[0m"
    }

    private mutating func styled(_ string: String, style: Style) {
        text += paint(string, style) + "\n"
    }

    mutating func heading(_ string: String) { line(string, style: .heading) }
    mutating func blank() { text += "\n" }

    mutating func section(_ title: String) {
        blank()
        heading(title)
    }

    mutating func list(_ title: String, _ lines: [ReportDigest.Line]) {
        guard !lines.isEmpty else { return }
        section(title)
        for line in lines { self.line(line) }
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
