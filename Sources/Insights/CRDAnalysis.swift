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
                let (added, removed, retyped) = schemaChanges(before.schema, version.schema)
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

    /// The property paths (`spec.replicas`, `items[]`, `labels{}`) a new schema adds, the ones it
    /// removes, and those whose type changed (`path: old → new`), each sorted. Both schemas are
    /// walked side by side, and subtrees equal at both sides are not walked: a schema holds
    /// thousands of paths, and an upgrade changes few.
    static func schemaChanges(_ old: Value?, _ new: Value?) -> (added: [String], removed: [String], retyped: [String]) {
        var added: [String] = []
        var removed: [String] = []
        var retyped: [(path: String, from: String?, to: String?)] = []
        func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
        // Every property path below `node`.
        func all(_ node: Value?, _ path: String, into paths: inout [String]) {
            guard let node else { return }
            for entry in node["properties"]?.mapping?.entries ?? [] {
                let path = child(path, entry.key)
                paths.append(path)
                all(entry.value, path, into: &paths)
            }
            all(node["items"], path + "[]", into: &paths)
            if let additional = node["additionalProperties"], additional.mapping != nil { all(additional, path + "{}", into: &paths) }
        }
        func walk(_ x: Value?, _ y: Value?, _ path: String) {
            switch (x, y) {
            case (nil, nil): return
            case (let x?, nil): return all(x, path, into: &removed)
            case (nil, let y?): return all(y, path, into: &added)
            case (let x?, let y?):
                guard x != y else { return }
                let old = x["properties"]?.mapping?.entries ?? []
                let new = y["properties"]?.mapping?.entries ?? []
                // Entries are sorted by key bytes: one merge pass pairs them.
                var i = 0
                var j = 0
                while i < old.count || j < new.count {
                    if j == new.count || (i < old.count && old[i].key.utf8Precedes(new[j].key)) {
                        let path = child(path, old[i].key)
                        removed.append(path)
                        all(old[i].value, path, into: &removed)
                        i += 1
                    } else if i == old.count || new[j].key.utf8Precedes(old[i].key) {
                        let path = child(path, new[j].key)
                        added.append(path)
                        all(new[j].value, path, into: &added)
                        j += 1
                    } else {
                        let path = child(path, new[j].key)
                        let (from, to) = (old[i].value["type"]?.string, new[j].value["type"]?.string)
                        if from != to { retyped.append((path, from, to)) }
                        walk(old[i].value, new[j].value, path)
                        i += 1
                        j += 1
                    }
                }
                walk(x["items"], y["items"], path + "[]")
                walk(
                    x["additionalProperties"].flatMap { $0.mapping != nil ? $0 : nil },
                    y["additionalProperties"].flatMap { $0.mapping != nil ? $0 : nil }, path + "{}")
            }
        }
        walk(old, new, "")
        return (
            added.sorted(), removed.sorted(),
            retyped.sorted { $0.path < $1.path }.map { "\($0.path): \($0.from ?? "untyped") → \($0.to ?? "untyped")" }
        )
    }
}
