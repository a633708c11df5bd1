import Diffing
import Manifests

/// The containers of a workload resource, by the pod template its kind keeps them in.
public enum Workload {
    /// The container lists of a pod spec, in the order reports list them.
    public static let containerLists = ["initContainers", "containers", "ephemeralContainers"]

    /// The path of the pod spec in objects of `kind`, or `nil` when the kind is no workload.
    public static func podSpecPath(kind: String) -> [String]? {
        switch kind {
        case "Pod": return ["spec"]
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job":
            return ["spec", "template", "spec"]
        case "CronJob": return ["spec", "jobTemplate", "spec", "template", "spec"]
        default: return nil
        }
    }

    /// One container of a workload.
    public struct Container {
        public var name: String
        public var spec: Value
    }

    /// The containers of `resource`, each container list in turn; empty for non-workloads. A
    /// kustomization's `images:` overrides count as containers named by the image they
    /// override, running the image they set: what its workloads run.
    public static func containers(of resource: Resource) -> [Container] {
        if Kustomization.isKustomization(resource) {
            return Kustomization.imageOverrides(of: resource).map {
                Container(name: $0.name, spec: .map(Mapping([("image", .string($0.reference))])))
            }
        }
        guard let path = podSpecPath(kind: resource.id.kind) else { return [] }
        var podSpec: Value? = resource.object
        for key in path { podSpec = podSpec?[key] }
        guard let podSpec else { return [] }
        var out: [Container] = []
        for list in containerLists {
            for item in podSpec[list]?.list ?? [] {
                guard let name = item["name"]?.scalarText else { continue }
                out.append(Container(name: name, spec: item))
            }
        }
        return out
    }

    /// Whether `path` (in an object of `kind`) lies inside a container, and below which key of it.
    static func containerField(kind: String, path: FieldPath) -> String? {
        guard let podSpec = podSpecPath(kind: kind) else { return nil }
        let components = path.components
        guard components.count > podSpec.count + 1 else { return nil }
        for (offset, key) in podSpec.enumerated() where components[offset] != .key(key) {
            return nil
        }
        guard case .key(let list) = components[podSpec.count], containerLists.contains(list) else { return nil }
        let rest = components.dropFirst(podSpec.count + 1)
        // [name=x] or [i], then the container's field.
        guard rest.count >= 2, case .key(let field) = rest[rest.startIndex + 1] else { return nil }
        return field
    }
}
