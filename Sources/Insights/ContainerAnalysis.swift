import Manifests
import Reports

/// The image, flag and env facts of a workload's containers (and of a kustomization's image
/// overrides, which `Workload` reads as containers): what changed in each, paired by name.
public struct ContainerAnalysis: ResourceAnalyzer {
    public init() {}

    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        let (old, new, id) = (pair.old, pair.new, pair.id)
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
            // An unchanged container has no image, flag or env change to find.
            if container.spec == counterpart.spec { continue }
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
