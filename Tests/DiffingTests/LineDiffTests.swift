import Diffing
import Testing
import _MeshDiffTestSupport

/// A line diff is an edit script of the two texts with as many kept lines as they have in
/// common, lines compared byte for byte.
@Suite struct LineDiffTests {
    /// The length of the longest common subsequence of two lists of lines, by the textbook table.
    static func commonLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices.reversed() {
            for j in b.indices.reversed() {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test("Random texts: the edits give back both texts and keep as many lines as they share")
    func editScripts() throws {
        var random = SplitMix(seed: 14)
        let pool = ["a", "b", "c", "  image: x", "  image: y", "", "- --log-level=info", "- --log-level=debug"]
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...12, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let b = (0..<Int.random(in: 0...12, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let edits = try #require(LineDiff.edits(from: a.joined(separator: "\n"), to: b.joined(separator: "\n")))
            // An empty text is one empty line, as splitting it gives.
            #expect(edits.filter { $0.kind != .added }.map(\.text) == (a.isEmpty ? [""] : a))
            #expect(edits.filter { $0.kind != .removed }.map(\.text) == (b.isEmpty ? [""] : b))
            #expect(edits.filter { $0.kind == .kept }.count == Self.commonLength(a.isEmpty ? [""] : a, b.isEmpty ? [""] : b))
        }
    }

    @Test("A line rewritten in another Unicode normal form is a change, shown as one")
    func normalFormsDiffer() {
        let edits = LineDiff.edits(from: "name: caf\u{E9}\nport: 80", to: "name: cafe\u{301}\nport: 80")
        #expect(edits?.map(\.kind) == [.removed, .added, .kept])
        #expect(edits?.first?.text.utf8.count == 11)
        #expect(edits?.dropFirst().first?.text.utf8.count == 12)
    }

    @Test("Lines are cut at line feeds: a CRLF text is lines, each keeping its carriage return")
    func carriageReturnLineFeed() {
        let edits = LineDiff.edits(from: "a\r\nb\r\n", to: "a\r\nc\r\n")
        #expect(edits?.map(\.kind) == [.kept, .removed, .added, .kept])
        #expect(edits?.map(\.text) == ["a\r", "b\r", "c\r", ""])
        #expect(LineDiff.edits(from: "", to: "x\n")?.map(\.text) == ["x", ""])
    }
}
