/// The certificates found at one path of an object, as DER.
public struct CertificateBlocks: Sendable, Hashable {
    public var path: String
    public var der: [[UInt8]]

    public init(path: String, der: [[UInt8]]) {
        self.path = path
        self.der = der
    }
}

/// One Kubernetes object read from a manifest file.
///
/// A value whose fields live in one shared box: resources are copied into indexes, pairs and
/// comparisons by the thousand, and a copy costs one reference count instead of one per field
/// (a dozen, with the identity's strings). A change copies the box first when it is shared.
public struct Resource: Sendable, Hashable {
    public var id: ResourceID {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// The full `apiVersion` (group and version).
    public var apiVersion: String {
        get { storage.apiVersion }
        set { unique().apiVersion = newValue }
    }
    /// The whole object, normalized.
    public var object: Value {
        get { storage.object }
        set { unique().object = newValue }
    }
    /// The file it was read from, relative to the repository root.
    public var path: String {
        get { storage.path }
        set { unique().path = newValue }
    }
    /// The 1-based line where its document starts.
    public var line: Int {
        get { storage.line }
        set { unique().line = newValue }
    }
    /// Where the object holds a private key (paths like `data.tls.key`), noted when secrets are
    /// redacted: the values themselves are gone from `object` by then.
    public var privateKeyPaths: [String] {
        get { storage.privateKeyPaths }
        set { unique().privateKeyPaths = newValue }
    }
    /// The DER bytes of the certificates the object holds, by path (`data.ca-bundle.crt`),
    /// read before redaction: certificates are public, and the trust analysis needs those
    /// that sit in Secrets too. Never rendered; only analysed.
    public var certificates: [CertificateBlocks] {
        get { storage.certificates }
        set { unique().certificates = newValue }
    }

    public init(id: ResourceID, apiVersion: String, object: Value, path: String, line: Int) {
        storage = Storage(id: id, apiVersion: apiVersion, object: object, path: path, line: line, privateKeyPaths: [], certificates: [])
    }

    private var storage: Storage

    /// The box, copied first when another resource shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Mutated only through `unique()`, never while shared: safe to send.
    private final class Storage: @unchecked Sendable {
        var id: ResourceID
        var apiVersion: String
        var object: Value
        var path: String
        var line: Int
        var privateKeyPaths: [String]
        var certificates: [CertificateBlocks]

        init(
            id: ResourceID, apiVersion: String, object: Value, path: String, line: Int, privateKeyPaths: [String],
            certificates: [CertificateBlocks]
        ) {
            self.id = id
            self.apiVersion = apiVersion
            self.object = object
            self.path = path
            self.line = line
            self.privateKeyPaths = privateKeyPaths
            self.certificates = certificates
        }

        func copy() -> Storage {
            Storage(
                id: id, apiVersion: apiVersion, object: object, path: path, line: line, privateKeyPaths: privateKeyPaths,
                certificates: certificates)
        }
    }

    public static func == (a: Resource, b: Resource) -> Bool {
        if a.storage === b.storage { return true }
        return a.id == b.id && a.apiVersion == b.apiVersion && a.object == b.object && a.path == b.path && a.line == b.line
            && a.privateKeyPaths == b.privateKeyPaths && a.certificates == b.certificates
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(apiVersion)
        hasher.combine(object)
        hasher.combine(path)
        hasher.combine(line)
        hasher.combine(privateKeyPaths)
        hasher.combine(certificates)
    }
}
