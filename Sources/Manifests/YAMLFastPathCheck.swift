/// The check that `BlockYAMLReader` reads what libyaml reads: where the fast path reads a
/// document at all, libyaml must read one document with the same value, byte for byte, and the
/// same root line. The tests run it on the corpus, the fuzzer on whatever it makes.
@_spi(Fuzzing) public enum YAMLFastPathCheck {
    /// The first document of `bytes` (split as files are) on which the two readers disagree.
    public static func disagreement(in bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for document in [text[...]] + YAMLDocument.split(text).map(\.text) where !agree(String(document)) {
            return String(document)
        }
        return nil
    }

    /// Whether the readers agree on `text`; true when the fast path does not read it.
    static func agree(_ text: String) -> Bool {
        let limit = ManifestLimits.standard.maxAliasExpansion
        guard let fast = BlockYAMLReader.document(text[...], aliasLimit: limit) else { return true }
        guard let slow = try? YAMLReader.libyamlDocuments(text, aliasLimit: limit),
            slow.count == 1
        else { return false }
        return identical(fast.value, slow[0].value) && fast.line == slow[0].line
    }

    /// Equal byte for byte: `String ==` calls canonically equivalent texts equal.
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count
                && zip(x.entries, y.entries).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
        default: return a == b
        }
    }
}
