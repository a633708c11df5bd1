import Manifests
import Reports

/// The pod-security settings of workloads, and whether a change loosens them.
public struct PodSecurityAnalysis: Sendable {
    public init() {}

    public static func changes(old: Resource?, new: Resource?) -> [SecurityChange] {
        guard let new, let path = Workload.podSpecPath(kind: new.id.kind) else { return [] }
        let id = new.id
        var out: [SecurityChange] = []
        func add(_ container: String?, _ setting: String, _ from: Value?, _ to: Value?, loosened: Bool) {
            out.append(
                SecurityChange(
                    kind: id.kind, namespace: id.namespace, name: id.name, container: container, setting: setting,
                    from: from.flatMap(text), to: to.flatMap(text), loosened: loosened))
        }
        func podSpec(_ resource: Resource?) -> Value? {
            path.reduce(resource?.object) { $0?[$1] }
        }
        let before = podSpec(old)
        let after = podSpec(new)
        for setting in ["hostNetwork", "hostPID", "hostIPC"] where before?[setting] != after?[setting] {
            add(nil, setting, before?[setting], after?[setting], loosened: after?[setting] == .bool(true))
        }
        let oldContainers = Dictionary((old.map(Workload.containers) ?? []).map { ($0.name, $0.spec) }, uniquingKeysWith: { x, _ in x })
        for container in Workload.containers(of: new) {
            let a = oldContainers[container.name]?["securityContext"]
            let b = container.spec["securityContext"]
            if old != nil && oldContainers[container.name] == nil {
                // A new container: only risky settings are worth a line.
                if b?["privileged"] == .bool(true) { add(container.name, "privileged", nil, .bool(true), loosened: true) }
                if let caps = b?[path: "capabilities", "add"]?.list, !caps.isEmpty {
                    add(container.name, "capabilities.add", nil, .list(caps), loosened: true)
                }
                continue
            }
            if old == nil { continue }
            for (setting, loosens) in rules where a?[setting] != b?[setting] {
                add(container.name, setting, a?[setting], b?[setting], loosened: loosens(a?[setting], b?[setting]))
            }
            let capsBefore = Set(a?[path: "capabilities", "add"]?.list?.compactMap(\.scalarText) ?? [])
            let capsAfter = Set(b?[path: "capabilities", "add"]?.list?.compactMap(\.scalarText) ?? [])
            if capsBefore != capsAfter {
                add(
                    container.name, "capabilities.add", .list(capsBefore.sorted().map(Value.string)),
                    .list(capsAfter.sorted().map(Value.string)),
                    loosened: !capsAfter.subtracting(capsBefore).isEmpty)
            }
        }
        return out
    }

    /// Settings and whether a move from the first value to the second loosens security.
    static let rules: [(String, @Sendable (Value?, Value?) -> Bool)] = [
        ("privileged", { _, to in to == .bool(true) }),
        ("allowPrivilegeEscalation", { from, to in to == .bool(true) || (from == .bool(false) && to == nil) }),
        ("readOnlyRootFilesystem", { from, to in from == .bool(true) && to != .bool(true) }),
        ("runAsNonRoot", { from, to in from == .bool(true) && to != .bool(true) }),
        ("runAsUser", { _, to in to == .int(0) }),
    ]

    static func text(_ value: Value) -> String? {
        value.scalarText ?? (try? JSONText.compact(value))
    }
}
