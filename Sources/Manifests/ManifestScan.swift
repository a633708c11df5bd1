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

    /// A scan runs once per file of a revision (20,000 of them in a large one), so it walks
    /// the bytes in place: line ends and `name:` keys are found by library searches, and only
    /// the lines they land on are looked at.
    public init(_ bytes: [UInt8], markers: Markers) {
        var identities: [UInt64] = []
        var listKind = false
        bytes.withUnsafeBufferPointer { buffer in
            var kind: Range<Int>?
            var names: [Range<Int>] = []
            func flush() {
                if let kind {
                    let prefix = buffer[kind]
                    if prefix.count >= 4 && prefix.suffix(4).elementsEqual("List".utf8) { listKind = true }
                    for name in names where !name.isEmpty { identities.append(Self.fingerprint(prefix, buffer[name])) }
                } else {
                    for name in names where !name.isEmpty { identities.append(Self.fingerprint(Self.anyKind, buffer[name])) }
                }
                kind = nil
                names.removeAll(keepingCapacity: true)
            }
            if let base = buffer.baseAddress {
                let count = buffer.count
                var name = Self.nameKey(in: base, count: count, from: 0)
                var start = 0
                while start < count {
                    let end = ByteSearch.firstOffset(of: UInt8(ascii: "\n"), in: buffer, from: start) ?? count
                    if Self.starts(base + start, end - start, with: "---") {
                        flush()
                    } else if Self.starts(base + start, end - start, with: "kind:") {
                        kind = Self.value(buffer, start + 5..<end)
                    } else {
                        // The first `name:` of the line that stands at its start, after blanks or a
                        // `- `, or after `{`, `,` in flow style.
                        while let hit = name, hit < end {
                            let before = hit == start ? UInt8(ascii: " ") : base[hit - 1]
                            if before == UInt8(ascii: " ") || before == UInt8(ascii: "{") || before == UInt8(ascii: ",")
                                || before == UInt8(ascii: "-") || before == UInt8(ascii: "\t")
                            {
                                names.append(Self.value(buffer, hit + 5..<end))
                                break
                            }
                            name = Self.nameKey(in: base, count: count, from: hit + 1)
                        }
                    }
                    // Keys later on this line are not looked at.
                    while let hit = name, hit < end { name = Self.nameKey(in: base, count: count, from: hit + 1) }
                    start = end + 1
                }
            }
            flush()
        }
        identities.sort()
        var unique = 0
        for fingerprint in identities where unique == 0 || identities[unique - 1] != fingerprint {
            identities[unique] = fingerprint
            unique += 1
        }
        identities.removeLast(identities.count - unique)
        self.identities = identities
        mentionsMarker = listKind || markers.occur(in: bytes)
    }

    /// The keys under which `identities` holds a document that may define `kind`/`name`:
    /// a file may define it when its identities meet these.
    public static func keys(kind: String, name: String) -> [UInt64] {
        [fingerprint(kind.utf8, name.utf8), fingerprint(anyKind, name.utf8)]
    }

    private static let anyKind = Array("*".utf8)

    /// FNV-1a over `kind`, `/`, `name`: the same in every run.
    static func fingerprint(_ kind: some Sequence<UInt8>, _ name: some Sequence<UInt8>) -> UInt64 {
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

    /// Marker strings prepared for one pass over a file: a few four-byte windows that every
    /// marker holds one of (`.io/` is in six of meshdiff's) are tested at 16 positions at a
    /// time with vector compares, and only around the rare block that holds one are markers
    /// compared, found by a table of the pairs of bytes they start with. (Fourteen `memchr`
    /// passes, one per marker, stopped at every common letter; a byte-by-byte walk of the
    /// table took 20 instructions a byte, and is what is left when a marker is shorter than
    /// four bytes.)
    public struct Markers: Sendable {
        private let needles: [[UInt8]]
        /// Bit `a << 8 | b` is set when a marker starts with the bytes `a`, `b`.
        private let starts: [UInt64]
        /// Four vectors per window, each repeating one of its bytes; empty when a marker is
        /// shorter than four bytes.
        private let windows: [SIMD16<UInt8>]
        /// How far before a window a marker holding it may start.
        private let reach: Int

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
            let longest = markers.map(\.count).max() ?? 0
            guard !markers.isEmpty, markers.count <= 64, markers.allSatisfy({ $0.count >= 4 }) else {
                (windows, reach) = ([], 0)
                return
            }
            // Each four-byte window, with the set of markers that hold it (a bit each), in order of
            // first appearance; then greedily, the window held by the most markers not covered yet.
            var slots: [UInt32: Int] = [:]
            var order: [UInt32] = []
            var holders: [UInt64] = []
            for (index, marker) in markers.enumerated() {
                for offset in 0...(marker.count - 4) {
                    let window = marker[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    let slot = slots[window] ?? order.count
                    if slot == order.count {
                        slots[window] = slot
                        order.append(window)
                        holders.append(0)
                    }
                    holders[slot] |= 1 << UInt64(index)
                }
            }
            var uncovered: UInt64 = markers.count == 64 ? .max : (1 << UInt64(markers.count)) - 1
            var chosen: [UInt32] = []
            while uncovered != 0 {
                let best = holders.indices.max { (holders[$0] & uncovered).nonzeroBitCount < (holders[$1] & uncovered).nonzeroBitCount }!
                chosen.append(order[best])
                uncovered &= ~holders[best]
            }
            windows = chosen.flatMap { window in (0..<4).map { SIMD16(repeating: UInt8(truncatingIfNeeded: window >> (24 - 8 * $0))) } }
            reach = longest - 4
        }

        /// Whether any marker occurs in `bytes`.
        func occur(in bytes: [UInt8]) -> Bool {
            // Markers shorter than two bytes (none of meshdiff's) are searched on their own.
            if needles.contains(where: { $0.count < 2 && bytes.firstOffset(of: $0) != nil }) { return true }
            guard bytes.count >= 2 else { return false }
            return bytes.withUnsafeBufferPointer { buffer in
                starts.withUnsafeBufferPointer { table in
                    windows.withUnsafeBufferPointer { windows in
                        let base = buffer.baseAddress!
                        let count = buffer.count
                        /// Whether a marker starts at `start` (which has a byte after it).
                        func marker(at start: Int) -> Bool {
                            let key = Int(base[start]) << 8 | Int(base[start + 1])
                            guard table[key >> 6] & (1 << UInt64(key & 63)) != 0 else { return false }
                            for needle in needles where needle.count >= 2 && needle[0] == base[start] && needle[1] == base[start + 1] {
                                if start + needle.count <= count && memcmp(base + start, needle, needle.count) == 0 { return true }
                            }
                            return false
                        }
                        let raw = UnsafeRawPointer(base)
                        var start = 0
                        // Sixteen window positions at a time, each with the three bytes after it;
                        // a marker holding a window found there starts at most `reach` before.
                        while !windows.isEmpty && start + 19 <= count {
                            let first = raw.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self)
                            let second = raw.loadUnaligned(fromByteOffset: start + 1, as: SIMD16<UInt8>.self)
                            let third = raw.loadUnaligned(fromByteOffset: start + 2, as: SIMD16<UInt8>.self)
                            let fourth = raw.loadUnaligned(fromByteOffset: start + 3, as: SIMD16<UInt8>.self)
                            var hits = SIMDMask<SIMD16<Int8>>(repeating: false)
                            var window = 0
                            while window < windows.count {
                                hits .|= (first .== windows[window]) .& (second .== windows[window + 1])
                                    .& (third .== windows[window + 2]) .& (fourth .== windows[window + 3])
                                window += 4
                            }
                            // Any lane set: the mask's two halves as words, not a reduction.
                            let words = unsafeBitCast(hits, to: SIMD2<UInt64>.self)
                            if words[0] | words[1] != 0 {
                                for position in max(0, start - reach)..<start + 16 where marker(at: position) { return true }
                            }
                            start += 16
                        }
                        // The rest one by one, from where a marker holding a window not tested
                        // above may start.
                        var position = windows.isEmpty ? 0 : max(0, start - reach)
                        while position + 1 < count {
                            if marker(at: position) { return true }
                            position += 1
                        }
                        return false
                    }
                }
            }
        }
    }

    /// Whether the `count` bytes at `line` start with `prefix`.
    private static func starts(_ line: UnsafePointer<UInt8>, _ count: Int, with prefix: StaticString) -> Bool {
        count >= prefix.utf8CodeUnitCount && memcmp(line, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// The offset of the next `name:` at or after `start`, on any line.
    private static func nameKey(in base: UnsafePointer<UInt8>, count: Int, from start: Int) -> Int? {
        let key: StaticString = "name:"
        guard start < count else { return nil }
        return ByteSearch.firstOffset(
            of: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount),
            in: UnsafeBufferPointer(start: base + start, count: count - start)
        ).map { start + $0 }
    }

    /// A scalar up to a comment, `,` or `}`, without surrounding blanks and quotes.
    private static func value(_ buffer: UnsafeBufferPointer<UInt8>, _ rest: Range<Int>) -> Range<Int> {
        func stops(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "#") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") }
        func trims(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        }
        var lower = rest.lowerBound
        var upper = lower
        while upper < rest.upperBound, !stops(buffer[upper]) { upper += 1 }
        while lower < upper, trims(buffer[lower]) { lower += 1 }
        while upper > lower, trims(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
