import Foundation

/// Errors of the facade that are not the repository's: bad combinations of inputs.
public enum MeshDiffError: LocalizedError, Equatable, Sendable {
    case tooManyRevisions([String])
    case rangeWithSecondRevision(String)
    case unknownFormat(String, known: [String])

    public var errorDescription: String? {
        switch self {
        case let .tooManyRevisions(revisions):
            return "too many revisions (\(revisions.joined(separator: " "))): give none, one, two, or one range A...B"
        case let .rangeWithSecondRevision(range):
            return "'\(range)' already names both sides; drop the second revision"
        case let .unknownFormat(format, known):
            return "unknown format '\(format)'; choose one of: \(known.joined(separator: ", "))"
        }
    }
}
