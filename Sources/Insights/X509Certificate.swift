import Manifests

/// What the trust analysis needs of an X.509 certificate, read from its DER bytes: names,
/// validity, key identifiers and fingerprint. Nothing is verified cryptographically.
public struct X509Certificate: Sendable, Equatable {
    /// The subject's common name, or the whole subject when it has none.
    public var subject: String
    public var issuer: String
    /// The DER encodings of the subject and issuer names, compared byte for byte.
    var subjectName: [UInt8]
    var issuerName: [UInt8]
    /// Validity as `YYYY-MM-DD` (UTC), comparable as text.
    public var notBefore: String
    public var notAfter: String
    var subjectKeyID: [UInt8]?
    var authorityKeyID: [UInt8]?
    /// SHA-256 of the DER bytes, as the first 16 hex digits.
    public var fingerprint: String

    /// `nil` when the bytes are not a certificate.
    public init?(der: [UInt8]) {
        guard let certificate = X509.element(der[...]), certificate.tag == 0x30,
            let tbs = X509.children(certificate.content).first, tbs.tag == 0x30
        else { return nil }
        var fields = X509.children(tbs.content)
        if fields.first?.tag == 0xA0 { fields.removeFirst() }  // [0] version
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, extensions…
        guard fields.count >= 6, fields[2].tag == 0x30, fields[3].tag == 0x30, fields[4].tag == 0x30 else { return nil }
        let validity = X509.children(fields[3].content).compactMap(X509.time)
        guard validity.count == 2 else { return nil }
        notBefore = validity[0]
        notAfter = validity[1]
        issuerName = Array(fields[2].content)
        subjectName = Array(fields[4].content)
        issuer = X509.commonName(fields[2]).map { "CN=\($0)" } ?? "(no common name)"
        subject = X509.commonName(fields[4]).map { "CN=\($0)" } ?? "(no common name)"
        fingerprint = Self.fingerprint(of: der)
        for field in fields.dropFirst(6) where field.tag == 0xA3 {
            guard let list = X509.children(field.content).first else { continue }
            for extensionElement in X509.children(list.content) {
                let parts = X509.children(extensionElement.content)
                guard let oid = parts.first, oid.tag == 0x06, let value = parts.last, value.tag == 0x04 else { continue }
                switch Array(oid.content) {
                case [0x55, 0x1D, 0x0E]:  // subjectKeyIdentifier: OCTET STRING
                    subjectKeyID = X509.element(value.content).map { Array($0.content) }
                case [0x55, 0x1D, 0x23]:  // authorityKeyIdentifier: SEQUENCE { [0] keyIdentifier }
                    let inner = X509.element(value.content).map { X509.children($0.content) } ?? []
                    authorityKeyID = inner.first { $0.tag == 0x80 }.map { Array($0.content) }
                default: break
                }
            }
        }
    }

    /// SHA-256 of DER bytes, as the first 16 hex digits: how certificates (and blocks that do
    /// not parse as one) are told apart in warnings.
    static func fingerprint(of der: [UInt8]) -> String {
        String(SHA256.hex(der).prefix(16))
    }

    /// Whether this certificate names `authority` as its issuer (by name, and by key
    /// identifier where both carry one). A signature is not checked.
    public func isIssued(by authority: X509Certificate) -> Bool {
        guard issuerName == authority.subjectName else { return false }
        if let aki = authorityKeyID, let ski = authority.subjectKeyID { return aki == ski }
        return true
    }

    /// `CN=name (sha256 0123456789abcdef, valid 2024-01-01 → 2025-01-01)`.
    public var description: String {
        "\(subject) (sha256 \(fingerprint), valid \(notBefore) → \(notAfter))"
    }
}
