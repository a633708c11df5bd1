import Manifests

/// Keeps secret values out of every output.
///
/// Values of a Secret's `data` and `stringData`, and any string that holds a PEM private key,
/// are replaced by `<redacted: sha256 1a2b3c4d>`: enough to tell whether two reports saw the
/// same value, nothing about the value itself.
public struct SecretRedactor: Sendable {
    /// When true, nothing is redacted (`--show-secrets`).
    public var showSecrets: Bool

    public init(showSecrets: Bool = false) {
        self.showSecrets = showSecrets
    }

    /// Whether values at `keys` (map keys from the object root) of a resource of `kind` are secret.
    public static func isSecretPath(kind: String, group: String, keys: [String]) -> Bool {
        kind == "Secret" && group.isEmpty && (keys.first == "data" || keys.first == "stringData")
    }

    /// Whether `string` holds a PEM private key.
    public static func holdsPrivateKey(_ string: String) -> Bool {
        string.containsBytes("PRIVATE KEY-----") || string.containsBytes("PRIVATE KEY BLOCK-----")
    }

    /// The marker that stands in for a secret string.
    public static func marker(for string: String) -> String {
        "<redacted: sha256 \(SHA256.hex(string).prefix(8))>"
    }

    /// `value` with every secret string replaced by its marker; `secret` says whether the
    /// whole value sits at a secret path.
    public func redact(_ value: Value, secret: Bool) -> Value {
        guard !showSecrets else { return value }
        switch value {
        case .string(let s):
            return secret || Self.holdsPrivateKey(s) ? .string(Self.marker(for: s)) : value
        case .null:
            return value
        case .bool, .int, .float:
            return secret ? .string(Self.marker(for: value.scalarText ?? "")) : value
        case .list(let items):
            return .list(items.map { redact($0, secret: secret) })
        case .map(let mapping):
            return .map(Mapping(mapping.entries.map { ($0.key, redact($0.value, secret: secret)) }))
        }
    }

    /// Whether `value` holds anything `redact` would replace.
    public func needsRedaction(_ value: Value, secret: Bool) -> Bool {
        guard !showSecrets else { return false }
        switch value {
        case .string(let s): return secret || Self.holdsPrivateKey(s)
        case .null: return false
        case .bool, .int, .float: return secret
        case .list(let items): return items.contains { needsRedaction($0, secret: secret) }
        case .map(let mapping): return mapping.entries.contains { needsRedaction($0.value, secret: secret) }
        }
    }
}
