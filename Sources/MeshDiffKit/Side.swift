import GitStore
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One side of a comparison: a commit, the working tree, or nothing (before a root commit).
public enum Side: Sendable {
    case commit(Commit, ref: String)
    case workingTree
    case empty

    /// How findings and reports name this side.
    public var label: String {
        switch self {
        case .commit(_, let ref): return ref
        case .workingTree: return "working tree"
        case .empty: return "(empty)"
        }
    }

    /// The commit's date, `nil` for the working tree and the empty side.
    var date: Date? {
        if case .commit(let commit, _) = self { return commit.date }
        return nil
    }

    /// Whether this side may hold other files than `commit`: another tree, or the working tree.
    func differs(from commit: Commit) -> Bool {
        switch self {
        case .commit(let other, _): return other.tree != commit.tree
        case .workingTree: return true
        case .empty: return false
        }
    }

    var info: RevisionInfo {
        switch self {
        case .commit(let commit, let ref): return RevisionInfo(ref: ref, commit: commit.id.hex)
        case .workingTree: return RevisionInfo(ref: "working tree", commit: nil)
        case .empty: return RevisionInfo(ref: "(empty)", commit: nil)
        }
    }

    /// Resolves the revisions of `meshdiff diff` to the two sides they name.
    static func resolve(_ revisions: [String], in repository: Repository) throws -> (Side, Side) {
        switch revisions.count {
        case 0:
            return (.commit(try repository.resolve("HEAD"), ref: "HEAD"), .workingTree)
        case 1:
            let spec = revisions[0]
            if let range = spec.firstRange(of: "...") {
                let a = String(spec[..<range.lowerBound]).nonEmpty ?? "HEAD"
                let b = String(spec[range.upperBound...]).nonEmpty ?? "HEAD"
                let left = try repository.resolve(a)
                let right = try repository.resolve(b)
                let base = try repository.mergeBase(left, right, names: (a, b))
                return (.commit(base, ref: "merge-base(\(a), \(b))"), .commit(right, ref: b))
            }
            if let range = spec.firstRange(of: "..") {
                let a = String(spec[..<range.lowerBound]).nonEmpty ?? "HEAD"
                let b = String(spec[range.upperBound...]).nonEmpty ?? "HEAD"
                return (.commit(try repository.resolve(a), ref: a), .commit(try repository.resolve(b), ref: b))
            }
            return (.commit(try repository.resolve(spec), ref: spec), .workingTree)
        case 2:
            for spec in revisions where spec.contains("..") {
                throw MeshDiffError.rangeWithSecondRevision(spec)
            }
            return (
                .commit(try repository.resolve(revisions[0]), ref: revisions[0]),
                .commit(try repository.resolve(revisions[1]), ref: revisions[1])
            )
        default:
            throw MeshDiffError.tooManyRevisions(revisions)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
