import Manifests
import Reports

/// The settings of Argo CD and Flux resources, key by key: the Helm values a mesh chart is
/// installed with, and how the GitOps controller applies it (sync policy, destination,
/// remediation). A values-only change reads as the settings that changed for that mesh, not as
/// an anonymous field change.
public struct GitOpsAnalysis: Sendable {
    public init() {}

    /// The settings that changed in a modified resource (an added or removed one is said whole).
    public static func changes(old: Resource?, new: Resource?) -> [SettingChange] {
        guard let old, let new else { return [] }
        let resource = new
        let before = settings(old)
        let after = settings(new)
        guard !before.isEmpty || !after.isEmpty else { return [] }
        // Pair by (scope, key); report in the order the new side lists them, then what went.
        var previous: [String: Setting] = [:]
        for setting in before { previous[setting.id] = setting }
        var out: [SettingChange] = []
        var seen = Set<String>()
        func add(_ setting: Setting, from: String?, to: String?) {
            out.append(
                SettingChange(
                    kind: resource.id.kind, namespace: resource.id.namespace, name: resource.id.name, mesh: setting.mesh,
                    scope: setting.scope, setting: setting.key, from: from, to: to))
        }
        for setting in after {
            seen.insert(setting.id)
            let earlier = previous[setting.id]
            if earlier?.value != setting.value { add(setting, from: earlier?.value, to: setting.value) }
        }
        for setting in before where !seen.contains(setting.id) { add(setting, from: setting.value, to: nil) }
        return out
    }

    /// One setting of one side.
    struct Setting {
        var scope: String
        var key: String
        var value: String
        var mesh: String?
        var id: String { scope + "\u{0}" + key }
    }

    static func settings(_ resource: Resource) -> [Setting] {
        let object = resource.object
        switch (resource.id.group, resource.id.kind) {
        case ("argoproj.io", "Application"):
            return object["spec"].map(application) ?? []
        case ("argoproj.io", "ApplicationSet"):
            return object[path: "spec", "template", "spec"].map(application) ?? []
        case ("helm.toolkit.fluxcd.io", "HelmRelease"):
            return object["spec"].map(helmRelease) ?? []
        case ("kustomize.config.k8s.io", _):
            return kustomizeCharts(object)
        case ("", "Values"):
            // An umbrella chart's values for a subchart sit under its name (`linkerd-control-plane.proxy…`).
            return flatten(object).map { key, value in
                let subchart = String(key.prefix { $0 != "." })
                return Setting(scope: "helm values", key: key, value: value, mesh: ChartVersions.meshes[subchart])
            }
        default:
            return []
        }
    }

    /// An Argo CD application spec (an `Application`'s, or an `ApplicationSet`'s template).
    static func application(_ spec: Value) -> [Setting] {
        var out: [Setting] = []
        let sources = [spec["source"]].compactMap { $0 } + (spec["sources"]?.list ?? [])
        for source in sources {
            let chart = source["chart"]?.scalarText
            let mesh = chart.flatMap { chart in
                source["targetRevision"]?.scalarText.flatMap { ChartVersions.release(chart: chart, version: $0)?.mesh }
            }
            // With several sources, keys say which one: the chart, else the path.
            let label = sources.count > 1 ? (chart ?? source["path"]?.scalarText ?? source["repoURL"]?.scalarText ?? "source") + ": " : ""
            if chart == nil, let revision = source["targetRevision"]?.scalarText {
                out.append(Setting(scope: "source", key: label + "revision", value: revision, mesh: nil))
            }
            guard let helm = source["helm"] else { continue }
            var values: [(String, String)] = []
            if let text = helm["values"]?.string, let document = EmbeddedDocument.parse(text) { values += flatten(document.value) }
            if let object = helm["valuesObject"] { values += flatten(object) }
            for parameter in helm["parameters"]?.list ?? [] {
                if let name = parameter["name"]?.scalarText { values.append((name, parameter["value"]?.scalarText ?? "")) }
            }
            // Later sources of values win, as Helm merges them.
            var merged: [String: String] = [:]
            var order: [String] = []
            for (key, value) in values {
                if merged.updateValue(value, forKey: key) == nil { order.append(key) }
            }
            out += order.map { Setting(scope: "helm values", key: label + $0, value: merged[$0]!, mesh: mesh) }
            if let files = helm["valueFiles"]?.list, !files.isEmpty {
                out.append(Setting(scope: "helm values", key: label + "valueFiles", value: compact(.list(files)), mesh: mesh))
            }
        }
        if let destination = spec["destination"] {
            for key in ["server", "name", "namespace"] {
                if let value = destination[key]?.scalarText { out.append(Setting(scope: "destination", key: key, value: value, mesh: nil)) }
            }
        }
        if let project = spec["project"]?.scalarText {
            out.append(Setting(scope: "destination", key: "project", value: project, mesh: nil))
        }
        let policy = spec["syncPolicy"]
        let automated = policy?["automated"]
        // Automation on or off, then each of its switches (off without automation), in words.
        out.append(
            Setting(scope: "sync policy", key: "automated sync", value: automated != nil && automated != .null ? "on" : "off", mesh: nil))
        for (key, words) in [("prune", "prune"), ("selfHeal", "self-heal"), ("allowEmpty", "allow empty")] {
            out.append(Setting(scope: "sync policy", key: words, value: automated?[key] == .bool(true) ? "on" : "off", mesh: nil))
        }
        for option in policy?["syncOptions"]?.list?.compactMap(\.scalarText) ?? [] {
            // `Name=value`, or a bare `Name` (an empty option says nothing).
            let parts = option.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty else { continue }
            out.append(Setting(scope: "sync policy", key: "sync option \(name)", value: parts.count > 1 ? parts[1] : "set", mesh: nil))
        }
        if let retry = policy?["retry"] {
            out += flatten(retry).map { Setting(scope: "sync policy", key: "retry." + $0.0, value: $0.1, mesh: nil) }
        }
        // Rules are keyed by their target; a second rule for the same target is `target (2)`.
        var rules: [String: Int] = [:]
        for difference in spec["ignoreDifferences"]?.list ?? [] {
            let target = [difference["group"], difference["kind"], difference["namespace"], difference["name"]].compactMap {
                $0?.scalarText
            }.joined(separator: "/")
            rules[target, default: 0] += 1
            let key = rules[target]! > 1 ? "\(target) (\(rules[target]!))" : target
            out.append(Setting(scope: "ignoreDifferences", key: key, value: compact(difference), mesh: nil))
        }
        return out
    }

    /// A Flux `HelmRelease` spec: its values, where else they come from, and how it installs,
    /// upgrades and remediates.
    static func helmRelease(_ spec: Value) -> [Setting] {
        var out: [Setting] = []
        let chart = spec[path: "chart", "spec", "chart"]?.scalarText
        let version = spec[path: "chart", "spec", "version"]?.scalarText
        let mesh = chart.flatMap { chart in version.flatMap { ChartVersions.release(chart: chart, version: $0)?.mesh } }
        if let values = spec["values"] { out += flatten(values).map { Setting(scope: "helm values", key: $0.0, value: $0.1, mesh: mesh) } }
        for reference in spec["valuesFrom"]?.list ?? [] {
            let kind = reference["kind"]?.scalarText ?? "ConfigMap"
            let name = reference["name"]?.scalarText ?? "?"
            let key = reference["valuesKey"]?.scalarText ?? "values.yaml"
            let target = reference["targetPath"]?.scalarText.map { " at \($0)" } ?? ""
            out.append(Setting(scope: "helm values", key: "valuesFrom \(kind)/\(name)[\(key)]\(target)", value: "used", mesh: mesh))
        }
        for section in ["install", "upgrade", "rollback", "uninstall", "test"] {
            guard let value = spec[section] else { continue }
            out += flatten(value).map { key, value in
                Setting(scope: key.contains("remediation") ? "remediation" : "release", key: "\(section).\(key)", value: value, mesh: mesh)
            }
        }
        for key in ["suspend", "interval", "timeout", "targetNamespace", "releaseName", "storageNamespace", "maxHistory"] {
            if let value = spec[key]?.scalarText { out.append(Setting(scope: "release", key: key, value: value, mesh: mesh)) }
        }
        return out
    }

    /// The values of a kustomization's `helmCharts:`, per chart.
    static func kustomizeCharts(_ object: Value) -> [Setting] {
        (object["helmCharts"]?.list ?? []).flatMap { chart -> [Setting] in
            let name = chart["name"]?.scalarText ?? "chart"
            let mesh = chart["version"]?.scalarText.flatMap { ChartVersions.release(chart: name, version: $0)?.mesh }
            return (chart["valuesInline"].map(flatten) ?? []).map {
                Setting(scope: "helm values", key: "\(name): \($0.0)", value: $0.1, mesh: mesh)
            }
        }
    }

    /// A tree as `key.key` → value text; lists and empty maps are one value each.
    static func flatten(_ value: Value) -> [(String, String)] {
        var out: [(String, String)] = []
        func walk(_ value: Value, _ prefix: String) {
            if let mapping = value.mapping, !mapping.entries.isEmpty {
                for entry in mapping.entries { walk(entry.value, prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)") }
            } else if !prefix.isEmpty {
                out.append((prefix, value.scalarText ?? compact(value)))
            }
        }
        walk(value, "")
        return out
    }

    static func compact(_ value: Value) -> String {
        (try? JSONText.compact(value)) ?? "\(value)"
    }
}
