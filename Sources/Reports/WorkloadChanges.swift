import Manifests

/// A container image that differs, or a container that exists at one side only.
public struct ImageChange: Codable, Sendable, Equatable {
    /// The workload's `ResourceID.scope` (an overlay's rendered output, a patch), when it has one.
    public var scope: String?
    /// How an image moved.
    public enum Direction: String, Codable, Sendable {
        case upgrade, downgrade, changed, added, removed
    }

    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    public var container: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?
    public var direction: Direction
    /// Why the direction is what it is, when it is not obvious (registry move, digest, channel change).
    public var note: String?
    /// `from` and `to` in their parts (registry, repository, tag, digest), for tools.
    public var fromParts: ImageName?
    public var toParts: ImageName?

    public init(
        kind: String, namespace: String?, name: String, container: String, from: String?, to: String?, direction: Direction,
        note: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.from = from
        self.to = to
        self.direction = direction
        self.note = note
    }

}

/// An image reference in its parts: `registry/repository[:tag][@digest]`, Docker Hub spelled
/// out (`nginx` is `docker.io`, `library/nginx`).
public struct ImageName: Codable, Sendable, Equatable {
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: String?

    public init(registry: String, repository: String, tag: String?, digest: String?) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }
}

/// A command-line flag of a container whose value differs (`nil`: absent at that side).
public struct FlagChange: Codable, Sendable, Equatable {
    /// The workload's `ResourceID.scope` (an overlay's rendered output, a patch), when it has one.
    public var scope: String?
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    public var container: String
    /// The flag's name without dashes; `""` stands for the positional arguments.
    public var flag: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?
    /// The flag as the command line spells it (`-c`, `--log-level`); absent for the positional arguments.
    public var spelled: String?

    public init(
        kind: String, namespace: String?, name: String, container: String, flag: String, from: String?, to: String?,
        spelled: String? = nil
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.flag = flag
        self.from = from
        self.to = to
        self.spelled = spelled
    }

}

/// An environment variable of a container whose `value` or `valueFrom` differs.
public struct EnvChange: Codable, Sendable, Equatable {
    /// The workload's `ResourceID.scope` (an overlay's rendered output, a patch), when it has one.
    public var scope: String?
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    public var container: String
    public var variable: String
    /// The `value` (a string) or `valueFrom` (an object); `null` when absent at that side.
    @ExplicitNull public var from: Value?
    @ExplicitNull public var to: Value?

    public init(kind: String, namespace: String?, name: String, container: String, variable: String, from: Value?, to: Value?) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.variable = variable
        self.from = from
        self.to = to
    }

}

/// A mesh whose version differs (or not) between the two sides.
public struct MeshChange: Codable, Sendable, Equatable {
    public enum Direction: String, Codable, Sendable {
        case upgrade, downgrade, unchanged, changed
    }

    /// `linkerd`, `linkerd-viz`, `istio`, or an app name from `app.kubernetes.io/name`.
    public var mesh: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?
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

}
