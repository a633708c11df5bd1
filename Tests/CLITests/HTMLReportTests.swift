import Foundation
import Testing
import _MeshDiffTestSupport

/// The HTML report as a browser shows it: opened in headless Chromium, it loads without
/// console errors, its filters run, its screenshot is not blank, and it names every changed
/// resource.
@Suite(
    .enabled(if: Paths.binary != nil, "the meshdiff binary is not built"),
    .enabled(if: Browser.chromium != nil, "chromium is not installed"))
struct HTMLReportTests {
    func browser(_ arguments: [String]) throws -> ShellResult {
        try Shell.run(
            [Browser.chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments,
            check: false)
    }

    @Test func opensInABrowser() throws {
        let repo: String
        let revisions: [String]
        if Corpus.isAvailable {
            repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
            revisions = ["stable-2.13.7", "stable-2.14.0"]
        } else {
            repo = try Scenario.repository("workload-upgrade").path
            revisions = ["before", "after"]
        }
        let folder = try TempRepository.makeTemporaryDirectory()
        let page = folder + "/report.html"
        try Shell.run([Paths.binary!, "diff"] + revisions + ["--repo", repo, "--format", "html", "--output", page])
        let json = try Shell.run([Paths.binary!, "diff"] + revisions + ["--repo", repo, "--format", "json"]).stdout
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let resources = try #require(report["resources"] as? [[String: Any]])

        let dom = try browser(["--dump-dom", "file://" + page])
        #expect(!dom.stderr.contains("Uncaught"), "console errors: \(dom.stderr)")
        // The filter script ran: it counts the resources it shows.
        #expect(dom.stdout.contains("\(resources.count) of \(resources.count) resources shown"))
        for resource in resources {
            let name = try #require(resource["name"] as? String)
            #expect(dom.stdout.contains(name), "\(name) is not in the page")
        }
        let screenshot = folder + "/report.png"
        let shot = try browser(["--window-size=1280,1600", "--screenshot=" + screenshot, "file://" + page])
        #expect(!shot.stderr.contains("Uncaught"))
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 30_000, "the screenshot is \(size) bytes: blank?")
    }
}

/// A headless browser, when one is installed.
enum Browser {
    static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].first { name in
        (try? Shell.run(["which", name], check: false).status) == 0
    }
}
