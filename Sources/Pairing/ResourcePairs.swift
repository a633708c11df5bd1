import Manifests
import Reports

/// The two sides' resources paired by identity: what changed (a pair, or one side alone), what
/// only moved to another file, and what could not be compared. A generator's new hash suffix
/// (`app-config-7g2k9m8b5f`) pairs the two names as one resource.
package struct ResourcePairs: Sendable {
    /// Pairs whose objects differ, or that exist at one side only, in identity order.
    package private(set) var changed: [(old: Resource?, new: Resource?)] = []
    /// Resources equal at both sides that live in another file now.
    package private(set) var moves: [ResourceMove] = []
    /// Resources missing at one side whose file cannot be read there.
    package private(set) var notComparable: [Finding] = []

    /// `unreadableBefore`/`After`: the paths whose file could not be read (whole or in part) at
    /// that side: a resource missing there is not known to be gone (or new), so it is never
    /// reported as removed (or added).
    package init(
        before: ResourceIndex, after: ResourceIndex, unreadableBefore: Set<String>, unreadableAfter: Set<String>,
        labels: (old: String, new: String)
    ) {
        // Both sides are in identity order: a merge walk pairs them without hashing every id.
        let (olds, news) = (before.sorted, after.sorted)
        var (i, j) = (0, 0)
        while i < olds.count || j < news.count {
            let a: Resource?
            let b: Resource?
            if i < olds.count, j < news.count, olds[i].id == news[j].id {
                (a, b) = (olds[i], news[j])
                (i, j) = (i + 1, j + 1)
            } else if j == news.count || (i < olds.count && !(news[j].id < olds[i].id)) {
                (a, b) = (olds[i], nil)
                i += 1
            } else {
                (a, b) = (nil, news[j])
                j += 1
            }
            let id = (a ?? b)!.id
            if let a, b == nil, unreadableAfter.contains(a.path) {
                notComparable.append(Self.notComparable(a, unreadable: a.path, at: labels.new))
            } else if let b, a == nil, unreadableBefore.contains(b.path) {
                notComparable.append(Self.notComparable(b, unreadable: b.path, at: labels.old))
            } else if let a, let b, a.object == b.object {
                if a.path != b.path { moves.append(ResourceMove(id: id, apiVersion: b.apiVersion, fromPath: a.path, toPath: b.path)) }
            } else {
                changed.append((a, b))
            }
        }
        let renames = GeneratorRenames.pairs(
            removed: changed.filter { $0.new == nil }.compactMap(\.old?.id), added: changed.filter { $0.old == nil }.compactMap(\.new?.id))
        let renamedFrom = Dictionary(uniqueKeysWithValues: renames.map { ($0.new, $0.old) })
        let renamedTo = Set(renames.map(\.old))
        changed = changed.compactMap { pair in
            if let old = pair.old, pair.new == nil, renamedTo.contains(old.id) { return nil }
            if let new = pair.new, pair.old == nil, let old = renamedFrom[new.id] { return (before[old], new) }
            return pair
        }
    }

    static func notComparable(_ resource: Resource, unreadable path: String, at revision: String) -> Finding {
        Finding(
            severity: .warning, code: .notComparable, path: path, revision: revision, line: nil,
            message:
                "\(resource.id) could not be compared: \(path) cannot be read at \(revision) (see its finding), so it is not reported as added or removed"
        )
    }
}
