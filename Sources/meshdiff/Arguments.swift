import ArgumentParser
import Insights
import Rendering

// The typed values of meshdiff's options: each reads and checks its own text (`parse`, the
// options' transform, so that the error says what was wrong and lists the choices), and the
// commands get values, never strings to check.

/// An option value read from its text, or a usage error naming the choices.
protocol ParsedArgument: ExpressibleByArgument {
    /// What the value is called in errors (`format`, `--fail-on policy`).
    static var noun: String { get }
    /// The part of a refused argument to name in the error (a list's first unknown item).
    static func unknown(in argument: String) -> String
}

extension ParsedArgument {
    static func unknown(in argument: String) -> String { argument }

    /// The first item of a comma-separated list that is not one of the choices.
    static func unknownItem(in argument: String) -> String {
        argument.split(separator: ",").map { $0.trimmingWhitespace(newlines: false) }.first { !allValueStrings.contains($0) } ?? argument
    }

    static func parse(_ argument: String) throws -> Self {
        guard let value = Self(argument: argument) else {
            throw ValidationError("unknown \(noun) '\(unknown(in: argument))'; choose from: \(allValueStrings.joined(separator: ", "))")
        }
        return value
    }

    /// The choices, for help.
    static var choices: String { allValueStrings.joined(separator: ", ") }
}

/// A `diff --format`: a renderer of the registry.
struct ReportFormat: ParsedArgument {
    static let noun = "format"
    let renderer: any ReportRenderer

    init?(argument: String) {
        guard let renderer = Renderers.named(argument) else { return nil }
        self.renderer = renderer
    }

    static let text = ReportFormat(argument: "text")!

    static var allValueStrings: [String] { Renderers.formats }
    static var defaultCompletionKind: CompletionKind { .list(Renderers.formats) }
    var defaultValueDescription: String { renderer.format }
}

/// A `changelog --format`: a changelog renderer of the registry.
struct ChangelogFormat: ParsedArgument {
    static let noun = "format"
    let renderer: any ChangelogRenderer

    init?(argument: String) {
        guard let renderer = ChangelogRenderers.named(argument) else { return nil }
        self.renderer = renderer
    }

    static let markdown = ChangelogFormat(argument: "markdown")!
    static var allValueStrings: [String] { ChangelogRenderers.formats }
    static var defaultCompletionKind: CompletionKind { .list(ChangelogRenderers.formats) }
    var defaultValueDescription: String { renderer.format }
}

/// A `--fail-on` value: one policy or several, comma-separated.
struct PolicyList: ParsedArgument {
    static let noun = "--fail-on policy"
    let policies: [Policy]

    init?(argument: String) {
        let policies = argument.split(separator: ",").map { Policy(rawValue: $0.trimmingWhitespace(newlines: false)) }
        guard !policies.isEmpty, !policies.contains(nil) else { return nil }
        self.policies = policies.compactMap { $0 }
    }

    static var allValueStrings: [String] { Policy.allCases.map(\.rawValue) }
    static func unknown(in argument: String) -> String { unknownItem(in: argument) }
}

/// A `--mesh` value: meshdiff's known meshes (or `all`), comma-separated.
struct MeshList: ParsedArgument {
    static let noun = "mesh"
    let names: [String]

    init(names: [String]) {
        self.names = names
    }

    init?(argument: String) {
        let names = argument.split(separator: ",").map { $0.trimmingWhitespace(newlines: false) }
        guard !names.isEmpty, names.allSatisfy(Self.allValueStrings.contains) else { return nil }
        self.names = names
    }

    static var allValueStrings: [String] { MeshDetector.knownMeshes + ["all"] }
    static func unknown(in argument: String) -> String { unknownItem(in: argument) }
    var defaultValueDescription: String { names.joined(separator: ",") }
}
