import Foundation
import Manifests
import MeshDiffKit
import Rendering
import Reports
import Testing
import _MeshDiffTestSupport

@Suite struct ScenarioTests {
    @Test func workloadUpgradeFacts() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))

        #expect(report.summary.added == 1 && report.summary.removed == 0 && report.summary.modified == 3)
        #expect(report.resources.filter { $0.status == .added }.map(\.kind) == ["Namespace"])

        let images = report.images.map { "\($0.container) \($0.from ?? "nil") → \($0.to ?? "nil") \($0.direction.rawValue)" }
        #expect(
            Set(images) == [
                "app registry.example.com/shop/web:1.4.2 → registry.example.com/shop/web:1.5.0 upgrade",
                "log-shipper registry.example.com/shipper:1.4.2 → nil removed",
                "migrate nil → registry.example.com/shop/migrate:1.5.0 added",
            ])
        let flags = report.flags.map { "\($0.flag)=\($0.from ?? "nil")→\($0.to ?? "nil")" }
        #expect(Set(flags) == ["log-level=info→debug", "workers=4→nil", "cache=nil→256Mi"])
        let env = report.env.map { "\($0.variable) \($0.from?.string ?? "nil")→\($0.to?.string ?? "nil")" }
        #expect(Set(env) == ["MODE prod→canary", "FEATURE_X nil→on"])

        let deployment = try #require(report.resources.first { $0.kind == "Deployment" })
        let categories = Dictionary(deployment.changes.map { ($0.path, $0.category.rawValue) }, uniquingKeysWith: { a, _ in a })
        #expect(categories[#"spec.template.metadata.annotations["checksum/config"]"#] == "noise.checksum")
        #expect(categories[#"metadata.labels["app.kubernetes.io/version"]"#] == "noise.version-label")
        #expect(categories["spec.template.spec.containers[name=app].image"] == "image")
        #expect(categories["spec.template.spec.containers[name=app].args[1]"] == "flag")
        #expect(categories["spec.replicas"] == "other")
    }

    @Test("Secret values and private keys appear in no format")
    func secretsNeverPrinted() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))
        let secrets = [
            "aHVudGVyMi1vbGQtdmFsdWU=", "aHVudGVyMi1uZXctdmFsdWU=", "hunter2", "shop-admin-before", "shop-admin-after",
            "OLDFIXTUREKEY", "KEYAFTERROTATION", "PRIVATE KEY-----",
        ]
        for renderer in Renderers.all {
            for showNoise in [false, true] {
                let text = try renderer.render(report, options: RenderOptions(showNoise: showNoise))
                for secret in secrets {
                    #expect(!text.contains(secret), "\(renderer.format) shows \(secret)")
                }
            }
        }
        let secret = try #require(report.resources.first { $0.kind == "Secret" })
        #expect(secret.changes.map(\.path).sorted() == ["data.password", "stringData.username"])
        #expect(secret.changes.allSatisfy { $0.from?.string?.hasPrefix("<redacted: sha256 ") == true })

        let shown = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"], showSecrets: true))
        let json = try JSONRenderer().render(shown, options: RenderOptions())
        #expect(json.contains("aHVudGVyMi1uZXctdmFsdWU="))
    }

    @Test("Bad input becomes findings with file, revision and line; the rest is compared")
    func badInput() throws {
        let repo = try Scenario.repository("bad-input")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))
        // values.yaml is a Helm values file: read as values (compared key by key), not skipped.
        #expect(report.resources.map(\.name) == ["app", "values.yaml"])
        // duplicate.yaml defines demo/app again; files apply in path order, the last wins.
        #expect(report.resources.first?.changes.first?.to == .string("red"))
        func finding(_ path: String) -> Finding? { report.findings.first { $0.path == path } }
        #expect(finding("broken.yaml")?.severity == .error)
        #expect((6...7).contains(finding("broken.yaml")?.line ?? 0))  // the unclosed list, or the end of the file
        #expect(finding("broken.yaml")?.revision == "after")
        #expect(finding("chart-template.yaml")?.message.contains("template") == true)
        #expect(finding("chart-template.yaml")?.line == 4)
        #expect(finding("values.yaml") == nil)
        #expect(finding("laughs.yaml")?.message.contains("expand") == true)
        #expect(finding("latin1.yaml")?.message.contains("UTF-8") == true)
        #expect(finding("image.yaml")?.message.contains("binary") == true)
        let duplicate = report.findings.first { $0.message.contains("defined twice") }
        #expect(duplicate != nil)
        // Each finding carries a code a program can act on.
        #expect(finding("broken.yaml")?.code == .yamlSyntax && finding("laughs.yaml")?.code == .aliasExpansion)
        #expect(finding("image.yaml")?.code == .binary && finding("latin1.yaml")?.code == .encoding)
        #expect(finding("chart-template.yaml")?.code == .template && duplicate?.code == .duplicateIdentity)
        #expect(duplicate?.message.contains("ConfigMap demo/app") == true)
    }

    @Test func sizeLimitIsAFinding() throws {
        let repo = try Scenario.repository("bad-input")
        var options = DiffOptions(repository: repo.path, revisions: ["before", "after"])
        options.limits.maxFileBytes = 100
        let report = try MeshDiff.diff(options)
        #expect(report.findings.contains { $0.path == "laughs.yaml" && $0.message.contains("100-byte limit") })
    }

    @Test("Files large enough to be parsed while the next is read: the size limit still holds, the rest compares")
    func sizeLimitWhileParsingMeanwhile() throws {
        let repo = try TempRepository()
        func config(_ name: String, _ value: String, notes: Int) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name), namespace: n}\ndata:\n  level: \(value)\n"
                + (0..<notes).map { "  note\($0): \(String(repeating: "x", count: 90))\n" }.joined()
        }
        try repo.write(["small.yaml": config("small", "info", notes: 800), "large.yaml": config("large", "info", notes: 1300)])
        try repo.commit("one", tag: "one")
        try repo.write(["small.yaml": config("small", "debug", notes: 800), "large.yaml": config("large", "debug", notes: 1300)])
        try repo.commit("two", tag: "two")
        var options = DiffOptions(repository: repo.path, revisions: ["one", "two"])
        options.limits.maxFileBytes = 100_000
        let report = try MeshDiff.diff(options)
        #expect(report.findings.contains { $0.path == "large.yaml" && $0.message.contains("100000-byte limit") })
        #expect(report.resources.map(\.name) == ["small"])
    }

    @Test("The same blob at two paths, read two ways while the next file is read: each path gets its own parse")
    func sameBlobTwoWaysWhileParsingMeanwhile() throws {
        let repo = try TempRepository()
        // Large enough to be parsed while the next file is read; kindless, so Helm values only
        // under a values file's path.
        let values = "replicas: 2\n" + (0..<800).map { "note\($0): \(String(repeating: "x", count: 90))\n" }.joined()
        let other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: n}\ndata: {level: info}\n"
        try repo.write(["other.yaml": other])
        try repo.commit("one", tag: "one")
        try repo.write([
            "a/app.yaml": values, "chart/values.yaml": values, "other.yaml": other.replacingOccurrences(of: "info", with: "debug"),
        ])
        try repo.commit("two", tag: "two")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["one", "two"]))
        let fresh = ManifestFile.parse(Array(values.utf8), path: "chart/values.yaml", revision: "two")
        #expect(fresh.resources.map(\.id.kind) == ["Values"])
        #expect(report.resources.filter { $0.kind == "Values" }.map(\.status) == [.added])
        #expect(report.resources.contains { $0.name == "other" && $0.status == .modified })
    }

    @Test("A value rewritten in another Unicode normal form is a change: Kubernetes compares bytes")
    func normalFormIsAChange() throws {
        let repo = try TempRepository()
        let map = { (value: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: n}\ndata: {a: \(value)}\n" }
        try repo.write(["a.yaml": map("caf\u{E9}")])
        try repo.commit("one", tag: "one")
        try repo.write(["a.yaml": map("cafe\u{301}")])
        try repo.commit("two", tag: "two")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["one", "two"]))
        #expect(report.resources.map(\.status) == [.modified])
        #expect(report.resources.first?.changes.map(\.path) == ["data.a"])
        #expect(report.resources.first?.changes.first?.note == "same characters, other bytes: another Unicode normal form")
        let text = try TextRenderer().render(report, options: RenderOptions(width: 100))
        #expect(text.contains("another Unicode normal form"))
        #expect(Value.string("caf\u{E9}") != Value.string("cafe\u{301}"))
        #expect(Value.string("caf\u{E9}") == Value.string("caf\u{E9}"))
    }

    @Test("A duplicate across a changed and an unchanged file: found, and the later definition compared")
    func duplicateInUnchangedFile() throws {
        let repo = try TempRepository()
        let object = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: n}\ndata: {k: v}\n"
        try repo.write(["a.yaml": object])
        try repo.commit("one", tag: "one")
        try repo.write(["b.yaml": object.replacingOccurrences(of: "k: v", with: "k: w")])
        try repo.commit("two", tag: "two")
        // a.yaml is unchanged but defines the same identity: b.yaml, later in path order, wins.
        for allFiles in [false, true] {
            var options = DiffOptions(repository: repo.path, revisions: ["one", "two"])
            options.allFiles = allFiles
            let report = try MeshDiff.diff(options)
            #expect(report.resources.map(\.status) == [.modified])
            #expect(report.resources.first?.changes.map(\.path) == ["data.k"])
            #expect(
                report.findings.contains { $0.path == "b.yaml" && $0.message.contains("defined twice") && $0.message.contains("a.yaml:1") })
        }
    }
}
