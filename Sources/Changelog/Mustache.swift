import Manifests
import Reports

/// A Mustache template (https://mustache.github.io/mustache.5.html, the spec's required
/// modules): `{{name}}` (HTML-escaped), `{{{name}}}` and `{{&name}}` (as is), dotted names and
/// `{{.}}`, sections `{{#name}}…{{/name}}` (a list repeats, a map or another value becomes the
/// context, `null`, `false` and `[]` skip), inverted sections `{{^name}}…{{/name}}`, comments
/// `{{! … }}`, delimiter changes `{{=<% %>=}}`, and the spec's rule that a line holding only a
/// section, comment or delimiter tag leaves no blank line behind. Partials (`{{> name}}`) name
/// other files, which a changelog template has no way to find: they are refused, not ignored.
///
/// Rendered over a `Value` (the changelog's JSON model). A name that is not found renders as
/// nothing, as the spec says; a list or a map put in text renders as its JSON.
struct Mustache {
    indirect enum Node: Equatable {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, inverted: Bool, children: [Node])
    }

    /// `a.b.c` as `["a", "b", "c"]`; `.` as `[]`, the current context.
    typealias Name = [String]

    /// Where a template stops making sense, and why: line and column count from 1.
    struct SyntaxError: Error, Equatable {
        var line: Int
        var column: Int
        var reason: String
        /// The template's text on that line.
        var source: String
    }

    let nodes: [Node]

    /// Rendering recurses once per section level: deeper than any template a person writes, far
    /// shallower than the stack.
    static let maxDepth = 100

    init(_ template: String) throws(SyntaxError) {
        var parser = Parser(template)
        nodes = try parser.parse()
    }

    /// Sections within sections over the same long list multiply: past this many steps (tags
    /// and texts rendered) a template is stopped rather than left to run for hours.
    static let maxSteps = 20_000_000

    /// A template that would render for too long, over `maxSteps` steps.
    struct TooMuchWork: Error, Equatable {}

    func render(_ value: Value, maxSteps: Int = Self.maxSteps) throws(TooMuchWork) -> String {
        var out = ""
        var steps = maxSteps
        try Self.render(nodes, context: [value], into: &out, steps: &steps)
        return out
    }

    /// `steps`: how many are left.
    private static func render(_ nodes: [Node], context: [Value], into out: inout String, steps: inout Int) throws(TooMuchWork) {
        for node in nodes {
            steps -= 1
            guard steps >= 0 else { throw TooMuchWork() }
            switch node {
            case .text(let text):
                out += text
            case .variable(let name, let escaped):
                guard let value = lookup(name, in: context), let text = text(of: value) else { continue }
                out += escaped ? text.htmlEscaped : text
            case .section(let name, let inverted, let children):
                let value = lookup(name, in: context)
                let items: [Value]
                switch value {
                case nil, .null?, .bool(false)?: items = []
                case .list(let list)?: items = list
                case let value?: items = [value]
                }
                if inverted {
                    if items.isEmpty { try render(children, context: context, into: &out, steps: &steps) }
                } else {
                    for item in items { try render(children, context: context + [item], into: &out, steps: &steps) }
                }
            }
        }
    }

    /// The spec's name resolution: the first part from the innermost context that has it, the
    /// rest within what that gave.
    private static func lookup(_ name: Name, in context: [Value]) -> Value? {
        guard let first = name.first else { return context.last }
        guard var value = context.reversed().lazy.compactMap({ $0.mapping?[first] }).first else { return nil }
        for part in name.dropFirst() {
            guard let next = value.mapping?[part] else { return nil }
            value = next
        }
        return value
    }

    private static func text(of value: Value) -> String? {
        switch value {
        case .null: return nil
        case .list, .map: return try? JSONText.compact(value)
        default: return value.scalarText
        }
    }
}

extension Mustache {
    /// Reads a template's bytes into nodes, tag by tag.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0
        var opening = Array("{{".utf8)
        var closing = Array("}}".utf8)

        init(_ template: String) { bytes = Array(template.utf8) }

        private struct Open {
            var name: Name
            var spelled: String
            var inverted: Bool
            var nodes: [Node]
            var at: Int
        }

        mutating func parse() throws(SyntaxError) -> [Node] {
            var open: [Open] = []
            var nodes: [Node] = []
            var textStart = 0
            while let tagStart = find(opening, from: position) {
                var tag = try readTag(at: tagStart)
                let standalone = tag.kind.canStandAlone ? standaloneLine(tag: tagStart..<tag.end, textStart: textStart) : nil
                let textEnd = standalone?.lineStart ?? tagStart
                if textStart < textEnd { nodes.append(.text(String(decoding: bytes[textStart..<textEnd], as: UTF8.self))) }
                if let standalone { tag.end = standalone.next }
                position = tag.end
                textStart = tag.end
                switch tag.kind {
                case .variable(let escaped):
                    nodes.append(.variable(try name(tag.content, at: tagStart), escaped: escaped))
                case .open(let inverted):
                    guard open.count < Mustache.maxDepth else {
                        throw error("sections nested more than \(Mustache.maxDepth) deep", at: tagStart)
                    }
                    open.append(
                        Open(
                            name: try name(tag.content, at: tagStart), spelled: tag.content, inverted: inverted, nodes: nodes, at: tagStart)
                    )
                    nodes = []
                case .close:
                    guard let section = open.popLast() else {
                        throw error("{{/\(tag.content)}} closes no section", at: tagStart)
                    }
                    guard section.spelled == tag.content else {
                        let (line, _) = place(section.at)
                        throw error(
                            "{{/\(tag.content)}} closes {{\(section.inverted ? "^" : "#")\(section.spelled)}} of line \(line)", at: tagStart
                        )
                    }
                    let children = nodes
                    nodes = section.nodes
                    nodes.append(.section(section.name, inverted: section.inverted, children: children))
                case .comment:
                    break
                case .partial:
                    throw error("partials ({{>\(tag.content)}}) are not supported: a changelog template is one file", at: tagStart)
                case .delimiters:
                    let parts = tag.content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    guard parts.count == 2, parts.allSatisfy({ !$0.contains("=") }) else {
                        throw error("a delimiter change is two delimiters apart, as in {{=<% %>=}}", at: tagStart)
                    }
                    opening = Array(parts[0].utf8)
                    closing = Array(parts[1].utf8)
                }
            }
            if let section = open.last {
                throw error(
                    "{{\(section.inverted ? "^" : "#")\(section.spelled)}} is never closed with {{/\(section.spelled)}}", at: section.at)
            }
            if textStart < bytes.count { nodes.append(.text(String(decoding: bytes[textStart...], as: UTF8.self))) }
            return nodes
        }

        private enum Kind {
            case variable(escaped: Bool)
            case open(inverted: Bool)
            case close, comment, partial, delimiters

            var canStandAlone: Bool {
                if case .variable = self { return false }
                return true
            }

            var isComment: Bool {
                if case .comment = self { return true }
                return false
            }
        }

        private struct Tag {
            var kind: Kind
            var content: String
            /// Just past the closing delimiter.
            var end: Int
        }

        private func readTag(at start: Int) throws(SyntaxError) -> Tag {
            var inside = start + opening.count
            var closer = closing
            var kind = Kind.variable(escaped: true)
            if inside < bytes.count {
                switch bytes[inside] {
                case UInt8(ascii: "{") where opening == Array("{{".utf8):
                    kind = .variable(escaped: false)
                    closer = Array("}".utf8) + closing
                case UInt8(ascii: "&"): kind = .variable(escaped: false)
                case UInt8(ascii: "#"): kind = .open(inverted: false)
                case UInt8(ascii: "^"): kind = .open(inverted: true)
                case UInt8(ascii: "/"): kind = .close
                case UInt8(ascii: "!"): kind = .comment
                case UInt8(ascii: ">"): kind = .partial
                case UInt8(ascii: "="):
                    kind = .delimiters
                    closer = Array("=".utf8) + closing
                case UInt8(ascii: "<"), UInt8(ascii: "$"):
                    throw error("template inheritance ({{\(Character(Unicode.Scalar(bytes[inside])))…}}) is not supported", at: start)
                default: break
                }
                if case .variable(escaped: true) = kind {} else { inside += 1 }
            }
            guard let end = find(closer, from: inside) else {
                throw error(
                    "\(String(decoding: opening, as: UTF8.self)) is never closed with \(String(decoding: closer, as: UTF8.self))", at: start
                )
            }
            let content = String(decoding: bytes[inside..<end], as: UTF8.self)
            return Tag(kind: kind, content: kind.isComment ? content : content.trimmingWhitespace(), end: end + closer.count)
        }

        /// A name as the spec reads it: `.` or dot-separated parts, none empty.
        private func name(_ text: String, at start: Int) throws(SyntaxError) -> Name {
            if text == "." { return [] }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !text.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains { $0 == " " || $0 == "\t" || $0 == "\n" } }) else {
                throw error("'\(text)' is not a name (a key, keys joined by dots, or .)", at: start)
            }
            return parts
        }

        /// When the tag is alone on its line but for spaces and tabs: where that line starts, and
        /// where the next one does (the line, its indentation and its end are left out).
        private func standaloneLine(tag: Range<Int>, textStart: Int) -> (lineStart: Int, next: Int)? {
            var lineStart = tag.lowerBound
            while lineStart > textStart, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") {
                lineStart -= 1
            }
            guard lineStart == 0 || bytes[lineStart - 1] == UInt8(ascii: "\n") else { return nil }
            var next = tag.upperBound
            while next < bytes.count, bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t") { next += 1 }
            if next == bytes.count { return (lineStart, next) }
            if bytes[next] == UInt8(ascii: "\n") { return (lineStart, next + 1) }
            if bytes[next] == UInt8(ascii: "\r"), next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: "\n") {
                return (lineStart, next + 2)
            }
            return nil
        }

        private func find(_ needle: [UInt8], from start: Int) -> Int? {
            bytes.firstOffset(of: needle, from: start)
        }

        /// Line and column (in characters) of a byte offset, from 1.
        private func place(_ offset: Int) -> (line: Int, column: Int) {
            let start = lineStart(offset)
            let line = bytes[..<start].count { $0 == UInt8(ascii: "\n") } + 1
            return (line, String(decoding: bytes[start..<offset], as: UTF8.self).count + 1)
        }

        /// Where the line holding `offset` starts.
        private func lineStart(_ offset: Int) -> Int {
            bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        }

        private func error(_ reason: String, at offset: Int) -> SyntaxError {
            let (line, column) = place(offset)
            let start = lineStart(offset)
            let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            return SyntaxError(
                line: line, column: column, reason: reason, source: String(decoding: bytes[start..<end], as: UTF8.self))
        }
    }
}
