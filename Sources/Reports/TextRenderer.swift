import Manifests

/// The terminal report: what a reviewer reads first.
public struct TextRenderer: ReportRenderer {
    public let format = "text"
    public init() {}

    public func render(_ report: Report, options: RenderOptions) throws -> String {
        var out = TextBuilder(color: options.color)
        out.heading("meshdiff \(Self.revision(report.from)) → \(Self.revision(report.to))")
        for mesh in report.meshes {
            out.line(Self.describe(mesh), style: mesh.direction == .downgrade ? .warning : .plain)
        }
        let s = report.summary
        out.line("\(s.added) added, \(s.removed) removed, \(s.modified) modified, \(s.moved) moved; \(s.noiseChanges) noise changes")
        if !report.findings.isEmpty {
            out.blank()
            out.heading("Findings")
            for finding in report.findings {
                let place = finding.line.map { "\(finding.path):\($0)" } ?? finding.path
                out.line("\(finding.severity.rawValue): \(place) (\(finding.revision)): \(finding.message)",
                         style: finding.severity == .info ? .dim : .warning)
            }
        }
        if !report.images.isEmpty {
            out.blank()
            out.heading("Images")
            for image in report.images {
                let note = image.note.map { " (\($0))" } ?? ""
                out.line("\(image.kind) \(Self.place(image.namespace, image.name)) [\(image.container)]: \(image.from ?? "—") → \(image.to ?? "—")  \(image.direction.rawValue)\(note)",
                         style: image.direction == .downgrade ? .warning : .plain)
            }
        }
        if !report.flags.isEmpty || !report.env.isEmpty {
            out.blank()
            out.heading("Flags and environment")
            for flag in report.flags {
                let name = flag.flag.isEmpty ? "(arguments)" : "--\(flag.flag)"
                out.line("\(flag.kind) \(Self.place(flag.namespace, flag.name)) [\(flag.container)] \(name): \(flag.from ?? "—") → \(flag.to ?? "—")")
            }
            for variable in report.env {
                out.line("\(variable.kind) \(Self.place(variable.namespace, variable.name)) [\(variable.container)] $\(variable.variable): \(Self.short(variable.from)) → \(Self.short(variable.to))")
            }
        }
        let added = report.resources.filter { $0.status == .added }
        let removed = report.resources.filter { $0.status == .removed }
        if !added.isEmpty || !removed.isEmpty {
            out.blank()
            out.heading("Resources added and removed")
            for resource in added { out.line("+ \(resource.id)", style: .added) }
            for resource in removed { out.line("- \(resource.id)", style: .removed) }
        }
        let modified = report.resources.filter { $0.status == .modified }
        if !modified.isEmpty {
            out.blank()
            out.heading("Modified resources")
            for resource in modified {
                out.line("~ \(resource.id)")
                let (shown, noise) = options.showNoise
                    ? (resource.changes, [FieldChange]())
                    : (resource.changes.filter { !$0.category.isNoise }, resource.changes.filter { $0.category.isNoise })
                for change in shown {
                    out.line("    \(change.path): \(Self.describe(change))")
                }
                if !noise.isEmpty {
                    let kinds = Set(noise.map(\.category.rawValue)).sorted().joined(separator: ", ")
                    out.line("    (\(noise.count) noise changes folded: \(kinds); --show-noise lists them)", style: .dim)
                }
            }
        }
        if !report.moves.isEmpty {
            out.blank()
            out.line("\(report.moves.count) resources moved to other files without changes", style: .dim)
        }
        return out.text
    }

    static func revision(_ info: RevisionInfo) -> String {
        guard let commit = info.commit else { return info.ref }
        return "\(info.ref) (\(commit.prefix(12)))"
    }

    static func place(_ namespace: String?, _ name: String) -> String {
        namespace.map { "\($0)/\(name)" } ?? name
    }

    static func describe(_ mesh: MeshChange) -> String {
        let note = mesh.note.map { " (\($0))" } ?? ""
        return "\(mesh.mesh) \(mesh.from ?? "—") → \(mesh.to ?? "—"): \(mesh.direction.rawValue)\(note)"
    }

    static func describe(_ change: FieldChange) -> String {
        switch change.op {
        case "add": return "added \(short(change.to))"
        case "remove": return "removed \(short(change.from))"
        case "reorder": return "order changed"
        default: return "\(short(change.from)) → \(short(change.to))"
        }
    }

    /// A value on one line, shortened with a note when long.
    static func short(_ value: Value?, limit: Int = 120) -> String {
        guard let value else { return "—" }
        let text: String
        switch value {
        case let .string(s): text = s.contains("\n") ? "\"\(s.split(separator: "\n").first ?? "")…\" (\(s.split(separator: "\n").count) lines)" : s
        case .list, .map: text = (try? JSONRenderer.encodeCompact(value)) ?? "…"
        default: text = value.scalarText ?? ""
        }
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count) characters)"
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
}
