import Manifests
import Testing

@Suite struct StringTextTests {
    @Test("HTML escaping goes scalar by scalar: a combining mark does not hide a quote or a bracket")
    func htmlEscaped() {
        #expect("a<b>&\"c\"'d'".htmlEscaped == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        #expect("x\"\u{301} onmouseover=1 <\u{338}script>".htmlEscaped == "x&quot;\u{301} onmouseover=1 &lt;\u{338}script&gt;")
    }

    @Test("Replacing matches bytes, not characters")
    func replacingBytes() {
        #expect("a|\u{301}b|c".replacingBytes("|", with: "\\|") == "a\\|\u{301}b\\|c")
        #expect("line\r\nnext\n".replacingBytes("\n", with: " ") == "line\r next ")
        #expect("~01~1".replacingBytes("~1", with: "/").replacingBytes("~0", with: "~") == "~1/")
        #expect("abc".replacingBytes("", with: "x") == "abc")
    }

    @Test("Trimming takes Unicode white space from both ends; without newlines it keeps line breaks")
    func trimming() {
        #expect(" \t\u{A0}a b\u{3000}\n ".trimmingWhitespace() == "a b")
        #expect("\n a \n".trimmingWhitespace(newlines: false) == "\n a \n")
        #expect("  a\t".trimmingWhitespace(newlines: false) == "a")
        #expect(" \n\t ".trimmingWhitespace() == "")
    }

    @Test("The lines holding a word are the lines a split at line breaks gives that hold it")
    func linesHoldingBytes() {
        // Every line break Swift's characters know (CR LF being one), combining marks next to
        // them and to the word, and the word cut in two.
        let pieces = [
            "Secret", "Sec", "ret", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{301}", "kind: ", "é", " ",
        ]
        var checked = 0
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in ["", "Secret", "\n"] {
                        let text = a + b + c + d
                        let expected = text.split(whereSeparator: \.isNewline).filter { $0.utf8.firstRange(of: "Secret".utf8) != nil }
                        #expect(
                            text.lines(holdingBytes: "Secret").map { Array($0.utf8) } == expected.map { Array($0.utf8) },
                            "\(Array(text.unicodeScalars))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 15 * 15 * 15 * 3)
        #expect("a\nkind: Secret\nb: Secret, c\n".lines(holdingBytes: "Secret") == ["kind: Secret", "b: Secret, c"])
    }

    @Test("A long document in a string is remembered by its bytes: the same text in another normal form is its own")
    func embeddedDocumentsByBytes() throws {
        let filler = (0..<40).map { "key\($0): \(String(repeating: "v", count: 30))\n" }.joined()
        let composed = "name: caf\u{E9}\n" + filler
        let decomposed = "name: cafe\u{301}\n" + filler
        #expect(composed == decomposed)
        #expect(composed.utf8.count >= 1024)
        let first = try #require(EmbeddedDocument.parse(composed))
        let second = try #require(EmbeddedDocument.parse(decomposed))
        #expect(first.value["name"]?.string.map { Array($0.utf8) } == Array("caf\u{E9}".utf8))
        #expect(second.value["name"]?.string.map { Array($0.utf8) } == Array("cafe\u{301}".utf8))
        #expect(ByteKey(composed) != ByteKey(decomposed))
        #expect(ByteKey("a\nb") == ByteKey("xa\nb".dropFirst()))
    }
}
