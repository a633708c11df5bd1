extension StringProtocol {
    /// Without leading and trailing white space (Unicode's `White_Space`), as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`; with `newlines: false`, line breaks
    /// are kept, as with `.whitespaces`. Foundation's character sets live in the part of it
    /// meshdiff leaves out of the binary (README, Performance).
    public func trimmingWhitespace(newlines: Bool = true) -> String {
        func trimmed(_ scalar: Unicode.Scalar) -> Bool {
            // LF, VT, FF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
            let lineBreak = (0x0A...0x0D).contains(scalar.value) || [0x85, 0x2028, 0x2029].contains(scalar.value)
            return scalar.properties.isWhitespace && (newlines || !lineBreak)
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !trimmed($0) }) else { return "" }
        let end = scalars.lastIndex { !trimmed($0) }!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}

extension String {
    /// `bytes` as lowercase hex digits, two per byte: digests and object ids.
    public init(hexOf bytes: UnsafeRawBufferPointer) {
        self.init(unsafeUninitializedCapacity: bytes.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digits.utf8Start[Int(byte >> 4)]
                out[2 * index + 1] = digits.utf8Start[Int(byte & 0xF)]
            }
            return bytes.count * 2
        }
    }

    /// Safe as HTML text and inside a quoted attribute: `& < > " '` as entities. Scalar by
    /// scalar: a combining mark after a quote makes one character of the two, which a
    /// character-wise escape would let through.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
