import Reports

/// The merge-request comment: GitHub- and GitLab-flavoured Markdown, headline, warnings and
/// tables first, one collapsible `<details>` per modified resource.
///
/// With `maxSize` set (the CLI's default is 65,536 characters, GitHub's comment limit), the
/// details of the least risky resources are shortened, then dropped, until the comment fits;
/// every changed resource is still named, and the comment says what was cut and how to see it all.
public struct MarkdownRenderer: ReportRenderer {
    public let format = "markdown"
    public init() {}

    /// The first line of every report, invisible on GitHub and GitLab: what CI recipes look for
    /// to update their comment in place.
    public static let marker = "<!-- meshdiff:report -->"

    /// How many field changes a shortened resource keeps.
    static let shortenedLines = 5

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        let digest = ReportDigest(report, showNoise: options.showNoise, valueLimit: 80, tabled: true)
        var blocks = Self.blocks(digest, summaryOnly: options.summaryOnly)
        let items = options.summaryOnly ? [] : digest.modified.map(ResourceItem.init)
        var levels = Array(repeating: ResourceItem.Level.full, count: items.count)
        var sizes = items.map { $0.text(.full).count }
        let limit = options.maxSize
        var compactNames: String?
        var cut = false

        // Every size is computed once and kept in a running total, so that a report of
        // thousands of resources is budgeted in linear time.
        var total = blocks.reduce(0) { $0 + $1.size } + sizes.reduce(0, +) + 40
        if limit > 0 && total > limit {
            cut = true
            let budget = limit - Self.cutNote(shortened: items.count, dropped: items.count).count - 200
            // Least risky last in the digest: walk from the end, shortening, then naming only.
            for level in [ResourceItem.Level.shortened, .nameOnly] {
                for index in items.indices.reversed() where total > budget {
                    let size = items[index].text(level).count
                    total += size - sizes[index]
                    sizes[index] = size
                    levels[index] = level
                }
            }
            if total > budget {
                // Too many resources for a line each: name them by kind, in one list.
                let names = Self.namesByKind(digest.modified)
                total += names.count - sizes.reduce(0, +)
                compactNames = names
            }
            // The tables alone are too large: keep the first rows of the largest, halving.
            var rounds = 64
            while total > budget, rounds > 0,
                let largest = blocks.indices.max(by: { blocks[$0].size < blocks[$1].size }), blocks[largest].kept > 0
            {
                let before = blocks[largest].size
                blocks[largest].kept /= 2
                total += blocks[largest].size - before
                rounds -= 1
            }
        }
        var out = blocks.filter { !$0.isTail }.map(\.text).joined()
        if let compactNames {
            out += "\n### Modified resources (names only)\n\n" + compactNames
        } else if !items.isEmpty {
            out += "\n### Modified resources\n\n"
            for (item, level) in zip(items, levels) { out += item.text(level) }
        }
        out += blocks.filter(\.isTail).map(\.text).joined()
        if cut {
            let shortened = compactNames == nil ? levels.count { $0 == .shortened } : 0
            let dropped = compactNames == nil ? levels.count { $0 == .nameOnly } : items.count
            let notice = Self.cutNote(shortened: shortened, dropped: dropped)
            if out.count + notice.count > limit {
                // Only a pathological report (warnings longer than the limit) gets here.
                out = String(out.prefix(max(0, limit - notice.count - 2))) + "\n"
            }
            out += notice
        }
        return out
    }

    static func cutNote(shortened: Int, dropped: Int) -> String {
        "\n---\n✂️ **This comment was shortened to fit**: details of \(shortened) resource\(shortened == 1 ? "" : "s") were shortened and of \(dropped) left out (least risky first); long tables keep their first rows. "
            + "See everything with `meshdiff diff … --format json`, or `--format markdown --max-size 0 --output report.md`.\n"
    }

    /// A section of the comment; its rows can be cut to the first few.
    struct Block {
        let header: String
        let rows: [String]
        /// After the rows, kept when rows are cut.
        let footer: String
        /// Rendered after the modified resources (noise, moves, findings).
        let isTail: Bool
        var kept: Int
        private let rowSizes: [Int]

        init(header: String, rows: [String] = [], footer: String = "", isTail: Bool = false) {
            // Shown inert before they are measured, so that the size limit holds for what is written.
            self.header = ControlCharacters.shown(header)
            self.rows = rows.map(ControlCharacters.shown)
            self.footer = ControlCharacters.shown(footer)
            self.isTail = isTail
            kept = rows.count
            rowSizes = rows.map(\.count)
        }

        var omission: String {
            kept < rows.count ? "\n… \(rows.count - kept) more (see `--format json`)\n" : ""
        }

        var size: Int { header.count + rowSizes.prefix(kept).reduce(0, +) + omission.count + footer.count }

        var text: String { header + rows.prefix(kept).joined() + omission + footer }
    }

    static func blocks(_ digest: ReportDigest, summaryOnly: Bool = false) -> [Block] {
        // The hidden marker lets CI find and update its own comment.
        var top = "\(marker)\n## meshdiff: \(escape(digest.headline.map(\.text).joined(separator: "; ")))\n\n"
        top += "<sub>\(html(digest.revisions))</sub>\n\n"
        for link in digest.releaseNotes { top += "\(escape(link.label)): <\(link.url)>\n\n" }
        if !digest.warnings.isEmpty {
            top += "> [!WARNING]\n"
            for warning in digest.warnings { top += "> - \(escape(warning))\n" }
            top += "\n"
        }
        top += "**\(escape(digest.summary))**\n"
        if !digest.overview.isEmpty { top += "\n" + digest.overview.map { "- \(escape($0))\n" }.joined() }
        var blocks = [Block(header: top)]
        if summaryOnly { return blocks }
        if !digest.images.isEmpty {
            blocks.append(
                Block(
                    header: "\n### Images\n\n| Image | From → to | Direction | Where |\n|---|---|---|---|\n",
                    rows: digest.images.map { row in
                        let direction = row.isDowngrade ? "⚠️ **\(cell(row.direction))**" : cell(row.direction)
                        return
                            "| \(code(row.image)) | \(code(row.from)) → \(code(row.to)) | \(direction) | \(cell(ReportDigest.places(row.places))) |\n"
                    },
                    footer: digest.imageNotes.isEmpty
                        ? "" : "\n" + digest.imageNotes.enumerated().map { "\\[\($0 + 1)\\] \(escape($1))\n" }.joined(separator: "\n")))
        }
        if !digest.settings.isEmpty {
            blocks.append(
                Block(
                    header: "\n### Flags and settings\n\n| Change | Where |\n|---|---|\n",
                    rows: digest.settings.map { row in
                        "| \(row.changes.map { code($0.text) }.joined(separator: "<br>")) | \(cell(ReportDigest.places(row.places))) |\n"
                    }))
        }
        blocks += [
            bullets("GitOps settings", digest.gitops.map(\.text)),
            bullets("Security", digest.security.map(\.text)), bullets("RBAC", digest.rbac.map(\.text)),
            bullets("CRDs", digest.crds.map(\.text)),
            bullets("Webhooks", digest.webhooks),
        ].compactMap { $0 }
        if !digest.added.isEmpty || !digest.removed.isEmpty {
            blocks.append(
                Block(
                    header: "\n### Resources added and removed\n\n",
                    rows: digest.added.map { "- ➕ **\(escape($0.kind))**: \($0.names.map(code).joined(separator: ", "))\n" }
                        + digest.removed.map { "- ➖ **\(escape($0.kind))**: \($0.names.map(code).joined(separator: ", "))\n" }))
        }
        if !digest.alike.isEmpty {
            blocks.append(
                Block(
                    header: "\n### Changed alike in several resources\n\n",
                    rows: digest.alike.map { group in
                        let body = group.lines.map(\.text).joined(separator: "\n")
                        let fence = fence(for: body)
                        let summary = "\(group.changes) change\(group.changes == 1 ? "" : "s") in \(group.resources.count) resources"
                        return "<details><summary>\(summary)</summary>\n\n\(group.resources.map(code).joined(separator: ", "))\n\n"
                            + "\(fence)\n\(body)\n\(fence)\n</details>\n\n"
                    }))
        }
        blocks += [bullets("Noise", digest.noise, isTail: true)].compactMap { $0 }
        if let moves = digest.moves { blocks.append(Block(header: "\n\(escape(moves))\n", isTail: true)) }
        blocks += [bullets("Findings", digest.findings.map(\.text), isTail: true)].compactMap { $0 }
        return blocks
    }

    static func bullets(_ title: String, _ lines: [String], isTail: Bool = false) -> Block? {
        guard !lines.isEmpty else { return nil }
        let rows = lines.map { line in
            line.hasPrefix("  ") ? "  - \(escape(line.trimmingLeadingSpaces))\n" : "- \(escape(line))\n"
        }
        return Block(header: "\n### \(title)\n\n", rows: rows, isTail: isTail)
    }

    /// Every modified resource named, grouped by kind, in one list.
    static func namesByKind(_ resources: [ReportDigest.ModifiedResource]) -> String {
        let byKind = Dictionary(grouping: resources, by: \.kind)
        return byKind.sorted { $0.key < $1.key }.map { kind, list in
            let names = list.map(\.name)
            return ControlCharacters.shown("- **\(escape(kind))** (\(list.count)): \(names.joined(separator: ", "))\n")
        }.joined()
    }

    /// One modified resource, at each level of detail.
    struct ResourceItem {
        enum Level { case full, shortened, nameOnly }
        let resource: ReportDigest.ModifiedResource

        init(_ resource: ReportDigest.ModifiedResource) { self.resource = resource }

        func text(_ level: Level) -> String {
            ControlCharacters.shown(unescaped(level))
        }

        private func unescaped(_ level: Level) -> String {
            let title = MarkdownRenderer.html(resource.title)
            let count = resource.changes
            switch level {
            case .nameOnly:
                return "- `\(resource.title.replacingBytes("`", with: "'"))` (details left out)\n"
            case .full, .shortened:
                var lines = resource.lines.map(\.text)
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
                // The blank line after </details> ends the HTML block, so what follows is Markdown.
                return "<details><summary>\(summary)</summary>\n\n\(fence)\n\(body)\n\(fence)\n\(note)</details>\n\n"
            }
        }
    }

    // MARK: - Escaping

    /// Markdown-inert text for running prose.
    static func escape(_ text: String) -> String {
        var out = ""
        // A line that starts like a list item, a heading or a quote would become one.
        if let first = text.unicodeScalars.first,
            "+-#>=".unicodeScalars.contains(first) || (("0"..."9").contains(first) && text.unicodeScalars.dropFirst().first == ".")
        {
            out = "\\"
        }
        // Scalar by scalar: a combining mark after a `|` makes one character of them, which a
        // character-wise switch would let through to split a table row.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|", "*", "_", "`", "[", "]", "\\": out += "\\\(scalar)"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func html(_ text: String) -> String {
        text.replacingBytes("&", with: "&amp;").replacingBytes("<", with: "&lt;").replacingBytes(">", with: "&gt;")
    }

    /// A table cell: no pipes, no newlines.
    static func cell(_ text: String) -> String {
        escape(text.replacingBytes("\n", with: " "))
    }

    /// Inline code that survives backticks and pipes inside tables.
    static func code(_ text: String) -> String {
        let flat = text.replacingBytes("\n", with: " ").replacingBytes("|", with: "\\|")
        let run = longestRun(of: "`", in: flat)
        let ticks = String(repeating: "`", count: run + 1)
        let pad = flat.unicodeScalars.first == "`" || flat.unicodeScalars.last == "`" ? " " : ""
        return "\(ticks)\(pad)\(flat)\(pad)\(ticks)"
    }

    /// A code fence longer than any backtick run in `body`.
    static func fence(for body: String) -> String {
        String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
    }

    static func longestRun(of character: Unicode.Scalar, in text: String) -> Int {
        var longest = 0
        var current = 0
        for c in text.unicodeScalars {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

extension String {
    fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
