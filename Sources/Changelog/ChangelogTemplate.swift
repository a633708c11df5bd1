import Foundation
import Mustache
import Reports

/// Renders a changelog through a user's Mustache template, over the changelog's JSON model
/// (the same keys as `--format json`), so teams can shape their own release notes.
public enum ChangelogTemplate {
    public static func render(_ changelog: Changelog, templateFile path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TemplateError.unreadable(path: path, reason: error.localizedDescription)
        }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw TemplateError.invalid(
                path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                reason: "\(error.error)", source: error.context.line)
        }
        let json = try JSONText.pretty(changelog)
        let model = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return template.render(model)
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
                "the template '\(path)' is not valid Mustache at line \(line), column \(column) (\(reason)): \(source.trimmingCharacters(in: .whitespaces))"
        }
    }
}
