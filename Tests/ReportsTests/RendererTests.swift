import Foundation
import Manifests
import MeshDiffKit
import Reports
import Testing
import _MeshDiffTestSupport

@testable import Rendering

/// Golden files for every renderer, from one report of our own fixture scenario.
@Suite struct RendererGoldenTests {
    static func report() throws -> Report {
        let repo = try Scenario.repository("workload-upgrade")
        return try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))
    }

    @Test(arguments: ["text", "markdown", "json", "html"])
    func golden(format: String) throws {
        let report = try Self.report()
        let renderer = try #require(Renderers.named(format))
        for showNoise in [false, true] {
            let output = try renderer.render(report, options: RenderOptions(showNoise: showNoise, maxSize: 65_536))
            let name = "workload-upgrade\(showNoise ? "-noise" : "").\(format == "markdown" ? "md" : format == "text" ? "txt" : format)"
            if let problem = Golden.check(output, name: name) { Issue.record(Comment(rawValue: problem)) }
        }
    }

    @Test func colourOnlyWhenAsked() throws {
        let report = try Self.report()
        #expect(try TextRenderer().render(report, options: RenderOptions(color: true)).contains("\u{1B}["))
        #expect(!(try TextRenderer().render(report, options: RenderOptions(color: false)).contains("\u{1B}[")))
    }

    @Test("Control characters and bidirectional overrides from a manifest are shown, not obeyed, in the text, Markdown and HTML reports")
    func controlCharactersAreShown() throws {
        let repo = try TempRepository()
        let map = { (value: String) in
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: n}\ndata: {a: \"\(value)\", b: \"\(value)\\nnext\"}\n"
        }
        try repo.write(["a.yaml": map("one")])
        try repo.commit("one", tag: "one")
        // Red text, a return to the line's start, hidden text, a right-to-left override.
        try repo.write(["a.yaml": map("\\e[31mred\\rover\\e[8mhidden\\u202Eevil")])
        try repo.commit("two", tag: "two")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["one", "two"]))
        for color in [false, true] {
            let text = try TextRenderer().render(report, options: RenderOptions(color: color, width: 100))
            #expect(text.contains("\\u{1B}[31mred\\u{D}over\\u{1B}[8mhidden\\u{202E}evil"))
            #expect(!text.unicodeScalars.contains { $0 == "\r" || $0 == "\u{202E}" })
            // The only escapes left are the report's own colours.
            let escapes = text.components(separatedBy: "\u{1B}").dropFirst()
            let ours = ["[0m", "[1m", "[2m", "[31m", "[32m", "[33m"]
            #expect(escapes.allSatisfy { escape in ours.contains { escape.hasPrefix($0) } })
            #expect(escapes.isEmpty == !color)
        }
        // The comment and the page show them too, and write nothing a screen would act on.
        for format in ["markdown", "html"] {
            let output = try #require(Renderers.named(format)).render(report, options: RenderOptions(maxSize: 65_536))
            #expect(output.contains("\\u{1B}[31mred\\u{D}over\\u{1B}[8mhidden\\u{202E}evil"), "\(format)")
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" }, "\(format)")
        }
    }

    @Test("A multi-line value added whole is shown by its first line and its count of lines, CRLF lines too")
    func multiLineValueAdded() throws {
        let repo = try TempRepository()
        let map = { (data: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ns}\ndata: {\(data)}\n" }
        try repo.write(["a.yaml": map("a: one")])
        try repo.commit("one", tag: "one")
        try repo.write(["a.yaml": map("a: one, lf: \"first\\nsecond\\nthird\", crlf: \"first\\r\\nsecond\\r\\nthird\"")])
        try repo.commit("two", tag: "two")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["one", "two"]))
        let text = try TextRenderer().render(report, options: RenderOptions(color: false, width: 100))
        #expect(text.contains("  lf: added first… (3 lines)\n"), "\(text)")
        #expect(text.contains("  crlf: added first… (3 lines)\n"), "\(text)")
    }

    @Test("In colour, old values are red and new values green, wherever a change is said")
    func fromAndToInColour() throws {
        let text = try TextRenderer().render(Self.report(), options: RenderOptions(color: true, width: 100))
        let red = "\u{1B}[31m"
        let green = "\u{1B}[32m"
        let reset = "\u{1B}[0m"
        #expect(text.contains("--log-level: \(red)info\(reset) → \(green)debug\(reset)"))
        #expect(text.contains("replicas: \(red)2\(reset) → \(green)3\(reset)"))
        #expect(text.contains("\(red)1.4.2\(reset) → \(green)1.5.0\(reset)"))
        // Without colour the same lines read the same.
        let plain = try TextRenderer().render(Self.report(), options: RenderOptions(color: false, width: 100))
        #expect(plain == text.replacing(/\u{1B}\[[0-9]+m/, with: ""))
    }

    @Test("Markdown keeps within --max-size and still names every changed resource")
    func markdownBudget() throws {
        let report = try Self.report()
        let full = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 0))
        let small = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 1_800))
        #expect(small.count <= 1_800)
        #expect(full.count > small.count)
        #expect(small.contains("shortened to fit"))
        for resource in report.resources {
            #expect(small.contains(resource.name), "\(resource.name) is not named")
        }
    }

    @Test func markdownEscapesWhatItQuotes() {
        #expect(MarkdownRenderer.code("a|b") == "`a\\|b`")
        #expect(MarkdownRenderer.code("x `y` z") == "``x `y` z``")
        #expect(MarkdownRenderer.escape("<script>") == "&lt;script&gt;")
    }
}

@Suite struct LargeReportTests {
    /// A report as large as a cluster-wide upgrade: thousands of modified resources.
    static func largeReport(resources count: Int) -> Report {
        let resources = (0..<count).map { index in
            ResourceChange(
                id: ResourceID(group: "apps", kind: "Deployment", namespace: "team-\(index % 40)", name: "service-\(index)"),
                apiVersion: "apps/v1", status: .modified, fromPath: "apps/\(index).yaml", toPath: "apps/\(index).yaml",
                changes: (0..<6).map { field in
                    FieldChange(
                        path: "spec.template.spec.containers[name=app].env[name=VAR_\(field)].value", op: .replace,
                        from: .string("old-\(field)"), to: .string("new-\(field)"), category: .env)
                })
        }
        let images = (0..<count).map { index in
            ImageChange(
                kind: "Deployment", namespace: "team-\(index % 40)", name: "service-\(index)", container: "app",
                from: "registry.example.com/service:1.0.\(index)", to: "registry.example.com/service:1.1.\(index)", direction: .upgrade)
        }
        return Report(
            from: RevisionInfo(ref: "a", commit: nil), to: RevisionInfo(ref: "b", commit: nil), resources: resources, images: images)
    }

    @Test("5,000 modified resources: within the limit, every one named, in linear time")
    func budgetScales() throws {
        let report = Self.largeReport(resources: 5_000)
        let clock = ContinuousClock()
        var markdown = ""
        let elapsed = try clock.measure { markdown = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 262_144)) }
        #expect(markdown.count <= 262_144)
        #expect(markdown.contains("shortened to fit"))
        #expect(markdown.contains("more (see `--format json`)"))
        for resource in report.resources { #expect(markdown.contains(resource.name + ",") || markdown.contains(resource.name + "\n")) }
        // A correctness guard against quadratic budgeting (which took minutes here), not a benchmark.
        #expect(elapsed < .seconds(20))
    }
}
