import Manifests
import Reports

/// Finds which meshes a revision installs, and their versions, from what the manifests say.
///
/// Signals, strongest first: Linkerd's `linkerd-config` `linkerdVersion`; control-plane and
/// extension images (`cr.l5d.io/linkerd/…`, the older `gcr.io/linkerd-io/…`, Istio's `pilot`
/// and `proxyv2`); Istio's `operator.istio.io/version` label; and, for anything else, the
/// `app.kubernetes.io/version` label with `app.kubernetes.io/part-of` or `name`.
public enum MeshDetector {
    /// One hint of a mesh's version.
    struct Signal: Sendable {
        var mesh: String
        var version: String
        var weight: Int
        /// For the generic `app.kubernetes.io` signal: the component (`name` label) under an
        /// umbrella `part-of`.
        var component: String? = nil
    }

    static let linkerdRegistries: Set<String> = ["cr.l5d.io/linkerd", "gcr.io/linkerd-io", "ghcr.io/linkerd"]
    static let linkerdImages: [String: String] = [
        "controller": "linkerd", "proxy": "linkerd", "policy-controller": "linkerd", "debug": "linkerd",
        "metrics-api": "linkerd-viz", "tap": "linkerd-viz", "web": "linkerd-viz", "grafana": "linkerd-viz",
        "jaeger-webhook": "linkerd-jaeger", "extension-init": "linkerd-cni",
    ]
    static let istioImages: Set<String> = ["pilot", "proxyv2", "install-cni", "ztunnel", "operator"]

    /// The meshes and extensions meshdiff knows by name (`--mesh`); other applications are
    /// detected by their `app.kubernetes.io` labels.
    public static let knownMeshes = [
        "linkerd", "linkerd-viz", "linkerd-jaeger", "linkerd-multicluster", "linkerd-cni", "linkerd-crds", "istio",
    ]

    /// Sidecars injected into applications: they say an app is meshed, not that the mesh is
    /// installed, so their images count only in the mesh's own namespaces.
    static let sidecars: Set<String> = ["linkerd-proxy", "linkerd-init", "linkerd-network-validator", "istio-proxy", "istio-init"]

    /// Byte strings without which a file carries no mesh signal and no trust material: files
    /// that did not change are parsed for the whole-revision facts only when they hold one.
    public static let byteMarkers = [
        "linkerd-config", "cr.l5d.io/linkerd", "gcr.io/linkerd-io", "ghcr.io/linkerd", "istio/", "operator.istio.io/version",
        "app.kubernetes.io/part-of", "app.kubernetes.io/name", "linkerd-identity-trust-roots", "linkerd-identity-issuer",
        "istio-ca-root-cert", "cacerts", "chart:", "oci://",
    ]
    /// `byteMarkers` prepared for the scan of every file of a revision.
    public static let scanMarkers = ManifestScan.Markers(byteMarkers)

    /// The version of each mesh the resources install.
    public static func versions(of resources: [Resource]) -> [String: String] {
        tally(splittingUmbrellas([resources.flatMap(signals)])[0])
    }

    /// An umbrella (`part-of: kube-prometheus`) whose components carry different versions, at
    /// either side, has no version of its own: each component is reported on its own
    /// (`kube-prometheus/grafana`), never one component's version for all.
    static func splittingUmbrellas(_ sides: [[Signal]]) -> [[Signal]] {
        let generic = Dictionary(grouping: sides.flatMap { $0 }.filter { $0.weight == 0 }, by: \.mesh)
        let split = Set(generic.filter { Set($0.value.map(\.version)).count > 1 }.keys)
        return sides.map { side in
            side.map { signal in
                guard split.contains(signal.mesh), let component = signal.component, component != signal.mesh else { return signal }
                var own = signal
                own.mesh = "\(signal.mesh)/\(component)"
                return own
            }
        }
    }

    /// What one resource says of the meshes it belongs to: read once per resource, for
    /// `meshes(touchedBy:)` and `changes(old:new:)` alike (a revision's every resource is read,
    /// and a large step's are its thousands).
    public struct Signals: Sendable {
        let signals: [Signal]
        /// Whether the resource says nothing of any mesh (most resources).
        public var isEmpty: Bool { signals.isEmpty }
    }

    /// The signals `resource` carries.
    public static func signals(of resource: Resource) -> Signals { Signals(signals: signals(in: resource)) }

    /// The meshes (and umbrella components) whose signals these resources carry: what a change
    /// to them touches.
    public static func meshes(touchedBy resources: [Signals]) -> Set<String> {
        Set(resources.flatMap(\.signals).flatMap { signal in [signal.mesh] + (signal.component.map { ["\(signal.mesh)/\($0)"] } ?? []) })
    }

    /// The strongest, then most frequent, version of each mesh.
    static func tally(_ signals: [Signal]) -> [String: String] {
        var tally: [String: [String: (weight: Int, count: Int)]] = [:]
        for signal in signals {
            var entry = tally[signal.mesh, default: [:]][signal.version] ?? (0, 0)
            entry.weight = max(entry.weight, signal.weight)
            entry.count += 1
            tally[signal.mesh, default: [:]][signal.version] = entry
        }
        return tally.mapValues { candidates in
            candidates.max { a, b in (a.value.weight, a.value.count, b.key) < (b.value.weight, b.value.count, a.key) }!.key
        }
    }

    /// The meshes of both sides and how each moved, from their resources' signals.
    public static func changes(old: [Signals], new: [Signals]) -> [MeshChange] {
        let sides = splittingUmbrellas([old.flatMap(\.signals), new.flatMap(\.signals)])
        let before = tally(sides[0])
        let after = tally(sides[1])
        return Set(before.keys).union(after.keys).sorted().map { mesh in
            change(mesh: mesh, from: before[mesh], to: after[mesh])
        }
    }

    static func change(mesh: String, from: String?, to: String?) -> MeshChange {
        let notes = releaseNotes(mesh: mesh, version: to)
        guard let from, let to else {
            return MeshChange(
                mesh: mesh, from: from, to: to, direction: .changed,
                note: from == nil ? "installed" : "removed", releaseNotes: notes)
        }
        if from == to { return MeshChange(mesh: mesh, from: from, to: to, direction: .unchanged) }
        // Chart versions outside the table order by the charts' own semver.
        if from.hasPrefix("chart ") || to.hasPrefix("chart ") {
            let a = from.hasPrefix("chart ") ? Version(String(from.dropFirst(6))) : nil
            let b = to.hasPrefix("chart ") ? Version(String(to.dropFirst(6))) : nil
            guard let a, let b, let order = a.compare(to: b) else {
                return MeshChange(
                    mesh: mesh, from: from, to: to, direction: .changed, note: "mesh version unknown for a chart", releaseNotes: notes)
            }
            let direction: MeshChange.Direction = order == .older ? .upgrade : order == .newer ? .downgrade : .changed
            // Linkerd's CRD chart is versioned on its own: one version spans several releases.
            let note = mesh == "linkerd-crds" ? "the CRD chart's own version" : "mesh version unknown; ordered by chart version"
            return MeshChange(mesh: mesh, from: from, to: to, direction: direction, note: note, releaseNotes: notes)
        }
        guard let a = Version(from), let b = Version(to) else {
            return MeshChange(mesh: mesh, from: from, to: to, direction: .changed, note: "versions cannot be ordered", releaseNotes: notes)
        }
        if let order = a.compare(to: b) {
            let direction: MeshChange.Direction = order == .older ? .upgrade : order == .newer ? .downgrade : .changed
            return MeshChange(mesh: mesh, from: from, to: to, direction: direction, releaseNotes: notes)
        }
        if a.channel == b.channel {
            return MeshChange(
                mesh: mesh, from: from, to: to, direction: .changed, note: "version schemes differ: no order between them",
                releaseNotes: notes)
        }
        let (direction, note) = ChannelChange.direction(from: a, to: b)
        return MeshChange(
            mesh: mesh, from: from, to: to, direction: MeshChange.Direction(rawValue: direction) ?? .changed,
            note: note, releaseNotes: notes)
    }

    /// The upstream release notes of a version, where the mesh is known.
    static func releaseNotes(mesh: String, version: String?) -> String? {
        guard let version, let parsed = Version(version) else { return nil }
        if mesh.hasPrefix("linkerd"), parsed.channel == "stable" || parsed.channel == "edge" {
            return "https://github.com/linkerd/linkerd2/releases/tag/\(version)"
        }
        if mesh == "istio", parsed.numbers.count >= 2 {
            let minor = "\(parsed.numbers[0]).\(parsed.numbers[1])"
            let patch = parsed.numbers.count > 2 && parsed.numbers[2] > 0 ? "\(minor).\(parsed.numbers[2])" : minor
            return "https://istio.io/latest/news/releases/\(minor).x/announcing-\(patch)/"
        }
        return nil
    }

    /// Where signals come from, strongest kinds first. A new source of mesh versions (a chart
    /// table, a label) is a new provider, added here; nothing else changes.
    static let providers: [any MeshSignalProvider] = [
        LinkerdConfigSignals(), ChartPinSignals(), ImageSignals(), IstioLabelSignals(),
    ]
    /// Heard only when no provider above speaks for a resource: an app's own labels.
    static let fallback = AppLabelSignals()

    static func signals(in resource: Resource) -> [Signal] {
        let signals = providers.flatMap { $0.signals(in: resource) }
        return signals.isEmpty ? fallback.signals(in: resource) : signals
    }

    /// Linkerd's `linkerd-config` `linkerdVersion`: the install itself says its version.
    struct LinkerdConfigSignals: MeshSignalProvider {
        func signals(in resource: Resource) -> [Signal] {
            guard resource.id.kind == "ConfigMap", resource.id.name == "linkerd-config",
                let values = resource.object[path: "data", "values"]?.string,
                let version = EmbeddedDocument.parse(values)?.value["linkerdVersion"]?.string, Version(version) != nil
            else { return [] }
            return [Signal(mesh: "linkerd", version: version, weight: 3)]
        }
    }

    /// A pinned chart (`ChartVersions`): as strong as linkerd-config, it is the install.
    struct ChartPinSignals: MeshSignalProvider {
        func signals(in resource: Resource) -> [Signal] {
            ChartVersions.pins(resource).compactMap { pin in
                ChartVersions.release(chart: pin.chart, version: pin.version).map { Signal(mesh: $0.mesh, version: $0.version, weight: 3) }
            }
        }
    }

    /// Control-plane and extension images (`cr.l5d.io/linkerd/…`, Istio's `pilot`, `proxyv2`);
    /// sidecars count only in the mesh's own namespaces; a kustomization's override is
    /// stronger than its base's tags (it is what the overlay runs).
    struct ImageSignals: MeshSignalProvider {
        func signals(in resource: Resource) -> [Signal] {
            let namespace = resource.id.namespace ?? ""
            let meshNamespace = namespace.hasPrefix("linkerd") || namespace.hasPrefix("istio")
            let weight = Kustomization.isKustomization(resource) ? 4 : 2
            var out: [Signal] = []
            for container in Workload.containers(of: resource) {
                if sidecars.contains(container.name) && !meshNamespace { continue }
                // Every mesh registry names its mesh: most images are the apps', not worth parsing.
                guard let text = container.spec["image"]?.string, text.containsBytes("linkerd") || text.containsBytes("istio")
                else { continue }
                let image = ImageReference(text)
                // Which mesh first, by registry and name: most images are the apps', not a mesh's.
                guard let tag = image.tag else { continue }
                if linkerdRegistries.contains(image.location), let mesh = linkerdImages[image.name], Version(tag) != nil {
                    out.append(Signal(mesh: mesh, version: tag, weight: weight))
                } else if image.location.hasSuffix("istio"), istioImages.contains(image.name), Version(tag) != nil {
                    out.append(Signal(mesh: "istio", version: withoutVariant(tag), weight: weight))
                }
            }
            return out
        }
    }

    /// Istio's `operator.istio.io/version` label.
    struct IstioLabelSignals: MeshSignalProvider {
        func signals(in resource: Resource) -> [Signal] {
            guard let version = resource.object[path: "metadata", "labels", "operator.istio.io/version"]?.string, Version(version) != nil
            else { return [] }
            return [Signal(mesh: "istio", version: version, weight: 1)]
        }
    }

    /// Any app's `app.kubernetes.io/version` with its `part-of` (or `name`), and the component
    /// (`name`) under an umbrella `part-of`; never for objects labelled by a mesh.
    struct AppLabelSignals: MeshSignalProvider {
        func signals(in resource: Resource) -> [Signal] {
            guard let labels = resource.object[path: "metadata", "labels"]?.mapping,
                let version = labels["app.kubernetes.io/version"]?.scalarText,
                let app = (labels["app.kubernetes.io/part-of"] ?? labels["app.kubernetes.io/name"])?.scalarText,
                !labels.keys.contains(where: { $0.containsBytes("linkerd.io") || $0.containsBytes("istio.io") })
            else { return [] }
            return [Signal(mesh: app, version: version, weight: 0, component: labels["app.kubernetes.io/name"]?.scalarText)]
        }
    }

    static func withoutVariant(_ tag: String) -> String {
        guard let version = Version(tag), let variant = version.variant else { return tag }
        return String(tag.dropLast(variant.count + 1))
    }
}

/// One source of mesh-version signals in a resource (`MeshDetector.providers`).
protocol MeshSignalProvider: Sendable {
    func signals(in resource: Resource) -> [MeshDetector.Signal]
}
