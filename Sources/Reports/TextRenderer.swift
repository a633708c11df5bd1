import Foundation

/// The terminal report: what a reviewer reads first, riskiest first.
public struct TextRenderer: ReportRenderer {
    public let format = "text"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        let digest = ReportDigest(report, showNoise: options.showNoise)
        var out = TextBuilder(color: options.color)
        for line in digest.headline {
            out.line(line, style: line.contains("DOWNGRADE") ? .warning : .heading)
        }
        if digest.headline != [digest.revisions] { out.line(digest.revisions, style: .dim) }
        for link in digest.releaseNotes { out.line("\(link.label): \(link.url)", style: .dim) }
        if !digest.warnings.isEmpty {
            out.blank()
            out.heading("Warnings")
            for warning in digest.warnings { out.line("! " + warning, style: .warning) }
        }
        out.blank()
        out.line(digest.summary)
        if !digest.images.isEmpty {
            out.section("Images")
            let rows = digest.images.map { ["\($0.workload) [\($0.container)]", $0.from, "→", $0.to, $0.direction] }
            for (row, image) in zip(Self.columns(rows), digest.images) {
                out.line(row, style: image.direction.hasPrefix("downgrade") ? .warning : .plain)
            }
        }
        if !digest.settings.isEmpty {
            out.section("Flags and settings")
            for group in digest.settings {
                out.line("\(group.workload) [\(group.container)]")
                for line in group.lines { out.line("    " + line) }
            }
        }
        out.list("Security", digest.security, style: { $0.hasSuffix("loosened") ? .warning : .plain })
        out.list(
            "RBAC", digest.rbac, style: { $0.contains(": ") && !$0.contains(" grants ") && !$0.contains(" revokes ") ? .warning : .plain })
        out.list("CRDs", digest.crds, style: { $0.hasPrefix("- ") ? .warning : .plain })
        out.list("Webhooks", digest.webhooks)
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
        out.list("Findings", digest.findings, style: { $0.hasPrefix("info") ? .dim : .warning })
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
    private(set) var text = ""

    init(color: Bool) { self.color = color }

    mutating func line(_ string: String, style: Style = .plain) {
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

    mutating func list(_ title: String, _ lines: [String], style: (String) -> Style = { _ in .plain }) {
        guard !lines.isEmpty else { return }
        section(title)
        for line in lines { self.line(line, style: style(line)) }
    }
}
