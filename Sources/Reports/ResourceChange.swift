import Diffing
import Manifests

/// A resource that exists at one side only, or whose object differs.
public struct ResourceChange: Codable, Sendable, Equatable {
    /// How the resource changed.
    public enum Status: String, Codable, Sendable {
        case added, removed, modified
        /// A generator's content-hash suffix changed (`app-config-7g2k9m8b5f`): one resource,
        /// diffed across the two names; `previousName` holds the old one.
        case renamed
    }

    public var apiVersion: String
    public var kind: String
    /// `nil` for cluster-scoped resources.
    @ExplicitNull public var namespace: String?
    public var name: String
    public var status: Status
    @ExplicitNull public var fromPath: String?
    @ExplicitNull public var toPath: String?
    public var changes: [FieldChange]
    /// For `renamed`: the name at the old side.
    public var previousName: String?
    /// Set when the identity lives in one place among several (`ResourceID.scope`): a
    /// Kustomize patch, an overlay's rendered output.
    public var scope: String?

    public init(id: ResourceID, apiVersion: String, status: Status, fromPath: String?, toPath: String?, changes: [FieldChange]) {
        self.apiVersion = apiVersion
        self.kind = id.kind
        self.namespace = id.namespace
        self.name = id.name
        self.scope = id.scope
        self.status = status
        self.fromPath = fromPath
        self.toPath = toPath
        self.changes = changes
    }

    /// The resource's identity.
    public var id: ResourceID {
        ResourceID(group: ResourceID.group(ofAPIVersion: apiVersion), kind: kind, namespace: namespace, name: name, scope: scope)
    }

}

/// One field-level change of a modified resource.
public struct FieldChange: Codable, Sendable, Equatable {
    /// Readable path, e.g. `spec.template.spec.containers[name=destination].args`.
    public var path: String
    public var op: Change.Operation
    /// The old value; `null` when added. Secret values are replaced by a redaction marker.
    @ExplicitNull public var from: Value?
    /// The new value; `null` when removed.
    @ExplicitNull public var to: Value?
    public var category: ChangeCategory
    /// For multi-line strings: the line diff (`kept`, `removed`, `added`).
    public var lines: [LineDiffEntry]?
    /// Set when a limit made the comparison coarser than usual, saying what was done instead
    /// ("value changed, 48,213 → 48,220 lines, too large to diff line by line").
    public var note: String?
    /// `path` in the steps a reader indents by (`FieldPath.steps`); not part of the JSON. A
    /// change read back from JSON has one step, its whole path.
    public var steps: [String]

    enum CodingKeys: String, CodingKey {
        case path, op, from, to, category, lines, note
    }

    public init(
        path: String, op: Change.Operation, from: Value?, to: Value?, category: ChangeCategory, lines: [LineDiffEntry]? = nil,
        note: String? = nil,
        steps: [String]? = nil
    ) {
        self.path = path
        self.steps = steps ?? [path]
        self.op = op
        self.from = from
        self.to = to
        self.category = category
        self.lines = lines
        self.note = note
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        op = try container.decode(Change.Operation.self, forKey: .op)
        _from = try container.decode(ExplicitNull<Value>.self, forKey: .from)
        _to = try container.decode(ExplicitNull<Value>.self, forKey: .to)
        category = try container.decode(ChangeCategory.self, forKey: .category)
        lines = try container.decodeIfPresent([LineDiffEntry].self, forKey: .lines)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        steps = [path]
    }

    /// Equal when the JSON says the same: `steps` only restates `path`.
    public static func == (a: FieldChange, b: FieldChange) -> Bool {
        a.path == b.path && a.op == b.op && a.from == b.from && a.to == b.to && a.category == b.category && a.lines == b.lines
            && a.note == b.note
    }
}

/// One line of a multi-line string's diff.
public struct LineDiffEntry: Codable, Sendable, Equatable {
    public var op: LineEdit.Kind
    public var text: String

    public init(op: LineEdit.Kind, text: String) {
        self.op = op
        self.text = text
    }
}

/// What kind of change a field change is; `noise.*` categories are folded in reports.
public struct ChangeCategory: RawRepresentable, Codable, Sendable, Hashable, Comparable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let image = ChangeCategory(rawValue: "image")
    public static let flag = ChangeCategory(rawValue: "flag")
    public static let env = ChangeCategory(rawValue: "env")
    public static let secret = ChangeCategory(rawValue: "secret")
    public static let other = ChangeCategory(rawValue: "other")
    /// A mesh's trust anchor or identity issuer (never noise).
    public static let trust = ChangeCategory(rawValue: "trust")
    /// Regenerated TLS material: webhook `caBundle`, certificates and keys.
    public static let noiseTLS = ChangeCategory(rawValue: "noise.tls")
    /// `checksum/*` annotations.
    public static let noiseChecksum = ChangeCategory(rawValue: "noise.checksum")
    /// Labels and annotations that only restate the version.
    public static let noiseVersionLabel = ChangeCategory(rawValue: "noise.version-label")

    /// Whether reports fold this category by default.
    public var isNoise: Bool { rawValue.hasPrefix("noise.") }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: ChangeCategory, b: ChangeCategory) -> Bool { a.rawValue < b.rawValue }
}

/// A resource whose content is equal at both sides but that lives in another file.
public struct ResourceMove: Codable, Sendable, Equatable {
    public var apiVersion: String
    public var kind: String
    @ExplicitNull public var namespace: String?
    public var name: String
    public var fromPath: String
    public var toPath: String

    public init(id: ResourceID, apiVersion: String, fromPath: String, toPath: String) {
        self.apiVersion = apiVersion
        self.kind = id.kind
        self.namespace = id.namespace
        self.name = id.name
        self.fromPath = fromPath
        self.toPath = toPath
    }

}
