import Manifests
import Reports
import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Renders a changelog through a user's Mustache template, over the changelog's JSON model
/// (the same keys as `--format json`), so teams can shape their own release notes.
public struct ChangelogTemplate {
    /// Larger than any template a person writes; a file past it was named by mistake.
    static let maxBytes = 1 << 20

    private let template: Mustache
    private let path: String

    /// Reads and parses the template at `path`: done before the history is walked, so that a
    /// template that cannot be used says so at once.
    public init(file path: String) throws {
        self.path = path
        let content: FileContent
        do {
            content = try FileSystem.contents(of: path, limit: Self.maxBytes)
        } catch SourceError.unreadable(_, let reason) {
            throw TemplateError.unreadable(path: path, reason: reason)
        }
        let text: String
        switch content {
        case .bytes(let bytes):
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw TemplateError.unreadable(path: path, reason: "it is not UTF-8 text")
            }
            text = decoded
        case .oversized:
            throw TemplateError.unreadable(path: path, reason: "it is over \(Self.maxBytes) bytes")
        case .unreadable(let reason):
            throw TemplateError.unreadable(path: path, reason: reason)
        }
        do {
            template = try Mustache(text)
        } catch {
            throw TemplateError.invalid(path: path, line: error.line, column: error.column, reason: error.reason, source: error.source)
        }
    }

    public func render(_ changelog: Changelog) throws -> String {
        do {
            return try template.render(try JSONDecoder().decode(Value.self, from: Data(try JSONText.compact(changelog).utf8)))
        } catch is Mustache.TooMuchWork {
            throw TemplateError.tooMuchWork(path: path, steps: Mustache.maxSteps)
        }
    }

    public static func render(_ changelog: Changelog, templateFile path: String) throws -> String {
        try ChangelogTemplate(file: path).render(changelog)
    }
}

/// A template that cannot be used, with where and why.
public enum TemplateError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, line: Int, column: Int, reason: String, source: String)
    case tooMuchWork(path: String, steps: Int)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the template '\(path)': \(reason)"
        case .invalid(let path, let line, let column, let reason, let source):
            return
                "the template '\(path)' is not valid Mustache at line \(line), column \(column) (\(reason)): \(source.trimmingWhitespace(newlines: false))"
        case .tooMuchWork(let path, let steps):
            return
                "the template '\(path)' was stopped after \(steps) steps: sections nested over the same list multiply (a section over `entries` inside one over `entries` repeats it for every entry)"
        }
    }
}
