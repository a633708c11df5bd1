#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Whether `needle` occurs in this string, byte for byte (UTF-8).
    ///
    /// Foundation's `contains` compares by Unicode rules and was a tenth of a diff's time when
    /// every changed value is checked for keys and certificates; a byte search is exact here,
    /// since the markers searched for are ASCII.
    public func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in needle.withUTF8 { n in ByteSearch.firstOffset(of: n, in: h) != nil } }
    }
}

extension String {
    /// The lines, as `split(whereSeparator: \.isNewline)` cuts them, that hold `needle`'s bytes,
    /// in order. A byte search finds the needle and the line around it is cut there: splitting
    /// a long text into characters to look at a few of its lines walked every grapheme of it.
    /// (A line break is a newline scalar: LF, CR, VT, FF, NEL, LS or PS; CR LF is one.)
    public func lines(holdingBytes needle: String) -> [Substring] {
        var text = self
        var needle = needle
        let ranges = text.withUTF8 { h in
            needle.withUTF8 { n -> [Range<Int>] in
                var ranges: [Range<Int>] = []
                var from = 0
                while from < h.count, let hit = ByteSearch.firstOffset(of: n, in: UnsafeBufferPointer(rebasing: h[from...])) {
                    var start = from + hit
                    while start > 0, Self.newlineLength(endingAt: start, in: h) == 0 { start -= 1 }
                    var end = from + hit + n.count
                    while end < h.count, Self.newlineLength(startingAt: end, in: h) == 0 { end += 1 }
                    ranges.append(start..<end)
                    from = end
                }
                return ranges
            }
        }
        let utf8 = utf8
        return ranges.map { range in
            self[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// The lines, cut at each line feed byte (a CRLF line keeps its carriage return). Bytes, not
    /// characters: cutting by characters walked every grapheme of every multi-line value, and
    /// took "\r\n", one character, for no line break at all.
    public func linesAtLineFeeds() -> [Substring] {
        var text = self
        let feeds = text.withUTF8 { bytes -> [Int] in
            var feeds: [Int] = []
            var offset = 0
            while let feed = ByteSearch.firstOffset(of: 0x0A, in: bytes, from: offset) {
                feeds.append(feed)
                offset = feed + 1
            }
            return feeds
        }
        var lines: [Substring] = []
        lines.reserveCapacity(feeds.count + 1)
        var start = utf8.startIndex
        for feed in feeds {
            let end = utf8.index(utf8.startIndex, offsetBy: feed)
            lines.append(self[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(self[start...])
        return lines
    }

    /// The length in bytes of the newline scalar that starts at `offset`, or 0.
    static func newlineLength(startingAt offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        switch bytes[offset] {
        case 0x0A, 0x0B, 0x0C, 0x0D: return 1
        case 0xC2 where offset + 1 < bytes.count && bytes[offset + 1] == 0x85: return 2
        case 0xE2 where offset + 2 < bytes.count && bytes[offset + 1] == 0x80 && (bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9):
            return 3
        default: return 0
        }
    }

    /// The length in bytes of the newline scalar that ends just before `offset`, or 0.
    static func newlineLength(endingAt offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if offset >= 1, newlineLength(startingAt: offset - 1, in: bytes) == 1 { return 1 }
        if offset >= 2, newlineLength(startingAt: offset - 2, in: bytes) == 2 { return 2 }
        if offset >= 3, newlineLength(startingAt: offset - 3, in: bytes) == 3 { return 3 }
        return 0
    }
}

extension String {
    /// Every occurrence of `target` replaced with `replacement`, byte for byte (UTF-8), as
    /// Foundation's `replacingOccurrences(of:with:)` does. The standard library's `replacing`
    /// matches whole characters, so a combining mark after a `<` or a `|` would hide it from an
    /// escape; a byte match cannot be hidden.
    public func replacingBytes(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty, containsBytes(target) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var rest = Substring(self).utf8[...]
        while let hit = rest.firstRange(of: needle) {
            out += rest[..<hit.lowerBound]
            out += replacement.utf8
            rest = rest[hit.upperBound...]
        }
        out += rest
        return String(decoding: out, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// The offset of the first `byte` at or after `start`.
    public func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        withUnsafeBufferPointer { ByteSearch.firstOffset(of: byte, in: $0, from: start) }
    }

    /// The offset of the first occurrence of `needle` at or after `start`, byte for byte.
    public func firstOffset(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard start <= count else { return nil }
        return withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                ByteSearch.firstOffset(of: n, in: UnsafeBufferPointer(rebasing: h[start...])).map { $0 + start }
            }
        }
    }
}

/// The byte searches on bytes: `memchr` for one byte; for a string of them `memchr` for the
/// first byte, `memcmp` for the rest.
enum ByteSearch {
    /// The offset of the first `byte` at or after `start`.
    static func firstOffset(of byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard start < haystack.count, let base = haystack.baseAddress, let hit = memchr(base + start, Int32(byte), haystack.count - start)
        else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        guard needle.count > 0 else { return 0 }
        let base = haystack.baseAddress!
        let first = Int32(needle[0])
        var start = base
        let last = base + (haystack.count - needle.count)
        while start <= last {
            guard let hit = memchr(start, first, last - start + 1) else { return nil }
            let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(candidate, needle.baseAddress!, needle.count) == 0 { return candidate - base }
            start = candidate + 1
        }
        return nil
    }
}

extension StringProtocol {
    /// Whether the two texts have the same UTF-8 bytes: how Kubernetes compares names, keys
    /// and values. `==` compares by Unicode rules and takes canonically equivalent spellings
    /// for one text.
    public func sameBytes<Other: StringProtocol>(_ other: Other) -> Bool {
        let result = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in a.sameBytes(b) }
        }
        return (result ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the two buffers hold the same bytes.
    public func sameBytes(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (isEmpty || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }

    /// Whether these bytes sort before `other`'s (a shorter run before a longer one it starts),
    /// with one `memcmp`.
    public func precedes(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = Swift.min(count, other.count)
        if common > 0 {
            let order = memcmp(baseAddress!, other.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return count < other.count
    }
}

extension String {
    /// Whether this string's UTF-8 bytes sort before `other`'s: the order of keys in a `Mapping`
    /// and in written JSON. A `memcmp` on the contiguous bytes, where comparing the UTF-8 views
    /// element by element was a tenth of building a map.
    public func utf8Precedes(_ other: String) -> Bool {
        let result = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in a.precedes(b) }
        }
        return (result ?? nil) ?? utf8.lexicographicallyPrecedes(other.utf8)
    }
}

/// Text as a dictionary key by its UTF-8 bytes: equal when the bytes are, hashed from them.
/// A `String` key is hashed and compared by Unicode rules: a long value with one non-ASCII
/// character was normalized whole to be hashed, and a value rewritten in another normal form
/// would be taken for the other.
public struct ByteKey: Hashable, Sendable {
    public let text: Substring

    public init(_ text: Substring) {
        self.text = text
    }

    public init(_ text: String) {
        self.text = text[...]
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public static func == (a: ByteKey, b: ByteKey) -> Bool {
        a.text.sameBytes(b.text)
    }
}
