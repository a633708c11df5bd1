#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads a string value that holds a YAML or JSON document of its own, like Linkerd's
/// `linkerd-config` `values` or Istio's `mesh`, so that it can be compared key by key.
public enum EmbeddedDocument {
    /// The document's value and format (`"json"` or `"yaml"`), when `string` holds a map or a
    /// non-empty list; `nil` for prose, single scalars and anything that does not parse.
    public static func parse(_ string: String) -> (value: Value, format: String)? {
        guard string.utf8.count <= Limits.maxEmbeddedBytes else { return nil }
        // Redaction, mesh detection and the structural diff each read the same documents
        // (Linkerd's `values`, Istio's `mesh`): long ones are parsed once.
        guard string.utf8.count >= Memo.threshold else { return parseNew(string) }
        if let known = memo.lookup(string) { return known.document }
        let document = parseNew(string)
        memo.store(string, Memo.Entry(document: document))
        return document
    }

    private static let memo = Memo()

    /// The documents parsed lately, by their text's bytes; forgotten all at once when full, so
    /// memory stays bounded over a long history.
    private final class Memo: @unchecked Sendable {
        struct Entry {
            var document: (value: Value, format: String)?
        }

        static let threshold = 1024
        private static let capacity = 64
        private let lock = Lock()
        private var entries: [ByteKey: Entry] = [:]

        func lookup(_ text: String) -> Entry? {
            lock.withLock { entries[ByteKey(text)] }
        }

        func store(_ text: String, _ entry: Entry) {
            lock.withLock {
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
                entries[ByteKey(text)] = entry
            }
        }
    }

    private static func parseNew(_ string: String) -> (value: Value, format: String)? {
        let trimmed = string.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = trimmed.first else { return nil }
        if first == "{" || first == "[" {
            if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)).value, isDocument(value) {
                return (value, "json")
            }
            return nil
        }
        guard looksLikeYAML(trimmed) else { return nil }
        guard let documents = try? YAMLReader.documents(string[...], aliasLimit: ManifestLimits.standard.maxAliasExpansion),
            documents.count == 1, isDocument(documents[0].value)
        else { return nil }
        return (documents[0].value, "yaml")
    }

    /// A YAML document starts with a key (`name:`), a list item (`- `), or a marker/comment.
    /// Reads the first line that is not a comment or marker, in bytes: this runs on every long
    /// string value.
    private static func looksLikeYAML(_ text: Substring) -> Bool {
        let utf8 = text.utf8
        guard utf8.contains(UInt8(ascii: "\n")) else { return false }
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            let line = utf8[start..<end]
            start = end < utf8.endIndex ? utf8.index(after: end) : end
            if line.isEmpty || line.first == UInt8(ascii: "#") || line.starts(with: "---".utf8) { continue }
            if line.starts(with: "- ".utf8) { return true }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
            let afterColon = line[line.index(after: colon)...]
            return colon > line.startIndex && !line[..<colon].contains(UInt8(ascii: " "))
                && (afterColon.isEmpty || afterColon.first == UInt8(ascii: " "))
        }
        return false
    }

    private static func isDocument(_ value: Value) -> Bool {
        switch value {
        case .map(let mapping): return mapping.count > 0
        case .list(let items): return !items.isEmpty
        default: return false
        }
    }
}
