import Manifests
import Reports

/// Keeps secret values out of the model, before any stage can diff, summarize or print them.
///
/// One rule, applied to every resource as it is read: any value under a Secret's `data` or
/// `stringData` (a Secret at the top, in a `List`, in a `Template`'s objects, in an annotation
/// or in a string that holds a YAML or JSON document, however deep), and any private key
/// anywhere (see `KeyMaterial`), is replaced by `<redacted: sha256 1a2b3c4d>`: enough to tell
/// whether two revisions hold the same value, nothing about the value itself. A string that
/// names a Secret but cannot be read as a document is redacted whole.
///
/// Diffing redacted objects gives the same facts as diffing the originals: equal values get
/// equal markers, different values different ones.
public struct Redactor: Sendable {
    /// When true, nothing is replaced (`--show-secrets`); private keys are still noted.
    public var showSecrets: Bool

    public init(showSecrets: Bool = false) {
        self.showSecrets = showSecrets
    }

    /// The marker that stands in for a secret string.
    public static func marker(for string: String) -> String {
        "<redacted: sha256 \(SHA256.hex(string).prefix(8))>"
    }

    /// Whether `string` is a redaction marker.
    public static func isMarker(_ string: String) -> Bool {
        string.hasPrefix("<redacted: sha256 ") && string.hasSuffix(">")
    }

    /// Words that make a setting's name a secret's (lower case), and a text worth reading for one.
    static let sensitiveWords = [
        "password", "passwd", "token", "apikey", "api_key", "secret", "privatekey", "private_key", "credential", "keypem",
    ]

    /// Whether a Helm value or generator key names a secret (`adminPassword`, `apiToken`,
    /// `clientSecret`), not a reference to one (`existingSecret`, `secretName`, `tokenSecretRef`).
    public static func isSensitiveSetting(_ key: String) -> Bool {
        let lower = key.lowercased()
        guard sensitiveWords.contains(where: lower.contains) else { return false }
        let references = ["name", "ref", "enabled", "file", "path", "audience", "expiry", "ttl", "mode", "scheme"]
        return !references.contains(where: lower.hasSuffix) && !lower.hasPrefix("existing") && !lower.hasPrefix("external")
    }

    /// Whether a JSON pointer (RFC 6901) leads into a Secret's `data` or `stringData`.
    static func isDataPointer(_ pointer: String) -> Bool {
        pointer == "/data" || pointer.hasPrefix("/data/") || pointer == "/stringData" || pointer.hasPrefix("/stringData/")
    }

    /// Kinds whose Helm values and generators may hold secrets by name (see `isSensitiveSetting`):
    /// Argo CD and Flux resources, kustomizations, and Helm values files.
    static func holdsSettings(_ id: ResourceID) -> Bool {
        switch (id.group, id.kind) {
        case ("argoproj.io", "Application"), ("argoproj.io", "ApplicationSet"), ("helm.toolkit.fluxcd.io", "HelmRelease"),
            ("kustomize.config.k8s.io", _), ("", "Values"):
            return true
        default:
            return false
        }
    }

    /// Whether values at `keys` (map keys from the object root) of a resource of `kind` are secret.
    public static func isSecretPath(kind: String, keys: [String]) -> Bool {
        kind == "Secret" && (keys.first == "data" || keys.first == "stringData")
    }

    /// The file's resources with secrets replaced and private keys noted.
    public func redact(_ file: ManifestFile) -> ManifestFile {
        var file = file
        file.resources = file.resources.map(redact)
        return file
    }

    /// The resource with secrets replaced and the paths of its private keys noted.
    public func redact(_ resource: Resource) -> Resource {
        var walk = Walk(replace: !showSecrets, settings: Self.holdsSettings(resource.id))
        var resource = resource
        if let redacted = walk.value(resource.object, secret: false) { resource.object = redacted }
        // Set only when there is something to note: a resource shares its box with the file's
        // until one is set, and most have neither (a revision's 21,904 boxes were copied).
        if resource.privateKeyPaths != walk.privateKeys { resource.privateKeyPaths = walk.privateKeys }
        if resource.certificates != walk.certificates { resource.certificates = walk.certificates }
        return resource
    }

    /// One pass over one resource's object.
    private struct Walk {
        let replace: Bool
        /// In a GitOps resource: values under keys that name a secret are secret.
        let settings: Bool
        var privateKeys: [String] = []
        var certificates: [CertificateBlocks] = []
        /// Documents inside strings above the current value (`Limits.maxEmbeddedDepth`).
        var embeddedDepth = 0
        /// Where the walk is: map keys, list indexes, `{yaml}` for a document in a string. Said
        /// as text only when something is recorded there (most values never are).
        var trail: [Step] = []

        enum Step {
            case key(String)
            case index(Int)
            /// A document in a string, in this format.
            case document(String)
        }

        var path: String {
            var text = ""
            for step in trail {
                switch step {
                case .index(let index): text += "[\(index)]"
                case .document(let format): text += "{\(format)}"
                case .key(let key):
                    if key.hasPrefix("[") || key.hasPrefix("{") || text.isEmpty { text += key } else { text += "." + key }
                }
            }
            return text
        }

        /// Whether the step `back` places before the current one is the map key `key`.
        func step(_ back: Int, is key: String) -> Bool {
            guard trail.count > back, case .key(let step) = trail[trail.count - 1 - back] else { return false }
            return step == key
        }

        /// The redacted value, or `nil` when nothing in it needed replacing.
        mutating func value(_ value: Value, secret: Bool) -> Value? {
            switch value {
            case .null:
                return nil
            case .bool, .int, .float:
                return secret ? marker(value.scalarText ?? "") : nil
            case .string(let string):
                return self.string(string, secret: secret)
            case .list(let items):
                if KeyMaterial.of(lines: items) == .privateKey {
                    privateKeys.append(path)
                    return marker(items.compactMap(\.string).joined(separator: "\n"))
                }
                var changed = false
                var out = items
                for (index, item) in items.enumerated() {
                    trail.append(.index(index))
                    defer { trail.removeLast() }
                    if let redacted = self.value(item, secret: secret) {
                        out[index] = redacted
                        changed = true
                    }
                }
                return changed ? .list(out) : nil
            case .map(let mapping):
                let isSecret = mapping["kind"]?.string == "Secret"
                // Argo CD's `parameters: [{name: adminPassword, value: …}]`.
                let namedSecret = settings && mapping["name"]?.string.map(Redactor.isSensitiveSetting) == true
                // A JSON 6902 operation (a Kustomize patch) that writes a Secret's data: the
                // target's kind is in the kustomization, so any `/data` or `/stringData` counts.
                let patchesData = mapping["op"]?.string != nil && mapping["path"]?.string.map(Redactor.isDataPointer) == true
                var changed = false
                var entries = mapping.entries
                for (index, entry) in entries.enumerated() {
                    let sensitive =
                        settings && (Redactor.isSensitiveSetting(entry.key) || (namedSecret && entry.key == "value"))
                        && entry.value.isSecretShaped
                    let inside =
                        secret || sensitive || (isSecret && (entry.key == "data" || entry.key == "stringData"))
                        || (patchesData && entry.key == "value")
                    trail.append(.key(entry.key))
                    defer { trail.removeLast() }
                    if let redacted = self.value(entry.value, secret: inside) {
                        entries[index].value = redacted
                        changed = true
                    }
                }
                return changed ? .map(Mapping(entries.map { ($0.key, $0.value) })) : nil
            }
        }

        private mutating func string(_ string: String, secret: Bool) -> Value? {
            // Most values are names and numbers, too short to hold key material or a document
            // that names a Secret: no need to look into them. Read once otherwise: deciding what
            // a string holds may mean decoding base64.
            let short = string.utf8.count < Self.shortestMaterial
            let material = short ? nil : KeyMaterial.of(string)
            if material == .certificate {
                let der = CertificateSummary.derBlocks(string)
                if !der.isEmpty { certificates.append(CertificateBlocks(path: path, der: der)) }
            }
            if secret {
                if material == .privateKey { privateKeys.append(path) }
                return marker(string)
            }
            // A Kustomize secretGenerator literal, `key=value`: the key stays, the value goes.
            if settings, trail.count >= 4, step(1, is: "literals"), step(3, is: "secretGenerator") {
                guard let equals = string.firstIndex(of: "=") else { return marker(string) }
                return marker(String(string[string.index(after: equals)...])).map { .string(string[...equals] + ($0.string ?? "")) }
            }
            guard !short,
                Self.mayHoldSecrets(string)
                    || (settings
                        && (Self.mentionsSensitiveSetting(string) || string.containsBytes("/data") || string.containsBytes("/stringData")))
            else { return nil }
            // A document inside a string (last-applied-configuration, a values file, a
            // kubeconfig): redact inside it, and keep it a document so it still diffs as a tree.
            if embeddedDepth < Limits.maxEmbeddedDepth, let document = EmbeddedDocument.parse(string) {
                embeddedDepth += 1
                defer { embeddedDepth -= 1 }
                trail.append(.document(document.format))
                defer { trail.removeLast() }
                guard let redacted = value(document.value, secret: false) else { return nil }
                guard replace else { return nil }
                return .string(Self.json(redacted))
            }
            // Deeper than documents are read, text that may hold a Secret is not shown at all.
            if embeddedDepth >= Limits.maxEmbeddedDepth && (Self.namesSecretKind(string) || string.containsBytes("PRIVATE KEY")) {
                return marker(string)
            }
            if material == .privateKey {
                privateKeys.append(path)
                // `--tls-key=<key>` keeps its flag name, so the flag still reads as that flag.
                if string.hasPrefix("-"), let equals = string.firstIndex(of: "="),
                    !string[..<equals].contains(where: \.isWhitespace)
                {
                    let value = String(string[string.index(after: equals)...])
                    return marker(value).map { .string(string[...equals] + ($0.string ?? "")) }
                }
                return marker(string)
            }
            // Text that defines a Secret but is no single document (several documents, a
            // template): nothing in it can be shown safely.
            return Self.namesSecretKind(string) ? marker(string) : nil
        }

        private func marker(_ text: String) -> Value? {
            replace ? .string(Redactor.marker(for: text)) : nil
        }

        /// Shorter strings hold no key, certificate or Secret-naming document (the shortest
        /// such thing, `kind: Secret`, is 12 bytes; keys and certificates are far longer).
        static let shortestMaterial = 12

        /// A cheap test before parsing a string as a document: only strings that mention a
        /// Secret or key material can hold anything to redact.
        static func mayHoldSecrets(_ string: String) -> Bool {
            // Base64 DER keys start `MI` (RSA, PKCS#8 P-256/384), `MH` (SEC1 P-256) or `MC` (Ed25519).
            string.containsBytes("Secret") || string.containsBytes("PRIVATE KEY") || string.containsBytes(KeyMaterial.base64Begin)
                || string.containsBytes("CERTIFICATE-----")
                || string.containsBytes("MI") || string.containsBytes("MH") || string.containsBytes("MC")
        }

        /// A cheap test for a values document (Argo CD's `helm.values`) that may name a secret.
        static func mentionsSensitiveSetting(_ string: String) -> Bool {
            let lower = string.lowercased()
            return Redactor.sensitiveWords.contains(where: lower.contains)
        }

        /// Whether text declares an object of kind Secret (YAML or JSON spelling).
        static func namesSecretKind(_ string: String) -> Bool {
            // Only the lines that hold the word are read as characters (a values file or a
            // schema can be long, and walking all its characters was 5% of the corpus changelog).
            for line in string.lines(holdingBytes: "Secret") where line.contains("Secret") {
                let compact = line.filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
                if compact.hasSuffix("kind:Secret") || compact.contains("kind:Secret,") || compact.contains("kind:Secret}") { return true }
            }
            return false
        }

        /// The value as compact JSON, keys in order: the form a redacted document is kept in.
        static func json(_ value: Value) -> String {
            (try? JSONText.compact(value)) ?? Redactor.marker(for: "\(value)")
        }
    }
}

extension Value {
    /// A value a secret can be: text or a number, not a switch, an empty value or a tree.
    fileprivate var isSecretShaped: Bool {
        switch self {
        case .string(let text): return !text.isEmpty
        case .int, .float: return true
        default: return false
        }
    }
}
