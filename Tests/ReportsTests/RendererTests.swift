import Foundation
import MeshDiffKit
import Testing
import _MeshDiffTestSupport

@testable import Reports

/// Golden files for every renderer, from one report of our own fixture scenario.
@Suite struct RendererGoldenTests {
    static func report() throws -> Report {
        let repo = try Scenario.repository("workload-upgrade")
        return try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))
    }

    @Test(arguments: ["text", "markdown", "json"])
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

    @Test("Markdown keeps within --max-size and still names every changed resource")
    func markdownBudget() throws {
        let report = try Self.report()
        let full = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 0))
        let small = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 2_500))
        #expect(small.count <= 2_500)
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
