import Yams

/// Turns a Yams node tree into a `Value`, resolving merge keys and bounding alias expansion.
///
/// Yams hands back an alias as the very node its anchor names, so a "billion laughs" document
/// is a small tree of shared nodes that only explodes when walked. The converter counts the
/// nodes that alias uses would add and stops at `limit`.
struct NodeConverter {
    enum Failure: Error {
        case aliasExpansion(limit: Int, line: Int?)
        case nonScalarKey(line: Int?)
    }

    let limit: Int
    private var expanded = 0
    private var converted: [ObjectIdentifier: (value: Value, nodes: Int)] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    mutating func value(_ node: Node) throws -> Value {
        try convert(node).value
    }

    /// Converts `node`, returning its value and how many nodes it stands for.
    private mutating func convert(_ node: Node) throws -> (value: Value, nodes: Int) {
        if let anchor = Self.anchor(of: node) {
            let key = ObjectIdentifier(anchor)
            if let done = converted[key] {
                // A second sighting of an anchored node is an alias use: the value is shared,
                // but every consumer of the result will walk all of its nodes.
                expanded += done.nodes
                if expanded > limit { throw Failure.aliasExpansion(limit: limit, line: Self.line(of: node)) }
                return done
            }
            let result = try convertFresh(node)
            converted[key] = result
            return result
        }
        return try convertFresh(node)
    }

    private mutating func convertFresh(_ node: Node) throws -> (value: Value, nodes: Int) {
        switch node {
        case let .scalar(scalar):
            return (Self.scalarValue(scalar), 1)
        case let .sequence(sequence):
            var items: [Value] = []
            items.reserveCapacity(sequence.count)
            var nodes = 1
            for child in sequence {
                let (value, count) = try convert(child)
                items.append(value)
                nodes += count
            }
            return (.list(items), nodes)
        case let .mapping(mapping):
            var pairs: [(String, Value)] = []
            pairs.reserveCapacity(mapping.count)
            var merged: [(String, Value)] = []
            var nodes = 1
            for (keyNode, valueNode) in mapping {
                let (value, count) = try convert(valueNode)
                nodes += count
                if case let .scalar(keyScalar) = keyNode, keyScalar.style == .plain, keyScalar.string == "<<" {
                    merged.append(contentsOf: Self.mergeSources(value))
                    continue
                }
                pairs.append((try Self.key(keyNode), value))
            }
            // Merged keys never override keys written in the mapping itself; among several
            // merged maps the first one wins, as YAML's merge-key type says.
            if !merged.isEmpty {
                var own = Set(pairs.map(\.0))
                for (key, value) in merged where !own.contains(key) {
                    own.insert(key)
                    pairs.append((key, value))
                }
            }
            return (.map(Mapping(pairs)), nodes)
        case let .alias(alias):
            throw Failure.aliasExpansion(limit: limit, line: alias.mark.map { $0.line })
        }
    }

    private static func mergeSources(_ value: Value) -> [(String, Value)] {
        switch value {
        case let .map(mapping):
            return mapping.entries.map { ($0.key, $0.value) }
        case let .list(items):
            return items.flatMap { item in item.mapping?.entries.map { ($0.key, $0.value) } ?? [] }
        default:
            return []
        }
    }

    private static func key(_ node: Node) throws -> String {
        guard case let .scalar(scalar) = node else { throw Failure.nonScalarKey(line: line(of: node)) }
        // sigs.k8s.io/yaml turns non-string keys into their text: `true`, `1`.
        return scalarValue(scalar).scalarText ?? scalar.string
    }

    /// Quoted and block scalars are strings; plain ones resolve like Kubernetes resolves them.
    /// (Yams' basic resolver does not tell an explicit `!!str` tag from an implicit one, so a
    /// plain scalar with an explicit tag resolves like any plain scalar.)
    static func scalarValue(_ scalar: Node.Scalar) -> Value {
        scalar.style == .plain ? ScalarResolver.resolve(plain: scalar.string) : .string(scalar.string)
    }

    private static func anchor(of node: Node) -> Anchor? {
        switch node {
        case let .scalar(s): return s.anchor
        case let .mapping(m): return m.anchor
        case let .sequence(s): return s.anchor
        case .alias: return nil
        }
    }

    static func line(of node: Node) -> Int? {
        node.mark?.line
    }
}
