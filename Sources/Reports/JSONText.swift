/// The one way meshdiff writes JSON: key-sorted, slashes unescaped, so that the same facts give
/// the same bytes (`JSONTextEncoder`: Foundation's `JSONEncoder` output without its cost).
/// Pretty for documents (the JSON report, the changelog, a template's model), compact for
/// values shown inline.
public enum JSONText {
    /// Pretty, key-sorted JSON with a final newline.
    public static func pretty<T: Encodable>(_ value: T) throws -> String {
        // The newline joins the bytes before they become a String: appended after, it copied
        // the whole document again.
        var bytes = try JSONTextEncoder(pretty: true).encode(value)
        bytes.append(UInt8(ascii: "\n"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes of `pretty(value)`, handed to `output` piece by piece as they are written.
    public static func pretty<T: Encodable>(_ value: T, to output: @escaping TextOutput) throws {
        try JSONTextEncoder(pretty: true).encode(value, ending: [UInt8(ascii: "\n")], to: output)
    }

    /// One-line, key-sorted JSON.
    public static func compact<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONTextEncoder(pretty: false).encode(value), as: UTF8.self)
    }
}
