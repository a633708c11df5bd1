#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A manifest file checked and split into independent units of parsing work (its YAML
/// documents), so that the documents of all files can be parsed on all cores.
public struct ManifestText: Sendable {
    public let path: String
    public let revision: String
    /// Problems found before parsing (binary, not UTF-8, too large).
    public let findings: [Finding]
    private let documents: [YAMLDocument]
    private let json: String?
    /// How many units `parse(unit:limits:)` takes (kept by a text `withoutBytes` too).
    public let units: Int
    /// Read documents without a kind as Helm values (`ManifestFile.isHelmValuesPath`).
    private let helmValues: Bool

    /// Checks the bytes and splits them into documents.
    /// `json` reads the bytes as one JSON document (a `.json` file); the path decides when absent.
    public init(
        _ bytes: [UInt8], path: String, revision: String, json asJSON: Bool? = nil, helmValues: Bool = false,
        limits: ManifestLimits = .standard
    ) {
        self.path = path
        self.helmValues = helmValues
        self.revision = revision
        var documents: [YAMLDocument] = []
        var json: String?
        var findings: [Finding] = []
        func finding(_ code: Finding.Code, _ line: Int?, _ message: String) {
            findings.append(Finding(severity: .warning, code: code, path: path, revision: revision, line: line, message: message))
        }
        if bytes.count > limits.maxFileBytes {
            findings = ManifestFile.oversized(path: path, revision: revision, limit: limits.maxFileBytes).findings
        } else if let (text, encoding) = Self.decodedWithByteOrderMark(bytes) {
            // UTF-16 and UTF-32 are valid YAML and JSON encodings when they start with a BOM.
            if text == nil { finding(.encoding, 1, "\(encoding) text that does not decode; not compared") }
            if let text { if asJSON ?? ManifestFile.isJSONPath(path) { json = text } else { documents = YAMLDocument.split(text) } }
        } else if let nul = bytes.firstOffset(of: 0) {
            finding(.binary, ManifestFile.lineNumber(in: bytes, at: nul), "binary file (it holds a NUL byte); not compared")
        } else {
            var body = bytes[...]
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            if let text = String(validating: body, as: UTF8.self) {
                if asJSON ?? ManifestFile.isJSONPath(path) { json = text } else { documents = YAMLDocument.split(text) }
            } else {
                let bad = ManifestFile.firstInvalidUTF8(body)
                finding(
                    .encoding, ManifestFile.lineNumber(in: bytes, at: bad),
                    "not UTF-8 text (invalid byte at offset \(bad)); save it as UTF-8 to have it compared")
            }
        }
        self.documents = documents
        self.json = json
        self.findings = findings
        units = json != nil ? 1 : documents.count
    }

    /// Text in UTF-16 or UTF-32 that starts with a byte-order mark: its decoding (`nil` when it
    /// does not decode) and the encoding's name; `nil` for anything else.
    static func decodedWithByteOrderMark(_ bytes: [UInt8]) -> (String?, String)? {
        let marks: [([UInt8], String.Encoding, String)] = [
            ([0xFF, 0xFE, 0, 0], .utf32LittleEndian, "UTF-32"), ([0, 0, 0xFE, 0xFF], .utf32BigEndian, "UTF-32"),
            ([0xFF, 0xFE], .utf16LittleEndian, "UTF-16"), ([0xFE, 0xFF], .utf16BigEndian, "UTF-16"),
        ]
        guard let (mark, encoding, name) = marks.first(where: { bytes.starts(with: $0.0) }) else { return nil }
        return (String(data: Data(bytes.dropFirst(mark.count)), encoding: encoding), name)
    }

    /// This text without its documents: the same path, findings and number of units, for a
    /// caller that keeps a file's text past its parse only to merge the parts (a text's parse
    /// jobs keep the bytes they need until they are done, and no longer). It has no document to
    /// give or parse.
    public var withoutBytes: ManifestText {
        ManifestText(path: path, revision: revision, findings: findings, units: units, helmValues: helmValues)
    }

    private init(path: String, revision: String, findings: [Finding], units: Int, helmValues: Bool) {
        self.path = path
        self.revision = revision
        self.findings = findings
        self.documents = []
        self.json = nil
        self.units = units
        self.helmValues = helmValues
    }

    /// The text of a YAML unit (its document) and the line it starts at; `nil` for JSON.
    public func document(_ unit: Int) -> (text: Substring, firstLine: Int)? {
        json == nil && unit < documents.count ? (documents[unit].text, documents[unit].firstLine) : nil
    }

    /// The size of a unit in bytes, to schedule the largest first.
    public func size(of unit: Int) -> Int {
        json?.utf8.count ?? (unit < documents.count ? documents[unit].text.utf8.count : 0)
    }

    /// Parses one unit (a YAML document, or the whole JSON file).
    public func parse(unit: Int, limits: ManifestLimits) -> ManifestFile {
        var file = ManifestFile()
        var findings: [Finding] = []
        func finding(_ severity: Finding.Severity, _ code: Finding.Code, _ line: Int?, _ message: String) {
            findings.append(Finding(severity: severity, code: code, path: path, revision: revision, line: line, message: message))
        }
        if let json {
            ManifestFile.readJSON(json, path: path, into: &file, finding: finding)
        } else {
            ManifestFile.readDocument(documents[unit], path: path, limits: limits, helmValues: helmValues, into: &file, finding: finding)
        }
        file.findings += findings
        return file
    }

    /// Joins the parsed units, in order, with the findings made before parsing.
    public func merge(_ parts: [ManifestFile]) -> ManifestFile {
        // Most files are one document: its part is the file (no arrays made again).
        if parts.count == 1, findings.isEmpty { return parts[0] }
        return ManifestFile(resources: parts.flatMap(\.resources), findings: findings + parts.flatMap(\.findings))
    }
}
