/// What a reader's screen would act on instead of showing, written as visible escapes
/// (`\u{1B}`): C0 and C1 controls but line feed and tab, DEL, and the bidirectional marks and
/// overrides that reorder text. A value from a manifest must not recolour, overwrite, hide or
/// reorder the report around it: in a terminal `\r` returns to the line's start and
/// `\u{1B}[8m` hides what follows; in a merge-request comment or a page U+202E reverses it.
/// The text, Markdown and HTML reports and release notes show everything they take from
/// manifests and commits through here (JSON escapes controls itself; its readers are programs).
enum ControlCharacters {
    static func shown(_ string: String) -> String {
        guard mayAct(string), string.unicodeScalars.contains(where: acts) else { return string }
        var out = ""
        for scalar in string.unicodeScalars {
            if acts(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `string` has a byte of what `shown` escapes: a control other than line feed and
    /// tab, DEL, or any non-ASCII byte (a scalar then says). Most report lines have none.
    static func mayAct(_ string: String) -> Bool {
        string.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) || $0 >= 0x7F }
        } ?? true
    }

    private static func acts(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
