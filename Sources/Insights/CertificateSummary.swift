import Manifests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Says what a certificate is without printing its body: subject and validity when the value
/// parses as X.509, else only a fingerprint.
public enum CertificateSummary {

    /// The summary that stands in for `string`, or `nil` when it holds no certificate.
    public static func summary(of string: String) -> String? {
        guard holdsCertificate(string), let pem = pem(string) else { return nil }
        let fingerprint = SHA256.hex(string).prefix(8)
        let certificates = blocks(pem)
        let described = certificates.compactMap { der in
            X509Certificate(der: der).map {
                "\($0.subject.hasPrefix("CN=") ? $0.subject : "CN=\($0.subject)"), valid \($0.notBefore) → \($0.notAfter)"
            }
        }
        let count = certificates.count == 1 ? "certificate" : "\(certificates.count) certificates"
        if described.isEmpty {
            return "<\(count), not parseable as X.509; sha256 \(fingerprint)>"
        }
        return "<\(count): \(described.joined(separator: "; ")); sha256 \(fingerprint)>"
    }

    /// Whether `string` holds certificates (and no private key), as `KeyMaterial` reads it.
    public static func holdsCertificate(_ string: String) -> Bool {
        KeyMaterial.of(string) == .certificate
    }

    /// `value` with every certificate string replaced by its summary.
    public static func summarized(_ value: Value) -> Value {
        replacingCertificates(in: value) ?? value
    }

    /// `value` with every certificate string replaced by its summary, and whether it held any
    /// (a string summarized is exactly a string `holdsCertificate` says yes to): one walk.
    public static func summarizing(_ value: Value) -> (value: Value, summarized: Bool) {
        replacingCertificates(in: value).map { ($0, true) } ?? (value, false)
    }

    /// `value` with its certificates summarized, `nil` when it holds none: most values do not,
    /// and rebuilding them (a whole CRD schema) would cost more than reading them.
    private static func replacingCertificates(in value: Value) -> Value? {
        switch value {
        case .string(let s):
            return summary(of: s).map(Value.string)
        case .list(let items):
            var replaced: [Value]?
            for (index, item) in items.enumerated() {
                guard let summary = replacingCertificates(in: item) else { continue }
                if replaced == nil { replaced = items }
                replaced![index] = summary
            }
            return replaced.map(Value.list)
        case .map(let mapping):
            var replaced: [(String, Value)]?
            for (index, entry) in mapping.entries.enumerated() {
                guard let summary = replacingCertificates(in: entry.value) else { continue }
                if replaced == nil { replaced = mapping.entries.map { ($0.key, $0.value) } }
                replaced![index].1 = summary
            }
            return replaced.map { .map(Mapping($0)) }
        default:
            return nil
        }
    }

    /// The DER bytes of each certificate in `string` (PEM text, or base64 of PEM).
    public static func derBlocks(_ string: String) -> [[UInt8]] {
        pem(string).map { blocks($0).filter { !$0.isEmpty } } ?? []
    }

    /// The PEM text of a certificate value: the value itself, or decoded from base64.
    static func pem(_ string: String) -> String? {
        string.containsBytes("-----BEGIN CERTIFICATE-----") ? string : KeyMaterial.decodedBase64PEM(in: string)
    }

    /// The DER bytes of each PEM certificate block. In bytes: a trust bundle is long, and this
    /// runs for redaction, warnings and every summary.
    static func blocks(_ pem: String) -> [[UInt8]] {
        let bytes = Array(pem.utf8)
        var out: [[UInt8]] = []
        var from = 0
        while let begin = bytes.firstOffset(of: beginMarker, from: from),
            let end = bytes.firstOffset(of: endMarker, from: begin + beginMarker.count)
        {
            let body = bytes[(begin + beginMarker.count)..<end].filter { !isWhitespaceByte($0) }
            out.append(Data(base64Encoded: Data(body)).map { [UInt8]($0) } ?? [])
            from = end + endMarker.count
        }
        return out
    }

    private static let beginMarker = Array("-----BEGIN CERTIFICATE-----".utf8)
    private static let endMarker = Array("-----END CERTIFICATE-----".utf8)

    private static func isWhitespaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}

/// Just enough DER to walk a certificate's structure (`X509Certificate` reads its fields).
enum X509 {
    struct Element {
        var tag: UInt8
        var content: ArraySlice<UInt8>
    }

    static func element(_ bytes: ArraySlice<UInt8>) -> Element? {
        var index = bytes.startIndex
        guard index < bytes.endIndex else { return nil }
        let tag = bytes[index]
        index += 1
        guard index < bytes.endIndex else { return nil }
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count > 0, count <= 4, index + count <= bytes.endIndex else { return nil }
            length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard length >= 0, index + length <= bytes.endIndex else { return nil }
        return Element(tag: tag, content: bytes[index..<index + length])
    }

    static func children(_ bytes: ArraySlice<UInt8>) -> [Element] {
        var out: [Element] = []
        var rest = bytes
        while let child = element(rest) {
            out.append(child)
            rest = rest[child.content.endIndex...]
            if rest.isEmpty { break }
        }
        return out
    }

    static func time(_ element: Element) -> String? {
        let text = String(decoding: element.content, as: UTF8.self)
        switch element.tag {
        case 0x17 where text.count >= 6:  // UTCTime YYMMDD…
            let year = Int(text.prefix(2)).map { $0 < 50 ? 2000 + $0 : 1900 + $0 }
            return year.map { "\($0)-\(text.dropFirst(2).prefix(2))-\(text.dropFirst(4).prefix(2))" }
        case 0x18 where text.count >= 8:  // GeneralizedTime YYYYMMDD…
            return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.dropFirst(6).prefix(2))"
        default:
            return nil
        }
    }

    static func commonName(_ name: Element) -> String? {
        for set in children(name.content) {
            for attribute in children(set.content) {
                let parts = children(attribute.content)
                if parts.count == 2, parts[0].tag == 0x06, Array(parts[0].content) == [0x55, 0x04, 0x03] {
                    return String(decoding: parts[1].content, as: UTF8.self)
                }
            }
        }
        return nil
    }
}
