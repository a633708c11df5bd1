import Foundation
import Insights
import MeshDiffKit
import Rendering
import Reports
import Testing
import _MeshDiffTestSupport

/// Issue 4's proof on the real corpus.
@Suite(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent: mesh knowledge corpus tests skipped"))
struct MeshKnowledgeTests {
    @Test("Detected Linkerd versions equal the release tags, both directions")
    func linkerdVersions() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        for (from, to) in CorpusTests.linkerdPairs {
            let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: [from, to]))
            let linkerd = try #require(report.meshes.first { $0.mesh == "linkerd" }, "\(from) → \(to)")
            #expect(linkerd.from == from && linkerd.to == to)
            let viz = try #require(report.meshes.first { $0.mesh == "linkerd-viz" })
            #expect(viz.from == from && viz.to == to)
            let expected: MeshChange.Direction
            switch (Version(from)!.compare(to: Version(to)!), from.prefix(4) == to.prefix(4)) {
            case (.older?, _): expected = .upgrade
            case (.newer?, _): expected = .downgrade
            default: expected = from.hasPrefix("stable") ? .upgrade : .downgrade  // stable-2.14 (2023) vs edge-24 (2024)
            }
            #expect(linkerd.direction == expected, "\(from) → \(to)")
            #expect(linkerd.releaseNotes == "https://github.com/linkerd/linkerd2/releases/tag/\(to)")
        }
    }

    @Test func channelChangeIsSaidAsSuch() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.14.10", "edge-24.5.1"]))
        let linkerd = try #require(report.meshes.first { $0.mesh == "linkerd" })
        #expect(linkerd.note?.contains("channel change stable → edge") == true)
    }

    @Test("Istio 1.18.0 → 1.30.0 is an upgrade")
    func istio() throws {
        let repo = try Corpus.repository(["--mesh", "istio", "--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["istio-1.18.0", "istio-1.30.0"]))
        let istio = try #require(report.meshes.first { $0.mesh == "istio" })
        #expect(istio.from == "1.18.0" && istio.to == "1.30.0" && istio.direction == .upgrade)
        #expect(istio.releaseNotes == "https://istio.io/latest/news/releases/1.30.x/announcing-1.30/")
        let text = try TextRenderer().render(report, options: RenderOptions())
        #expect(text.contains("Istio 1.30.0 release notes: https://istio.io/latest/news/releases/1.30.x/announcing-1.30/"))
        let markdown = try MarkdownRenderer().render(report, options: RenderOptions())
        #expect(markdown.contains("<https://istio.io/latest/news/releases/1.30.x/announcing-1.30/>"))
    }

    @Test("A repository with both meshes reports both, and --mesh narrows")
    func bothMeshes() throws {
        let repo = try Corpus.repository(["--mesh", "all", "--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.13.7", "istio-1.30.0"]))
        let meshes = Dictionary(report.meshes.map { ($0.mesh, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(meshes["linkerd"]?.from == "stable-2.13.7")
        #expect(meshes["istio"]?.to == "1.30.0")
        var options = DiffOptions(repository: repo, revisions: ["stable-2.13.7", "istio-1.30.0"])
        options.meshes = ["istio"]
        #expect(try MeshDiff.diff(options).meshes.map(\.mesh) == ["istio"])
    }

    @Test("An accidental downgrade is reported and fails --fail-on downgrade")
    func accidentalDowngrade() throws {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        // HEAD is the noise commit after the downgrade; HEAD~2 the last upgrade's noise commit.
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["HEAD~2", "HEAD"]))
        let linkerd = try #require(report.meshes.first { $0.mesh == "linkerd" })
        #expect(linkerd.direction == .downgrade && linkerd.from == "edge-26.8.3" && linkerd.to == "edge-25.11.1")
        #expect(!Policy.downgrade.violations(in: report).isEmpty)
        #expect(ExitStatus.of(report, exitCodeOnChanges: false, violations: Policy.downgrade.violations(in: report)) == .policyViolated)
        #expect(report.warnings.first?.kind == .downgrade)
    }

    @Test("stable-2.13.7 → stable-2.14.0: linkerd-policy is granted httproutes in gateway.networking.k8s.io")
    func rbacGrant() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.13.7", "stable-2.14.0"]))
        let policy = try #require(report.rbac.first { $0.name == "linkerd-policy" && $0.kind == "ClusterRole" })
        let granted = Set(policy.granted.map(\.description))
        #expect(
            granted.isSuperset(of: [
                "get gateway.networking.k8s.io/httproutes", "list gateway.networking.k8s.io/httproutes",
                "watch gateway.networking.k8s.io/httproutes", "patch gateway.networking.k8s.io/httproutes/status",
            ]))
        #expect(policy.revoked.isEmpty)
        #expect(policy.subjects.contains("ServiceAccount linkerd/linkerd-destination"))
        let remote = try #require(report.rbac.first { $0.name == "remote-discovery" })
        #expect(remote.escalations == ["reads secrets (get, list, watch)"])
        #expect(report.warnings.contains { $0.kind == .privateKey && $0.message.contains("linkerd-identity-issuer") })
    }

    @Test("stable-2.14.0 → edge-24.11.8: a CRD version summary that fits one screen")
    func crdSummary() throws {
        let repo = try Corpus.repository(["--layout", "components"])
        let report = try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.14.0", "edge-24.11.8"]))
        #expect(!report.crds.isEmpty)
        let added = report.crds.filter { $0.status == .added }.map(\.name)
        #expect(!added.isEmpty)
        let text = try TextRenderer().render(report, options: RenderOptions())
        let section = try #require(text.components(separatedBy: "\nCRDs\n").dropFirst().first?.components(separatedBy: "\n\n").first)
        let lines = section.split(separator: "\n")
        #expect(lines.count <= 60, "the CRD section takes \(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= 200 })
    }
}
