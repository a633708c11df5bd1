import Manifests

/// A container image that differs, or a container that exists at one side only.
public struct ImageChange: Codable, Sendable, Equatable {
    /// How an image moved.
    public enum Direction: String, Codable, Sendable {
        case upgrade, downgrade, changed, added, removed
    }

    public var kind: String
    public var namespace: String?
    public var name: String
    public var container: String
    public var from: String?
    public var to: String?
    public var direction: Direction
    /// Why the direction is what it is, when it is not obvious (registry move, digest, channel change).
    public var note: String?

    public init(kind: String, namespace: String?, name: String, container: String, from: String?, to: String?, direction: Direction, note: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.from = from
        self.to = to
        self.direction = direction
        self.note = note
    }

    enum CodingKeys: String, CodingKey { case kind, namespace, name, container, from, to, direction, note }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(name, forKey: .name)
        try c.encode(container, forKey: .container)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(direction, forKey: .direction)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

/// A command-line flag of a container whose value differs (`nil`: absent at that side).
public struct FlagChange: Codable, Sendable, Equatable {
    public var kind: String
    public var namespace: String?
    public var name: String
    public var container: String
    /// The flag's name without dashes; `""` stands for the positional arguments.
    public var flag: String
    public var from: String?
    public var to: String?

    public init(kind: String, namespace: String?, name: String, container: String, flag: String, from: String?, to: String?) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.flag = flag
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey { case kind, namespace, name, container, flag, from, to }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(name, forKey: .name)
        try c.encode(container, forKey: .container)
        try c.encode(flag, forKey: .flag)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
    }
}

/// An environment variable of a container whose `value` or `valueFrom` differs.
public struct EnvChange: Codable, Sendable, Equatable {
    public var kind: String
    public var namespace: String?
    public var name: String
    public var container: String
    public var variable: String
    /// The `value` (a string) or `valueFrom` (an object); `null` when absent at that side.
    public var from: Value?
    public var to: Value?

    public init(kind: String, namespace: String?, name: String, container: String, variable: String, from: Value?, to: Value?) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.variable = variable
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey { case kind, namespace, name, container, variable, from, to }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(namespace, forKey: .namespace)
        try c.encode(name, forKey: .name)
        try c.encode(container, forKey: .container)
        try c.encode(variable, forKey: .variable)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
    }
}

/// A mesh whose version differs (or not) between the two sides.
public struct MeshChange: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable {
        case upgrade, downgrade, unchanged, changed
    }

    /// `linkerd`, `linkerd-viz`, `istio`, or an app name from `app.kubernetes.io/name`.
    public var mesh: String
    public var from: String?
    public var to: String?
    public var direction: Direction
    /// Why, when the direction needs saying (channel change, mesh installed or removed).
    public var note: String?
    /// The upstream release notes of the target version, where the mesh is known.
    public var releaseNotes: String?

    public init(mesh: String, from: String?, to: String?, direction: Direction, note: String? = nil, releaseNotes: String? = nil) {
        self.mesh = mesh
        self.from = from
        self.to = to
        self.direction = direction
        self.note = note
        self.releaseNotes = releaseNotes
    }

    enum CodingKeys: String, CodingKey { case mesh, from, to, direction, note, releaseNotes }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mesh, forKey: .mesh)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(direction, forKey: .direction)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(releaseNotes, forKey: .releaseNotes)
    }
}
