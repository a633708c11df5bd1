/// Release notes from manifest history: `meshdiff changelog --format json`, schema 1.
public struct Changelog: Codable, Sendable, Equatable {
    public var schemaVersion: Int = 1
    /// The range as given (`A..B`, a revision, or `HEAD`).
    public var range: String
    /// Commits walked, and how many of them touch no manifest (left out).
    public var commitsWalked: Int
    public var commitsWithoutManifestChanges: Int
    /// One entry per step (commit, or tag to tag with `--tags`) that changes manifests, oldest first.
    public var entries: [ChangelogEntry]
    /// Set in a shallow clone: where history stops, and what that leaves out.
    public var historyCut: String?

    public init(range: String, commitsWalked: Int, commitsWithoutManifestChanges: Int, entries: [ChangelogEntry]) {
        self.range = range
        self.commitsWalked = commitsWalked
        self.commitsWithoutManifestChanges = commitsWithoutManifestChanges
        self.entries = entries
    }
}

/// What one step of history changed in the manifests.
public struct ChangelogEntry: Codable, Sendable, Equatable {
    /// `release`: a mesh version changed (opens a section); `change`: mesh resources changed
    /// without a version change; `other`: manifests that belong to no detected mesh.
    public enum Kind: String, Codable, Sendable {
        case release, change, other
    }

    public var kind: Kind
    public var commit: String
    /// The step's starting commit (its parent, or the previous tag), `nil` at the root.
    public var fromCommit: String?
    /// ISO 8601 author date.
    public var date: String
    public var author: String
    public var subject: String
    public var tags: [String]
    /// Meshes whose version changed (unchanged ones are left out).
    public var meshes: [MeshChange]
    public var summary: Summary
    public var warnings: [Warning]
    public var images: [ImageChange]
    public var flags: [FlagChange]
    public var env: [EnvChange]
    public var rbac: [RBACChange]
    public var crds: [CRDChange]
    public var webhooks: [WebhookChange]
    public var security: [SecurityChange]
    public var settings: [SettingChange]
    /// `Kind namespace/name` of resources added and removed.
    public var added: [String]
    public var removed: [String]
    /// Modified resources, `Kind namespace/name`.
    public var modified: [String]
    /// Set when files moved or split without their resources changing: one line, not hundreds.
    public var layoutChange: String?
    /// With `--tags`, for a step that moved a mesh: the commits inside it that moved it (a tag
    /// step spans many commits; these are the ones to read).
    public var changedBy: [MeshCommit]?

    public init(
        kind: Kind, commit: String, fromCommit: String?, date: String, author: String, subject: String, tags: [String], report: Report
    ) {
        self.kind = kind
        self.commit = commit
        self.fromCommit = fromCommit
        self.date = date
        self.author = author
        self.subject = subject
        self.tags = tags
        meshes = report.meshes.filter { $0.direction != .unchanged }
        summary = report.summary
        warnings = report.warnings
        images = report.images
        flags = report.flags
        env = report.env
        rbac = report.rbac
        crds = report.crds
        webhooks = report.webhooks
        security = report.security
        settings = report.settings
        (added, removed, modified) = ([], [], [])
        // By index, as `Summary` reads them: filtering copied each resource whole.
        let resources = report.resources
        for index in resources.indices {
            switch resources[index].status {
            case .added: added.append(resources[index].id.description)
            case .removed: removed.append(resources[index].id.description)
            case .modified, .renamed: modified.append(resources[index].id.description)
            }
        }
        if !report.moves.isEmpty {
            let files = Set(report.moves.map(\.fromPath)).count
            let into = Set(report.moves.map(\.toPath)).count
            layoutChange =
                "layout change: \(report.moves.count) resource\(report.moves.count == 1 ? "" : "s") moved from \(files) file\(files == 1 ? "" : "s") into \(into) without changes"
        }
    }
}

/// A commit inside a tag-to-tag step that moved a mesh's version.
public struct MeshCommit: Codable, Sendable, Equatable {
    public var commit: String
    /// ISO 8601 author date.
    public var date: String
    public var author: String
    public var subject: String
    /// How the meshes moved in this commit alone.
    public var meshes: [MeshChange]

    public init(commit: String, date: String, author: String, subject: String, meshes: [MeshChange]) {
        self.commit = commit
        self.date = date
        self.author = author
        self.subject = subject
        self.meshes = meshes
    }
}
