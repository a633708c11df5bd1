import Manifests
import Testing
import _MeshDiffTestSupport

@Suite struct ManifestFileTests {
    func parse(_ text: String, path: String = "m.yaml", limits: ManifestLimits = .standard) -> ManifestFile {
        ManifestFile.parse(Array(text.utf8), path: path, revision: "r1", limits: limits)
    }

    /// Map keys are equal when their bytes are, as Kubernetes compares them: two spellings of
    /// `é` are two keys, in whichever order they come, while a key written twice is one.
    @Test func mapKeysCompareByBytes() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(Mapping([(decomposed, .int(1)), (composed, .int(2))]).count == 2)
        #expect(Mapping([(composed, .int(2)), (decomposed, .int(1))]).count == 2)
        #expect(
            Mapping([("b", .int(1)), ("a", .int(2)), ("b", .int(3))]).entries == [
                Mapping.Entry(key: "a", value: .int(2)), Mapping.Entry(key: "b", value: .int(3)),
            ])
    }

    @Test func multiDocumentStreamWithLines() {
        let file = parse(
            """
            # leading comment
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, namespace: ns}
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: b
            """)
        #expect(file.findings.isEmpty)
        #expect(file.resources.map(\.id.description) == ["ConfigMap ns/a", "Deployment.apps b"])
        #expect(file.resources.map(\.line) == [3, 8])  // the first line of each object
        #expect(file.resources[1].id.namespace == nil)
    }

    @Test func listKindsExpandToTheirItems() {
        let file = parse(
            """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Service, metadata: {name: s1}}
            - {apiVersion: v1, kind: Service, metadata: {name: s2}}
            """)
        #expect(file.resources.map(\.id.name) == ["s1", "s2"])
    }

    @Test func malformedYAMLIsAFindingWithItsLineAndOtherDocumentsSurvive() {
        let file = parse(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: good}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: bad
            data: [unclosed
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: after}
            """)
        #expect(file.resources.map(\.id.name) == ["good", "after"])
        #expect(file.findings.count == 1)
        #expect(file.findings[0].severity == .error)
        #expect(file.findings[0].path == "m.yaml" && file.findings[0].revision == "r1")
        #expect((5...9).contains(file.findings[0].line ?? 0))
        #expect(file.findings[0].message.contains("does not parse"))
    }

    @Test func helmTemplatesAreFindings() {
        let file = parse(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Values.name }}
            {{- if .Values.extra }}
            data: {}
            {{- end }}
            """)
        #expect(file.resources.isEmpty)
        #expect(file.findings.count == 1)
        #expect(file.findings[0].message.contains("template"))
        #expect(file.findings[0].line == 4)
    }

    @Test func templatesInsideBlockScalarsAreContent() {
        let file = parse(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: alerts}
            data:
              rules: |
                {{ $labels.instance }} is down
                - {{ .Release.Namespace }}
            """)
        #expect(file.findings.isEmpty)
        #expect(file.resources.count == 1)
    }

    @Test func nonKubernetesYAMLIsAnInfoFinding() {
        let file = parse("replicaCount: 3\nimage: nginx\n")
        #expect(file.resources.isEmpty)
        #expect(file.findings.map(\.severity) == [.info])
        #expect(file.findings[0].message.contains("no kind"))
    }

    @Test func binaryNonUTF8AndOversizedFilesAreFindings() {
        let binary = ManifestFile.parse([0x61, 0x0A, 0x00, 0x01], path: "b.yaml", revision: "r")
        #expect(binary.findings.first?.message.contains("binary") == true)
        let latin1 = ManifestFile.parse(Array("kind: x\nname: caf".utf8) + [0xE9, 0x0A], path: "l.yaml", revision: "r")
        #expect(latin1.findings.first?.message.contains("not UTF-8") == true)
        #expect(latin1.findings.first?.line == 2)
        let big = parse(String(repeating: "# padding\n", count: 100), limits: ManifestLimits(maxFileBytes: 50))
        #expect(big.findings.first?.message.contains("limit") == true)
    }

    @Test func aliasBombsAreBoundedByANamedLimit() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n"
            + text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        let file = parse(text)
        #expect(file.resources.isEmpty)
        #expect(file.findings.count == 1)
        #expect(file.findings[0].message.contains("\(ManifestLimits.standard.maxAliasExpansion)"))
    }

    @Test func anchorsAndMergeKeysResolve() {
        let file = parse(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: m}
            base: &base {a: 1, b: 2}
            data:
              <<: *base
              b: 3
            again: *base
            """)
        let object = file.resources[0].object
        #expect(object[path: "data", "a"] == .int(1))
        #expect(object[path: "data", "b"] == .int(3))
        #expect(object[path: "again", "b"] == .int(2))
    }

    @Test("Plain scalars resolve as Kubernetes' go-yaml v2 (YAML 1.1) does")
    func yaml11Decisions() {
        let file = parse(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: m}
            x:
              yes: on
              flag: off
              mode: 0644
              hex: 0x1F
              plain: 1.10
              version: 1.2.3
              quoted: "yes"
              empty:
              tilde: ~
              float: 1.5
              whole: 2.0
            """)
        let x = file.resources[0].object["x"]!
        #expect(x["true"] == .bool(true))  // the key `yes` is the boolean true, as text
        #expect(x["yes"] == nil && x["flag"] == .bool(false))
        #expect(x["mode"] == .int(420))
        #expect(x["hex"] == .int(31))
        #expect(x["plain"] == .float(1.1))
        #expect(x["version"] == .string("1.2.3"))
        #expect(x["quoted"] == .string("yes"))
        #expect(x["empty"] == .null)
        #expect(x["tilde"] == .null)
        #expect(x["float"] == .float(1.5))
        #expect(x["whole"] == .int(2))
    }

    @Test func duplicateKeysAreAFinding() {
        let file = parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\ndata: {a: 1, a: 2}\n")
        #expect(file.resources.isEmpty)
        #expect(file.findings.first?.message.contains("duplicate key") == true)
    }

    @Test func jsonFilesHoldObjects() {
        let file = parse(
            #"{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "n"}, "spec": {"ports": [{"port": 80}], "x": true}}"#,
            path: "s.json")
        #expect(file.resources.map(\.id.description) == ["Service n/s"])
        #expect(file.resources[0].object[path: "spec", "x"] == .bool(true))
        let broken = parse("{\"kind\": ", path: "b.json")
        #expect(broken.findings.first?.message.contains("JSON does not parse") == true)
    }

    @Test func identityUsesTheGroupNotTheVersion() {
        let a = parse("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\n").resources[0]
        let b = parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n").resources[0]
        #expect(a.id == b.id)
        #expect(a.id.group == "apps")
    }
}

/// A text kept past its parse only to merge its parts carries no documents, and merges the same.
@Suite struct ManifestTextTests {
    @Test("Without its bytes, a text has the same units and findings, no document, and merges the same parts alike")
    func withoutBytes() {
        let map = { (name: String) in "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name)}\n" }
        let yaml = map("a") + "---\n" + map("b") + "---\n: broken: [\n"
        let json = #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}"#
        let bom = [UInt8]([0xFF, 0xFE]) + Array(map("d").utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        for (bytes, path) in [(Array(yaml.utf8), "a.yaml"), (Array(json.utf8), "c.json"), (bom, "d.yaml")] {
            let text = ManifestText(bytes, path: path, revision: "r")
            let shell = text.withoutBytes
            #expect(shell.units == text.units)
            let parts = (0..<text.units).map { text.parse(unit: $0, limits: .standard) }
            let (merged, expected) = (shell.merge(parts), text.merge(parts))
            #expect(merged.resources == expected.resources && merged.findings == expected.findings, "\(path)")
            #expect(!expected.resources.isEmpty)
            for unit in 0..<text.units {
                #expect(shell.document(unit) == nil)
                #expect(shell.size(of: unit) == 0)
            }
        }
    }
}

@Suite struct ManifestScanTests {
    /// The one-pass marker search finds exactly what a plain search finds: markers at the
    /// start, the end and the middle, markers sharing their first bytes, short markers.
    @Test func markersFoundAsAPlainSearchFindsThem() {
        let markers = ["linkerd-config", "linkerd-identity-issuer", "istio/", "istio-ca-root-cert", "chart:", "ab"].map { Array($0.utf8) }
        let pieces = [
            "linkerd-", "config", "identity-", "issuer", "istio", "/", "-ca-root-cert", "chart", ":", "a", "b", " ", "\n", "lin", "is",
        ]
        // Prepared once, as meshdiff prepares its own; without the two-byte marker, four-byte
        // windows are tested sixteen positions at a time.
        let long = Array(markers.dropLast())
        let (prepared, preparedLong) = (ManifestScan.Markers(markers), ManifestScan.Markers(long))
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2000 {
            // Long texts too: sixteen positions are tested at a time, and the rest one by one.
            let length = round % 4 == 0 ? Int.random(in: 9...80, using: &generator) : Int.random(in: 0...8, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            func plain(_ markers: [[UInt8]]) -> Bool {
                markers.contains { marker in
                    bytes.count >= marker.count
                        && (0...(bytes.count - marker.count)).contains { bytes[$0..<$0 + marker.count].elementsEqual(marker) }
                }
            }
            #expect(ManifestScan(bytes, markers: prepared).mentionsMarker == plain(markers), "\(text)")
            #expect(ManifestScan(bytes, markers: preparedLong).mentionsMarker == plain(long), "\(text)")
        }
    }

    /// The byte scan finds the identities a plain reading of its rules finds, line by line: a
    /// document's top-level `kind:` with every `name:` key of it that starts its line, follows
    /// blanks or a `- `, or a `{` or `,`; `*` for a document without a kind.
    @Test func scanFindsWhatItsRulesSay() {
        func reference(_ text: String) -> (identities: Set<UInt64>, list: Bool) {
            var identities = Set<UInt64>()
            var list = false
            var kind: [UInt8]?
            var names: [[UInt8]] = []
            func value(_ rest: ArraySlice<UInt8>) -> [UInt8] {
                let cut = rest.prefix { !"#,}".utf8.contains($0) }
                let blank = Array(" \"'\r\t".utf8)
                return Array(cut.drop { blank.contains($0) }.reversed().drop { blank.contains($0) }.reversed())
            }
            func flush() {
                if let kind, kind.count >= 4, kind.suffix(4).elementsEqual("List".utf8) { list = true }
                for name in names where !name.isEmpty {
                    let keys = ManifestScan.keys(
                        kind: String(decoding: kind ?? [], as: UTF8.self), name: String(decoding: name, as: UTF8.self))
                    identities.insert(kind == nil ? keys[1] : keys[0])
                }
                kind = nil
                names = []
            }
            for line in Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                if line.starts(with: "---".utf8) {
                    flush()
                } else if line.starts(with: "kind:".utf8) {
                    kind = value(line.dropFirst(5))
                } else {
                    let key = Array("name:".utf8)
                    for index in line.indices where line[index...].starts(with: key) {
                        let before = index == line.startIndex ? UInt8(ascii: " ") : line[index - 1]
                        if " {,-\t".utf8.contains(before) {
                            names.append(value(line[(index + key.count)...]))
                            break
                        }
                    }
                }
            }
            flush()
            return (identities, list)
        }
        let pieces = [
            "kind:", " ", "ConfigMap", "List", "name:", "username:", "  name: ", "- name: ", "{name: a, ", ",name:", "}", "#", "\"",
            "'", "\r", "\t", "---", "\n", "\n", "\n", "x", "y", "metadata:\n", "kind: Secret\n", "\u{00E9}",
        ]
        var generator = SplitMix(seed: 14)
        for round in 0..<3000 {
            let length = round % 3 == 0 ? Int(generator.next() % 200) : Int(generator.next() % 20)
            let text = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let scan = ManifestScan(Array(text.utf8), markers: [Array("never-there".utf8)])
            let expected = reference(text)
            #expect(scan.identities == expected.identities.sorted(), "\(text.debugDescription)")
            #expect(scan.mentionsMarker == expected.list, "\(text.debugDescription)")
        }
    }
}
