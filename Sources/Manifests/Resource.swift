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

    public init(id: ResourceID, apiVersion: String, object: Value, path: String, line: Int) {
        self.id = id
        self.apiVersion = apiVersion
        self.object = object
        self.path = path
        self.line = line
    }
}
