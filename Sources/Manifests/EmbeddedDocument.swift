import Foundation

/// Reads a string value that holds a YAML or JSON document of its own, like Linkerd's
/// `linkerd-config` `values` or Istio's `mesh`, so that it can be compared key by key.
public enum EmbeddedDocument {
    /// The document's value and format (`"json"` or `"yaml"`), when `string` holds a map or a
    /// non-empty list; `nil` for prose, single scalars and anything that does not parse.
    public static func parse(_ string: String) -> (value: Value, format: String)? {
        guard string.utf8.count <= Limits.maxEmbeddedBytes else { return nil }
        let trimmed = string.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = trimmed.first else { return nil }
        if first == "{" || first == "[" {
            if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)).value, isDocument(value) {
                return (value, "json")
            }
            return nil
        }
        guard looksLikeYAML(trimmed) else { return nil }
        guard let documents = try? YAMLReader.documents(string, aliasLimit: ManifestLimits.standard.maxAliasExpansion),
            documents.count == 1, isDocument(documents[0].value)
        else { return nil }
        return (documents[0].value, "yaml")
    }

    /// A YAML document starts with a key (`name:`), a list item (`- `), or a marker/comment.
    private static func looksLikeYAML(_ text: Substring) -> Bool {
        guard text.utf8.contains(UInt8(ascii: "\n")) else { return false }
        guard let line = text.split(separator: "\n").first(where: { !$0.hasPrefix("#") && !$0.hasPrefix("---") }) else {
            return false
        }
        if line.hasPrefix("- ") { return true }
        guard let colon = line.firstIndex(of: ":") else { return false }
        let key = line[..<colon]
        let afterColon = line[line.index(after: colon)...]
        return !key.isEmpty && !key.contains(" ") && (afterColon.isEmpty || afterColon.hasPrefix(" "))
    }

    private static func isDocument(_ value: Value) -> Bool {
        switch value {
        case .map(let mapping): return mapping.count > 0
        case .list(let items): return !items.isEmpty
        default: return false
        }
    }
}
