import Foundation
import Insights
import Manifests
import Testing
import _MeshDiffTestSupport

@Suite struct GitOpsTests {
    func resource(_ yaml: String, path: String = "app.yaml") throws -> Resource {
        try #require(ManifestFile.parse(Array(yaml.utf8), path: path, revision: "r").resources.first)
    }

    func application(syncOptions: String) throws -> Resource {
        try resource(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a, namespace: argocd}\nspec:\n  syncPolicy:\n    syncOptions: \(syncOptions)\n"
        )
    }

    @Test("Sync options: empty, bare and valued ones; none crashes and an empty one says nothing")
    func syncOptions() throws {
        let before = try application(syncOptions: "[\"\", \"=x\", Prune=false]")
        let after = try application(syncOptions: "[\"\", CreateNamespace, Prune=true]")
        let settings = GitOpsAnalysis.changes(old: before, new: after).map { "\($0.setting): \($0.from ?? "—") → \($0.to ?? "—")" }
        #expect(settings.sorted() == ["sync option CreateNamespace: — → set", "sync option Prune: false → true"])
    }

    @Test("Names that hold a secret, and names that only refer to one")
    func sensitiveNames() {
        for name in ["adminPassword", "apiToken", "clientSecret", "api_key", "privateKey", "credentials", "keyPEM"] {
            #expect(Redactor.isSensitiveSetting(name), "\(name)")
        }
        for name in ["existingSecret", "secretName", "tokenSecretRef", "externalSecret", "passwordFile", "logLevel", "replicas"] {
            #expect(!Redactor.isSensitiveSetting(name), "\(name)")
        }
    }

    @Test("Kustomize paths resolve from the kustomization's folder, never out of the repository")
    func kustomizePaths() throws {
        #expect(Kustomization.resolve("../../base", from: "overlays/prod") == "base")
        #expect(Kustomization.resolve("./patch.yaml", from: "overlays/prod") == "overlays/prod/patch.yaml")
        #expect(Kustomization.resolve("../../../etc/passwd", from: "overlays/prod") == nil)
        #expect(Kustomization.resolve("https://example.com/x.yaml", from: ".") == nil)
        let kustomization = try resource(
            "patches:\n- path: a.yaml\n- patch: |\n    inline\npatchesStrategicMerge:\n- b.yaml\n- |\n  apiVersion: v1\n  kind: ConfigMap\npatchesJson6902:\n- path: ../c.yaml\n",
            path: "overlays/prod/kustomization.yaml")
        #expect(Kustomization.isKustomization(kustomization))
        #expect(kustomization.id.name == "overlays/prod")
        #expect(
            Kustomization.patchPaths(of: kustomization).sorted() == ["overlays/c.yaml", "overlays/prod/a.yaml", "overlays/prod/b.yaml"])
    }

    @Test("Kustomize files, charts and meshdiff's own rules file are told by their file name, byte for byte")
    func fileNames() {
        #expect(ManifestFile.isKustomization("kustomization.yaml") && ManifestFile.isKustomization("base/kustomization.yml"))
        #expect(!ManifestFile.isKustomization("my-kustomization.yaml") && !ManifestFile.isKustomization("Kustomization.yaml"))
        #expect(!ManifestFile.isKustomization("kustomization.yaml/app.yaml") && !ManifestFile.isKustomization("ustomization.yaml"))
        #expect(ManifestFile.isChart("charts/linkerd/Chart.yaml") && ManifestFile.isChart("Chart.yaml"))
        #expect(!ManifestFile.isChart("charts/linkerd/chart.yaml") && !ManifestFile.isChart("MyChart.yaml"))
        #expect(!ManifestFile.isManifestPath(".meshdiff.yaml") && !ManifestFile.isManifestPath("apps/.meshdiff.yaml"))
        #expect(ManifestFile.isManifestPath("apps/x.meshdiff.yaml") && ManifestFile.isManifestPath("apps/a.yaml"))
        #expect(!ManifestFile.isChart("charts/\u{00E9}/Chart.yam") && ManifestFile.isChart("charts/\u{00E9}/Chart.yaml"))
    }

    @Test("A values file is values; a Helm values-shaped file elsewhere is still not an object")
    func valuesFiles() throws {
        #expect(ManifestFile.isHelmValuesPath("charts/app/values.yaml"))
        #expect(ManifestFile.isHelmValuesPath("envs/values-prod.yml") && ManifestFile.isHelmValuesPath("prod-values.yaml"))
        #expect(!ManifestFile.isHelmValuesPath("valuesets.yaml") && !ManifestFile.isHelmValuesPath("values.json"))
        #expect(ManifestFile.isHelmValuesPath("VALUES.YAML") && ManifestFile.isHelmValuesPath("a/Values-Prod.Yml"))
        #expect(ManifestFile.isHelmValuesPath("ci/my.values.yaml") && !ManifestFile.isHelmValuesPath("values/app.yaml"))
        #expect(!ManifestFile.isHelmValuesPath("välues.yaml") && !ManifestFile.isHelmValuesPath(".yaml"))
        let values = try resource("replicaCount: 2\n", path: "charts/app/values.yaml")
        #expect(values.id.kind == "Values" && values.id.name == "charts/app/values.yaml")
        let other = ManifestFile.parse(Array("replicaCount: 2\n".utf8), path: "settings.yaml", revision: "r")
        #expect(other.resources.isEmpty && other.findings.first?.message.contains("not a Kubernetes object") == true)
    }

    @Test("Path tests are case-blind where they should be, exact where they should be")
    func pathTests() {
        #expect(ManifestFile.isManifestPath("a/B.YAML") && ManifestFile.isManifestPath("c.Yml") && ManifestFile.isManifestPath("d.JSON"))
        #expect(!ManifestFile.isManifestPath("a.yaml.bak") && !ManifestFile.isManifestPath("x/.meshdiff.yaml"))
        #expect(!ManifestFile.isManifestPath("a\u{0E}yaml") && !ManifestFile.isManifestPath("yaml"))
        #expect(ManifestFile.isJSONPath("x/A.Json") && !ManifestFile.isJSONPath("a.jsonl"))
        #expect(ManifestFile.isKustomization("kustomization.yaml") && ManifestFile.isKustomization("a/b/kustomization.yml"))
        #expect(!ManifestFile.isKustomization("a/my-kustomization.yaml") && ManifestFile.isChart("charts/x/Chart.yaml"))
        #expect(!ManifestFile.isChart("charts/x/MyChart.yaml"))
    }

    @Test("meshdiff's own markers are found exactly where a plain search finds them, near block edges too")
    func meshMarkersFoundAsAPlainSearchFindsThem() {
        let markers = MeshDetector.byteMarkers.map { Array($0.utf8) }
        // Markers whole and cut, with the text around them in manifests.
        let pieces =
            MeshDetector.byteMarkers + MeshDetector.byteMarkers.map { String($0.dropLast()) }
            + ["linkerd.io/inject: enabled", "app: web", "docker.io/", " ", "\n", "  labels:\n", "x", ".io/", "chart", "istio"]
        var generator = SplitMix(seed: 7)
        for _ in 0..<3000 {
            let text = (0..<Int(generator.next() % 12)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let bytes = Array(text.utf8)
            let plain = markers.contains { marker in
                bytes.count >= marker.count
                    && (0...(bytes.count - marker.count)).contains { bytes[$0..<$0 + marker.count].elementsEqual(marker) }
            }
            #expect(ManifestScan(bytes, markers: MeshDetector.scanMarkers).mentionsMarker == plain, "\(text.debugDescription)")
        }
    }

    @Test("The byte scan finds kind and name in block and flow style, not in longer keys")
    func scanFindsIdentities() {
        let text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\nkind: Secret\nmetadata: {namespace: a, name: creds}\n---\nkind: Deployment\nmetadata:\n  username: nobody\n"
        let scan = ManifestScan(Array(text.utf8), markers: [Array("linkerd-config".utf8)])
        let identities = Set(scan.identities)
        #expect(!identities.isDisjoint(with: ManifestScan.keys(kind: "ConfigMap", name: "settings")))
        #expect(!identities.isDisjoint(with: ManifestScan.keys(kind: "Secret", name: "creds")))
        #expect(identities.isDisjoint(with: ManifestScan.keys(kind: "Deployment", name: "nobody")))
        #expect(scan.identities == identities.sorted())
        #expect(!scan.mentionsMarker)
        #expect(ManifestScan(Array("data: {a: linkerd-config}".utf8), markers: [Array("linkerd-config".utf8)]).mentionsMarker)
    }
}
