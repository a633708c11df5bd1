import Manifests
import Testing
import _MeshDiffTestSupport

@testable import Changelog

/// The template engine on its own, over hand-made values: what the Mustache spec asks of its
/// required modules, and the errors a template author sees.
@Suite struct MustacheTests {
    static let model = Value.map(
        Mapping([
            ("range", .string("v1..v2")),
            ("title", .string("<b>Tom & \"Jerry\"</b> 'x'")),
            ("count", .int(3)),
            ("ok", .bool(true)),
            ("off", .bool(false)),
            ("none", .null),
            ("empty", .list([])),
            ("tags", .list([.string("a"), .string("b")])),
            ("summary", .map(Mapping([("added", .int(1)), ("removed", .int(0))]))),
            (
                "entries",
                .list([
                    .map(Mapping([("subject", .string("first")), ("meshes", .list([.map(Mapping([("mesh", .string("linkerd"))]))]))])),
                    .map(Mapping([("subject", .string("second")), ("meshes", .list([]))])),
                ])
            ),
        ]))

    func render(_ template: String) throws -> String {
        try Mustache(template).render(Self.model)
    }

    @Test("Variables: escaped by default, as is with triple braces or &; numbers and booleans as text; missing and null as nothing")
    func variables() throws {
        #expect(try render("{{title}}") == "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; &#39;x&#39;")
        #expect(try render("{{{title}}}|{{&title}}") == "<b>Tom & \"Jerry\"</b> 'x'|<b>Tom & \"Jerry\"</b> 'x'")
        #expect(
            try render("{{ count }} {{ok}} {{off}}[{{none}}][{{missing}}][{{summary.nothing}}][{{missing.deep}}]") == "3 true false[][][][]"
        )
        #expect(try render("{{summary.added}}") == "1")
        #expect(try render("{{{tags}}} {{{summary}}}") == #"["a","b"] {"added":1,"removed":0}"#)
    }

    @Test("Sections repeat over lists, enter maps, skip null, false and empty lists; inverted sections the opposite")
    func sections() throws {
        #expect(try render("{{#tags}}<{{.}}>{{/tags}}") == "<a><b>")
        #expect(try render("{{#summary}}{{added}}/{{removed}}{{/summary}}") == "1/0")
        #expect(try render("{{#none}}x{{/none}}{{#off}}x{{/off}}{{#empty}}x{{/empty}}{{#missing}}x{{/missing}}") == "")
        #expect(try render("{{^none}}a{{/none}}{{^off}}b{{/off}}{{^empty}}c{{/empty}}{{^missing}}d{{/missing}}{{^ok}}e{{/ok}}") == "abcd")
        #expect(try render("{{#ok}}{{count}}{{/ok}}{{#count}}={{.}}{{/count}}") == "3=3")
        // A name is looked up from the innermost context out: `range` comes from the top.
        #expect(
            try render("{{#entries}}{{subject}}:{{#meshes}}{{mesh}}@{{range}}{{/meshes}}{{^meshes}}none{{/meshes}};{{/entries}}")
                == "first:linkerd@v1..v2;second:none;")
    }

    @Test("A line holding only a section, comment or delimiter tag leaves nothing behind; a variable's line stays")
    func standaloneLines() throws {
        let template = """
            Tags:
              {{#tags}}
              - {{.}}
              {{/tags}}
            {{! a comment
            over two lines }}
            {{^tags}}
            none
            {{/tags}}
            {{=<% %>=}}
            <%count%> {{count}}
            <%={{ }}=%>
            {{none}}
            end
            """
        #expect(try render(template) == "Tags:\n  - a\n  - b\n3 {{count}}\n\nend")
        #expect(try render("{{#tags}}\r\n{{.}}\r\n{{/tags}}\r\n") == "a\r\nb\r\n")
        #expect(try render("x {{#tags}}\n{{/tags}}") == "x \n\n")
    }

    @Test("Sections nested over the same list are stopped after a budget of steps, not left to run for hours")
    func tooMuchWork() throws {
        let nested = "{{#entries}}{{#entries}}{{#entries}}{{#entries}}{{subject}}{{/entries}}{{/entries}}{{/entries}}{{/entries}}"
        #expect(try Mustache(nested).render(Self.model).count == 16 * "first".count / 2 + 16 * "second".count / 2)
        #expect(throws: Mustache.TooMuchWork.self) { try Mustache(nested).render(Self.model, maxSteps: 20) }
        #expect(try Mustache("{{#tags}}{{.}}{{/tags}}").render(Self.model, maxSteps: 5) == "ab")
    }

    @Test("A template that does not parse names the line, the column, the reason and the line's text")
    func errors() {
        func failure(_ template: String) -> Mustache.SyntaxError? {
            do {
                _ = try Mustache(template)
                return nil
            } catch {
                return error
            }
        }
        let mismatched = failure("line one\n{{#entries}}\n  {{/wrong}}\n")
        #expect(mismatched == .init(line: 3, column: 3, reason: "{{/wrong}} closes {{#entries}} of line 2", source: "  {{/wrong}}"))
        #expect(failure("{{#entries}}x")?.reason == "{{#entries}} is never closed with {{/entries}}")
        #expect(failure("{{/entries}}")?.reason == "{{/entries}} closes no section")
        #expect(failure("é{{subject}")?.column == 2)
        #expect(failure("{{subject}")?.reason == "{{ is never closed with }}")
        #expect(failure("{{> notes}}")?.reason.hasPrefix("partials ({{>notes}}) are not supported") == true)
        #expect(failure("{{<parent}}{{/parent}}")?.reason.hasPrefix("template inheritance") == true)
        #expect(failure("{{=<%%>=}}")?.reason.hasPrefix("a delimiter change is two delimiters") == true)
        #expect(failure("{{a b}}")?.reason == "'a b' is not a name (a key, keys joined by dots, or .)")
        #expect(failure("{{a..b}}") != nil)
        let deep = String(repeating: "{{#a}}", count: 200_000) + String(repeating: "{{/a}}", count: 200_000)
        #expect(failure(deep)?.reason == "sections nested more than 100 deep")
        #expect(failure(String(repeating: "{{#a}}", count: 100) + String(repeating: "{{/a}}", count: 100)) == nil)
    }
}

@Suite struct MustacheRobustnessTests {
    @Test("Any text either parses and renders or is refused with a place inside it: no crash, no hang")
    func randomTemplates() throws {
        let pieces = [
            "{{", "}}", "{{{", "}}}", "#", "^", "/", "!", "=", "&", ">", "<", "$", " ", "\n", "\r\n", ".", "entries", "subject",
            "tags", "a", "é", "<% %>", "{{=<% %>=}}", "<%", "%>", "{{#tags}}", "{{/tags}}", "{{.}}",
        ]
        var random = SplitMix(seed: 42)
        var parsed = 0
        for _ in 0..<20_000 {
            let template = (0..<Int.random(in: 1...24, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let mustache: Mustache
            do {
                mustache = try Mustache(template)
            } catch {
                let lines = template.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
                #expect(error.line >= 1 && error.line <= lines, "\(template.debugDescription)")
                #expect(error.column >= 1)
                continue
            }
            let rendered = try mustache.render(MustacheTests.model)
            parsed += 1
            #expect(rendered.utf8.count < 100 * template.utf8.count + 1000)
        }
        #expect(parsed > 1000)
    }
}
