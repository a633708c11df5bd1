import Manifests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one place that decides whether a string holds key material: a private key or a
/// certificate, as PEM text, as base64 of PEM, as base64 DER, or split into a list of lines.
///
/// Redaction, warnings, the change classifier and the certificate summary all ask here, so
/// that they cannot disagree about what must never be printed.
public enum KeyMaterial: Sendable, Equatable {
    /// A private key (PKCS#1, PKCS#8, SEC1, encrypted, OpenSSH, PGP): never shown.
    case privateKey
    /// One or more certificates: public, shown only as a summary.
    case certificate

    /// What `string` holds, `nil` for anything else. A string holding both a key and a
    /// certificate (a bundle) is a private key.
    public static func of(_ string: String) -> KeyMaterial? {
        if string.containsBytes("-----BEGIN ") {
            if holdsPEMPrivateKey(string) { return .privateKey }
            if string.containsBytes("-----BEGIN CERTIFICATE-----") { return .certificate }
        }
        // Base64 of PEM, anywhere in the string (a kubeconfig's `client-key-data: LS0t…`).
        if let decoded = decodedBase64PEM(in: string) {
            if holdsPEMPrivateKey(decoded) { return .privateKey }
            if decoded.containsBytes("-----BEGIN CERTIFICATE-----") { return .certificate }
        }
        if isBase64DERPrivateKey(string) { return .privateKey }
        return nil
    }

    /// What a list of strings holds when read as the lines of one text (a PEM block split into
    /// a JSON list of lines); `nil` when any item is not a string or the lines hold nothing.
    /// Only a list with an armour line of its own counts (`-----BEGIN PRIVATE KEY-----` alone):
    /// a list whose items each hold whole keys (a command line) is read item by item.
    public static func of(lines items: [Value]) -> KeyMaterial? {
        guard items.count > 1, items.contains(where: { $0.string.map(isArmourLine) == true }) else { return nil }
        var lines: [String] = []
        for item in items {
            guard let line = item.string, !line.utf8.contains(UInt8(ascii: "\n")) else { return nil }
            lines.append(line)
        }
        return of(lines.joined(separator: "\n"))
    }

    /// `-----BEGIN …-----` alone on its line.
    private static func isArmourLine(_ line: String) -> Bool {
        guard line.utf8.count < 128, line.containsBytes("-----BEGIN ") else { return false }
        let trimmed = line.trimmingWhitespace(newlines: false)
        return trimmed.hasPrefix("-----BEGIN ") && trimmed.hasSuffix("-----") && trimmed.count < 64
    }

    /// Whether `string` is a PEM private key of any kind.
    static func holdsPEMPrivateKey(_ string: String) -> Bool {
        string.containsBytes("PRIVATE KEY-----") || string.containsBytes("PRIVATE KEY BLOCK-----")
    }

    /// `LS0tLS1CRUdJT` is base64 of `-----BEGIN` at any alignment that starts a string.
    static let base64Begin = "LS0tLS1CRUdJT"

    /// The decoded text of the base64 run that starts with base64 of `-----BEGIN`, if any.
    static func decodedBase64PEM(in string: String) -> String? {
        guard string.containsBytes(base64Begin) else { return nil }
        // Bytes, not Characters: certificates in base64 are long, and this runs on every one.
        let bytes = Array(string.utf8)
        guard let start = bytes.firstOffset(of: Array(base64Begin.utf8)) else { return nil }
        var body: [UInt8] = []
        body.reserveCapacity(bytes.count - start)
        for byte in bytes[start...] {
            if isBase64Byte(byte) {
                body.append(byte)
            } else if byte != 32 && byte != 10 && byte != 13 && byte != 9 {
                break
            }
        }
        body.removeLast(body.count % 4)
        guard let data = Data(base64Encoded: Data(body)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func isBase64Byte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 43 || byte == 47 || byte == 61
    }

    /// Whether `string` is base64 of a DER private key: a SEQUENCE whose first element is the
    /// INTEGER version 0 or 1 followed by an INTEGER (PKCS#1), a SEQUENCE (PKCS#8) or an OCTET
    /// STRING (SEC1). Certificates and public keys start with a SEQUENCE instead.
    static func isBase64DERPrivateKey(_ string: String) -> Bool {
        let body = string.utf8.lazy.filter { $0 != 10 && $0 != 13 && $0 != 32 }
        guard body.first == UInt8(ascii: "M") else { return false }
        let compact = Array(body.prefix(4096))
        guard compact.count >= 44, compact.allSatisfy(isBase64Byte) else { return false }
        guard let head = Data(base64Encoded: Data(compact.prefix(32))) else { return false }
        let der = [UInt8](head)
        guard der.count >= 8, der[0] == 0x30 else { return false }
        var index = 2
        if der[1] & 0x80 != 0 { index += Int(der[1] & 0x7F) }
        guard index + 3 < der.count, der[index] == 0x02, der[index + 1] == 0x01, der[index + 2] <= 1 else { return false }
        return [0x02, 0x30, 0x04].contains(der[index + 3])
    }

}
