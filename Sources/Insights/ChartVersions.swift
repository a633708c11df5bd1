import Manifests

/// Which mesh release a pinned Helm chart installs: Linkerd's and Istio's charts as Argo CD
/// `Application`s and Flux `HelmRelease`s pin them.
///
/// Linkerd's table is ours, written from the charts of every release tag (stable-2.12.0 …
/// stable-2.14.10, edge-23.1.1 … edge-24.2.5); from edge-24.3.1 on the charts are versioned
/// `YYYY.M.N`, which is `edge-YY.M.N`. Before 2.12 the one chart `linkerd2` carried the release
/// number. Istio's charts carry Istio's own version.
public enum ChartVersions {
    /// A chart that installs a mesh, and the mesh it reports as.
    static let meshes: [String: String] = [
        "linkerd-control-plane": "linkerd", "linkerd2": "linkerd", "linkerd-viz": "linkerd-viz", "linkerd-jaeger": "linkerd-jaeger",
        "linkerd-crds": "linkerd-crds",
        "linkerd-multicluster": "linkerd-multicluster", "base": "istio", "istiod": "istio", "gateway": "istio", "cni": "istio",
        "ztunnel": "istio",
    ]

    static let linkerdControlPlane: [String: String] = [
        "1.9.0": "stable-2.12.0", "1.9.3": "stable-2.12.1", "1.9.4": "stable-2.12.2", "1.9.5": "stable-2.12.3",
        "1.9.6": "stable-2.12.4", "1.9.7": "stable-2.12.5", "1.9.8": "stable-2.12.6", "1.12.0": "stable-2.13.0",
        "1.12.1": "stable-2.13.1", "1.12.2": "stable-2.13.2", "1.12.3": "stable-2.13.3", "1.12.4": "stable-2.13.4",
        "1.12.5": "stable-2.13.5", "1.12.6": "stable-2.13.6", "1.12.7": "stable-2.13.7", "1.15.0": "stable-2.14.0",
        "1.16.2": "stable-2.14.1", "1.16.3": "stable-2.14.2", "1.16.4": "stable-2.14.3", "1.16.5": "stable-2.14.4",
        "1.16.6": "stable-2.14.5", "1.16.7": "stable-2.14.6", "1.16.8": "stable-2.14.7", "1.16.9": "stable-2.14.8",
        "1.16.10": "stable-2.14.9", "1.16.11": "stable-2.14.10", "1.11.1-edge": "edge-23.1.1", "1.11.2-edge": "edge-23.1.2",
        "1.11.3-edge": "edge-23.2.1", "1.11.4-edge": "edge-23.2.2", "1.11.5-edge": "edge-23.2.3", "1.11.6-edge": "edge-23.3.1",
        "1.11.7-edge": "edge-23.3.2", "1.11.8-edge": "edge-23.3.3", "1.11.9-edge": "edge-23.3.4",
        "1.11.10-edge": "edge-23.4.1", "1.13.0-edge": "edge-23.4.2", "1.13.1-edge": "edge-23.4.3",
        "1.13.2-edge": "edge-23.5.1", "1.13.3-edge": "edge-23.5.2", "1.13.4-edge": "edge-23.5.3", "1.13.5-edge": "edge-23.6.1",
        "1.13.6-edge": "edge-23.6.2", "1.13.7-edge": "edge-23.6.3", "1.13.8-edge": "edge-23.7.1", "1.13.9-edge": "edge-23.7.2",
        "1.14.0-edge": "edge-23.7.3", "1.14.1-edge": "edge-23.8.1", "1.14.2-edge": "edge-23.8.2", "1.14.3-edge": "edge-23.8.3",
        "1.16.0-edge": "edge-23.9.1", "1.16.1-edge": "edge-23.9.2", "1.17.0-edge": "edge-23.9.3", "1.17.1-edge": "edge-23.9.4",
        "1.17.2-edge": "edge-23.10.1", "1.17.3-edge": "edge-23.10.2", "1.17.4-edge": "edge-23.10.3",
        "1.17.5-edge": "edge-23.10.4", "1.17.6-edge": "edge-23.11.1", "1.17.7-edge": "edge-23.11.2",
        "1.17.8-edge": "edge-23.11.3", "1.17.9-edge": "edge-23.11.4", "1.18.0-edge": "edge-23.12.1",
        "1.18.1-edge": "edge-23.12.2", "1.18.2-edge": "edge-23.12.3", "1.18.3-edge": "edge-23.12.4",
        "1.18.4-edge": "edge-24.1.1", "1.18.5-edge": "edge-24.1.2", "1.18.6-edge": "edge-24.1.3", "1.18.7-edge": "edge-24.2.1",
        "1.18.8-edge": "edge-24.2.2", "1.18.9-edge": "edge-24.2.3", "1.18.10-edge": "edge-24.2.4",
        "1.18.11-edge": "edge-24.2.5",
    ]

    /// (`30.10.2-edge` shipped with two edge releases; the earlier one is named.)
    static let linkerdViz: [String: String] = [
        "30.3.0": "stable-2.12.0", "30.3.3": "stable-2.12.1", "30.3.4": "stable-2.12.2", "30.3.5": "stable-2.12.3",
        "30.3.6": "stable-2.12.4", "30.3.7": "stable-2.12.5", "30.3.8": "stable-2.12.6", "30.8.0": "stable-2.13.0",
        "30.8.1": "stable-2.13.1", "30.8.2": "stable-2.13.2", "30.8.3": "stable-2.13.3", "30.8.4": "stable-2.13.4",
        "30.8.5": "stable-2.13.5", "30.8.6": "stable-2.13.6", "30.8.7": "stable-2.13.7", "30.11.0": "stable-2.14.0",
        "30.12.2": "stable-2.14.1", "30.12.3": "stable-2.14.2", "30.12.4": "stable-2.14.3", "30.12.5": "stable-2.14.4",
        "30.12.6": "stable-2.14.5", "30.12.7": "stable-2.14.6", "30.12.8": "stable-2.14.7", "30.12.9": "stable-2.14.8",
        "30.12.10": "stable-2.14.9", "30.12.11": "stable-2.14.10", "30.4.7-edge": "edge-23.1.1", "30.4.8-edge": "edge-23.1.2",
        "30.4.9-edge": "edge-23.2.1", "30.4.10-edge": "edge-23.2.2", "30.5.0-edge": "edge-23.2.3",
        "30.6.0-edge": "edge-23.3.1", "30.7.0-edge": "edge-23.3.2", "30.7.1-edge": "edge-23.3.3", "30.7.2-edge": "edge-23.3.4",
        "30.7.3-edge": "edge-23.4.1", "30.9.0-edge": "edge-23.4.2", "30.9.1-edge": "edge-23.4.3", "30.9.2-edge": "edge-23.5.1",
        "30.10.0-edge": "edge-23.5.2", "30.10.1-edge": "edge-23.5.3", "30.10.2-edge": "edge-23.6.1",
        "30.10.3-edge": "edge-23.6.3", "30.10.4-edge": "edge-23.7.1", "30.10.5-edge": "edge-23.7.2",
        "30.10.6-edge": "edge-23.7.3", "30.10.7-edge": "edge-23.8.1", "30.10.8-edge": "edge-23.8.2",
        "30.10.9-edge": "edge-23.8.3", "30.12.0-edge": "edge-23.9.1", "30.12.1-edge": "edge-23.9.2",
        "30.12.2-edge": "edge-23.9.3", "30.13.0-edge": "edge-23.9.4", "30.13.1-edge": "edge-23.10.1",
        "30.13.2-edge": "edge-23.10.2", "30.13.3-edge": "edge-23.10.3", "30.13.4-edge": "edge-23.10.4",
        "30.13.5-edge": "edge-23.11.1", "30.13.6-edge": "edge-23.11.2", "30.13.7-edge": "edge-23.11.3",
        "30.13.8-edge": "edge-23.11.4", "30.14.0-edge": "edge-23.12.1", "30.14.1-edge": "edge-23.12.2",
        "30.14.2-edge": "edge-23.12.3", "30.14.3-edge": "edge-23.12.4", "30.14.4-edge": "edge-24.1.1",
        "30.14.5-edge": "edge-24.1.2", "30.14.6-edge": "edge-24.1.3", "30.14.7-edge": "edge-24.2.1",
        "30.14.8-edge": "edge-24.2.2", "30.14.9-edge": "edge-24.2.3", "30.14.10-edge": "edge-24.2.4",
        "30.14.11-edge": "edge-24.2.5",
    ]

    /// The (chart, version) pins of an Argo CD `Application` or `ApplicationSet` (`spec.source`,
    /// `spec.sources[]`), a Flux `HelmRelease` (`spec.chart.spec`; one that uses `spec.chartRef`
    /// is pinned by the `OCIRepository` or `HelmChart` it names, which pins itself), or a
    /// kustomization's `helmCharts:`.
    static func pins(_ resource: Resource) -> [(chart: String, version: String)] {
        let object = resource.object
        var sources: [Value] = []
        switch (resource.id.group, resource.id.kind) {
        case ("argoproj.io", "Application"):
            sources = [object[path: "spec", "source"]].compactMap { $0 } + (object[path: "spec", "sources"]?.list ?? [])
        case ("argoproj.io", "ApplicationSet"):
            sources =
                [object[path: "spec", "template", "spec", "source"]].compactMap { $0 }
                + (object[path: "spec", "template", "spec", "sources"]?.list ?? [])
        case ("helm.toolkit.fluxcd.io", "HelmRelease"):
            if let spec = object[path: "spec", "chart", "spec"], let chart = spec["chart"]?.scalarText,
                let version = spec["version"]?.scalarText
            {
                return [(chart, version)]
            }
        case ("source.toolkit.fluxcd.io", "HelmChart"):
            if let chart = object[path: "spec", "chart"]?.scalarText, let version = object[path: "spec", "version"]?.scalarText {
                return [(chart, version)]
            }
        case ("source.toolkit.fluxcd.io", "OCIRepository"):
            // `oci://registry/path/linkerd-control-plane` at a tag (or an exact semver).
            if let url = object[path: "spec", "url"]?.scalarText, url.hasPrefix("oci://"),
                let version = object[path: "spec", "ref", "tag"]?.scalarText
                    ?? object[path: "spec", "ref", "semver"]?.scalarText.flatMap({ $0.allSatisfy { $0.isNumber || $0 == "." } ? $0 : nil }),
                let chart = url.split(separator: "/").last
            {
                return [(String(chart), version)]
            }
        case ("", "Chart"):
            // A chart kept in the repository: itself (a vendored mesh chart) and its dependencies (an umbrella).
            let own = object["name"]?.scalarText.flatMap { name in object["version"]?.scalarText.map { (name, $0) } }
            return [own].compactMap { $0 }
                + (object["dependencies"]?.list ?? []).compactMap { dependency in
                    guard let name = dependency["name"]?.scalarText, let version = dependency["version"]?.scalarText else { return nil }
                    return (name, version)
                }
        case ("kustomize.config.k8s.io", _):
            return (object["helmCharts"]?.list ?? []).compactMap { chart in
                guard let name = chart["name"]?.scalarText, let version = chart["version"]?.scalarText else { return nil }
                return (name, version)
            }
        default:
            break
        }
        return sources.compactMap { source in
            guard let chart = source["chart"]?.scalarText, let version = source["targetRevision"]?.scalarText else { return nil }
            return (chart, version)
        }
    }

    /// The mesh a chart installs and the release its version is, `nil` for other charts. A
    /// version outside the table is `chart <version>`, which orders by the chart's semver.
    public static func release(chart: String, version: String) -> (mesh: String, version: String)? {
        guard let mesh = meshes[chart] else { return nil }
        let version = version.hasPrefix("v") ? String(version.dropFirst()) : version
        if mesh == "istio" { return (mesh, version) }
        // Calendar-versioned charts (March 2024 on) are the edge release of that date.
        let parts = version.split(separator: ".")
        if parts.count == 3, let year = Int(parts[0]), year >= 2024, parts.allSatisfy({ Int($0) != nil }) {
            return (mesh, "edge-\(year % 100).\(parts[1]).\(parts[2])")
        }
        // The CRD chart's version is shared by several releases (1.8.0 is all of stable-2.14.x):
        // it moves on its own, ordered by its semver.
        if chart == "linkerd-crds" { return (mesh, "chart \(version)") }
        let table: [String: String] =
            switch chart {
            case "linkerd-control-plane": linkerdControlPlane
            case "linkerd-viz": linkerdViz
            default: [:]
            }
        if let release = table[version] { return (mesh, release) }
        if chart == "linkerd2", parts.count == 3, parts[0] == "2" { return (mesh, "stable-" + version) }
        return (mesh, "chart \(version)")
    }
}
