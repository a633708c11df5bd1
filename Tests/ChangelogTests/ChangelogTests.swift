import Changelog
import Foundation
import MeshDiffKit
import Rendering
import Reports
import Testing
import _MeshDiffTestSupport

/// Issue 5's proof on the real corpus: a history with every Linkerd release, a layout change
/// halfway, unrelated app commits between upgrades, and an accidental downgrade at the end.
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent: changelog corpus tests skipped"))
struct ChangelogCorpusTests {
    static func history() throws -> (repo: String, changelog: Changelog) {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        return (repo, try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo))))
    }

    static var releases: [String] {
        get throws {
            let index =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Paths.corpus! + "/index.json")))
                as! [[String: Any]]
            return index.filter { $0["mesh"] as? String == "linkerd" }.map { $0["version"] as! String }
        }
    }

    @Test("Every version step, in order, with from → to and direction; the last a downgrade")
    func versionSteps() throws {
        let (_, changelog) = try Self.history()
        let steps = changelog.entries.filter { $0.kind == .release }.compactMap { entry in entry.meshes.first { $0.mesh == "linkerd" } }
        let releases = try Self.releases
        var expected: [(String?, String)] = [(nil, releases[0])]
        for (a, b) in zip(releases, releases.dropFirst()) { expected.append((a, b)) }
        expected.append((releases.last!, releases[releases.count - 2]))
        #expect(steps.count == expected.count)
        for (step, (from, to)) in zip(steps, expected) {
            #expect(step.from == from && step.to == to, "\(step.from ?? "nil") → \(step.to ?? "nil"), expected \(from ?? "nil") → \(to)")
        }
        #expect(steps.last?.direction == .downgrade)
        #expect(steps.dropLast().dropFirst().allSatisfy { $0.direction == .upgrade })
    }

    @Test("The unrelated app change stays out of the mesh sections")
    func appChangesApart() throws {
        let (_, changelog) = try Self.history()
        let app = changelog.entries.filter { $0.subject.hasPrefix("Tune the web app") }
        #expect(!app.isEmpty)
        #expect(app.allSatisfy { $0.kind == .other })
        for release in changelog.entries where release.kind == .release {
            #expect(!(release.modified + release.added).contains { $0.contains("shop/web") })
        }
        let markdown = try ChangelogMarkdownRenderer().render(changelog)
        let sections = markdown.components(separatedBy: "## Other manifest changes")
        #expect(sections.count == 2)
        #expect(!sections[0].contains("Tune the web app"))
        #expect(changelog.commitsWithoutManifestChanges == 1)  // the initial README commit
    }

    @Test("The layout change is one line, not hundreds of changes")
    func layoutChange() throws {
        let (_, changelog) = try Self.history()
        let layout = changelog.entries.filter { $0.layoutChange != nil }
        #expect(layout.count == 1)
        let entry = try #require(layout.first)
        #expect(entry.layoutChange?.contains("moved") == true)
        // The switch commit is also an upgrade; its modified resources are the upgrade's, not the move's.
        let markdown = try ChangelogMarkdownRenderer().render(changelog)
        #expect(markdown.components(separatedBy: "layout change").count == 2)
    }

    @Test func tagStepsAndRanges() throws {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        let tagged = try ChangelogBuilder.build(
            ChangelogOptions(range: "stable-2.13.7..stable-2.14.10", tags: true, diff: DiffOptions(repository: repo)))
        let steps = tagged.entries.filter { $0.kind == .release }.compactMap { $0.meshes.first { $0.mesh == "linkerd" } }
        #expect(steps.map { "\($0.from ?? "") → \($0.to ?? "")" } == ["stable-2.13.7 → stable-2.14.0", "stable-2.14.0 → stable-2.14.10"])
        #expect(tagged.entries.allSatisfy { $0.kind != .other })  // tag to tag, the app commits fold into the steps
        // Each step spans an app commit and the upgrade: the step names the commit that moved the mesh.
        let movers = tagged.entries.filter { $0.kind == .release }.map { ($0.changedBy ?? []).map(\.subject) }
        #expect(movers == [["Upgrade linkerd to stable-2.14.0"], ["Upgrade linkerd to stable-2.14.10"]])
        let text = try ChangelogTextRenderer().render(tagged)
        #expect(text.contains("moved by \(tagged.entries[0].changedBy?.first?.commit.prefix(12) ?? "?")"))
        #expect(text.contains("Upgrade linkerd to stable-2.14.0: Linkerd stable-2.13.7 → stable-2.14.0"))
        let range = try ChangelogBuilder.build(ChangelogOptions(range: "stable-2.13.7..stable-2.14.0", diff: DiffOptions(repository: repo)))
        #expect(range.entries.map(\.subject) == ["Tune the web app (day 14)", "Upgrade linkerd to stable-2.14.0"])
    }
}

@Suite struct ChangelogTemplateTests {
    @Test("A Mustache template renders over the JSON model")
    func template() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let changelog = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo.path)))
        let file = try TempRepository.makeTemporaryDirectory() + "/notes.mustache"
        try
            "{{#entries}}* {{subject}} ({{summary.added}} added, {{summary.modified}} modified){{#images}} [{{container}} {{to}}]{{/images}}\n{{/entries}}"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let text = try ChangelogTemplate.render(changelog, templateFile: file)
        #expect(text.contains("* after (1 added, 3 modified) [app registry.example.com/shop/web:1.5.0]"))
        #expect(text.contains("* before (4 added, 0 modified)"))
    }

    @Test func invalidTemplateNamesFileAndLine() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let changelog = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo.path)))
        let file = try TempRepository.makeTemporaryDirectory() + "/bad.mustache"
        try "line one\n{{#entries}}\n{{/wrong}}\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ChangelogTemplate.render(changelog, templateFile: file)
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("bad.mustache"))
            #expect(error.localizedDescription.contains("line 3"))
        }
    }

    @Test func symmetricRangeIsRefused() throws {
        let repo = try Scenario.repository("workload-upgrade")
        #expect(throws: ChangelogError.self) {
            try ChangelogBuilder.build(ChangelogOptions(range: "before...after", diff: DiffOptions(repository: repo.path)))
        }
    }
}

@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent: changelog corpus tests skipped"))
struct ChangelogCacheTests {
    @Test("Over a history without reverts each distinct manifest blob is read and parsed exactly once")
    func eachBlobParsedOnce() throws {
        // Without --noise: its app file cycles through three contents, and a blob that comes
        // back after it was replaced is parsed again, by design (see ChangelogBuilder).
        let repo = try Corpus.repository(["--layout", "components"])
        let session = try ComparisonSession(DiffOptions(repository: repo))
        _ = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo)), in: session)
        // Independently: the blob ids git records for every manifest file any commit writes.
        let raw = try Shell.run(["git", "-C", repo, "log", "--raw", "--no-abbrev", "--format=", "--no-renames"]).stdout
        var blobs = Set<String>()
        for line in raw.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, fields[1].hasSuffix(".yaml") || fields[1].hasSuffix(".yml") || fields[1].hasSuffix(".json") else {
                continue
            }
            let meta = fields[0].split(separator: " ")
            for id in [meta[2], meta[3]] where id != String(repeating: "0", count: 40) { blobs.insert(String(id)) }
        }
        #expect(blobs.count > 30)
        #expect(session.blobsParsed == blobs.count)
        // And inflated once: a step's listing scans the blobs the step before read to parse.
        #expect(session.blobsRead == blobs.count)
    }
}

/// A walk through history lists the files of its first commit only, and derives each later
/// listing from the step before, also across commits that change no manifest (a README edit).
@Suite struct ChangelogWalkTests {
    static let role = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: app-reader
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [%@]

        """
    static let binding = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: app-reader
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: app-reader}
        subjects:
        - {kind: ServiceAccount, name: app, namespace: shop}

        """

    @Test("Written as it is made, a changelog with a step of hundreds of resources is the same bytes")
    func writtenInPieces() throws {
        let repo = try TempRepository()
        func deployment(_ index: Int, _ tag: String) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web-\(index), namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: "registry.example/web-\(index):\(tag)", args: [--port=80, --level=info]}

            """
        }
        // The first step adds 400 workloads: written in place, its image list made on all cores.
        try repo.write(Dictionary(uniqueKeysWithValues: (0..<400).map { ("apps/web-\($0).yaml", deployment($0, "1.0")) }))
        try repo.commit("all")
        for step in 0..<3 {
            try repo.write(["apps/web-\(step).yaml": deployment(step, "1.\(step + 1)")])
            try repo.commit("step \(step)")
        }
        let changelog = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo.path)))
        #expect(changelog.entries.first?.summary.added == 400)
        #expect(changelog.entries.first?.images.count == 400)
        let pieces = try JSONPieces.of(changelog)
        #expect(pieces.count > 1)
        #expect(pieces.joined().elementsEqual(try JSONText.pretty(changelog).utf8))
    }

    @Test("libgit2's caches let go between steps, at every step, change no byte of the changelog")
    func objectStoresReleasedBetweenSteps() throws {
        let repo = try TempRepository()
        // A packed history of ConfigMaps that change a few at a time: each version a delta of another.
        func config(_ index: Int, _ step: Int) -> String {
            let data = (0..<40).map { "  key\($0): value-\($0)-\($0 == index ? step : 0)\n" }.joined()
            return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\(index), namespace: shop}\ndata:\n\(data)"
        }
        for step in 0..<30 {
            var files: [String: String] = [:]
            for index in 0..<10 where step == 0 || (index + step) % 4 == 0 { files["apps/c\(index).yaml"] = config(index, step) }
            try repo.write(files)
            try repo.commit("step \(step)")
        }
        _ = try repo.git(["gc", "-q"])
        let options = ChangelogOptions(diff: DiffOptions(repository: repo.path))
        let kept = try ChangelogBuilder.build(options, in: ComparisonSession(options.diff))
        let session = try ComparisonSession(options.diff)
        session.objectStoreGrowth = 0
        let released = try ChangelogBuilder.build(options, in: session)
        #expect(session.objectStoreReleases >= 25)
        #expect(try JSONText.pretty(released) == JSONText.pretty(kept))
        #expect(kept.entries.count == 30)
    }

    @Test("Steps across README-only commits say what a fresh diff says, and the walk lists one commit")
    func stepsAcrossCommitsWithoutManifests() throws {
        let repo = try TempRepository()
        // The binding sits in a file no later commit touches: the role's steps need it as context.
        try repo.write(["rbac/binding.yaml": Self.binding, "rbac/role.yaml": String(format: Self.role, "get")])
        try repo.commit("rbac")
        try repo.write(["README.md": "one\n"])
        try repo.commit("docs")
        try repo.write(["rbac/role.yaml": String(format: Self.role, "get, list")])
        try repo.commit("list")
        try repo.write(["README.md": "two\n"])
        try repo.commit("more docs")
        try repo.write(["rbac/role.yaml": String(format: Self.role, "\"*\"")])
        try repo.commit("everything")

        let session = try ComparisonSession(DiffOptions(repository: repo.path))
        let changelog = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo.path)), in: session)
        #expect(changelog.commitsWithoutManifestChanges == 2)
        #expect(session.revisionsListed == 1)
        let steps = changelog.entries.filter { !$0.rbac.isEmpty && $0.fromCommit != nil }
        #expect(steps.count == 2)
        for step in steps {
            let fresh = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: [try #require(step.fromCommit), step.commit]))
            #expect(step.rbac == fresh.rbac)
            #expect(step.warnings == fresh.warnings)
            #expect(step.modified == fresh.resources.filter { $0.status == .modified }.map(\.id.description))
        }
        // The binding (unchanged since the first commit) is what makes the wildcard an escalation for a subject.
        #expect(steps.last?.rbac.first?.escalations.isEmpty == false)
    }

    @Test("A listing kept for a commit serves a later comparison from it whose context a first one changed")
    func listingReusedWithOtherChanges() throws {
        let repo = try TempRepository()
        try repo.write(["rbac/binding.yaml": Self.binding, "rbac/role.yaml": String(format: Self.role, "get")])
        try repo.commit("base")
        // One commit changes the binding only; the next puts it back and widens the role.
        try repo.write(["rbac/binding.yaml": Self.binding.replacingOccurrences(of: "name: app,", with: "name: other,")])
        try repo.commit("binding")
        try repo.write(["rbac/binding.yaml": Self.binding, "rbac/role.yaml": String(format: Self.role, "\"*\"")])
        try repo.commit("role")

        let session = try ComparisonSession(DiffOptions(repository: repo.path))
        let base = Side.commit(try session.repository.resolve("HEAD~2"), ref: "HEAD~2")
        _ = try session.compare(base, .commit(try session.repository.resolve("HEAD~1"), ref: "HEAD~1"))
        // The binding, changed by the first comparison, is context to the second: it must be read.
        let second = try session.compare(base, .commit(try session.repository.resolve("HEAD"), ref: "HEAD"))
        let fresh = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["HEAD~2", "HEAD"]))
        #expect(session.revisionsListed == 1)
        #expect(second.rbac == fresh.rbac)
        #expect(second.rbac.first?.escalations.isEmpty == false)
    }
}

/// Commit subjects come from anyone who can push: release notes show what a screen would act on.
@Suite struct ChangelogControlCharacterTests {
    @Test("A commit subject's escape sequence, carriage return and bidi override are shown, not obeyed")
    func subjectsAreShown() throws {
        let repo = try TempRepository()
        let map = { (level: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: n}\ndata: {level: \(level)}\n" }
        try repo.write(["a.yaml": map("info")])
        try repo.commit("one")
        try repo.write(["a.yaml": map("debug")])
        try repo.commit("Tune \u{1B}[8mhidden\rover\u{202E}evil")
        let changelog = try ChangelogBuilder.build(ChangelogOptions(diff: DiffOptions(repository: repo.path)))
        for renderer in [ChangelogTextRenderer(), ChangelogMarkdownRenderer()] as [any ChangelogRenderer] {
            let notes = try renderer.render(changelog, options: RenderOptions(maxSize: 65_536))
            // (Markdown escapes the bracket as well.)
            #expect(["Tune \\u{1B}", "hidden\\u{D}over\\u{202E}evil"].allSatisfy(notes.contains), "\(renderer.format)")
            #expect(!notes.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" || $0 == "\u{202E}" }, "\(renderer.format)")
        }
    }
}
