/// Where in an object a change is, readable by a person:
/// `spec.template.spec.containers[name=destination].args`.
public struct FieldPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        /// A map key.
        case key(String)
        /// A list item by position.
        case index(Int)
        /// A list item by its `name` field.
        case named(String)
        /// Into a string that holds a YAML or JSON document.
        case embedded(String)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// This path with one more step.
    public func appending(_ component: Component) -> FieldPath {
        FieldPath(components + [component])
    }

    /// The map keys and names on the path, in order: what rules about paths match against.
    public var keys: [String] {
        components.compactMap {
            switch $0 {
            case .key(let key): return key
            case .named(let name): return name
            case .index, .embedded: return nil
            }
        }
    }

    public var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if Self.isPlain(key) {
                    if !out.isEmpty { out += "." }
                    out += key
                } else {
                    out += "[\"\(Self.escaped(key))\"]"
                }
            case .index(let index):
                out += "[\(index)]"
            case .named(let name):
                out += "[name=\(name)]"
            case .embedded(let format):
                out += "{\(format)}"
            }
        }
        return out.isEmpty ? "." : out
    }

    /// The description cut where a reader would indent: a plain key starts a step, and list
    /// positions, names and embedded formats stay with the key before them
    /// (`containers[name=proxy]`, `values{yaml}`); a quoted key is a step of its own.
    /// `FieldPath.joined(steps)` gives the description back.
    public var steps: [String] {
        var steps: [String] = []
        for component in components {
            let piece = FieldPath([component]).description
            let attaches: Bool
            switch component {
            case .index, .named, .embedded: attaches = true
            case .key: attaches = false
            }
            if attaches, !steps.isEmpty { steps[steps.count - 1] += piece } else { steps.append(piece) }
        }
        return steps
    }

    /// Steps (of `steps`) written as one path: `spec.template`, `nodeSelector["kubernetes.io/os"]`.
    public static func joined<S: Sequence<String>>(_ steps: S) -> String {
        var out = ""
        for step in steps {
            if !out.isEmpty && !step.hasPrefix("[") && !step.hasPrefix("{") { out += "." }
            out += step
        }
        return out
    }

    public static func < (a: FieldPath, b: FieldPath) -> Bool {
        a.description < b.description
    }

    /// `key` with `\` and `"` escaped, for `["…"]`; most keys have neither.
    private static func escaped(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else { return key }
        var out = ""
        for scalar in key.unicodeScalars {
            if scalar == "\\" || scalar == "\"" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    private static func isPlain(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }
}
