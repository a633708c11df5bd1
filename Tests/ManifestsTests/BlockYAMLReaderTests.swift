import Foundation
import Testing
import _MeshDiffTestSupport

@_spi(Fuzzing) @testable import Manifests

/// The bytes-only reader is libyaml's fast path: wherever it reads a document, it must read
/// exactly what libyaml reads (same values byte for byte, same root line), and it must give up
/// on everything outside its subset.
@Suite struct BlockYAMLReaderTests {
    /// The fast path's reading of `text`, checked against libyaml's; `nil` when it gave up.
    @discardableResult
    static func agree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Value? {
        guard let fast = BlockYAMLReader.document(text[...], aliasLimit: ManifestLimits.standard.maxAliasExpansion) else { return nil }
        let slow = try? YAMLReader.libyamlDocuments(text, aliasLimit: ManifestLimits.standard.maxAliasExpansion)
        #expect(slow?.count == 1, "libyaml reads \(slow?.count ?? -1) documents in:\n\(text)", sourceLocation: sourceLocation)
        if let slow, slow.count == 1 {
            #expect(
                YAMLFastPathCheck.identical(fast.value, slow[0].value),
                "values differ for:\n\(text)\nfast: \(fast.value)\nlibyaml: \(slow[0].value)", sourceLocation: sourceLocation)
            #expect(fast.line == slow[0].line, "root lines differ for:\n\(text)", sourceLocation: sourceLocation)
        }
        return fast.value
    }

    @Test(.enabled(if: Corpus.isAvailable, "../shared/corpus is absent"))
    func everyCorpusDocumentReadsAsLibyamlReadsIt() throws {
        let corpus = Paths.corpus!
        let files = FileManager.default.enumerator(atPath: corpus)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count > 20)
        var fastBytes = 0
        var allBytes = 0
        for file in files {
            let text = try String(contentsOfFile: corpus + "/" + file, encoding: .utf8)
            for document in YAMLDocument.split(text) {
                let text = String(document.text)
                allBytes += text.utf8.count
                if Self.agree(text) != nil { fastBytes += text.utf8.count }
            }
        }
        // The subset is chosen to cover what real manifests hold; most of it must take the fast path.
        #expect(Double(fastBytes) / Double(allBytes) > 0.99, "fast path read \(fastBytes) of \(allBytes) bytes")
    }

    @Test func blockCollectionsAndPlainScalars() {
        let accepted = [
            "a: 1\nb: two\nc:\n  d: true\n  e: [x, \"y\", 'z']\n",
            "--- # a comment\n# another\nkind: A\nlist:\n- a\n- b: 1\n  c: 2\n-\n  d: 3\n-\nnext: ~\n",
            "items:\n  - name: x\n    args:\n      - --flag=1\n      - -v\n  - name: y\n",
            "a: plain text\n  goes on\n\n  with a blank line   \n  # comment ends it\nb: 0x1F\n0644: yes\nnull: off\n",
            "a:\n  value on its own line\nb: {}\nc: []\nd: [ ]\ne: { }\nf: -1.5e3\ng: .inf\nh: 1_000\n",
            "  indented: root\n  second: 2\n",
            "--- \n# c\na: 1\n---- not a marker: 2\n",
            "- 1\n- two words\n- x: 1\n",
            "labels: {app: x, app.kubernetes.io/version: \"1.2\", 'q': 'it''s', n: 0o17}\nnest: [{a: [1, {b: c}]}, [], {}]\n",
            "key with spaces  : v\nurl: http://x:80/y#frag\nk#not-comment: v#also\n",
            "\"quoted key\": 1\n'single': 2\n",
            "a: 'it''s'\nb: \"tab\\there \\u00e9 \\x41 \\\\ \\\" \\/ \\0\"\nc: \"é ✓ 𝄞\"\n",
            "a: 'folded\n  over\n\n  lines  '\nb: \"escaped \\\n   break\"\nc: \"spaces   \n   kept?\"\n",
            "a: \"\n  leading break\"\n",
            "lit: |\n  one\n   two\n\n  three\nnext: 1\n",
            "lit: |-\n  one\n  two\n\n\nclip: |\n  x\n\n\nkeep: |+\n  y\n\n\nend: 1\n",
            "fold: >\n  one\n  two\n\n  three\n    indented\n  four\n\nfold2: >-\n  a\n  b\n",
            "ind: |2-\n    two extra\n   one extra\nx: 1\n",
            "list:\n- |\n  in a list\n- >\n  folded\n  list\n",
            "empty: |\nnext: 1\n",
            "empty2: |\n\n\nnext: 1\n",
            "lead: |\n\n  after blank\n",
            "deep: |\n  a\n      \n  b\n",
            "eof: |\n  no newline at the end",
            "eof: plain at the end",
            "a: &x 1\nb: *x\nc:\n- &name-2_b 'q'\n- *name-2_b # c\nd: &x two\n  words\ne: *x\n",
            "a: 1 # comment\nb: 'q' # c\nc: [a] # c\nd: | # c\n  x\n",
            "- a: 1\n  b:\n  - x\n  c: 2\n- d\n",
        ]
        for text in accepted {
            #expect(Self.agree(text) != nil, "the fast path gave up on:\n\(text)")
        }
    }

    @Test func givesUpOutsideItsSubset() {
        let refused = [
            "a: &x\n  b: 1\nc: *x\n",  // anchored collections
            "a: &x [1]\nb: *x\n",
            "a: *nowhere\n",  // an alias to no anchor
            "*x: 1\n",  // aliases as keys
            "a: [&x 1, *x]\n",  // and in flow collections
            "a: !!str 1\n",  // tags
            "base: &b {x: 1}\nc:\n  <<: *b\n",  // merge keys
            "? complex\n: key\n",  // complex keys
            "a: {x: 1,\n  y: 2}\n",  // flow maps over lines
            "a: {x: 1, x: 2}\n",  // duplicate keys in a flow map
            "a: [x:y]\n",  // what libyaml versions read differently
            "a: [1,\n  2]\n",  // flow lists over lines
            "a:\tb\n",  // tabs
            "long: abcdefghijklmnopq\trstuvwxyz\n",  // and in the middle of a word's eight bytes
            "long: abcdefghijklmnopqrstuvwx\u{7F}yz\n",  // DEL
            "long: abcdefghijklmnopqrstu\u{01}vwxyz\n",  // control characters
            "long: abcdefghijklmnopqrstuvwxy\u{0085}z\n",
            "a: b\r\n",  // carriage returns
            "\u{FEFF}a: b\n",  // a BOM
            "a: b\u{0085}c\n",  // NEL
            "%YAML 1.1\n---\na: b\n",  // directives
            "a: 1\n---\nb: 2\n",  // two documents
            "a: 1\n--- b: 2\n",  // a marker with content
            "a: 1\n...\n",  // a document end
            "--- a: 1\n",  // content on the marker's line
            "a: 1\na: 2\n",  // duplicate keys: libyaml's reader names them
            "just a scalar\n",  // a scalar root
            "a: b: c\n",  // an error
            "a: 1\n  b: 2\n",  // an error
            "a: 'never closed\n",  // an error
            "a: \"\\q\"\n",  // an unknown escape
            "a: |0\n  x\n",  // a bad indentation indicator
            "a: -\n",  // an error
            "- - nested\n",  // lists in lists on one line
        ]
        for text in refused {
            #expect(
                BlockYAMLReader.document(text[...], aliasLimit: ManifestLimits.standard.maxAliasExpansion) == nil,
                "the fast path read:\n\(text)"
            )
        }
    }

    /// Aliases count against the document's limit as libyaml's reader counts them: past it,
    /// libyaml reads the document and reports the expansion.
    @Test func aliasesCountAgainstTheLimit() {
        let text = "a: &x 1\nb: *x\nc: *x\n"
        #expect(BlockYAMLReader.document(text[...], aliasLimit: 2) != nil)
        #expect(BlockYAMLReader.document(text[...], aliasLimit: 1) == nil)
        #expect(throws: (any Error).self) { try YAMLReader.libyamlDocuments(text, aliasLimit: 1) }
        #expect((try? YAMLReader.documents(text[...], aliasLimit: 1)) == nil)
    }

    /// Documents cut at every line and every byte of a varied sample: wherever the fast path
    /// still reads the piece, libyaml must read it the same.
    @Test func truncatedDocumentsAgree() {
        let sample = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: x # c
              labels: {a: b, "c": [d, {e: 1}]}
            data:
              a: 'multi
                line'
              b: "esc\\u00e9 \\
                joined"
              c: |
                lit
                  more

              d: >-
                fold
                this
              e:
              - [a, "b"]
              - k: v
                k2: plain
                  continued
            """
        let bytes = Array(sample.utf8)
        for cut in 1...bytes.count {
            let text = String(decoding: bytes[..<cut], as: UTF8.self)
            Self.agree(text)
            // With spaces removed at a position too: indentation errors.
            if cut < bytes.count, bytes[cut] == UInt8(ascii: " ") {
                Self.agree(String(decoding: bytes[..<cut] + bytes[(cut + 1)...], as: UTF8.self))
            }
        }
    }
}
