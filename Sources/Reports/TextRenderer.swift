import Foundation

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
            let rows = digest.images.map { [$0.image, "\($0.from) → \($0.to)", $0.direction] }
            for (row, image) in zip(Self.columns(rows), digest.images) {
                out.line(row, style: image.isDowngrade ? .warning : .plain)
                out.line("    in " + ReportDigest.places(image.places), style: .dim)
            }
        }
        if !digest.settings.isEmpty {
            out.section("Flags and settings")
            for row in digest.settings {
                out.line(row.change)
                out.line("    in " + ReportDigest.places(row.places), style: .dim)
            }
        }
        out.list("Security", digest.security)
        out.list("RBAC", digest.rbac)
        out.list("CRDs", digest.crds)
        out.list("Webhooks", digest.webhooks.map { ReportDigest.Line($0) })
        if !digest.added.isEmpty || !digest.removed.isEmpty {
            out.section("Resources added and removed")
            for group in digest.added { out.line("+ \(group.kind): \(group.names.joined(separator: ", "))", style: .added) }
            for group in digest.removed { out.line("- \(group.kind): \(group.names.joined(separator: ", "))", style: .removed) }
        }
        if !digest.modified.isEmpty {
            out.section("Modified resources")
            for resource in digest.modified {
                out.line("~ \(resource.title)")
                for line in resource.lines { out.line("    " + line) }
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

    /// Rows padded into aligned columns (the last column is not padded).
    static func columns(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in min(60, rows.map { $0[column].count }.max() ?? 0) }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == width - 1 ? cell : cell.padding(toLength: max(widths[column], cell.count), withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}

/// Lines of text with optional ANSI styling.
struct TextBuilder {
    enum Style { case plain, warning, added, removed, dim, heading }

    let color: Bool
    let width: Int?
    private(set) var text = ""

    init(color: Bool, width: Int? = nil) {
        self.color = color
        self.width = width.map { max(20, $0) }
    }

    mutating func line(_ string: String, style: Style = .plain) {
        for part in Self.wrap(string, width: width) { styled(part, style: style) }
    }

    /// `string` cut between words into lines of at most `width` characters, continuations
    /// indented under the first; a word longer than the width stays whole on its own line.
    static func wrap(_ string: String, width: Int?) -> [String] {
        guard let width, string.count > width else { return [string] }
        let lead = string.prefix { $0 == " " }.count
        let indent = String(repeating: " ", count: min(lead + 4, width / 2))
        var lines: [String] = []
        var rest = Substring(string)
        var prefix = ""
        while prefix.count + rest.count > width {
            let room = width - prefix.count
            let start = lines.isEmpty ? lead : 0
            // The last space that fits, past the line's own indentation.
            if let cut = rest.prefix(room + 1).indices.last(where: {
                rest[$0] == " " && rest.distance(from: rest.startIndex, to: $0) > start
            }) {
                lines.append(prefix + rest[..<cut].trimmingTrailingSpaces)
                rest = rest[cut...].drop { $0 == " " }
            } else if let joint = rest.prefix(room).indices.last(where: {
                ".]/,".contains(rest[$0]) && rest.distance(from: rest.startIndex, to: $0) > start
            }) {
                // A field path longer than the line: cut after a `.`, `]`, `/` or `,`, inside no name.
                let cut = rest.index(after: joint)
                lines.append(prefix + rest[..<cut])
                rest = rest[cut...]
            } else {
                break
            }
            prefix = indent
        }
        lines.append(prefix + rest)
        return lines
    }

    private mutating func styled(_ string: String, style: Style) {
        guard color, style != .plain else {
            text += string + "\n"
            return
        }
        let code: String
        switch style {
        case .warning: code = "33"
        case .added: code = "32"
        case .removed: code = "31"
        case .dim: code = "2"
        case .heading: code = "1"
        case .plain: code = "0"
        }
        text += "\u{1B}[\(code)m\(string)\u{1B}[0m\n"
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
        for line in lines {
            let style: Style
            switch line.tone {
            case .plain: style = .plain
            case .risk: style = .warning
            case .dim: style = .dim
            }
            self.line(line.text, style: style)
        }
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var text = self
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
