import Foundation
import MeshDiffKit
import Rendering
import Reports
import Testing
import _MeshDiffTestSupport

/// The JSON facts on real release manifests, checked against an independent reference
/// (`Tests/reference/expected_facts.py`: git and PyYAML, sharing no code with meshdiff).
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent: corpus tests skipped"))
struct CorpusTests {
    static let linkerdPairs: [(String, String)] = [
        ("stable-2.13.7", "stable-2.14.0"),  // adjacent
        ("stable-2.14.0", "stable-2.13.7"),  // adjacent, backwards
        ("stable-2.11.5", "stable-2.12.0"),  // CRDs move to crds.yaml
        ("stable-2.10.0", "edge-26.8.3"),  // far apart
        ("edge-26.8.3", "stable-2.10.0"),  // far apart, backwards
        ("edge-24.11.8", "edge-25.5.1"),  // edge to edge
        ("stable-2.14.10", "edge-24.5.1"),  // channel change
    ]
    static let istioPairs: [(String, String)] = [
        ("istio-1.18.0", "istio-1.30.0"),
        ("istio-1.24.0", "istio-1.22.0"),
    ]

    @Test("Linkerd facts equal the reference", arguments: ["components", "split", "mixed"])
    func linkerd(layout: String) throws {
        let repo = try Corpus.repository(["--layout", layout])
        for (from, to) in Self.linkerdPairs {
            try expectReferenceFacts(repo: repo, from: from, to: to)
        }
    }

    @Test("Istio facts equal the reference", arguments: ["components", "split"])
    func istio(layout: String) throws {
        let repo = try Corpus.repository(["--mesh", "istio", "--layout", layout])
        for (from, to) in Self.istioPairs {
            try expectReferenceFacts(repo: repo, from: from, to: to)
        }
    }

    private func expectReferenceFacts(repo: String, from: String, to: String) throws {
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: [from, to]))
        let actual = ReportFacts(report)
        let expected = ReportFacts(try Corpus.expectedFacts(repository: repo, from: from, to: to))
        #expect(actual == expected, "\(from) → \(to): \(actual.differences(from: expected))")
        #expect(report.findings.isEmpty, "\(from) → \(to): \(report.findings)")
        #expect(report.from.commit?.count == 40 && report.to.commit?.count == 40)
    }

    @Test("A diff that lists and scans the old side on other cores reports what one done in turn reports")
    func earlyListingChangesNothing() throws {
        let repo = try Corpus.repository(["--layout", "split", "--noise"])
        for (from, to) in Self.linkerdPairs.prefix(4) {
            let options = DiffOptions(repository: repo, revisions: [from, to])
            // `MeshDiff.diff` begins the listing before the tree diff; a session asked for the
            // comparison of given changes lists, scans and indexes in turn.
            let early = try MeshDiff.diff(options)
            let session = try ComparisonSession(options)
            let old = Side.commit(try session.repository.resolve(from), ref: from)
            let new = Side.commit(try session.repository.resolve(to), ref: to)
            let inTurn = try session.compare(session.changedFiles(old, new), old: old, new: new)
            let render = { (report: Report) in try JSONRenderer().render(report, options: RenderOptions()) }
            #expect(try render(early) == render(inTurn), "\(from) → \(to)")
            #expect(session.revisionsListed == 1)
        }
    }

    @Test("stable-2.13.7 → stable-2.14.0: the facts the issue names")
    func linkerd214() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.13.7", "stable-2.14.0"]))
        let added = report.resources.filter { $0.status == .added }.map { "\($0.kind)/\($0.name)" }
        #expect(added.contains("CustomResourceDefinition/httproutes.gateway.networking.k8s.io"))
        #expect(added.contains("Role/remote-discovery"))
        let proxyInit = report.images.filter { $0.from?.contains("proxy-init") == true }
        #expect(!proxyInit.isEmpty)
        for image in proxyInit {
            #expect(image.from == "cr.l5d.io/linkerd/proxy-init:v2.2.3")
            #expect(image.to == "cr.l5d.io/linkerd/proxy-init:v2.2.1")
            #expect(image.direction == .downgrade)
        }
        #expect(report.summary.added == 3 && report.summary.removed == 0 && report.summary.modified == 51)
    }

    @Test("stable-2.11.5 → stable-2.12.0: CRDs moved to crds.yaml are paired, not removed and added")
    func crdMove() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.11.5", "stable-2.12.0"]))
        let crds = report.resources.filter { $0.kind == "CustomResourceDefinition" }
        let modified = crds.filter { $0.status == .modified }
        #expect(modified.count == 3)
        #expect(modified.allSatisfy { $0.fromPath == "linkerd/control-plane.yaml" && $0.toPath == "linkerd/crds.yaml" })
        #expect(crds.filter { $0.status == .added }.count == 4)
        #expect(crds.filter { $0.status == .removed }.map(\.name) == ["trafficsplits.split.smi-spec.io"])
    }

    @Test("The same release as one file, three files or one file per resource is no change")
    func layoutIsNoChange() throws {
        let single = try Corpus.repository(["--layout", "single", "--versions", "stable-2.14.0"])
        let split = try Corpus.repository(["--layout", "split", "--versions", "stable-2.14.0"])
        let components = try Corpus.repository(["--layout", "components", "--versions", "stable-2.14.0"])
        let repo = try TempRepository()
        try repo.replaceTree(with: single)
        try repo.commit("single")
        try repo.replaceTree(with: components)
        try repo.commit("components")
        try repo.replaceTree(with: split)
        try repo.commit("split")
        for revisions in [["HEAD~2", "HEAD~1"], ["HEAD~1", "HEAD"], ["HEAD~2", "HEAD"]] {
            let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: revisions))
            #expect(report.resources.isEmpty, "\(revisions): \(report.resources.map(\.name))")
            #expect(report.images.isEmpty && report.flags.isEmpty && report.env.isEmpty)
            #expect(report.summary.moved > 0)
        }
    }

    @Test(
        "No secret value or certificate body of the corpus appears in any format",
        arguments: [
            ("stable-2.13.7", "stable-2.14.0"), ("stable-2.10.0", "edge-26.8.3"),
        ])
    func noSecretsInAnyFormat(from: String, to: String) throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: [from, to]))
        let secrets = try SecretValues.inCorpus(repo: repo, revisions: [from, to])
        #expect(secrets.count > 10)
        for renderer in Renderers.all {
            for showNoise in [false, true] {
                let output = try renderer.render(report, options: RenderOptions(showNoise: showNoise, maxSize: 0))
                for secret in secrets {
                    #expect(!output.contains(secret), "\(renderer.format) shows \(secret.prefix(12))…")
                }
                #expect(!output.contains("PRIVATE KEY-----"))
            }
        }
    }

    @Test(
        "The Markdown comment fits 65,536 characters and names every changed resource",
        arguments: [
            ("stable-2.13.7", "stable-2.14.0"), ("stable-2.10.0", "edge-26.8.3"),
        ])
    func markdownFits(from: String, to: String) throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: [from, to]))
        let markdown = try MarkdownRenderer().render(report, options: RenderOptions(maxSize: 65_536))
        #expect(markdown.count <= 65_536)
        for resource in report.resources {
            #expect(markdown.contains(resource.name), "\(resource.kind) \(resource.name) is not named")
        }
    }
}
