import Manifests
import Reports

/// A CustomResourceDefinition summarized by version: served and storage versions, deprecations,
/// and per version the schema properties added, removed or retyped, by path.
public struct CRDAnalysis: Sendable {
    public init() {}

    public static func change(old: Resource?, new: Resource?) -> CRDChange? {
        guard let any = new ?? old, any.id.kind == "CustomResourceDefinition", any.id.group == "apiextensions.k8s.io" else { return nil }
        let name = any.id.name
        switch (old, new) {
        case (nil, let new?):
            return CRDChange(
                name: name, status: .added, versionsAdded: versions(new.object).map(\.name),
                storageTo: storage(new.object))
        case (let old?, nil):
            return CRDChange(
                name: name, status: .removed, versionsRemoved: versions(old.object).map(\.name),
                storageFrom: storage(old.object))
        case (let old?, let new?):
            let a = Dictionary(versions(old.object).map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
            let b = Dictionary(versions(new.object).map { ($0.name, $0) }, uniquingKeysWith: { x, _ in x })
            var change = CRDChange(name: name, status: .modified)
            change.versionsAdded = versions(new.object).map(\.name).filter { a[$0] == nil }
            change.versionsRemoved = versions(old.object).map(\.name).filter { b[$0] == nil }
            for version in versions(new.object) {
                guard let before = a[version.name] else { continue }
                if before.served != version.served {
                    change.servedChanges.append(
                        "\(version.name): \(before.served ? "served" : "not served") → \(version.served ? "served" : "not served")")
                }
                if version.deprecated && !before.deprecated { change.deprecated.append(version.name) }
                let x = properties(before.schema)
                let y = properties(version.schema)
                let added = y.keys.filter { x[$0] == nil }.sorted()
                let removed = x.keys.filter { y[$0] == nil }.sorted()
                let retyped = y.keys.filter { x[$0] != nil && x[$0] != y[$0] }.sorted().map {
                    "\($0): \(x[$0]! ?? "untyped") → \(y[$0]! ?? "untyped")"
                }
                if !added.isEmpty || !removed.isEmpty || !retyped.isEmpty {
                    change.schemas.append(SchemaSummary(version: version.name, added: added, removed: removed, typeChanged: retyped))
                }
            }
            let from = storage(old.object)
            let to = storage(new.object)
            if from != to {
                change.storageFrom = from
                change.storageTo = to
            }
            let empty =
                change.versionsAdded.isEmpty && change.versionsRemoved.isEmpty && change.servedChanges.isEmpty
                && change.deprecated.isEmpty && change.schemas.isEmpty && from == to
            return empty ? nil : change
        case (nil, nil):
            return nil
        }
    }

    struct CRDVersion {
        var name: String
        var served: Bool
        var storage: Bool
        var deprecated: Bool
        var schema: Value?
    }

    static func versions(_ crd: Value) -> [CRDVersion] {
        if let list = crd[path: "spec", "versions"]?.list, !list.isEmpty {
            return list.compactMap { item in
                guard let name = item["name"]?.scalarText else { return nil }
                return CRDVersion(
                    name: name, served: item["served"] == .bool(true), storage: item["storage"] == .bool(true),
                    deprecated: item["deprecated"] == .bool(true),
                    schema: item[path: "schema", "openAPIV3Schema"] ?? crd[path: "spec", "validation", "openAPIV3Schema"])
            }
        }
        // apiextensions v1beta1 with a single `version`.
        guard let name = crd[path: "spec", "version"]?.scalarText else { return [] }
        return [
            CRDVersion(
                name: name, served: true, storage: true, deprecated: false, schema: crd[path: "spec", "validation", "openAPIV3Schema"])
        ]
    }

    static func storage(_ crd: Value) -> String? {
        versions(crd).first { $0.storage }?.name
    }

    /// Every property path of a schema with its type (`nil` when untyped).
    static func properties(_ schema: Value?) -> [String: String?] {
        var out: [String: String?] = [:]
        func walk(_ node: Value?, _ path: String) {
            guard let node else { return }
            for entry in node["properties"]?.mapping?.entries ?? [] {
                let child = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                out[child] = entry.value["type"]?.string
                walk(entry.value, child)
            }
            if let items = node["items"] { walk(items, path + "[]") }
            if let additional = node["additionalProperties"], additional.mapping != nil { walk(additional, path + "{}") }
        }
        walk(schema, "")
        return out
    }
}
