import Diffing
import Manifests
import Testing

@Suite struct StructuralDiffTests {
    func value(_ yaml: String) -> Value {
        ManifestFile.parse(Array(("apiVersion: v1\nkind: X\nmetadata: {name: x}\n" + yaml).utf8), path: "x.yaml", revision: "r")
            .resources[0].object
    }

    func changes(_ a: String, _ b: String) -> [String] {
        StructuralDiff().changes(from: value(a), to: value(b)).map { "\($0.path) \($0.op.rawValue)" }
    }

    @Test func mapsCompareByKeyIgnoringOrder() {
        #expect(changes("spec: {a: 1, b: 2}", "spec: {b: 2, a: 1}") == [])
        #expect(changes("spec: {a: 1, b: 2}", "spec: {a: 1, c: 3}") == ["spec.b remove", "spec.c add"])
    }

    @Test func namedListsCompareByName() {
        let before = "spec: {containers: [{name: a, image: x:1}, {name: b, image: y:1}]}"
        let after = "spec: {containers: [{name: c, image: z:1}, {name: a, image: x:2}]}"
        #expect(
            changes(before, after) == [
                "spec.containers[name=a].image replace", "spec.containers[name=b] remove", "spec.containers[name=c] add",
            ])
        #expect(changes(before, "spec: {containers: [{name: b, image: y:1}, {name: a, image: x:1}]}") == ["spec.containers reorder"])
    }

    @Test func otherListsAlignAndReportOrderOnlyChanges() {
        #expect(changes("args: [a, b, c]", "args: [a, x, b, c]") == ["args[1] add"])
        #expect(changes("args: [a, b, c]", "args: [c, a, b]") == ["args reorder"])
        #expect(changes("rules: [{v: 1}, {v: 2}]", "rules: [{v: 1}, {v: 3}]") == ["rules[1].v replace"])
    }

    @Test func embeddedDocumentsCompareAsTrees() {
        let a = "data: {values: \"proxy:\\n  image: a\\n  log: info\\n\", mesh: '{\"x\": 1, \"y\": [1]}'}"
        let b = "data: {values: \"proxy:\\n  image: b\\n  log: info\\n\", mesh: '{\"x\": 2, \"y\": [1]}'}"
        #expect(changes(a, b) == ["data.mesh{json}.x replace", "data.values{yaml}.proxy.image replace"])
    }

    @Test func multiLineStringsCompareAsLines() {
        let a = value("data: {script: \"one\\ntwo\\nthree\\n\"}")
        let b = value("data: {script: \"one\\n2\\nthree\\n\"}")
        let found = StructuralDiff().changes(from: a, to: b)
        #expect(found.count == 1)
        #expect(found[0].lines?.filter { $0.kind != .kept }.map { "\($0.kind.rawValue) \($0.text)" } == ["removed two", "added 2"])
    }

    @Test func pathsAreReadable() {
        let found = StructuralDiff().changes(
            from: value("spec: {template: {metadata: {annotations: {\"linkerd.io/inject\": enabled}}}}"),
            to: value("spec: {template: {metadata: {annotations: {\"linkerd.io/inject\": disabled}}}}"))
        #expect(found.map(\.path.description) == [#"spec.template.metadata.annotations["linkerd.io/inject"]"#])
    }
}

@Suite struct DiffLimitTests {
    @Test("A text too large to align is one change with its line counts, not a line diff of everything")
    func largeTextFallsBackToANote() {
        let old = (0..<3_000).map { "line \($0)" + ($0 % 2 == 0 ? " old" : "") }.joined(separator: "\n")
        let new = (0..<3_000).map { "line \($0)" + ($0 % 2 == 0 ? " new" : "") }.joined(separator: "\n")
        let changes = StructuralDiff().changes(from: .string(old), to: .string(new))
        #expect(changes.count == 1)
        #expect(changes[0].lines == nil)
        #expect(changes[0].note == "value changed, 3,000 → 3,000 lines, too large to diff line by line")
    }

    @Test("A list too large to align is compared position by position, every difference kept")
    func largeListFallsBackToPositions() {
        let old = Value.list((0..<2_500).map { .int($0) })
        let new = Value.list((0..<2_500).map { .int($0 % 3 == 0 ? -$0 - 1 : $0) })
        let changes = StructuralDiff().changes(from: old, to: new)
        #expect(changes.count == 834)
        #expect(changes.allSatisfy { $0.op == .replace })
        #expect(changes.first?.path.description == "[0]")
    }
}
