import Manifests

/// Kustomize's `configMapGenerator` and `secretGenerator` name what they make `NAME-HASH`: a
/// 10-character hash of the content, in kustomize's alphabet (hex with `0 1 3 a e` replaced by
/// `g h k t m`). When content changes, so does the name; the resource is the same one.
package enum GeneratorRenames {
    static let alphabet = Set("2456789bcdfghkmt")

    /// The name without its generator hash, `nil` when it has none.
    static func base(of name: String) -> String? {
        guard name.count > 11 else { return nil }
        let suffix = name.suffix(10)
        guard name.dropLast(10).last == "-", suffix.allSatisfy(alphabet.contains) else { return nil }
        return String(name.dropLast(11))
    }

    /// Pairs of (removed, added) identities that are one generated resource under two hashes:
    /// same group, kind and namespace, same base name, exactly one on each side.
    package static func pairs(removed: [ResourceID], added: [ResourceID]) -> [(old: ResourceID, new: ResourceID)] {
        func key(_ id: ResourceID) -> String? {
            guard id.kind == "ConfigMap" || id.kind == "Secret", let base = base(of: id.name) else { return nil }
            return "\(id.group)/\(id.kind)/\(id.namespace ?? "")/\(base)"
        }
        let old = Dictionary(grouping: removed.filter { key($0) != nil }) { key($0)! }
        let new = Dictionary(grouping: added.filter { key($0) != nil }) { key($0)! }
        return old.keys.sorted().compactMap { name in
            guard let a = old[name], a.count == 1, let b = new[name], b.count == 1 else { return nil }
            return (a[0], b[0])
        }
    }
}
