import Manifests

/// What changed between two revisions of a manifest repository: the JSON contract, schema 1.
///
/// Plain data: stages fill it in, renderers only read it. `DESIGN.md` and the README define
/// each list; fields beyond the contract are additive.
public struct Report: Codable, Sendable, Equatable {
    /// The version of this JSON shape; bumped only when a contract changes.
    public var schemaVersion: Int = 1
    public var from: RevisionInfo
    public var to: RevisionInfo
    public var summary: Summary
    public var meshes: [MeshChange]
    public var resources: [ResourceChange]
    /// Resources whose content is unchanged but that live in another file now.
    public var moves: [ResourceMove]
    public var images: [ImageChange]
    public var flags: [FlagChange]
    public var env: [EnvChange]
    public var rbac: [RBACChange]
    public var crds: [CRDChange]
    public var webhooks: [WebhookChange]
    public var security: [SecurityChange]
    /// Settings of Argo CD and Flux resources: Helm values, sync policy, remediation.
    public var settings: [SettingChange] = []
    /// What a reviewer must see first: downgrades, private keys, escalations, findings.
    public var warnings: [Warning]
    public var findings: [Finding]
    /// What ignore rules and excludes left out (`nil` when there were none).
    public var ignored: Ignored?

    public init(
        from: RevisionInfo, to: RevisionInfo, meshes: [MeshChange] = [], resources: [ResourceChange] = [],
        moves: [ResourceMove] = [], images: [ImageChange] = [], flags: [FlagChange] = [],
        env: [EnvChange] = [], rbac: [RBACChange] = [], crds: [CRDChange] = [], webhooks: [WebhookChange] = [],
        security: [SecurityChange] = [], warnings: [Warning] = [], findings: [Finding] = []
    ) {
        self.from = from
        self.to = to
        self.meshes = meshes
        self.resources = resources
        self.moves = moves
        self.images = images
        self.flags = flags
        self.env = env
        self.rbac = rbac
        self.crds = crds
        self.webhooks = webhooks
        self.security = security
        self.warnings = warnings
        self.findings = findings
        self.summary = Summary(resources: resources, moves: moves)
    }

    /// Whether anything but noise changed.
    public var hasChanges: Bool {
        resources.contains { resource in
            resource.status != .modified || resource.changes.contains { !$0.category.isNoise }
        }
    }
}

/// What `.meshdiff.yaml`, `--config` or `--exclude` left out of a report: counted, never hidden.
public struct Ignored: Codable, Sendable, Equatable {
    /// Field changes left out of resources that still changed otherwise, or entirely.
    public var changes: Int
    /// Resources left out because every change of theirs was ignored (or a rule names them whole).
    public var resources: Int
    /// Files not read because an exclude glob matched them.
    public var files: Int
    /// Where the rules came from.
    public var by: String

    public init(changes: Int, resources: Int, files: Int, by: String) {
        self.changes = changes
        self.resources = resources
        self.files = files
        self.by = by
    }
}

/// One side of the comparison.
public struct RevisionInfo: Codable, Sendable, Equatable {
    /// What the user named (`stable-2.14.0`, `HEAD~1`), or `working tree`.
    public var ref: String
    /// The resolved commit id (40 hex), `nil` for the working tree.
    public var commit: String?

    public init(ref: String, commit: String?) {
        self.ref = ref
        self.commit = commit
    }
}

/// Counts of changed resources.
public struct Summary: Codable, Sendable, Equatable {
    public var added: Int
    public var removed: Int
    public var modified: Int
    /// Resources renamed by a generator's content-hash suffix (and diffed as one).
    public var renamed: Int
    /// Resources only moved to another file.
    public var moved: Int
    /// Field changes classified as noise (regenerated certificates, checksums, version labels).
    public var noiseChanges: Int

    public init(resources: [ResourceChange], moves: [ResourceMove]) {
        (added, removed, modified, renamed, noiseChanges) = (0, 0, 0, 0, 0)
        // Each resource read where it lies, by index: a closure over the elements copied each,
        // with every one of its fields (a changelog's first commit adds 20,000).
        for index in resources.indices {
            switch resources[index].status {
            case .added: added += 1
            case .removed: removed += 1
            case .modified: modified += 1
            case .renamed: renamed += 1
            }
            for change in resources[index].changes.indices where resources[index].changes[change].category.isNoise { noiseChanges += 1 }
        }
        moved = moves.count
    }
}
