import Insights
import Manifests
import Pairing
import Reports
import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Pairing, comparison and the report from the files read at each side: the part of a diff
/// that does not care where the files came from (a repository, folders, files, stdin).
enum Comparison {
    /// One side: how the report names it, and its files that changed (read and redacted).
    struct Side {
        var info: RevisionInfo
        var changed: [(path: String, file: ManifestFile)]
        /// The date certificates are checked at: the commit's, or now.
        var date = Date()

        /// How findings name this side.
        var label: String { info.ref }
    }

    /// Indexes both sides over their changed files and the `context` (files the same at both
    /// sides, read for the whole-revision facts), pairs resources by identity (generator
    /// renames included), compares each pair and derives the mesh changes and warnings.
    static func report(
        old: Side, new: Side, context: [(path: String, file: ManifestFile)], options: DiffOptions, rules: IgnoreRules,
        findings extra: [Finding] = [], clock: inout PhaseClock
    ) -> Report {
        func inputs(_ side: Side) -> [ResourceIndex.Input] {
            side.changed.map { ResourceIndex.Input(path: $0.path, file: $0.file, changed: true) }
                + context.map { ResourceIndex.Input(path: $0.path, file: $0.file, changed: false) }
        }
        // The two sides are indexed at once, one per core (sorting a large revision's resources).
        let indexes = ParallelMap.map([(inputs(old), old.label), (inputs(new), new.label)]) { inputs, label in
            ResourceIndex(inputs, revision: label, contextFindings: options.allFiles, scopes: options.scopes)
        }
        let (before, after) = (indexes[0], indexes[1])

        let comparer = ResourceComparer()
        let newSide = after.sorted
        let bindings = RoleBindings(newSide)
        // A resource missing at one side where its file cannot be read there is not known to
        // be gone (or new): it could not be compared, and is never reported as removed.
        let pairs = ResourcePairs(
            before: before, after: after,
            unreadableBefore: Set(old.changed.filter { $0.file.isPartlyUnreadable }.map(\.path)),
            unreadableAfter: Set(new.changed.filter { $0.file.isPartlyUnreadable }.map(\.path)), labels: (old.label, new.label))
        let changed = pairs.changed
        // Each pair is compared on its own, so all cores share the work; order is kept.
        let comparisons = ParallelMap.map(changed) { pair -> ResourceComparison? in
            guard var comparison = comparer.compare(old: pair.old, new: pair.new, bindings: bindings) else { return nil }
            if let old = pair.old, let new = pair.new, old.id != new.id {
                comparison.resource.status = .renamed
                comparison.resource.previousName = old.id.name
            }
            return comparison
        }
        clock.mark("pair and compare \(Set(before.ids).union(after.ids).count) resources")
        let findings = (before.findings + after.findings + pairs.notComparable + extra).sorted {
            ($0.path, $0.line ?? 0, $0.revision) < ($1.path, $1.line ?? 0, $1.revision)
        }
        // Versions come from the whole revision; a mesh is listed when its version moved or
        // when resources that carry its signals changed (an app commit is no mesh change).
        // Each resource's signals read once, on all cores: a large step has thousands.
        let (oldSignals, newSignals) = (
            ParallelMap.map(before.sorted, MeshDetector.signals), ParallelMap.map(newSide, MeshDetector.signals)
        )
        // The resources that carry signals (a mesh's own, few), by identity: what a changed
        // pair's resources said, without hashing every resource of a large step.
        func carrying(_ resources: [Resource], _ signals: [MeshDetector.Signals]) -> [ResourceID: MeshDetector.Signals] {
            Dictionary(zip(resources, signals).filter { !$0.1.isEmpty }.map { ($0.0.id, $0.1) }, uniquingKeysWith: { first, _ in first })
        }
        let (signalsBefore, signalsAfter) = (carrying(before.sorted, oldSignals), carrying(newSide, newSignals))
        let touched =
            signalsBefore.isEmpty && signalsAfter.isEmpty
            ? []
            : MeshDetector.meshes(
                touchedBy: changed.flatMap { pair in
                    [pair.old.flatMap { signalsBefore[$0.id] }, pair.new.flatMap { signalsAfter[$0.id] }].compactMap { $0 }
                })
        let meshes = MeshDetector.changes(old: oldSignals, new: newSignals).filter {
            options.reports(mesh: $0.mesh) && ($0.direction != .unchanged || touched.contains($0.mesh))
        }
        // The report's lists in one pass over the comparisons, as they came from the map: a
        // compacted copy of a large step's comparisons first was 8 MB more at its peak.
        var lists = Report(from: old.info, to: new.info)
        lists.resources.reserveCapacity(comparisons.count)
        for case let comparison? in comparisons {
            lists.resources.append(comparison.resource)
            lists.images += comparison.images
            lists.flags += comparison.flags
            lists.env += comparison.env
            if let rbac = comparison.rbac { lists.rbac.append(rbac) }
            if let crd = comparison.crd { lists.crds.append(crd) }
            lists.webhooks += comparison.webhooks
            lists.security += comparison.security
            lists.settings += comparison.settings
        }
        var report = Report(
            from: old.info, to: new.info, meshes: meshes, resources: lists.resources, moves: pairs.moves, images: lists.images,
            flags: lists.flags, env: lists.env, rbac: lists.rbac, crds: lists.crds, webhooks: lists.webhooks, security: lists.security,
            findings: findings)
        report.settings = lists.settings
        report = rules.apply(to: report)
        if !rules.isEmpty && report.ignored == nil { report.ignored = Ignored(changes: 0, resources: 0, files: 0, by: rules.source) }
        report.warnings = Warnings.of(report, oldResources: before.sorted, newResources: newSide, reference: new.date)
        clock.mark("mesh versions, rules and warnings")
        return report
    }
}
