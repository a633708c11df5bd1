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
public struct Resource: Sendable, Hashable {
    public var id: ResourceID
    /// The full `apiVersion` (group and version).
    public var apiVersion: String
    /// The whole object, normalized.
    public var object: Value
    /// The file it was read from, relative to the repository root.
    public var path: String
    /// The 1-based line where its document starts.
    public var line: Int
    /// Where the object holds a private key (paths like `data.tls.key`), noted when secrets are
    /// redacted: the values themselves are gone from `object` by then.
    public var privateKeyPaths: [String] = []
    /// The DER bytes of the certificates the object holds, by path (`data.ca-bundle.crt`),
    /// read before redaction: certificates are public, and the trust analysis needs those
    /// that sit in Secrets too. Never rendered; only analysed.
    public var certificates: [CertificateBlocks] = []

    public init(id: ResourceID, apiVersion: String, object: Value, path: String, line: Int) {
        self.id = id
        self.apiVersion = apiVersion
        self.object = object
        self.path = path
        self.line = line
    }
}
