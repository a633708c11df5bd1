#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a quick look at a file's bytes tells without parsing it: for each document, its
/// top-level `kind` paired with every `name:` value in it, and whether the file mentions any of
/// a set of markers.
///
/// Used on files that did not change, to decide which of them the whole-revision facts
/// (duplicate identities, mesh versions, role bindings, trust anchors) need parsed. It may say
/// yes too often; for documents in block style with a top-level `kind:` it never says no wrongly.
public struct ManifestScan: Sendable, Hashable {
    /// A fingerprint (FNV-1a of `Kind/name`) for every top-level kind and every `name:` value
    /// of the same document, sorted, each once; a document whose kind cannot be read this way
    /// contributes `*/name`. Fingerprints, not strings: a scan runs over every unchanged file of
    /// a revision, and a collision only costs a file parsed for nothing.
    public var identities: [UInt64]
    /// Whether the bytes contain any of the markers asked about, or a document that is a `*List`.
    public var mentionsMarker: Bool

    /// `markers` as bytes (tests; a revision's scans share one `Markers`).
    public init(_ bytes: [UInt8], markers: [[UInt8]]) {
        self.init(bytes, markers: Markers(markers))
    }

    /// A scan runs once per file of a revision; the markers are prepared once.
    public init(_ bytes: [UInt8], markers: Markers) {
        var identities: [UInt64] = []
        var listKind = false
        var kind: ArraySlice<UInt8>?
        var names: [ArraySlice<UInt8>] = []
        func flush() {
            let prefix = kind ?? Self.anyKind[...]
            if prefix.count >= 4 && prefix.suffix(4).elementsEqual("List".utf8) { listKind = true }
            for name in names where !name.isEmpty { identities.append(Self.fingerprint(prefix, name)) }
            kind = nil
            names.removeAll(keepingCapacity: true)
        }
        let newline = UInt8(ascii: "\n")
        var start = 0
        while start < bytes.count {
            let end = bytes.firstOffset(of: newline, from: start) ?? bytes.count
            let line = bytes[start..<end]
            if line.starts(with: Self.separator) {
                flush()
            } else if line.starts(with: Self.kindKey) {
                kind = Self.value(line.dropFirst(Self.kindKey.count))
            } else if let after = Self.afterNameKey(line, in: bytes) {
                names.append(Self.value(bytes[after..<end]))
            }
            start = end + 1
        }
        flush()
        identities.sort()
        var unique = 0
        for fingerprint in identities where unique == 0 || identities[unique - 1] != fingerprint {
            identities[unique] = fingerprint
            unique += 1
        }
        identities.removeLast(identities.count - unique)
        self.identities = identities
        mentionsMarker =
            listKind
            || markers.occur(in: bytes)
    }

    /// The keys under which `identities` holds a document that may define `kind`/`name`:
    /// a file may define it when its identities meet these.
    public static func keys(kind: String, name: String) -> [UInt64] {
        [fingerprint(Array(kind.utf8)[...], Array(name.utf8)[...]), fingerprint(anyKind[...], Array(name.utf8)[...])]
    }

    private static let anyKind = Array("*".utf8)

    /// FNV-1a over `kind`, `/`, `name`: the same in every run.
    static func fingerprint(_ kind: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        for byte in kind { add(byte) }
        add(UInt8(ascii: "/"))
        for byte in name { add(byte) }
        return hash
    }

    /// Marker strings prepared for one pass over a file: a table of their first two bytes says
    /// at which positions one may start, and only there are they compared. Fourteen `memchr`
    /// passes, one per marker, stopped at every common letter; this pass stops rarely.
    public struct Markers: Sendable {
        private let needles: [[UInt8]]
        /// Bit `a << 8 | b` is set when a marker starts with the bytes `a`, `b`.
        private let starts: [UInt64]

        public init(_ markers: [String]) {
            self.init(markers.map { Array($0.utf8) })
        }

        public init(_ markers: [[UInt8]]) {
            needles = markers
            var starts = [UInt64](repeating: 0, count: 1024)
            for marker in markers where marker.count >= 2 {
                let key = Int(marker[0]) << 8 | Int(marker[1])
                starts[key >> 6] |= 1 << UInt64(key & 63)
            }
            self.starts = starts
        }

        /// Whether any marker occurs in `bytes`.
        func occur(in bytes: [UInt8]) -> Bool {
            // Markers shorter than two bytes (none of meshdiff's) are searched on their own.
            if needles.contains(where: { $0.count < 2 && bytes.firstOffset(of: $0) != nil }) { return true }
            guard bytes.count >= 2 else { return false }
            return bytes.withUnsafeBufferPointer { buffer in
                starts.withUnsafeBufferPointer { table in
                    let base = buffer.baseAddress!
                    var key = Int(base[0])
                    for index in 1..<buffer.count {
                        key = (key << 8 | Int(base[index])) & 0xFFFF
                        guard table[key >> 6] & (1 << UInt64(key & 63)) != 0 else { continue }
                        let start = index - 1
                        for needle in needles where needle.count >= 2 && needle[0] == base[start] && needle[1] == base[index] {
                            if start + needle.count <= buffer.count && memcmp(base + start, needle, needle.count) == 0 { return true }
                        }
                    }
                    return false
                }
            }
        }
    }

    private static let separator = Array("---".utf8)
    private static let kindKey = Array("kind:".utf8)
    private static let nameKey = Array("name:".utf8)

    /// Where the value after `name:` starts in a line of `bytes`, where the key stands at a
    /// line start, after spaces or a `- `, or after `{`, `,` or a quote in flow style. Every line
    /// of every unchanged file goes through here: `ByteSearch` finds the candidates.
    private static func afterNameKey(_ line: ArraySlice<UInt8>, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            nameKey.withUnsafeBufferPointer { key -> Int? in
                var from = line.startIndex
                while let hit = ByteSearch.firstOffset(of: key, in: UnsafeBufferPointer(rebasing: buffer[from..<line.endIndex])) {
                    let index = from + hit
                    let before = index == line.startIndex ? UInt8(ascii: " ") : buffer[index - 1]
                    if before == UInt8(ascii: " ") || before == UInt8(ascii: "{") || before == UInt8(ascii: ",")
                        || before == UInt8(ascii: "-") || before == UInt8(ascii: "\t")
                    {
                        return index + key.count
                    }
                    from = index + 1
                }
                return nil
            }
        }
    }

    /// A scalar up to a comment, `,` or `}`, without surrounding blanks and quotes.
    private static func value(_ rest: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func stops(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "#") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") }
        func trims(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        }
        var value = rest.prefix { !stops($0) }
        while let first = value.first, trims(first) { value = value.dropFirst() }
        while let last = value.last, trims(last) { value = value.dropLast() }
        return value
    }
}
