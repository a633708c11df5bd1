#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Errors of the facade that are not the repository's: bad combinations of inputs.
public enum MeshDiffError: LocalizedError, Equatable, Sendable {
    case tooManyRevisions([String])
    case rangeWithSecondRevision(String)

    public var errorDescription: String? {
        switch self {
        case .tooManyRevisions(let revisions):
            return "too many revisions (\(revisions.joined(separator: " "))): give none, one, two, or one range A...B"
        case .rangeWithSecondRevision(let range):
            return "'\(range)' already names both sides; drop the second revision"
        }
    }
}
