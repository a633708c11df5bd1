import Foundation

/// The merge-request comment: GitHub- and GitLab-flavoured Markdown, headline, warnings and
/// tables first, one collapsible `<details>` per modified resource.
///
/// With `maxSize` set (the CLI's default is 65,536 characters, GitHub's comment limit), the
/// details of the least risky resources are shortened, then dropped, until the comment fits;
/// every changed resource is still named, and the comment says what was cut and how to see it all.
public struct MarkdownRenderer: ReportRenderer {
    public let format = "markdown"
    public init() {}

    /// How many field changes a shortened resource keeps.
    static let shortenedLines = 5

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        let digest = ReportDigest(report, showNoise: options.showNoise)
        let head = Self.head(digest)
        let tail = Self.tail(digest)
        var items = digest.modified.map(ResourceItem.init)
        var levels = Array(repeating: ResourceItem.Level.full, count: items.count)

        func size() -> Int {
            head.count + tail.count + zip(items, levels).reduce(0) { $0 + $1.0.text($1.1).count } + 40
        }
        let limit = options.maxSize
        var cut = false
        if limit > 0 && size() > limit {
            cut = true
            let budget = limit - Self.cutNote(shortened: items.count, dropped: items.count).count
            // Least risky last in the digest: walk from the end, shortening, then dropping.
            for level in [ResourceItem.Level.shortened, .nameOnly] {
                for index in items.indices.reversed() where size() > budget {
                    levels[index] = level
                }
            }
            if size() > budget {
                // The tables alone are too large: cut them hard; the note says where the rest is.
                items = []
                levels = []
            }
        }
        var out = head
        if !items.isEmpty {
            out += "\n### Modified resources\n\n"
            for (item, level) in zip(items, levels) { out += item.text(level) }
        }
        out += tail
        if cut {
            let shortened = levels.count { $0 == .shortened }
            let dropped = levels.count { $0 == .nameOnly } + (digest.modified.count - items.count)
            out += Self.cutNote(shortened: shortened, dropped: dropped)
            if out.count > limit { out = String(out.prefix(limit - 200)) + "\n\n" + Self.cutNote(shortened: shortened, dropped: dropped) }
        }
        return out
    }

    static func cutNote(shortened: Int, dropped: Int) -> String {
        "\n---\n✂️ **This comment was shortened to fit**: details of \(shortened) resource\(shortened == 1 ? "" : "s") were shortened and of \(dropped) left out (least risky first). "
            + "See everything with `meshdiff diff … --format json`, or `--format markdown --max-size 0 --output report.md`.\n"
    }

    static func head(_ digest: ReportDigest) -> String {
        var out = "## meshdiff: \(escape(digest.headline.joined(separator: "; ")))\n\n"
        out += "<sub>\(html(digest.revisions))</sub>\n\n"
        if !digest.warnings.isEmpty {
            out += "> [!WARNING]\n"
            for warning in digest.warnings { out += "> - \(escape(warning))\n" }
            out += "\n"
        }
        out += "**\(escape(digest.summary))**\n"
        if !digest.images.isEmpty {
            out += "\n### Images\n\n| Workload | Container | From | To | Direction |\n|---|---|---|---|---|\n"
            for row in digest.images {
                let direction = row.direction.hasPrefix("downgrade") ? "⚠️ **\(cell(row.direction))**" : cell(row.direction)
                out += "| \(cell(row.workload)) | \(cell(row.container)) | \(code(row.from)) | \(code(row.to)) | \(direction) |\n"
            }
        }
        if !digest.settings.isEmpty {
            out += "\n### Flags and settings\n\n| Workload | Container | Change |\n|---|---|---|\n"
            for group in digest.settings {
                for line in group.lines {
                    out += "| \(cell(group.workload)) | \(cell(group.container)) | \(code(line)) |\n"
                }
            }
        }
        out += bullets("Security", digest.security)
        out += bullets("RBAC", digest.rbac)
        out += bullets("CRDs", digest.crds)
        out += bullets("Webhooks", digest.webhooks)
        if !digest.added.isEmpty || !digest.removed.isEmpty {
            out += "\n### Resources added and removed\n\n"
            for group in digest.added { out += "- ➕ **\(escape(group.kind))**: \(group.names.map(code).joined(separator: ", "))\n" }
            for group in digest.removed { out += "- ➖ **\(escape(group.kind))**: \(group.names.map(code).joined(separator: ", "))\n" }
        }
        return out
    }

    static func tail(_ digest: ReportDigest) -> String {
        var out = bullets("Noise", digest.noise)
        if let moves = digest.moves { out += "\n\(escape(moves))\n" }
        out += bullets("Findings", digest.findings)
        return out
    }

    static func bullets(_ title: String, _ lines: [String]) -> String {
        guard !lines.isEmpty else { return "" }
        return "\n### \(title)\n\n"
            + lines.map { line in
                line.hasPrefix("    ") || line.hasPrefix("  ") ? "  - \(escape(line.trimmingLeadingSpaces))\n" : "- \(escape(line))\n"
            }.joined()
    }

    /// One modified resource, at each level of detail.
    struct ResourceItem {
        enum Level { case full, shortened, nameOnly }
        let resource: ReportDigest.ModifiedResource

        init(_ resource: ReportDigest.ModifiedResource) { self.resource = resource }

        func text(_ level: Level) -> String {
            let title = MarkdownRenderer.html(resource.title)
            let count = resource.lines.filter { !$0.hasPrefix("  ") }.count
            switch level {
            case .nameOnly:
                return "- `\(resource.title.replacingOccurrences(of: "`", with: "'"))` (details left out)\n"
            case .full, .shortened:
                var lines = resource.lines
                var note = ""
                if level == .shortened && lines.count > MarkdownRenderer.shortenedLines {
                    note = "\n… \(lines.count - MarkdownRenderer.shortenedLines) more lines left out\n"
                    lines = Array(lines.prefix(MarkdownRenderer.shortenedLines))
                }
                let changes = count == 0 ? "only noise" : "\(count) change\(count == 1 ? "" : "s")"
                let summary = "<code>\(title)</code> — \(changes)" + (resource.folded.map { ", \(MarkdownRenderer.html($0))" } ?? "")
                guard !lines.isEmpty else { return "- \(summary)\n" }
                let body = lines.joined(separator: "\n")
                let fence = MarkdownRenderer.fence(for: body)
                return "<details><summary>\(summary)</summary>\n\n\(fence)\n\(body)\n\(fence)\n\(note)</details>\n"
            }
        }
    }

    // MARK: - Escaping

    /// Markdown-inert text for running prose.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|", "*", "_", "`", "[", "]", "\\": out += "\\\(character)"
            default: out.append(character)
            }
        }
        return out
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// A table cell: no pipes, no newlines.
    static func cell(_ text: String) -> String {
        escape(text.replacingOccurrences(of: "\n", with: " "))
    }

    /// Inline code that survives backticks and pipes inside tables.
    static func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        let run = longestRun(of: "`", in: flat)
        let ticks = String(repeating: "`", count: run + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return "\(ticks)\(pad)\(flat)\(pad)\(ticks)"
    }

    /// A code fence longer than any backtick run in `body`.
    static func fence(for body: String) -> String {
        String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for c in text {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
