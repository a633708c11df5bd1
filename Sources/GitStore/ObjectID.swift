internal import CLibGit2

/// A git object id (SHA-1), as plain bytes so that it can cross the module boundary.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    /// The 20 raw bytes, in a tuple-free form that is cheap to hash.
    public let high: UInt64
    public let middle: UInt64
    public let low: UInt32

    init(_ oid: git_oid) {
        // Big-endian words straight from the 20 bytes: this runs for every tree entry listed.
        (high, middle, low) = withUnsafeBytes(of: oid.id) { raw in
            (
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            )
        }
    }

    /// Makes an id from 20 raw bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 20, "a SHA-1 object id has 20 bytes")
        func word(_ range: Range<Int>) -> UInt64 { range.reduce(0) { $0 << 8 | UInt64(bytes[$1]) } }
        high = word(0..<8)
        middle = word(8..<16)
        low = UInt32(word(16..<20))
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// Parses 40 hex digits; `nil` for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 40, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(bytes: bytes)
    }

    /// The 40 lowercase hex digits (every blob read is keyed by them).
    public var hex: String {
        withUnsafeBytes(of: oid.id, String.init(hexOf:))
    }

    /// The first 12 hex digits, enough to name a commit to a person.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }
}
