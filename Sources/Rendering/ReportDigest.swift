import Diffing
import Manifests
import Reports

/// A report arranged for people, riskiest first, in wording shared by every human format
/// (text, Markdown, the changelog). Renderers lay it out; they decide nothing.
public struct ReportDigest: Sendable {
    /// The mesh version changes, or the revisions when no mesh is known.
    public var headline: [Line]
    /// `FROM (commit) → TO (commit)`.
    public var revisions: String
    /// Upstream release notes of the target versions, where the mesh is known.
    public var releaseNotes: [(label: String, url: String)]
    public var warnings: [String]
    public var summary: String
    /// The short "what changed" digest that follows the counts, before any table.
    public var overview: [String]
    /// Image changes, one row per (image, from → to) with every workload it applies to.
    public var images: [ImageRow]
    /// The caveats of image directions, numbered: rows say `upgrade [1]`.
    public var imageNotes: [String]
    /// Flag and env changes: each distinct change in one row, changes made in the same
    /// workloads sharing it.
    public var settings: [SettingRow]
    public var added: [KindGroup]
    public var removed: [KindGroup]
    public var rbac: [Line]
    public var crds: [Line]
    public var webhooks: [String]
    public var security: [Line]
    /// Argo CD and Flux settings: a line per resource and scope, its settings indented below.
    public var gitops: [Line]
    /// Changes made alike in several modified resources, said once with the resources.
    public var alike: [AlikeChanges]
    /// Modified resources, riskiest first.
    public var modified: [ModifiedResource]
    /// One line per kind of noise, with the resources affected.
    public var noise: [String]
    public var moves: String?
    public var findings: [Line]

    /// A line of prose and how it should stand out: renderers take the tone from here, never
    /// from the words.
    public struct Line: Sendable, Equatable {
        public enum Tone: Sendable { case plain, risk, dim }
        public var text: String
        public var tone: Tone
        /// `text` in pieces, the old and new values marked (a terminal colours them red and green).
        public var spans: [Span]

        init(_ text: String, _ tone: Tone = .plain) {
            self.text = text
            self.tone = tone
            spans = [Span(text)]
        }

        init(spans: [Span], _ tone: Tone = .plain) {
            self.text = spans.map(\.text).joined()
            self.tone = tone
            self.spans = spans
        }

        /// This line under a header, two spaces in.
        var indented: Line {
            var line = Line(spans: [Span("  ")] + spans, tone)
            line.spans = line.spans.filter { !$0.text.isEmpty }
            return line
        }
    }

    /// A piece of a line: a value from the old side, from the new side, or words around them.
    public struct Span: Sendable, Equatable {
        public enum Role: Sendable { case plain, old, new }
        public var text: String
        public var role: Role

        init(_ text: String, _ role: Role = .plain) {
            self.text = text
            self.role = role
        }
    }

    /// One image change and where it applies.
    public struct ImageRow: Sendable {
        /// The image both sides share (`cr.l5d.io/linkerd/proxy`), or the two when it moved.
        public var image: String
        /// Tags (or whole references, when the image moved).
        public var from: String
        public var to: String
        public var direction: String
        public var isDowngrade: Bool
        /// `Kind namespace/name [container]`, in report order.
        public var places: [String]
    }

    /// Flag and env changes that apply to the same places: each distinct change is in one row,
    /// and changes made together (the same proxy settings in three workloads) share it.
    public struct SettingRow: Sendable {
        public var changes: [Line]
        /// `Kind namespace/name [container]`, in report order.
        public var places: [String]
    }

    /// Resources of one kind.
    public struct KindGroup: Sendable {
        public var kind: String
        public var names: [String]
    }

    /// The same field changes (path and values) in several resources.
    public struct AlikeChanges: Sendable {
        /// The resources' titles, in report order.
        public var resources: [String]
        public var changes: Int
        /// The changes, as an outline (`ReportDigest.outline`).
        public var lines: [Line]
    }

    /// A field change made in this many modified resources or more is said once, under
    /// "Changed alike", instead of in each.
    static let alikeThreshold = 3

    /// A modified resource and what changed in it.
    public struct ModifiedResource: Sendable {
        public var title: String
        /// `Kind.group` and `namespace/name (scope)`: the title's parts, for lists by kind.
        public var kind: String
        public var name: String
        /// 2: images, flags, env, RBAC, secrets; 1: other fields; 0: noise only.
        public var risk: Int
        /// The changes shown (noise folded unless asked for), those in the tables included.
        public var changes: Int
        public var lines: [Line]
        /// Folded noise, e.g. `2 noise changes folded` (the Noise section says which kinds).
        public var folded: String?
    }

    /// `tabled`: leave image, flag and env changes out of the modified resources' lines (the
    /// Images and Flags tables say each once), with a count in their place.
    public init(_ report: Report, showNoise: Bool, valueLimit: Int = 100, tabled: Bool = false) {
        let shorten = { (value: Value?) in Self.short(value, limit: valueLimit) }
        revisions = "\(Self.revision(report.from)) → \(Self.revision(report.to))"
        headline = Self.headlines(report.meshes.filter { $0.direction != .unchanged || report.meshes.count == 1 })
        if headline.isEmpty { headline = [Line(revisions)] }
        // Extensions released with their mesh share its release notes: one link.
        releaseNotes = report.meshes.filter { $0.direction != .unchanged }.compactMap { mesh in
            mesh.releaseNotes.map { ("\(Self.meshName(Self.family(mesh.mesh))) \(mesh.to ?? "") release notes", $0) }
        }.groupedInOrder(by: \.1).map(\.items[0])

        warnings = report.warnings.map(\.message)
        let s = report.summary
        summary =
            "\(s.added) added, \(s.removed) removed, \(s.modified) modified" + (s.renamed > 0 ? ", \(s.renamed) renamed" : "")
            + (s.moved > 0 ? ", \(s.moved) moved without changes" : "")
            + "; \(s.noiseChanges) of the field changes are noise"
            + (report.ignored.map { ignored in
                let parts = [
                    ignored.changes > 0 ? "\(ignored.changes) change\(ignored.changes == 1 ? "" : "s")" : nil,
                    ignored.resources > 0 ? "\(ignored.resources) resource\(ignored.resources == 1 ? "" : "s")" : nil,
                    ignored.files > 0 ? "\(ignored.files) file\(ignored.files == 1 ? "" : "s")" : nil,
                ].compactMap { $0 }
                return parts.isEmpty ? "" : "; \(parts.joined(separator: ", ")) ignored by \(ignored.by)"
            } ?? "")

        overview = Self.overview(report)

        // A caveat shared by many rows (a channel change) is said once, under the table.
        imageNotes = report.images.compactMap(\.note).groupedInOrder { $0 }.map(\.key)
        let notes = imageNotes
        func direction(_ image: ImageChange) -> String {
            image.direction.rawValue + (image.note.flatMap { notes.firstIndex(of: $0) }.map { " [\($0 + 1)]" } ?? "")
        }
        func place(_ kind: String, _ namespace: String?, _ name: String, _ container: String, _ scope: String?) -> String {
            Self.workload(kind, namespace, name, scope: scope) + " [\(container)]"
        }
        images = report.images.groupedInOrder { [$0.from ?? "", $0.to ?? "", direction($0)] }.map { _, group in
            let first = group[0]
            let (name, from, to) = Self.imageParts(first.from, first.to)
            return ImageRow(
                image: name, from: from, to: to, direction: direction(first), isDowngrade: first.direction == .downgrade,
                places: group.map { place($0.kind, $0.namespace, $0.name, $0.container, $0.scope) })
        }

        let flagChanges = report.flags.map { flag in
            let name = flag.flag.isEmpty ? "arguments" : flag.spelled ?? "--\(flag.flag)"
            return (
                change: Self.transitionLine(name, flag.from, flag.to),
                place: place(flag.kind, flag.namespace, flag.name, flag.container, flag.scope)
            )
        }
        let envChanges = report.env.map { variable in
            (
                change: Self.transitionLine("$\(variable.variable)", variable.from.map { shorten($0) }, variable.to.map { shorten($0) }),
                place: place(variable.kind, variable.namespace, variable.name, variable.container, variable.scope)
            )
        }
        settings = (flagChanges + envChanges).groupedInOrder(by: \.change.text)
            .map { (change: $0.items[0].change, places: $0.items.map(\.place)) }
            .groupedInOrder(by: \.places).map { SettingRow(changes: $0.items.map(\.change), places: $0.key) }

        func byKind(_ status: ResourceChange.Status) -> [KindGroup] {
            let matching = report.resources.filter { $0.status == status }
            return Dictionary(grouping: matching, by: \.kind).sorted { $0.key < $1.key }.map { kind, resources in
                KindGroup(kind: kind, names: resources.map { Self.place($0.namespace, $0.name) + ($0.scope.map { " (\($0))" } ?? "") })
            }
        }
        added = byKind(.added)
        removed = byKind(.removed)

        rbac = report.rbac.flatMap { change -> [Line] in
            let role = "\(change.kind) \(Self.place(change.namespace, change.name))"
            var lines: [Line] = []
            if !change.granted.isEmpty { lines.append(Line("\(role) grants \(Self.permissions(change.granted))")) }
            if !change.revoked.isEmpty { lines.append(Line("\(role) revokes \(Self.permissions(change.revoked))")) }
            lines += change.escalations.map { Line("\(role): \($0)", .risk) }
            if !change.subjects.isEmpty && (!change.granted.isEmpty || !change.revoked.isEmpty) {
                lines.append(Line("  bound to \(change.subjects.joined(separator: ", "))"))
            }
            return lines
        }
        crds = report.crds.flatMap { crd in
            let losing = crd.status == .removed || !crd.versionsRemoved.isEmpty
            return Self.describe(crd).enumerated().map { Line($1, $0 == 0 && losing ? .risk : .plain) }
        }
        // One line per webhook, its settings together.
        webhooks = report.webhooks.groupedInOrder { "\($0.kind) \($0.name) [\($0.webhook)]" }.map { hook, changes in
            "\(hook) "
                + changes.map {
                    Self.transition($0.setting, $0.from.map { Self.clip($0, valueLimit) }, $0.to.map { Self.clip($0, valueLimit) })
                }.joined(separator: "; ")
        }
        // One line per set of settings changed alike, with every container it applies to.
        security = report.security.groupedInOrder {
            Self.workload($0.kind, $0.namespace, $0.name, scope: $0.scope) + ($0.container.map { " [\($0)]" } ?? "")
        }.map { place, changes in
            (
                place: place, settings: changes.map { Self.transition($0.setting, $0.from, $0.to) + ($0.loosened ? " ← loosened" : "") },
                loosened: changes.contains(where: \.loosened)
            )
        }.groupedInOrder { $0.settings }.map { settings, group in
            Line(
                "\(settings.joined(separator: "; ")) — in \(group.map(\.place).joined(separator: ", "))", group[0].loosened ? .risk : .plain
            )
        }

        gitops = report.settings.groupedInOrder {
            [Self.workload($0.kind, $0.namespace, $0.name), $0.scope, $0.mesh.map(Self.meshName) ?? ""]
        }.flatMap { key, settings in
            [Line("\(key[0]) — \(key[1])" + (key[2].isEmpty ? "" : " (\(key[2]))"))] + settings.map { Self.settingLine($0).indented }
        }

        var noiseByCategory: [String: [String]] = [:]
        for resource in report.resources where resource.status == .modified || resource.status == .renamed {
            for category in Set(resource.changes.filter(\.category.isNoise).map(\.category.rawValue)).sorted() {
                noiseByCategory[category, default: []].append(resource.id.description)
            }
        }
        // Resources whose only changes are noise are named in the noise lines, not listed again.
        let listed = report.resources.filter { resource in
            (resource.status == .modified || resource.status == .renamed)
                && (showNoise || resource.changes.isEmpty || resource.changes.contains { !$0.category.isNoise })
        }
        let inTables: Set<ChangeCategory> = tabled ? [.image, .flag, .env] : []
        let shownChanges = listed.map { resource in showNoise ? resource.changes : resource.changes.filter { !$0.category.isNoise } }
        let own = shownChanges.map { $0.filter { !inTables.contains($0.category) } }
        // A change's key is how it reads (path and values); each is worked out once.
        let keys = own.map { changes in changes.map { Self.describe($0, limit: valueLimit).map(\.text).joined(separator: "\n") } }
        var holders: [String: [Int]] = [:]
        for (index, resourceKeys) in keys.enumerated() {
            for key in Set(resourceKeys) { holders[key, default: []].append(index) }
        }
        let alikeKeys = Set(holders.filter { $0.value.count >= Self.alikeThreshold }.keys)
        alike = zip(own.joined(), keys.joined()).filter { alikeKeys.contains($0.1) }.groupedInOrder(by: \.1).map(\.items[0])
            .groupedInOrder { holders[$0.1]! }
            .map { indices, changes in
                AlikeChanges(
                    resources: indices.map { listed[$0].id.description }, changes: changes.count,
                    lines: Self.outline(changes.map(\.0), limit: valueLimit))
            }
        modified = listed.indices.map { index in
            let (resource, shown, own) = (listed[index], shownChanges[index], own[index])
            let title =
                resource.id.description + (resource.previousName.map { "  (renamed from \($0))" } ?? "")
                + (resource.fromPath != resource.toPath ? "  (moved \(resource.fromPath ?? "") → \(resource.toPath ?? ""))" : "")
            let noise = resource.changes.filter { $0.category.isNoise }
            let isAlike = keys[index].map(alikeKeys.contains)
            var lines = Self.outline(zip(own, isAlike).filter { !$0.1 }.map(\.0), limit: valueLimit)
            let alikeCount = isAlike.count { $0 }
            if alikeCount > 0 {
                lines.append(
                    Line("(\(alikeCount) change\(alikeCount == 1 ? "" : "s") made alike in other resources: under \"Changed alike\")"))
            }
            let tabledCount = shown.count - own.count
            if tabledCount > 0 {
                lines.append(Line("(\(tabledCount) image, flag and env change\(tabledCount == 1 ? "" : "s"): in the tables above)"))
            }
            let risky: Set<ChangeCategory> = [.image, .flag, .env, .secret, .trust]
            let risk =
                resource.changes.contains { risky.contains($0.category) } || resource.kind.hasSuffix("Role")
                    || resource.kind.hasSuffix("RoleBinding")
                ? 2 : (shown.isEmpty && !noise.isEmpty ? 0 : 1)
            var folded: String?
            if !showNoise && !noise.isEmpty {
                folded = "\(noise.count) noise change\(noise.count == 1 ? "" : "s") folded"
            }
            let kind = resource.id.group.isEmpty ? resource.kind : "\(resource.kind).\(resource.id.group)"
            let name = Self.place(resource.namespace, resource.name) + (resource.scope.map { " (\($0))" } ?? "")
            return ModifiedResource(
                title: title, kind: kind, name: name, risk: risk, changes: shown.count, lines: lines, folded: folded)
        }.enumerated().sorted { ($1.element.risk, $0.offset) < ($0.element.risk, $1.offset) }.map(\.element)

        // Resources listed above say how much noise they fold; the ones whose only changes are
        // noise are listed nowhere else, so they are named here.
        let named = Set(listed.map { $0.id.description })
        noise = noiseByCategory.sorted { $0.key < $1.key }.map { category, resources in
            let only = resources.filter { !named.contains($0) }
            let count = "\(Self.noiseLabel(category)) in \(resources.count) resource\(resources.count == 1 ? "" : "s")"
            if only.isEmpty { return count + " (listed above)" }
            if only.count == resources.count { return count + ": " + only.joined(separator: ", ") }
            return count + "; \(only.count) with nothing else changed: " + only.joined(separator: ", ")
        }
        moves =
            report.moves.isEmpty
            ? nil
            : "\(report.moves.count) resource\(report.moves.count == 1 ? "" : "s") moved to other files without changes (a layout change)"
        // One line per reason when many files share it (2,000 "not a Kubernetes object"
        // findings are one line with a count and a few examples).
        var findingLines: [Line] = []
        for (reason, group) in report.findings.groupedInOrder(by: { "\($0.severity.rawValue): \($0.message)" }) {
            func place(_ finding: Finding) -> String { finding.line.map { "\(finding.path):\($0)" } ?? finding.path }
            if group.count >= 4 {
                let examples = group.prefix(3).map(place).joined(separator: ", ")
                let tone: Line.Tone = group[0].severity == .info ? .dim : .risk
                findingLines.append(Line("\(reason) — \(group.count) places, e.g. \(examples) (every one in --format json)", tone))
            } else {
                findingLines += group.map {
                    Line("\($0.severity.rawValue): \(place($0)) at \($0.revision): \($0.message)", $0.severity == .info ? .dim : .risk)
                }
            }
        }
        findings = findingLines
    }

    // MARK: - Wording

    /// A flag or variable's change, wherever it happens: the overview counts distinct ones.
    private struct DistinctChange<Side: Hashable>: Hashable {
        var name: String
        var from: Side?
        var to: Side?
    }

    /// One line per kind of change, in the order a reviewer weighs them.
    static func overview(_ report: Report) -> [String] {
        var lines: [String] = []
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        let images = Set(report.images.map { "\($0.from ?? "")→\($0.to ?? "")" })
        if !images.isEmpty {
            let downgrades = Set(report.images.filter { $0.direction == .downgrade }.map { "\($0.from ?? "")→\($0.to ?? "")" })
            lines.append(
                "images: \(plural(images.count, "change")) in \(plural(report.images.count, "container"))"
                    + (downgrades.isEmpty ? "" : ", \(downgrades.count) a downgrade"))
        }
        let settings =
            Set(report.flags.map { DistinctChange(name: $0.flag, from: $0.from, to: $0.to) }).count
            + Set(report.env.map { DistinctChange(name: $0.variable, from: $0.from, to: $0.to) }).count
        if settings > 0 { lines.append("flags and env: \(plural(settings, "distinct change"))") }
        for status in [ResourceChange.Status.added, .removed] {
            let matching = report.resources.filter { $0.status == status }
            guard !matching.isEmpty else { continue }
            let kinds = Dictionary(grouping: matching, by: \.kind).sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }
            lines.append("\(status.rawValue): " + kinds.joined(separator: ", "))
        }
        let crdsAdded = report.crds.count { $0.status == .added }
        let crdsRemoved = report.crds.count { $0.status == .removed || !$0.versionsRemoved.isEmpty }
        if crdsAdded + crdsRemoved > 0 { lines.append("CRDs: \(crdsAdded) added, \(crdsRemoved) removed or losing a version") }
        let escalations = report.rbac.reduce(0) { $0 + $1.escalations.count }
        if !report.rbac.isEmpty {
            lines.append(
                "permissions: \(plural(report.rbac.count, "role")) changed"
                    + (escalations > 0 ? ", \(plural(escalations, "escalation"))" : ""))
        }
        if !report.webhooks.isEmpty { lines.append("webhooks: \(plural(report.webhooks.count, "setting")) changed") }
        if !report.settings.isEmpty {
            let scopes = report.settings.groupedInOrder(by: \.scope).map(\.key).joined(separator: ", ")
            lines.append("GitOps settings: \(plural(report.settings.count, "setting")) changed (\(scopes))")
        }
        if report.security.contains(where: \.loosened) {
            lines.append("pod security: \(plural(report.security.count { $0.loosened }, "setting")) loosened")
        }
        return lines
    }

    /// The image a change is about, and its two sides: tags when both sides share the image,
    /// whole references when it moved.
    static func imageParts(_ from: String?, _ to: String?) -> (image: String, from: String, to: String) {
        func split(_ reference: String) -> (String, String) {
            let parsed = ImageParts(reference)
            return (parsed.repository, parsed.version)
        }
        switch (from, to) {
        case (let from?, let to?):
            let (a, x) = split(from)
            let (b, y) = split(to)
            return a == b ? (a, x, y) : ("\(a) → \(b)", from, to)
        case (let from?, nil):
            let (a, x) = split(from)
            return (a, x, "—")
        case (nil, let to?):
            let (b, y) = split(to)
            return (b, "—", y)
        default:
            return ("", "—", "—")
        }
    }

    /// Where a grouped change applies: the one place, or the count and up to three places,
    /// then how many more (`3: a, b, c` or `5: a, b, c, and 2 more`).
    public static func places(_ places: [String]) -> String {
        guard places.count > 1 else { return places.first ?? "" }
        let shown =
            places.count > 4 ? places.prefix(3).joined(separator: ", ") + ", and \(places.count - 3) more" : places.joined(separator: ", ")
        return "\(places.count): " + shown
    }

    /// One line per mesh move, the extensions that moved with their mesh (same versions, same
    /// direction) folded into it: "Linkerd stable-2.13.7 → stable-2.14.0 (control plane, viz), upgrade".
    public static func headlines(_ meshes: [MeshChange]) -> [Line] {
        meshes.groupedInOrder { [family($0.mesh), $0.from ?? "", $0.to ?? "", $0.direction.rawValue, $0.note ?? ""] }.map { _, group in
            let parts = group.map { $0.mesh == family($0.mesh) ? "control plane" : String($0.mesh.dropFirst(family($0.mesh).count + 1)) }
            return Line(
                describe(group[0], named: group.count > 1 ? family(group[0].mesh) : group[0].mesh, parts: group.count > 1 ? parts : []),
                group[0].direction == .downgrade ? .risk : .plain)
        }
    }

    /// The mesh an extension belongs to (`linkerd-viz` → `linkerd`).
    static func family(_ mesh: String) -> String {
        mesh.hasPrefix("linkerd-") ? "linkerd" : mesh
    }

    public static func describe(_ mesh: MeshChange) -> String {
        describe(mesh, named: mesh.mesh, parts: [])
    }

    private static func describe(_ mesh: MeshChange, named: String, parts: [String]) -> String {
        let name = meshName(named)
        let note = mesh.note.map { " (\($0))" } ?? ""
        switch (mesh.from, mesh.to) {
        case (let from?, let to?) where mesh.direction == .unchanged: return "\(name) \(from) → \(to), unchanged"
        case (let from?, let to?):
            let direction = mesh.direction == .downgrade ? "DOWNGRADE" : mesh.direction.rawValue
            let together = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
            return "\(name) \(from) → \(to)\(together), \(direction)\(note)"
        case (nil, let to?): return "\(name) \(to) installed"
        case (let from?, nil): return "\(name) \(from) removed"
        default: return name
        }
    }

    static func meshName(_ mesh: String) -> String {
        switch mesh {
        case "linkerd": return "Linkerd"
        case "linkerd-viz": return "Linkerd viz"
        case "linkerd-crds": return "Linkerd CRDs"
        case "linkerd-jaeger": return "Linkerd jaeger"
        case "istio": return "Istio"
        default: return mesh
        }
    }

    static func describe(_ crd: CRDChange) -> [String] {
        switch crd.status {
        case .added: return ["+ \(crd.name) (versions \(crd.versionsAdded.joined(separator: ", ")); storage \(crd.storageTo ?? "—"))"]
        case .removed: return ["- \(crd.name) (versions \(crd.versionsRemoved.joined(separator: ", ")))"]
        case .modified, .renamed:
            var parts: [String] = []
            if !crd.versionsAdded.isEmpty { parts.append("versions added \(crd.versionsAdded.joined(separator: ", "))") }
            if !crd.versionsRemoved.isEmpty { parts.append("versions removed \(crd.versionsRemoved.joined(separator: ", "))") }
            if let from = crd.storageFrom ?? crd.storageTo.map({ _ in "—" }), crd.storageFrom != crd.storageTo {
                parts.append("storage \(from) → \(crd.storageTo ?? "—")")
            }
            parts += crd.servedChanges
            if !crd.deprecated.isEmpty { parts.append("deprecated \(crd.deprecated.joined(separator: ", "))") }
            var lines = ["~ \(crd.name)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))]
            // Versions whose schemas changed alike are said once, together.
            let summaries = crd.schemas.map { schema in
                var counts: [String] = []
                if !schema.added.isEmpty { counts.append("+\(schema.added.count) (\(examples(schema.added)))") }
                if !schema.removed.isEmpty { counts.append("-\(schema.removed.count) (\(examples(schema.removed)))") }
                if !schema.typeChanged.isEmpty { counts.append("retyped \(schema.typeChanged.count) (\(examples(schema.typeChanged)))") }
                return (version: schema.version, summary: counts.joined(separator: "; "))
            }
            for (summary, versions) in summaries.groupedInOrder(by: \.summary) {
                lines.append("    \(versions.map(\.version).joined(separator: ", ")) schema properties: \(summary)")
            }
            return lines
        }
    }

    /// The shortest paths first (the roots of what was added), a few of them.
    static func examples(_ paths: [String]) -> String {
        let roots = paths.filter { path in
            !paths.contains { other in
                other != path && (path.hasPrefix(other + ".") || path.hasPrefix(other + "[]") || path.hasPrefix(other + "{}"))
            }
        }
        let shown = roots.sorted { $0.count < $1.count }.prefix(2).map { clip($0, 100) }
        return shown.joined(separator: ", ") + (roots.count > 2 ? ", …" : "")
    }

    static func permissions(_ list: [Permission]) -> String {
        // get, list, watch on one resource read as one clause.
        var order: [String] = []
        var verbs: [String: [String]] = [:]
        for permission in list {
            let target =
                (permission.apiGroup.isEmpty ? "" : permission.apiGroup + "/") + permission.resource
                + (permission.resourceNames.map { " (names: \($0.joined(separator: ", ")))" } ?? "")
            if verbs[target] == nil { order.append(target) }
            verbs[target, default: []].append(permission.verb)
        }
        // Then targets with the same verbs read as one clause: `get, list, watch on pods, services`.
        var clauses: [String] = []
        var targets: [String: [String]] = [:]
        for target in order {
            let said = verbs[target]!.joined(separator: ", ")
            if targets[said] == nil { clauses.append(said) }
            targets[said, default: []].append(target)
        }
        return clauses.map { "\($0) on \(targets[$0]!.joined(separator: ", "))" }.joined(separator: "; ")
    }

    /// The lines that say one field change.
    public static func describe(_ change: FieldChange, limit: Int) -> [Line] {
        describe(change, at: change.path, limit: limit)
    }

    /// The changes of one resource as an outline: consecutive changes under one path share a
    /// header line and are written below it, indented, from where their paths part
    /// (`spec.template.spec.containers[name=proxy]:` then `  image: …`, `  args: …`).
    public static func outline(_ changes: [FieldChange], limit: Int) -> [Line] {
        outline(changes[...], depth: 0, limit: limit)
    }

    private static func outline(_ changes: ArraySlice<FieldChange>, depth: Int, limit: Int) -> [Line] {
        var lines: [Line] = []
        var start = changes.startIndex
        while start < changes.endIndex {
            let first = changes[start]
            // A run of changes that go on past the same step at this depth.
            var end = start + 1
            if first.steps.count > depth + 1 {
                while end < changes.endIndex, changes[end].steps.count > depth + 1, changes[end].steps[depth] == first.steps[depth] {
                    end += 1
                }
            }
            let run = changes[start..<end]
            if run.count < 2 {
                lines += describe(first, at: FieldPath.joined(first.steps[min(depth, first.steps.count - 1)...]), limit: limit)
            } else {
                var shared = depth + 1
                while run.allSatisfy({ $0.steps.count > shared + 1 && $0.steps[shared] == first.steps[shared] }) { shared += 1 }
                lines.append(Line(FieldPath.joined(first.steps[depth..<shared]) + ":"))
                // Each level is indented two more columns: its values are clipped two shorter, so
                // that a wrapped value still fits the width the limit was made for.
                lines += outline(run, depth: shared, limit: max(20, limit - 2)).map(\.indented)
            }
            start = end
        }
        return lines
    }

    private static func describe(_ change: FieldChange, at path: String, limit: Int) -> [Line] {
        let lines = describeValues(change, at: path, limit: limit)
        guard let note = change.note else { return lines }
        return lines + [Line("  (\(note))")]
    }

    private static func describeValues(_ change: FieldChange, at path: String, limit: Int) -> [Line] {
        let head = Span("\(path): ")
        if change.category.rawValue == "noise.tls", let from = change.from?.string, let to = change.to?.string {
            return [Line(spans: [head, Span("regenerated: "), Span(from, .old), Span(" → "), Span(to, .new)])]
        }
        switch change.op {
        case .add: return [Line(spans: [head, Span("added "), Span(short(change.to, limit: limit), .new)])]
        case .remove: return [Line(spans: [head, Span("removed "), Span(short(change.from, limit: limit), .old)])]
        case .reorder: return [Line(spans: [head, Span("order changed")])]
        default:
            if let lines = change.lines {
                let edits = lines.filter { $0.op != .kept }
                let shown = edits.prefix(12).map { edit in
                    edit.op == .added
                        ? Line(spans: [Span("  + "), Span(clip(edit.text, limit), .new)])
                        : Line(spans: [Span("  - "), Span(clip(edit.text, limit), .old)])
                }
                let more = edits.count > 12 ? [Line("  … \(edits.count - 12) more changed lines (full text: --format json)")] : []
                return [Line(spans: [head, Span("\(edits.count) line\(edits.count == 1 ? "" : "s") changed")])] + shown + more
            }
            return [
                Line(spans: [head, Span(short(change.from, limit: limit), .old), Span(" → "), Span(short(change.to, limit: limit), .new)])
            ]
        }
    }

    static func noiseLabel(_ category: String) -> String {
        switch category {
        case "noise.tls": return "TLS material regenerated"
        case "noise.checksum": return "checksum annotations changed"
        case "noise.version-label": return "version labels and annotations changed"
        default: return category
        }
    }

    /// One GitOps setting in plain words: switches turn on or off, references are added or
    /// removed, values move from one to the other.
    static func settingLine(_ setting: SettingChange) -> Line {
        switch (setting.from, setting.to) {
        case ("off", "on"), (nil, "on"): return Line(spans: [Span("\(setting.setting) turned "), Span("on", .new)])
        case ("on", "off"), ("on", nil): return Line(spans: [Span("\(setting.setting) turned "), Span("off", .old)])
        case (nil, "used"): return Line(spans: [Span(setting.setting + " "), Span("added", .new)])
        case ("used", nil): return Line(spans: [Span(setting.setting + " "), Span("removed", .old)])
        default: return transitionLine(setting.setting, setting.from, setting.to)
        }
    }

    /// `transition` with the old and new values marked.
    static func transitionLine(_ name: String, _ from: String?, _ to: String?) -> Line {
        func shown(_ value: String) -> String { value.isEmpty ? "(empty)" : value }
        switch (from, to) {
        case (nil, let to?): return Line(spans: [Span("\(name) added: "), Span(shown(to), .new)])
        case (let from?, nil): return Line(spans: [Span("\(name) removed (was "), Span(shown(from), .old), Span(")")])
        case (let from?, let to?): return Line(spans: [Span("\(name): "), Span(shown(from), .old), Span(" → "), Span(shown(to), .new)])
        default: return Line(name)
        }
    }

    /// `transitionLine` as plain text.
    static func transition(_ name: String, _ from: String?, _ to: String?) -> String {
        transitionLine(name, from, to).text
    }

    static func revision(_ info: RevisionInfo) -> String {
        guard let commit = info.commit else { return info.ref }
        return "\(info.ref) (\(commit.prefix(12)))"
    }

    static func place(_ namespace: String?, _ name: String) -> String {
        namespace.map { "\($0)/\(name)" } ?? name
    }

    static func workload(_ kind: String, _ namespace: String?, _ name: String, scope: String? = nil) -> String {
        "\(kind) \(place(namespace, name))" + (scope.map { " (\($0))" } ?? "")
    }

    /// A value on one line, shortened with a note when long.
    public static func short(_ value: Value?, limit: Int) -> String {
        guard let value else { return "—" }
        let text: String
        switch value {
        case .string(let s):
            // Lines as the line diff cuts them, at line-feed bytes: a CRLF is one Character, and
            // a split by Characters took a CRLF text for one line.
            let lines = s.linesAtLineFeeds()
            if lines.count > 1 {
                var first = lines[0]
                if first.utf8.last == UInt8(ascii: "\r") { first = first.dropLast() }
                text = "\(first)… (\(lines.count) lines)"
            } else {
                text = s.isEmpty ? "\"\"" : s
            }
        case .list, .map: text = (try? JSONText.compact(value)) ?? "…"
        default: text = value.scalarText ?? ""
        }
        return clip(text, limit)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        // No more characters than bytes: most values are shorter than the limit in bytes.
        guard text.utf8.count > limit, text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count) characters)"
    }
}

/// An image reference cut into what people compare: the repository, and its tag and digest.
struct ImageParts {
    var repository: String
    /// `tag`, `tag@sha256:…` shortened, or the digest alone.
    var version: String

    init(_ reference: String) {
        var rest = Substring(reference)
        var digest: Substring?
        if let at = rest.firstIndex(of: "@") {
            digest = rest[rest.index(after: at)...]
            rest = rest[..<at]
        }
        let slash = rest.lastIndex(of: "/") ?? rest.startIndex
        var tag: Substring?
        if let colon = rest[slash...].lastIndex(of: ":") {
            tag = rest[rest.index(after: colon)...]
            rest = rest[..<colon]
        }
        repository = String(rest)
        let shortDigest = digest.map { String($0.prefix(19)) + "…" }
        version = [tag.map(String.init), shortDigest].compactMap { $0 }.joined(separator: "@")
        if version.isEmpty { version = "(no tag)" }
    }
}
