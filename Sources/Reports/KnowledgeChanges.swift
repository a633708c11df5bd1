/// A permission granted or revoked by a Role or ClusterRole: one verb on one resource.
public struct Permission: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API group (`""` for the core group, `*` for all).
    public var apiGroup: String
    /// The resource, with its subresource (`httproutes/status`), or a non-resource URL.
    public var resource: String
    public var verb: String
    /// When the rule names resources, the names it is limited to.
    public var resourceNames: [String]?

    public init(apiGroup: String, resource: String, verb: String, resourceNames: [String]? = nil) {
        self.apiGroup = apiGroup
        self.resource = resource
        self.verb = verb
        self.resourceNames = resourceNames
    }

    public var description: String {
        let group = apiGroup.isEmpty ? "" : "\(apiGroup)/"
        let names = resourceNames.map { " (names: \($0.joined(separator: ", ")))" } ?? ""
        return "\(verb) \(group)\(resource)\(names)"
    }

    public static func < (a: Permission, b: Permission) -> Bool {
        (a.apiGroup, a.resource, a.verb, a.resourceNames?.joined() ?? "") < (
            b.apiGroup, b.resource, b.verb, b.resourceNames?.joined() ?? ""
        )
    }
}

/// Permissions a role gains or loses, and who holds the role.
public struct RBACChange: Codable, Sendable, Equatable {
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    public var granted: [Permission]
    public var revoked: [Permission]
    /// Subjects bound to the role at the new side, as `Kind namespace/name` (from the bindings read).
    public var subjects: [String]
    /// Why this change widens access, when it does (wildcards, reading secrets, escalate/bind/impersonate,
    /// a new binding to cluster-admin, a changed roleRef).
    public var escalations: [String]

    public init(
        kind: String, namespace: String?, name: String, granted: [Permission], revoked: [Permission], subjects: [String],
        escalations: [String]
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.granted = granted
        self.revoked = revoked
        self.subjects = subjects
        self.escalations = escalations
    }
}

/// What changed in a CustomResourceDefinition, summarized instead of its raw OpenAPI schema.
public struct CRDChange: Codable, Sendable, Equatable {
    public var name: String
    public var status: ResourceChange.Status
    public var versionsAdded: [String]
    public var versionsRemoved: [String]
    /// Versions whose `served` flag changed, as `v1beta1: served → not served`.
    public var servedChanges: [String]
    public var storageFrom: String?
    public var storageTo: String?
    /// Versions newly marked deprecated.
    public var deprecated: [String]
    public var schemas: [SchemaSummary]

    public init(
        name: String, status: ResourceChange.Status, versionsAdded: [String] = [], versionsRemoved: [String] = [],
        servedChanges: [String] = [], storageFrom: String? = nil, storageTo: String? = nil,
        deprecated: [String] = [], schemas: [SchemaSummary] = []
    ) {
        self.name = name
        self.status = status
        self.versionsAdded = versionsAdded
        self.versionsRemoved = versionsRemoved
        self.servedChanges = servedChanges
        self.storageFrom = storageFrom
        self.storageTo = storageTo
        self.deprecated = deprecated
        self.schemas = schemas
    }
}

/// How one version's OpenAPI schema changed: properties by path.
public struct SchemaSummary: Codable, Sendable, Equatable {
    public var version: String
    public var added: [String]
    public var removed: [String]
    /// `path: from → to`.
    public var typeChanged: [String]

    public init(version: String, added: [String], removed: [String], typeChanged: [String]) {
        self.version = version
        self.added = added
        self.removed = removed
        self.typeChanged = typeChanged
    }
}

/// A setting of an admission webhook that changed.
public struct WebhookChange: Codable, Sendable, Equatable {
    public var kind: String
    public var name: String
    /// The webhook's own name inside the configuration.
    public var webhook: String
    /// `failurePolicy`, `sideEffects`, `timeoutSeconds`, `namespaceSelector`, `objectSelector`, `rules`, or `webhook` (added/removed).
    public var setting: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?

    public init(kind: String, name: String, webhook: String, setting: String, from: String?, to: String?) {
        self.kind = kind
        self.name = name
        self.webhook = webhook
        self.setting = setting
        self.from = from
        self.to = to
    }
}

/// A pod-security setting of a workload (or one of its containers) that changed.
public struct SecurityChange: Codable, Sendable, Equatable {
    /// The workload's `ResourceID.scope` (an overlay's rendered output, a patch), when it has one.
    public var scope: String?
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    /// `nil` for pod-level settings (`hostNetwork`, `hostPID`, `hostIPC`).
    @ExplicitNull public var container: String?
    public var setting: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?
    /// Whether the change widens what the workload may do.
    public var loosened: Bool

    public init(
        kind: String, namespace: String?, name: String, container: String?, setting: String, from: String?, to: String?, loosened: Bool
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.container = container
        self.setting = setting
        self.from = from
        self.to = to
        self.loosened = loosened
    }
}

/// Something the reviewer must see first.
public struct Warning: Codable, Sendable, Equatable {
    /// What a warning is about; the JSON spells it as the raw value.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case downgrade
        case privateKey = "private-key"
        case trustAnchor = "trust-anchor"
        case certificateExpiry = "certificate-expiry"
        case rbacEscalation = "rbac-escalation"
        case privileged
        case crdRemoved = "crd-removed"
        case finding
    }

    /// How much a warning weighs: `critical` (what breaks or exposes the mesh) or `warning`.
    public enum Severity: String, Codable, Sendable {
        case critical, warning
    }

    public var kind: Kind
    /// Decided by `kind`.
    public var severity: Severity
    /// The resource it is about (`Kind.group namespace/name`), when it is about one.
    public var resource: String?
    /// The image it is about (the new reference, or the old one when it is gone).
    public var image: String?
    public var message: String

    public init(kind: Kind, message: String, resource: String? = nil, image: String? = nil) {
        self.kind = kind
        self.message = message
        self.resource = resource
        self.image = image
        severity = Self.critical.contains(kind) ? .critical : .warning
    }

    /// The kinds whose warnings are critical.
    static let critical: Set<Kind> = [.downgrade, .privateKey, .trustAnchor, .rbacEscalation, .privileged]
}

/// A setting of a GitOps resource that changed: a Helm value of an Argo CD `Application` or a
/// Flux `HelmRelease`, a sync policy, a destination, an install/upgrade remediation.
public struct SettingChange: Codable, Sendable, Equatable {
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    /// The mesh whose chart the resource installs, when it installs one.
    public var mesh: String?
    /// `helm values`, `sync policy`, `destination`, `source`, `ignoreDifferences`, `release`,
    /// `remediation`.
    public var scope: String
    /// The value's key (`proxy.logLevel`), or the setting in plain words (`automated sync`).
    public var setting: String
    @ExplicitNull public var from: String?
    @ExplicitNull public var to: String?

    public init(
        kind: String, namespace: String?, name: String, mesh: String?, scope: String, setting: String, from: String?, to: String?
    ) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.mesh = mesh
        self.scope = scope
        self.setting = setting
        self.from = from
        self.to = to
    }
}
