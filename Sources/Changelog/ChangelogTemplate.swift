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
public enum ChangelogTemplate {
    /// Larger than any template a person writes; a file past it was named by mistake.
    static let maxBytes = 1 << 20

    public static func render(_ changelog: Changelog, templateFile path: String) throws -> String {
        let text: String
        switch try? FileSystem.contents(of: path, limit: maxBytes) {
        case .bytes(let bytes)?:
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw TemplateError.unreadable(path: path, reason: "it is not UTF-8 text")
            }
            text = decoded
        case .oversized?:
            throw TemplateError.unreadable(path: path, reason: "it is over \(maxBytes) bytes")
        default:
            throw TemplateError.unreadable(path: path, reason: "no such file, or it cannot be opened")
        }
        let template: Mustache
        do {
            template = try Mustache(text)
        } catch {
            throw TemplateError.invalid(path: path, line: error.line, column: error.column, reason: error.reason, source: error.source)
        }
        return template.render(try JSONDecoder().decode(Value.self, from: Data(try JSONText.compact(changelog).utf8)))
    }
}

/// A template that cannot be used, with where and why.
public enum TemplateError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)
    case invalid(path: String, line: Int, column: Int, reason: String, source: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the template '\(path)': \(reason)"
        case .invalid(let path, let line, let column, let reason, let source):
            return
                "the template '\(path)' is not valid Mustache at line \(line), column \(column) (\(reason)): \(source.trimmingWhitespace(newlines: false))"
        }
    }
}
