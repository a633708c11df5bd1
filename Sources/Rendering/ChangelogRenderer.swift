import Reports

/// Turns a changelog into the text of one format.
public protocol ChangelogRenderer: Sendable {
    var format: String { get }
    /// `options.maxSize` bounds the Markdown (0: no limit); the other options do not apply.
    func render(_ changelog: Changelog, options: RenderOptions) throws -> String
    /// The same text, handed to `output` in pieces as it is made (see `ReportRenderer.write`).
    func write(_ changelog: Changelog, options: RenderOptions, to output: @escaping TextOutput) throws
}

extension ChangelogRenderer {
    public func write(_ changelog: Changelog, options: RenderOptions, to output: @escaping TextOutput) throws {
        try TextPieces.whole(try render(changelog, options: options), to: output)
    }
}

extension ChangelogRenderer {
    public func render(_ changelog: Changelog) throws -> String { try render(changelog, options: RenderOptions()) }
}

/// The changelog renderers by format name.
public enum ChangelogRenderers {
    public static let all: [any ChangelogRenderer] = [ChangelogMarkdownRenderer(), ChangelogTextRenderer(), ChangelogJSONRenderer()]

    public static func named(_ format: String) -> (any ChangelogRenderer)? {
        all.first { $0.format == format }
    }

    public static var formats: [String] { all.map(\.format) }
}

/// The changelog's JSON: schema 1, documented in the README.
public struct ChangelogJSONRenderer: ChangelogRenderer {
    public let format = "json"
    public init() {}
    public func render(_ changelog: Changelog, options: RenderOptions) throws -> String { try JSONRenderer.encode(changelog) }

    /// Written as it is made: a long history's JSON is never whole in memory.
    public func write(_ changelog: Changelog, options: RenderOptions, to output: @escaping TextOutput) throws {
        try JSONText.pretty(changelog, to: output)
    }
}

/// Release sections, each with its facts and the smaller changes after it, as wording shared
/// by the Markdown and text changelogs.
struct ChangelogOutline {
    struct Section {
        var release: ChangelogEntry?
        var changes: [ChangelogEntry] = []
    }

    var sections: [Section] = []
    var other: [ChangelogEntry] = []

    init(_ changelog: Changelog) {
        var current = Section(release: nil)
        for entry in changelog.entries {
            switch entry.kind {
            case .release:
                if current.release != nil || !current.changes.isEmpty { sections.append(current) }
                current = Section(release: entry)
            case .change:
                current.changes.append(entry)
            case .other:
                other.append(entry)
            }
        }
        if current.release != nil || !current.changes.isEmpty { sections.append(current) }
        // Newest first everywhere, as release pages read: sections, their smaller changes, the rest.
        sections.reverse()
        for index in sections.indices { sections[index].changes.reverse() }
        other.reverse()
    }

    static func title(_ entry: ChangelogEntry) -> String {
        ReportDigest.headlines(entry.meshes).map(\.text).joined(separator: "; ")
    }

    static func byline(_ entry: ChangelogEntry) -> String {
        let tags = entry.tags.isEmpty ? "" : " · tag \(entry.tags.joined(separator: ", "))"
        return "\(entry.date.prefix(10)) · \(entry.commit.prefix(12)) · \(entry.author) · \(entry.subject)\(tags)"
    }

    /// For a tag step: the commits inside it that moved the mesh, one line each.
    static func changedBy(_ entry: ChangelogEntry) -> [String] {
        (entry.changedBy ?? []).map { commit in
            let moves = ReportDigest.headlines(commit.meshes).map(\.text).joined(separator: "; ")
            return "moved by \(commit.commit.prefix(12)) · \(commit.date.prefix(10)) · \(commit.author) · \(commit.subject): \(moves)"
        }
    }

    /// The facts of a step, in the diff report's wording.
    static func facts(_ entry: ChangelogEntry) -> [String] {
        var lines: [String] = []
        // Image downgrades are said once, in the image lines below.
        lines += entry.warnings.filter { !($0.kind == .downgrade && $0.image != nil) }.map { "⚠ " + $0.message }
        if let layout = entry.layoutChange { lines.append(layout) }
        // Release notes say each move once, with where it applies, not once per container.
        lines += grouped(
            entry.images.map { image in
                let direction = image.direction == .downgrade ? "DOWNGRADE" : image.direction.rawValue
                return ("image \(image.from ?? "—") → \(image.to ?? "—") (\(direction))", "\(image.name)/\(image.container)")
            })
        lines += grouped(
            entry.flags.map { flag in
                (
                    ReportDigest.transition(
                        "flag " + (flag.flag.isEmpty ? "arguments" : flag.spelled ?? "--\(flag.flag)"), flag.from, flag.to),
                    "\(flag.name)/\(flag.container)"
                )
            })
        lines += grouped(
            entry.env.map { variable in
                (
                    ReportDigest.transition(
                        "env $" + variable.variable, variable.from.map { ReportDigest.short($0, limit: 80) },
                        variable.to.map { ReportDigest.short($0, limit: 80) }), "\(variable.name)/\(variable.container)"
                )
            })
        lines += resources("added", entry.added)
        lines += resources("removed", entry.removed)
        for change in entry.rbac {
            let role = "\(change.kind) \(ReportDigest.place(change.namespace, change.name))"
            if !change.granted.isEmpty { lines.append("RBAC \(role) grants \(ReportDigest.permissions(change.granted))") }
            if !change.revoked.isEmpty { lines.append("RBAC \(role) revokes \(ReportDigest.permissions(change.revoked))") }
        }
        lines += entry.crds.flatMap(ReportDigest.describe).filter { !$0.hasPrefix("    ") }.map { "CRD " + $0 }
        for hook in entry.webhooks {
            lines.append(
                "webhook \(hook.name) [\(hook.webhook)] "
                    + ReportDigest.transition(
                        hook.setting, hook.from.map { ReportDigest.clip($0, 100) }, hook.to.map { ReportDigest.clip($0, 100) }))
        }
        for change in entry.security {
            lines.append(
                "security \(change.kind) \(ReportDigest.place(change.namespace, change.name))\(change.container.map { " [\($0)]" } ?? "") "
                    + ReportDigest.transition(change.setting, change.from, change.to))
        }
        // GitOps settings in the diff report's words (`automated sync turned on`).
        for setting in entry.settings {
            lines.append(
                "\(setting.scope) of \(setting.kind) \(ReportDigest.place(setting.namespace, setting.name)): "
                    + ReportDigest.settingLine(setting).text)
        }
        return lines
    }

    /// One line per distinct fact, naming up to three of the places it applies to.
    static func grouped(_ facts: [(fact: String, place: String)]) -> [String] {
        facts.groupedInOrder(by: \.fact).map { fact, group in
            let list = group.map(\.place)
            let shown = list.prefix(3).joined(separator: ", ") + (list.count > 3 ? ", and \(list.count - 3) more" : "")
            return "\(fact) in \(shown)"
        }
    }

    /// Resources by kind; long lists become counts.
    static func resources(_ verb: String, _ ids: [String]) -> [String] {
        guard !ids.isEmpty else { return [] }
        let byKind = Dictionary(grouping: ids) { String($0.prefix { $0 != " " }) }
        return byKind.sorted { $0.key < $1.key }.map { kind, list in
            let names = list.map { String($0.drop { $0 != " " }.dropFirst()) }
            return names.count > 8
                ? "\(verb) \(names.count) × \(kind)"
                : "\(verb) \(kind): \(names.joined(separator: ", "))"
        }
    }

    static func oneLine(_ entry: ChangelogEntry) -> String {
        let s = entry.summary
        var parts: [String] = []
        if s.added > 0 { parts.append("\(s.added) added") }
        if s.removed > 0 { parts.append("\(s.removed) removed") }
        if s.modified > 0 { parts.append("\(s.modified) modified") }
        if let layout = entry.layoutChange { parts.append(layout) }
        return
            "\(entry.date.prefix(10)) \(entry.commit.prefix(12)) \(entry.subject): \(parts.isEmpty ? "no resource changes" : parts.joined(separator: ", "))"
    }
}

/// Release notes for a release page, within `maxSize` characters when set: the facts of the
/// oldest entries are left out first (their one-line titles stay), and the notes say so.
public struct ChangelogMarkdownRenderer: ChangelogRenderer {
    public let format = "markdown"
    public init() {}

    public func render(_ changelog: Changelog, options: RenderOptions) throws -> String {
        let outline = ChangelogOutline(changelog)
        var head =
            "# Release notes\n\n<sub>\(MarkdownRenderer.html(changelog.range)): \(changelog.commitsWalked) commits walked, "
            + "\(changelog.commitsWithoutManifestChanges) touched no manifest and are left out</sub>\n"
        if let cut = changelog.historyCut { head += "\n> [!WARNING]\n> \(MarkdownRenderer.escape(cut))\n" }
        // Pieces in reading order (newest first); each entry's facts can be left out alone.
        var pieces: [(title: String, facts: String)] = []
        func facts(_ entry: ChangelogEntry, indent: String) -> String {
            ChangelogOutline.facts(entry).map { "\(indent)- \(MarkdownRenderer.escape($0))\n" }.joined()
        }
        for section in outline.sections {
            if let release = section.release {
                let warning = release.meshes.contains { $0.direction == .downgrade } ? "⚠️ " : ""
                pieces.append(
                    (
                        "\n## \(warning)\(MarkdownRenderer.escape(ChangelogOutline.title(release)))\n\n"
                            + "<sub>\(MarkdownRenderer.html(ChangelogOutline.byline(release)))</sub>\n\n"
                            + ChangelogOutline.changedBy(release).map { "<sub>\(MarkdownRenderer.html($0))</sub>\n\n" }.joined(),
                        facts(release, indent: "")
                    ))
            } else {
                pieces.append(("\n## Before the first detected release\n", ""))
            }
            if !section.changes.isEmpty {
                pieces.append(("\n### Smaller changes\n\n", ""))
                for entry in section.changes {
                    pieces.append(("- \(MarkdownRenderer.escape(ChangelogOutline.oneLine(entry)))\n", facts(entry, indent: "  ")))
                }
            }
        }
        if !outline.other.isEmpty {
            pieces.append(("\n## Other manifest changes (no mesh)\n\n", ""))
            for entry in outline.other {
                pieces.append(("- \(MarkdownRenderer.escape(ChangelogOutline.oneLine(entry)))\n", facts(entry, indent: "  ")))
            }
        }
        // Commit subjects and authors are shown inert too, before they are measured.
        head = ControlCharacters.shown(head)
        pieces = pieces.map { (ControlCharacters.shown($0.title), ControlCharacters.shown($0.facts)) }
        var keep = Array(repeating: true, count: pieces.count)
        let limit = options.maxSize
        var total = head.count + pieces.reduce(0) { $0 + $1.title.count + $1.facts.count }
        var left = 0
        if limit > 0 && total > limit {
            // Oldest first: the other changes, then older sections, from the end of the page.
            for index in pieces.indices.reversed() where total > limit - Self.cutNote(left + 1).count && !pieces[index].facts.isEmpty {
                keep[index] = false
                total -= pieces[index].facts.count
                left += 1
            }
        }
        var out = head
        for (piece, kept) in zip(pieces, keep) { out += piece.title + (kept ? piece.facts : "") }
        if left > 0 {
            out += Self.cutNote(left)
            if out.count > limit { out = String(out.prefix(max(0, limit - 1))) + "\n" }
        }
        return out
    }

    static func cutNote(_ left: Int) -> String {
        "\n---\n✂️ **Shortened to fit**: the details of the \(left) oldest entr\(left == 1 ? "y were" : "ies were") left out (their titles stay). "
            + "See everything with `meshdiff changelog --format json`, or `--max-size 0`.\n"
    }
}

/// Release notes for a terminal.
public struct ChangelogTextRenderer: ChangelogRenderer {
    public let format = "text"
    public init() {}

    public func render(_ changelog: Changelog, options: RenderOptions) throws -> String {
        let outline = ChangelogOutline(changelog)
        var out =
            "Release notes for \(changelog.range): \(changelog.commitsWalked) commits walked, \(changelog.commitsWithoutManifestChanges) touched no manifest\n"
        if let cut = changelog.historyCut { out += "! \(cut)\n" }
        for section in outline.sections {
            if let release = section.release {
                out += "\n\(ChangelogOutline.title(release))\n  \(ChangelogOutline.byline(release))\n"
                for line in ChangelogOutline.changedBy(release) { out += "  \(line)\n" }
                for line in ChangelogOutline.facts(release) { out += "  - \(line)\n" }
            } else {
                out += "\nBefore the first detected release\n"
            }
            for entry in section.changes {
                out += "  * \(ChangelogOutline.oneLine(entry))\n"
                for line in ChangelogOutline.facts(entry) { out += "      - \(line)\n" }
            }
        }
        if !outline.other.isEmpty {
            out += "\nOther manifest changes (no mesh)\n"
            for entry in outline.other {
                out += "  * \(ChangelogOutline.oneLine(entry))\n"
                for line in ChangelogOutline.facts(entry) { out += "      - \(line)\n" }
            }
        }
        // Commit subjects and authors come from anyone who can push: shown, not obeyed.
        return ControlCharacters.shown(out)
    }
}
