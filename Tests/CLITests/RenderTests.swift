import Foundation
import Testing
import _MeshDiffTestSupport

/// `meshdiff diff --render` through the built binary: Kustomize overlays built with the
/// machine's `kubectl kustomize` (kustomize v5.5), Helm charts templated by a stand-in for
/// `helm` (`fixtures/render/helm-standin`: helm cannot be installed where the tests run, so the
/// stand-in checks the command line meshdiff builds and prints what `helm template` would).
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built"))
struct RenderTests {
    static let kubectl = (try? Shell.run(["kubectl", "kustomize", "--help"], check: false).status) == 0

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func resources(_ report: [String: Any]) -> [String] {
        (report["resources"] as? [[String: Any]] ?? []).map { resource in
            let place = [resource["namespace"] as? String, resource["name"] as? String].compactMap { $0 }.joined(separator: "/")
            return "\(resource["status"]!) \(resource["kind"]!) \(place)" + ((resource["scope"] as? String).map { " (\($0))" } ?? "")
        }.sorted()
    }

    /// A folder whose only `helm` is the stand-in, first on PATH.
    func standInPath() throws -> String {
        let bin = try TempRepository.makeTemporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: bin + "/helm", withDestinationPath: Paths.fixtures + "/render/helm-standin")
        return bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    @Test("Kustomize overlays rendered with kubectl kustomize: each overlay's objects, scoped by overlay", .enabled(if: kubectl))
    func kustomizeOverlays() throws {
        let repo = try Scenario.repository("kustomize-overlays-upgrade")
        let result = try Shell.run([Paths.binary!, "diff", "before", "after", "--render", "--format", "json", "--repo", repo.path])
        let report = try json(result.stdout)
        #expect(
            resources(report)
                == [
                    "modified ConfigMap linkerd/linkerd-config (overlays/prod)",
                    "modified ConfigMap linkerd/linkerd-config (overlays/staging)",
                    "modified Deployment linkerd/linkerd-destination (overlays/prod)",
                    "modified Deployment linkerd/linkerd-destination (overlays/staging)",
                    "modified Deployment linkerd-viz/web (overlays/prod)",
                    "modified Deployment linkerd-viz/web (overlays/staging)",
                ].sorted())
        // The patches and the images: override are applied: prod runs 3 replicas and the new web image.
        let changes = (report["resources"] as? [[String: Any]] ?? []).flatMap { resource in
            (resource["changes"] as? [[String: Any]] ?? []).map { "\(resource["name"]!) \(resource["scope"] ?? "") \($0["path"]!)" }
        }
        #expect(changes.contains("linkerd-destination overlays/prod spec.replicas"))
        #expect(changes.contains("web overlays/staging spec.replicas"))
        let meshes = (report["meshes"] as? [[String: Any]] ?? []).map { "\($0["mesh"]!) \($0["from"]!) → \($0["to"]!)" }
        #expect(meshes == ["linkerd stable-2.13.7 → stable-2.14.0", "linkerd-viz stable-2.13.7 → stable-2.14.0"])
        #expect((report["from"] as? [String: Any])?["ref"] as? String == "before")
        #expect((report["findings"] as? [Any])?.isEmpty == true)
        // Nothing was written to the repository.
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
        // --path narrows the comparison to one overlay's output; the repository's .meshdiff.yaml applies.
        let prod = try json(
            Shell.run([
                Paths.binary!, "diff", "before", "after", "--render", "--path", "overlays/prod", "--format", "json", "--repo", repo.path,
            ]).stdout)
        #expect(resources(prod).allSatisfy { $0.hasSuffix("(overlays/prod)") } && !resources(prod).isEmpty, "\(resources(prod))")
        try repo.write([".meshdiff.yaml": "ignore:\n  - kind: ConfigMap\n"])
        let ruled = try json(
            Shell.run([Paths.binary!, "diff", "before", "after", "--render", "--format", "json", "--repo", repo.path]).stdout)
        #expect(!resources(ruled).contains { $0.contains("ConfigMap") }, "\(resources(ruled))")
        #expect((ruled["ignored"] as? [String: Any])?["by"] as? String == ".meshdiff.yaml")
        try repo.remove(".meshdiff.yaml")
        // The text names the rendered objects by overlay.
        let text = try Shell.run([Paths.binary!, "diff", "before", "after", "--render", "--width", "100", "--repo", repo.path]).stdout
        #expect(text.contains("Deployment.apps linkerd/linkerd-destination (overlays/prod)"))
    }

    @Test("A Helm chart in the repository, templated by helm (a stand-in): the command line and the rendered objects")
    func helmChart() throws {
        let repo = try Scenario.repository(folder: Paths.fixtures + "/render/helm-chart")
        let log = try TempRepository.makeTemporaryDirectory() + "/helm.log"
        let environment = ["PATH": try standInPath(), "HELM_STANDIN_LOG": log]
        let result = try Shell.run(
            [Paths.binary!, "diff", "before", "after", "--render", "--format", "json", "--repo", repo.path], environment: environment)
        let report = try json(result.stdout)
        #expect(resources(report) == ["modified Deployment linkerd/mesh-addons-exporter"])
        let resource = try #require((report["resources"] as? [[String: Any]])?.first)
        #expect(resource["toPath"] as? String == "charts/mesh-addons/(helm template).yaml")
        let images = (report["images"] as? [[String: Any]] ?? []).map { "\($0["from"]!) → \($0["to"]!) \($0["direction"]!)" }
        #expect(
            images == ["registry.example.com/mesh-addons/exporter:1.4.0 → registry.example.com/mesh-addons/exporter:1.5.0 upgrade"])
        // No finding for the templates, Chart.yaml or values.yaml: they are the chart's sources.
        #expect((report["findings"] as? [Any])?.isEmpty == true, "\(report["findings"] ?? "")")
        // Called once per side, in a temporary export, never in the repository.
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(calls.count == 2)
        for call in calls {
            let parts = call.split(separator: "|", maxSplits: 1).map(String.init)
            #expect(parts.last == "template mesh-addons charts/mesh-addons --include-crds")
            #expect(!(parts.first ?? "").hasPrefix(repo.path))
        }
        #expect(try repo.git(["status", "--porcelain"]).isEmpty)
    }

    @Test("A missing tool or a timeout is a finding, and the sources are compared instead")
    func failuresAreSaid() throws {
        let repo = try Scenario.repository(folder: Paths.fixtures + "/render/helm-chart")
        let noHelm = try TempRepository.makeTemporaryDirectory()
        let missing = try Shell.run(
            [Paths.binary!, "diff", "before", "after", "--render", "--format", "json", "--repo", repo.path],
            environment: ["PATH": noHelm + ":/usr/bin:/bin"])
        let messages = ((try json(missing.stdout))["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("helm template of charts/mesh-addons failed: helm is not on PATH") }, "\(messages)")
        let slow = try Shell.run(
            [Paths.binary!, "diff", "before", "after", "--render", "--render-timeout", "1", "--format", "json", "--repo", repo.path],
            environment: ["PATH": try standInPath(), "HELM_STANDIN_SLEEP": "10"])
        let slowMessages = ((try json(slow.stdout))["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(slowMessages.contains { $0.contains("took longer than 1 s") }, "\(slowMessages)")
        // A tool's error output can quote a value from the files: it is never shown.
        let failing = try Shell.run(
            [Paths.binary!, "diff", "before", "after", "--render", "--format", "json", "--repo", repo.path],
            environment: ["PATH": try standInPath(), "HELM_STANDIN_FAIL": "Tr0ub4dor-planted"])
        #expect(!failing.stdout.contains("Tr0ub4dor-planted") && !failing.stderr.contains("Tr0ub4dor-planted"))
        let failedMessages = ((try json(failing.stdout))["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(
            failedMessages.contains {
                $0.contains("exited with status 1; run `helm template mesh-addons charts/mesh-addons --include-crds`")
            },
            "\(failedMessages)")
    }
}
