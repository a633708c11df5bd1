import GitStore
import Insights
import Manifests
import Reports

/// The entry point the CLI and the end-to-end tests call: options in, report out.
public enum MeshDiff {
    /// Compares two revisions (or a revision and the working tree) of a manifest repository.
    public static func diff(_ options: DiffOptions) throws -> Report {
        var clock = PhaseClock()
        let repository = try Repository(discoveringFrom: options.repository)
        let (old, new) = try Side.resolve(options.revisions, in: repository)
        let reader = ManifestReader(repository: repository, limits: options.limits)
        let changes = try fileChanges(repository, from: old, to: new, paths: options.paths)
        clock.mark("open, resolve and tree diff (\(changes.count) files)")
        return try compare(changes, old: old, new: new, reader: reader, options: options, clock: &clock)
    }

    static func fileChanges(_ repository: Repository, from old: Side, to new: Side, paths: [String]) throws -> [FileChange] {
        guard case let .commit(oldCommit, _) = old else { preconditionFailure("the old side is always a commit") }
        switch new {
        case let .commit(newCommit, _):
            return try repository.changes(from: oldCommit, to: newCommit, paths: paths, include: ManifestFile.isManifestPath)
        case .workingTree:
            return try repository.changesToWorkingTree(from: oldCommit, paths: paths, include: ManifestFile.isManifestPath)
        }
    }

    /// Parses the changed files of both sides, pairs their resources by identity and compares them.
    static func compare(_ changes: [FileChange], old: Side, new: Side, reader: ManifestReader, options: DiffOptions, clock: inout PhaseClock) throws -> Report {
        let (oldFiles, newFiles) = try reader.read(
            old: changes.compactMap(\.old).map { ($0, old.label) },
            new: changes.compactMap(\.new).map { ($0, new.label) })
        clock.mark("read and parse")
        let before = ResourceIndex(oldFiles, revision: old.label)
        let after = ResourceIndex(newFiles, revision: new.label)

        let comparer = ResourceComparer(redactor: SecretRedactor(showSecrets: options.showSecrets))
        var resources: [ResourceChange] = []
        var moves: [ResourceMove] = []
        var images: [ImageChange] = []
        var flags: [FlagChange] = []
        var env: [EnvChange] = []
        var rbac: [RBACChange] = []
        var crds: [CRDChange] = []
        var webhooks: [WebhookChange] = []
        var security: [SecurityChange] = []
        let newSide = Array(after.resources.values)
        let ids = Set(before.ids).union(after.ids).sorted()
        for id in ids {
            let a = before[id]
            let b = after[id]
            if let a, let b, a.object == b.object {
                if a.path != b.path { moves.append(ResourceMove(id: id, apiVersion: b.apiVersion, fromPath: a.path, toPath: b.path)) }
                continue
            }
            guard let comparison = comparer.compare(old: a, new: b, newSide: newSide) else { continue }
            resources.append(comparison.resource)
            images += comparison.images
            flags += comparison.flags
            env += comparison.env
            rbac += comparison.rbac.map { [$0] } ?? []
            crds += comparison.crd.map { [$0] } ?? []
            webhooks += comparison.webhooks
            security += comparison.security
        }
        clock.mark("pair and compare \(ids.count) resources")
        let findings = (before.findings + after.findings).sorted {
            ($0.path, $0.line ?? 0, $0.revision) < ($1.path, $1.line ?? 0, $1.revision)
        }
        let meshes = MeshDetector.changes(old: Array(before.resources.values), new: newSide)
            .filter { options.meshes.isEmpty || options.meshes.contains($0.mesh) || options.meshes.contains(where: { $0 == "all" }) }
        var report = Report(from: old.info, to: new.info, meshes: meshes, resources: resources, moves: moves,
                            images: images, flags: flags, env: env, rbac: rbac, crds: crds, webhooks: webhooks,
                            security: security, findings: findings)
        report.warnings = Warnings.of(report, newResources: newSide)
        return report
    }
}
