import Foundation
import Manifests
import Rendering
import Reports
import Testing
import _MeshDiffTestSupport

@testable import MeshDiffKit

/// Runs every fixture scenario that has an `expected.json` and checks its report against it:
/// facts through the model, and what must or must not be printed through every renderer.
@Suite struct ScenarioRunnerTests {
    @Test("Fixture scenario", arguments: Scenario.withExpectations)
    func scenario(_ name: String) throws {
        let expected = try ScenarioExpectation.load(name)
        let repo = try Scenario.repository(folder: Paths.fixtures + "/" + name, afterDate: expected.afterDate)
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: expected.revisions ?? ["before", "after"]))

        if let summary = expected.summary {
            let actual = [
                "added": report.summary.added, "removed": report.summary.removed, "modified": report.summary.modified,
                "moved": report.summary.moved, "noiseChanges": report.summary.noiseChanges, "renamed": report.summary.renamed,
            ]
            for (key, count) in summary { #expect(actual[key] == count, "\(name): summary.\(key)") }
        }
        if let resources = expected.resources {
            #expect(report.resources.map { "\($0.status.rawValue) \($0.id)" }.sorted() == resources.sorted(), "\(name): resources")
        }
        for change in expected.changes ?? [] {
            let candidates = report.resources.filter { $0.id.description == change.resource }.flatMap(\.changes)
            let match = candidates.first { field in
                (change.path.map { $0 == field.path } ?? true) && (change.pathContains.map { field.path.contains($0) } ?? true)
                    && (change.category.map { $0 == field.category.rawValue } ?? true)
                    && (change.op.map { $0 == field.op.rawValue } ?? true)
            }
            #expect(match != nil, "\(name): no change like \(change) among \(candidates.map { "\($0.path) [\($0.category.rawValue)]" })")
        }
        let settings = report.settings.map { "\($0.scope) \($0.setting): \($0.from ?? "—") → \($0.to ?? "—")" }
        for setting in expected.settings ?? [] { #expect(settings.contains(setting), "\(name): no setting \(setting) in \(settings)") }
        let kinds = Set(report.warnings.map(\.kind.rawValue))
        for kind in expected.warnings ?? [] { #expect(kinds.contains(kind), "\(name): no \(kind) warning in \(report.warnings)") }
        for kind in expected.noWarnings ?? [] { #expect(!kinds.contains(kind), "\(name): unexpected \(kind) warning") }
        for text in expected.warningMessages ?? [] {
            #expect(report.warnings.contains { $0.message.contains(text) }, "\(name): no warning says '\(text)'")
        }
        for text in expected.findings ?? [] {
            #expect(report.findings.contains { $0.message.contains(text) }, "\(name): no finding says '\(text)'")
        }
        if let ignored = expected.ignored {
            let actual = report.ignored.map { ["changes": $0.changes, "resources": $0.resources, "files": $0.files] } ?? [:]
            for (key, count) in ignored { #expect(actual[key] == count, "\(name): ignored.\(key) is \(actual[key] ?? 0)") }
        }
        let notes = report.resources.flatMap(\.changes).compactMap(\.note)
        for text in expected.notes ?? [] { #expect(notes.contains { $0.contains(text) }, "\(name): no note says '\(text)' in \(notes)") }
        let flags = Set(report.flags.map(\.flag))
        for flag in expected.flags ?? [] { #expect(flags.contains(flag), "\(name): no flag change \(flag) in \(flags.sorted())") }
        if let meshes = expected.meshes {
            let actual = report.meshes.map { "\($0.mesh) \($0.from ?? "-") → \($0.to ?? "-") \($0.direction.rawValue)" }
            #expect(actual == meshes, "\(name): meshes")
        }
        for renderer in Renderers.all {
            for showNoise in [false, true] {
                let text = try renderer.render(report, options: RenderOptions(showNoise: showNoise))
                for secret in expected.absent ?? [] {
                    #expect(!text.contains(secret), "\(name): \(renderer.format) (show noise: \(showNoise)) prints \(secret)")
                }
                let wanted = (expected.present ?? []) + (renderer.format == "json" ? [] : expected.presentInText ?? [])
                // What a reader of the page sees: HTML without its tags.
                let shown = renderer.format == "html" ? Self.visibleText(text) : text
                for needed in wanted {
                    #expect(shown.contains(needed), "\(name): \(renderer.format) does not print \(needed)")
                }
            }
        }
    }
    static func visibleText(_ html: String) -> String {
        html.replacing(/<[^>]*>/, with: "").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

@Suite struct RenderExportTests {
    @Test("The export writes only paths that stay inside its folder")
    func pathsStayInside() {
        for path in ["a.yaml", "overlays/prod/kustomization.yaml", ".meshdiff.yaml", "a..b/c.yaml"] {
            #expect(Rendering.staysInside(path), "\(path)")
        }
        for path in ["../x.yaml", "a/../../x.yaml", "/etc/passwd", "a//b.yaml", "./a.yaml", "a/./b.yaml", "a\0b"] {
            #expect(!Rendering.staysInside(path), "\(path)")
        }
    }
}

@Suite struct IgnoreRuleTests {
    @Test func globsAndPointers() {
        #expect(Glob.matches("generated/**", "generated/a/b.yaml"))
        #expect(Glob.matches("**/*.json", "a.json") && Glob.matches("**/*.json", "x/y/a.json"))
        #expect(!Glob.matches("apps/*.yaml", "apps/x/y.yaml"))
        #expect(Glob.matches("web-*", "web-7g2k9m8b5f"))
        let replicas = IgnoreRules.Rule(jsonPointers: ["/spec/replicas"])
        #expect(replicas.covers("spec.replicas"))
        #expect(!replicas.covers("spec.replicasExtra"))
        let image = IgnoreRules.Rule(jsonPointers: ["/spec/template/spec/containers/app/image"])
        #expect(image.covers("spec.template.spec.containers[name=app].image"))
        #expect(IgnoreRules.Rule(paths: ["metadata.annotations"]).covers(#"metadata.annotations["a/b"]"#))
    }

    @Test("A rules file with an unknown key is an error that names it")
    func unknownKeys() throws {
        let file = try TempRepository.makeTemporaryDirectory() + "/rules.yaml"
        try "ignore:\n  - kind: Deployment\n    jsonPointer: [\"/spec/replicas\"]\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(
            throws: IgnoreRulesError.invalid(
                file, "ignore[0]: unknown key 'jsonPointer' (known: group, kind, namespace, name, jsonPointers, paths)")
        ) {
            try IgnoreRules.load(file)
        }
    }
}
