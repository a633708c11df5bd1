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
}
