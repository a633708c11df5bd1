import Diffing
import Manifests
import Reports

/// Everything the report says about one resource that differs between two revisions.
public struct ResourceComparison: Sendable {
    public var resource: ResourceChange
    public var images: [ImageChange] = []
    public var flags: [FlagChange] = []
    public var env: [EnvChange] = []
    public var rbac: RBACChange?
    public var crd: CRDChange?
    public var webhooks: [WebhookChange] = []
    public var security: [SecurityChange] = []
    public var settings: [SettingChange] = []
}

/// Compares the two versions of a resource: field changes (categorized), and the image, flag
/// and env facts of its containers. Resources arrive redacted (`Redactor`): secret values are
/// markers by now, so nothing here can print one.
public struct ResourceComparer: Sendable {
    let differ = StructuralDiff()

    public init() {}

    /// Compares `old` and `new` (one may be `nil`: added or removed). Returns `nil` when the
    /// objects are equal.
    /// `bindings` index the new side's role bindings, to name who is bound to a changed role.
    public func compare(old: Resource?, new: Resource?, bindings: RoleBindings = RoleBindings([])) -> ResourceComparison? {
        guard let any = new ?? old else { return nil }
        let id = any.id
        var comparison: ResourceComparison
        switch (old, new) {
        case (let old?, let new?):
            if old.object == new.object { return nil }
            let changes = differ.changes(from: old.object, to: new.object).map { fieldChange($0, id: id) }
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: new.apiVersion, status: .modified, fromPath: old.path, toPath: new.path, changes: changes))
        case (let old?, nil):
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: old.apiVersion, status: .removed, fromPath: old.path, toPath: nil, changes: []))
        case (nil, let new?):
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: new.apiVersion, status: .added, fromPath: nil, toPath: new.path, changes: []))
        case (nil, nil):
            return nil
        }
        addContainerFacts(old: old, new: new, id: id, to: &comparison)
        comparison.rbac = RBACAnalysis.change(old: old, new: new, bindings: bindings)
        comparison.crd = CRDAnalysis.change(old: old, new: new)
        comparison.webhooks = WebhookAnalysis.changes(old: old, new: new)
        comparison.security = PodSecurityAnalysis.changes(old: old, new: new)
        comparison.settings = GitOpsAnalysis.changes(old: old, new: new)
        if let scope = id.scope {
            for index in comparison.images.indices { comparison.images[index].scope = scope }
            for index in comparison.flags.indices { comparison.flags[index].scope = scope }
            for index in comparison.env.indices { comparison.env[index].scope = scope }
            for index in comparison.security.indices { comparison.security[index].scope = scope }
        }
        return comparison
    }

    private func fieldChange(_ change: Change, id: ResourceID) -> FieldChange {
        let category = ChangeClassifier.category(of: change, id: id)
        // Certificates, public but long and meaningless to read, are summarized by subject
        // and validity, never shown line by line.
        let certificates = [change.from, change.to].contains { $0.map(Self.holdsCertificate) ?? false }
        return FieldChange(
            path: change.path.description,
            op: change.op.rawValue,
            from: change.from.map(CertificateSummary.summarized),
            to: change.to.map(CertificateSummary.summarized),
            category: category,
            lines: certificates ? nil : change.lines?.map { LineDiffEntry(op: $0.kind.rawValue, text: $0.text) },
            note: change.note,
            steps: change.path.steps
        )
    }

    static func holdsCertificate(_ value: Value) -> Bool {
        switch value {
        case .string(let s): return CertificateSummary.holdsCertificate(s)
        case .list(let items): return items.contains(where: holdsCertificate)
        case .map(let mapping): return mapping.entries.contains { holdsCertificate($0.value) }
        default: return false
        }
    }

    private func addContainerFacts(old: Resource?, new: Resource?, id: ResourceID, to comparison: inout ResourceComparison) {
        let before = old.map(Workload.containers) ?? []
        let after = new.map(Workload.containers) ?? []
        guard !before.isEmpty || !after.isEmpty else { return }
        defer {
            for index in comparison.images.indices {
                comparison.images[index].fromParts = comparison.images[index].from.map { ImageReference($0).parts }
                comparison.images[index].toParts = comparison.images[index].to.map { ImageReference($0).parts }
            }
        }
        let kind = id.kind
        let namespace = id.namespace
        let name = id.name
        // Env values and flags can hold trust anchors too.
        func shown(_ value: Value) -> Value { CertificateSummary.summarized(value) }
        func shown(_ text: String) -> String { CertificateSummary.summarized(.string(text)).string ?? text }
        let afterByName = Dictionary(after.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let beforeByName = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        for container in before {
            let oldImage = container.spec["image"]?.scalarText
            guard let counterpart = afterByName[container.name] else {
                comparison.images.append(
                    ImageChange(
                        kind: kind, namespace: namespace, name: name, container: container.name,
                        from: oldImage, to: nil, direction: .removed))
                continue
            }
            let newImage = counterpart.spec["image"]?.scalarText
            if oldImage != newImage {
                var direction = ImageChange.Direction.changed
                var note: String?
                if let oldImage, let newImage {
                    let verdict = ImageDirection.between(oldImage, newImage)
                    direction = ImageChange.Direction(rawValue: verdict.direction) ?? .changed
                    note = verdict.note
                } else {
                    direction = oldImage == nil ? .added : .removed
                }
                comparison.images.append(
                    ImageChange(
                        kind: kind, namespace: namespace, name: name, container: container.name,
                        from: oldImage, to: newImage, direction: direction, note: note))
            }
            comparison.flags += flagChanges(container.spec, counterpart.spec).map {
                FlagChange(
                    kind: kind, namespace: namespace, name: name, container: container.name, flag: $0.flag,
                    from: $0.from.map(shown), to: $0.to.map(shown), spelled: $0.spelled)
            }
            comparison.env += envChanges(container.spec, counterpart.spec).map {
                EnvChange(
                    kind: kind, namespace: namespace, name: name, container: container.name, variable: $0.name,
                    from: $0.from.map(shown), to: $0.to.map(shown))
            }
        }
        for container in after where beforeByName[container.name] == nil {
            comparison.images.append(
                ImageChange(
                    kind: kind, namespace: namespace, name: name, container: container.name,
                    from: nil, to: container.spec["image"]?.scalarText, direction: .added))
        }
    }

    private func flagChanges(_ old: Value, _ new: Value) -> [(flag: String, from: String?, to: String?, spelled: String?)] {
        let a = FlagSet(container: old)
        let b = FlagSet(container: new)
        var out: [(String, String?, String?, String?)] = []
        for flag in a.names where a.values[flag] != b.values[flag] {
            out.append((flag, a.values[flag], b.values[flag], b.spellings[flag] ?? a.spellings[flag]))
        }
        for flag in b.names where a.values[flag] == nil {
            out.append((flag, nil, b.values[flag], b.spellings[flag]))
        }
        return out
    }

    private func envChanges(_ old: Value, _ new: Value) -> [(name: String, from: Value?, to: Value?)] {
        func entries(_ container: Value) -> [(String, Value)] {
            (container["env"]?.list ?? []).compactMap { item in
                guard let name = item["name"]?.scalarText else { return nil }
                if let valueFrom = item["valueFrom"] { return (name, valueFrom) }
                return (name, .string(item["value"]?.scalarText ?? ""))
            }
        }
        let a = entries(old)
        let b = entries(new)
        let bByName = Dictionary(b, uniquingKeysWith: { _, last in last })
        let aByName = Dictionary(a, uniquingKeysWith: { _, last in last })
        var out: [(String, Value?, Value?)] = []
        for (name, value) in a where bByName[name] != value {
            out.append((name, value, bByName[name]))
        }
        for (name, value) in b where aByName[name] == nil {
            out.append((name, nil, value))
        }
        return out
    }
}
