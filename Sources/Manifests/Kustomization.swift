/// What meshdiff reads of a Kustomize `kustomization.yaml` without running Kustomize: which
/// files are patches (so that a patch of a base Deployment is not a second Deployment), and
/// which image overrides it makes.
package enum Kustomization {
    /// The fields of a `kustomization.yaml`.
    static let fields: Set<String> = [
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "crds", "patches", "patchesStrategicMerge",
        "patchesJson6902", "images", "replicas", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels",
        "commonAnnotations", "configMapGenerator", "secretGenerator", "generatorOptions", "helmCharts", "helmGlobals",
        "generators", "transformers", "validators", "openapi", "vars", "replacements", "buildMetadata", "sortOptions",
        "configurations",
    ]
    /// Fields of which a kustomization has at least one.
    static let essentials: Set<String> = [
        "resources", "bases", "components", "patches", "patchesStrategicMerge", "patchesJson6902", "images", "configMapGenerator",
        "secretGenerator", "helmCharts",
    ]

    /// Whether a document is a kustomization, by its content alone (the same bytes parse the
    /// same wherever they are): `kind: Kustomization` (or `Component`) of
    /// `kustomize.config.k8s.io`, or no kind and only kustomization fields, one of them essential.
    package static func isKustomizationObject(_ map: Mapping) -> Bool {
        if let kind = map["kind"]?.string {
            return (kind == "Kustomization" || kind == "Component")
                && (map["apiVersion"]?.string ?? "").hasPrefix("kustomize.config.k8s.io")
        }
        return map.entries.allSatisfy { fields.contains($0.key) } && map.entries.contains { essentials.contains($0.key) }
    }

    /// Whether the resource is a Kustomize file (`Kustomization` or `Component`).
    package static func isKustomization(_ resource: Resource) -> Bool {
        resource.id.group == "kustomize.config.k8s.io" && (resource.id.kind == "Kustomization" || resource.id.kind == "Component")
    }

    /// The repository paths of the patch files a kustomization names (`patches[].path`,
    /// `patchesStrategicMerge[]`, `patchesJson6902[].path`), resolved from its folder.
    package static func patchPaths(of kustomization: Resource) -> [String] {
        let object = kustomization.object
        var relative: [String] = []
        for key in ["patches", "patchesJson6902"] {
            relative += (object[key]?.list ?? []).compactMap { $0["path"]?.string }
        }
        // An entry of patchesStrategicMerge is a path, or an inline patch (YAML text).
        relative += (object["patchesStrategicMerge"]?.list ?? []).compactMap(\.string).filter { !$0.contains("\n") }
        let folder = kustomization.id.name
        return relative.compactMap { resolve($0, from: folder) }
    }

    /// One image override of `images:`.
    package struct ImageOverride: Sendable, Equatable {
        /// The image it matches (`cr.l5d.io/linkerd/proxy`).
        package var name: String
        /// The reference workloads get instead: `newName` (or `name`) with `newTag` or `digest`.
        package var reference: String
    }

    /// The `images:` overrides, by the image they match.
    package static func imageOverrides(of kustomization: Resource) -> [ImageOverride] {
        (kustomization.object["images"]?.list ?? []).compactMap { entry in
            guard let name = entry["name"]?.scalarText else { return nil }
            let image = entry["newName"]?.scalarText ?? name
            if let digest = entry["digest"]?.scalarText { return ImageOverride(name: name, reference: "\(image)@\(digest)") }
            if let tag = entry["newTag"]?.scalarText { return ImageOverride(name: name, reference: "\(image):\(tag)") }
            return ImageOverride(name: name, reference: image)
        }
    }

    /// `path` read from `folder` as a repository path (`../base/a.yaml` from `overlays/prod`
    /// is `base/a.yaml`); `nil` when it leaves the repository or is a URL.
    package static func resolve(_ path: String, from folder: String) -> String? {
        if path.contains("://") || path.hasPrefix("/") { return nil }
        var parts = folder == "." ? [] : folder.split(separator: "/").map(String.init)
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
