import Foundation
import Testing
import _MeshDiffTestSupport

/// The merge-request comment as GitHub shows it: rendered by cmark-gfm (GitHub's parser) and
/// checked as HTML, not by string matching on the Markdown.
@Suite(
    .enabled(if: Paths.binary != nil, "the meshdiff binary is not built"),
    .enabled(if: (try? Shell.run(["cmark-gfm", "--version"], check: false).status) == 0, "cmark-gfm is not installed"))
struct MarkdownRenderingTests {
    func rendered(_ arguments: [String]) throws -> (markdown: String, html: String) {
        let markdown = try Shell.run([Paths.binary!, "diff"] + arguments + ["--format", "markdown"]).stdout
        let file = try TempRepository.makeTemporaryDirectory() + "/report.md"
        try markdown.write(toFile: file, atomically: true, encoding: .utf8)
        let html = try Shell.run(["cmark-gfm", "--unsafe", "-e", "table", file]).stdout
        return (markdown, html)
    }

    func checkStructure(_ html: String, _ name: String) {
        #expect(html.hasPrefix("<!-- meshdiff:report -->"), "\(name): the hidden marker does not lead")
        #expect(html.components(separatedBy: "<details>").count == html.components(separatedBy: "</details>").count, "\(name): details")
        // After a closed <details>, Markdown must start again: no text swallowed into the HTML block.
        #expect(html.range(of: #"</details>\s*[^<\s]"#, options: .regularExpression) == nil, "\(name): text joined a details block")
        #expect(html.range(of: #"<li>\s*<ul>"#, options: .regularExpression) == nil, "\(name): a list item that is only a nested list")
    }

    /// The header cells of the table that follows `heading`.
    func tableHeader(after heading: String, in html: String) -> [String] {
        guard let start = html.range(of: "<h3>\(heading)</h3>"),
            let table = html.range(of: "</thead>", range: start.upperBound..<html.endIndex)
        else { return [] }
        let head = html[start.upperBound..<table.lowerBound]
        return head.matches(of: /<th>(.*?)<\/th>/).map { String($0.1) }
    }

    @Test func fixtureReportRendersAsIntended() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let (_, html) = try rendered(["before", "after", "--repo", repo.path])
        checkStructure(html, "fixture")
        #expect(tableHeader(after: "Images", in: html) == ["Image", "From → to", "Direction", "Where"])
        #expect(tableHeader(after: "Flags and settings", in: html) == ["Change", "Where"])
    }

    @Test(
        "stable-2.10.0 → edge-26.8.3: one row per distinct change, renders right",
        .enabled(if: Corpus.isAvailable, "needs ../shared/corpus"))
    func bigJump() throws {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        let (markdown, html) = try rendered(["stable-2.10.0", "edge-26.8.3", "--repo", repo])
        checkStructure(html, "big jump")
        #expect(markdown.count <= 65_536)
        // The flags/env table: every row a different change.
        let section =
            html.components(separatedBy: "<h3>Flags and settings</h3>").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        // A row lists the changes made alike in the same places: every change in one row only.
        let cells = section.matches(of: /<tr>\s*<td>(.*?)<\/td>/).map { String($0.1) }
        let changes = cells.flatMap { $0.matches(of: /<code>(.*?)<\/code>/).map { String($0.1) } }
        #expect(!changes.isEmpty)
        #expect(Set(changes).count == changes.count, "a flag or env change has more than one row")
        #expect(cells.count < changes.count, "changes made in the same places are not grouped")
        // The image table: every image change once.
        let images = html.components(separatedBy: "<h3>Images</h3>").dropFirst().first?.components(separatedBy: "</table>").first ?? ""
        let rows = images.matches(of: /<tr>\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td>/).map { "\($0.1) \($0.2)" }
        #expect(Set(rows).count == rows.count, "an image change has more than one row")
    }

    @Test(
        "stable-2.10.0 → edge-26.8.3, one file per release: the whole comment is at most half its 96,000 characters of before",
        .enabled(if: Corpus.isAvailable, "needs ../shared/corpus"))
    func bigJumpIsHalved() throws {
        let repo = try Corpus.repository(["--layout", "single"])
        let (markdown, html) = try rendered(["stable-2.10.0", "edge-26.8.3", "--repo", repo, "--max-size", "0"])
        checkStructure(html, "big jump, whole")
        #expect(markdown.count <= 48_000, "\(markdown.count) characters")
        #expect(!markdown.contains("✂️"), "nothing was cut to get there")
        // The extensions released with the control plane share its headline.
        #expect(markdown.contains("Linkerd stable-2.10.0 → edge-26.8.3 (control plane, viz), upgrade"))
        // The terminal report at 100 (and 80) columns: no line wider, coloured or not.
        for width in ["100", "80"] {
            for color in ["never", "always"] {
                let text = try Shell.run([
                    Paths.binary!, "diff", "stable-2.10.0", "edge-26.8.3", "--repo", repo, "--width", width, "--color", color,
                ]).stdout.replacing(/\u{1B}\[[0-9]+m/, with: "")
                let wide: [String] = text.split(separator: "\n").map(String.init).filter { $0.count > Int(width)! }
                let example = wide.first ?? ""
                #expect(wide.isEmpty, "\(wide.count) lines over \(width) columns (colour \(color)), e.g. \(example)")
            }
        }
    }
}
