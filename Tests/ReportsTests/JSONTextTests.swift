import Foundation
import Manifests
import MeshDiffKit
import Reports
import Testing
import _MeshDiffTestSupport

/// `JSONText` replaced Foundation's `JSONEncoder` for speed; the report's bytes must not change.
/// Each test writes the same value both ways and compares the bytes.
@Suite struct JSONTextTests {
    static func foundation<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + (pretty ? "\n" : "")
    }

    static func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (pretty, compact) = (try JSONText.pretty(value), try JSONText.compact(value))
        #expect(pretty == (try foundation(value, pretty: true)), sourceLocation: sourceLocation)
        #expect(compact == (try foundation(value, pretty: false)), "\(compact)", sourceLocation: sourceLocation)
    }

    @Test("Every scenario's report, as Foundation writes it")
    func scenarioReports() throws {
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: Paths.packageRoot + "/fixtures/scenarios").sorted()
        #expect(scenarios.count > 20)
        for name in scenarios {
            let repo = try Scenario.repository(name)
            let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"]))
            try Self.expectSameBytes(report)
        }
    }

    @Test("A real Linkerd upgrade's report, as Foundation writes it")
    func corpusReport() throws {
        guard Corpus.isAvailable else { return }
        let repo = try Corpus.repository(["--layout", "components"])
        try Self.expectSameBytes(try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.13.7", "stable-2.14.0"])))
    }

    @Test("Written piece by piece as it is made, a report is the same bytes, in pieces of 64 KiB or more")
    func writtenInPieces() throws {
        var reports: [Report] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.packageRoot + "/fixtures/scenarios").sorted() {
            let repo = try Scenario.repository(name)
            reports.append(try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["before", "after"])))
        }
        if Corpus.isAvailable {
            let repo = try Corpus.repository(["--layout", "components"])
            reports.append(try MeshDiff.diff(DiffOptions(repository: repo, revisions: ["stable-2.10.0", "edge-26.8.3"])))
        }
        var manyPieces = 0
        for report in reports {
            let pieces = try JSONPieces.of(report)
            #expect(pieces.joined().elementsEqual(try JSONText.pretty(report).utf8))
            // At least 64 KiB each, but where a large item comes whole after the text before it.
            for (piece, next) in zip(pieces, pieces.dropFirst()) { #expect(piece.count >= 1 << 16 || next.count >= 1 << 16) }
            #expect(!pieces.contains { $0.isEmpty })
            if pieces.count > 1 { manyPieces += 1 }
        }
        #expect(manyPieces == (Corpus.isAvailable ? 1 : 0))
    }

    @Test("Strings that need escaping, numbers, empty and nested containers, keys out of order")
    func edgeValues() throws {
        let strings = [
            "", "plain", "a/b", "quote \" and \\ backslash", "\u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}\u{1F}\u{7F}",
            "é 😀 \u{2028} \u{FEFF}", "e\u{301}", "tab\tend\n",
        ]
        let numbers: [Double] = [0, -0.0, 3, 0.5, 1e20, 1e-7, 123_456_789.123, 1e300, 2.5e-5, 100, 1e16, 1e17, 0.1, 1 / 3, -42.25]
        var entries: [(String, Value)] = []
        for (index, key) in ["b", "B", "a10", "a9", "_", "Z", "é", "e\u{301}", "f", "", "a b", "~"].enumerated() {
            entries.append((key, .int(index)))
        }
        let value = Value.map(
            Mapping(
                entries + [
                    ("strings", .list(strings.map(Value.string))),
                    ("numbers", .list(numbers.map(Value.float))),
                    // YAML's .nan and .inf, which a value says as strings.
                    ("non-finite", .list([.float(.nan), .float(.infinity), .float(-.infinity)])),
                    ("ints", .list([.int(0), .int(-1), .int(Int.max), .int(Int.min)])),
                    ("empty", .list([.list([]), .map(Mapping([])), .null, .bool(true), .bool(false)])),
                    ("nested", .map(Mapping([("z", .list([.map(Mapping([("y", .list([]))]))])), ("a", .map(Mapping([])))]))),
                ]))
        try Self.expectSameBytes(value)
        try Self.expectSameBytes(["k": Optional<Int>.none, "j": 1])
        try Self.expectSameBytes([[String]]())
        try Self.expectSameBytes(TwiceEncoded())
        try Self.expectSameBytes(NestedContainers())
        try Self.expectSameBytes([NestedContainers(), NestedContainers()])
        try Self.expectSameBytes(["one": NestedContainers()])
    }

    @Test("Random value trees")
    func randomValues() throws {
        var random = SplitMix(seed: 14)
        for _ in 0..<300 { try Self.expectSameBytes(random.value(depth: 4)) }
    }

    @Test("NaN and infinity are refused, as Foundation refuses them")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONText.compact([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONText.pretty(["x": Double.infinity]) }
    }
}

/// Keys encoded twice, and the same key in two Unicode normalizations.
private struct TwiceEncoded: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (index, key) in ["a", "b", "a", "e\u{301}", "f", "\u{E9}", "b"].enumerated() {
            try container.encode(index, forKey: Key(stringValue: key))
        }
    }
}

/// Nested containers and super encoders, filled while their parents' other members are.
private struct NestedContainers: Encodable {
    enum Key: String, CodingKey { case z, a, list, inner, parent, m }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        var inner = container.nestedContainer(keyedBy: Key.self, forKey: .inner)
        try container.encode("last key", forKey: .z)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try inner.encode(1, forKey: .m)
        try list.encode("first")
        var itemObject = list.nestedContainer(keyedBy: Key.self)
        try list.encode("third")
        try itemObject.encode(["x"], forKey: .z)
        try itemObject.encode(true, forKey: .a)
        var itemList = list.nestedUnkeyedContainer()
        try inner.encode("after", forKey: .a)
        try itemList.encode(2.5)
        try list.encode([String: Int]())
        let parent = container.superEncoder(forKey: .parent)
        var single = parent.singleValueContainer()
        try single.encode("from the super encoder")
        try container.encode(Optional<Int>.none, forKey: .a)
    }
}

/// Random report-like values, from a deterministic generator.
extension SplitMix {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func string() -> String {
        let alphabet: [Character] = ["a", "Z", "0", "/", "\"", "\\", "\n", "\t", "\u{1}", "é", "😀", " ", "-", "_", "\u{7F}"]
        return String((0..<below(6)).map { _ in alphabet[below(alphabet.count)] })
    }

    mutating func value(depth: Int) -> Value {
        switch below(depth > 0 ? 8 : 5) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .int(Int(truncatingIfNeeded: next()) >> below(64))
        case 3: return .float(Double(Int(truncatingIfNeeded: next()) >> 20) / Double(1 << below(40)))
        case 4: return .string(string())
        case 5, 6: return .list((0..<below(4)).map { _ in value(depth: depth - 1) })
        default:
            var seen = Set<String>()
            var entries: [(String, Value)] = []
            for _ in 0..<below(5) {
                let key = string()
                if seen.insert(key).inserted { entries.append((key, value(depth: depth - 1))) }
            }
            return .map(Mapping(entries))
        }
    }
}
