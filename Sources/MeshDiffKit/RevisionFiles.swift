import GitStore
import Manifests

/// Every manifest file of a commit, by path, with a quick look at each (`ManifestScan`)
/// indexed by the identities it may define: what the whole-revision facts are decided over.
///
/// Listing and scanning a large tree on every step of a changelog would cost more than the
/// step, so the listing of a step's new commit is derived from its old commit's listing and
/// the step's changes, and kept for the next step.
final class RevisionFiles {
    /// One commit's files.
    struct Listing {
        var commit: ObjectID
        var files: [String: FileVersion] = [:]
        var scans: [String: ManifestScan] = [:]
        /// `ManifestScan.identities` key → the paths whose scan holds it.
        var byKey: [UInt64: Set<String>] = [:]
        /// Paths that mention a marker, that the scan cannot judge (JSON), Kustomize files and
        /// Helm `Chart.yaml`s (they decide what other files are, and pin charts).
        var marked: Set<String> = []

        mutating func insert(_ version: FileVersion, _ scan: ManifestScan) {
            files[version.path] = version
            scans[version.path] = scan
            for key in scan.identities { byKey[key, default: []].insert(version.path) }
            // Kustomize files decide what the others are (patches), so they are always read.
            if scan.mentionsMarker || ManifestFile.isJSONPath(version.path) || ManifestFile.isKustomization(version.path)
                || ManifestFile.isChart(version.path)
            {
                marked.insert(version.path)
            }
        }

        mutating func remove(_ path: String) {
            guard files.removeValue(forKey: path) != nil else { return }
            for key in scans.removeValue(forKey: path)?.identities ?? [] { byKey[key]?.remove(path) }
            marked.remove(path)
        }

        /// The files that may matter to a comparison whose changed files define `wanted`
        /// identity keys, leaving out the `touched` paths; in path order.
        func context(wanted: Set<UInt64>, touched: Set<String>) -> [FileVersion] {
            var paths = marked
            for key in wanted { paths.formUnion(byKey[key] ?? []) }
            return paths.subtracting(touched).sorted().compactMap { files[$0] }
        }
    }

    private var last: Listing?
    /// A step not applied yet: applied only when the next comparison starts from its commit
    /// (a changelog), never for a single diff.
    private var pending: (commit: ObjectID, changes: [FileChange])?

    /// The files of `commit` under `paths` that may matter to a comparison whose changed files
    /// define the `wanted` identity keys (every file with `all`), leaving out the `touched`
    /// paths, in path order; `scan` looks at files not seen before.
    func context(
        of commit: Commit, in repository: Repository, paths: [String], wanted: Set<UInt64>, touched: Set<String>, all: Bool,
        scan: ([FileVersion]) throws -> [ManifestScan]
    ) throws -> [FileVersion] {
        try load(commit, in: repository, paths: paths, scan: scan)
        guard let listing = last else { return [] }
        if all { return listing.files.keys.filter { !touched.contains($0) }.sorted().compactMap { listing.files[$0] } }
        return listing.context(wanted: wanted, touched: touched)
    }

    /// Notes that the next comparison may start from `new`, reached from the current listing by `changes`.
    func advance(to new: Commit, by changes: [FileChange]) {
        pending = (new.id, changes)
    }

    private func load(_ commit: Commit, in repository: Repository, paths: [String], scan: ([FileVersion]) throws -> [ManifestScan]) throws {
        if let step = pending, step.commit == commit.id, last != nil {
            // In place: the listing is large, and a copy per step would cost more than the step.
            for change in step.changes {
                if let path = change.old?.path { last!.remove(path) }
            }
            let added = step.changes.compactMap(\.new)
            for (version, look) in zip(added, try scan(added)) { last!.insert(version, look) }
            last!.commit = commit.id
        }
        pending = nil
        if let last, last.commit == commit.id { return }
        last = nil
        var clock = PhaseClock()
        let versions = try repository.changes(from: nil, to: commit, paths: paths, include: ManifestFile.isManifestPath).compactMap(\.new)
        clock.mark("list the \(versions.count) files of \(commit.id.short)")
        let looks = try scan(versions)
        clock.mark("scan them")
        var listing = Listing(commit: commit.id)
        for (version, look) in zip(versions, looks) { listing.insert(version, look) }
        clock.mark("index them")
        last = listing
    }
}
