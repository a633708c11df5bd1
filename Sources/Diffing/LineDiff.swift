import Manifests

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A line diff of two multi-line strings.
public enum LineDiff {
    /// The edits that turn `old` into `new`, kept lines included; `nil` when the texts are too
    /// large to align (`Limits.maxAlignmentCells`). Lines are equal when their bytes are: a
    /// line rewritten in another Unicode normal form is a change, and shown as one.
    public static func edits(from old: String, to new: String) -> [LineEdit]? {
        let a = lines(old)
        let b = lines(new)
        let (x, y) = numbered(a, b)
        return Alignment.align(x, y, equal: ==)?.map { step in
            switch step {
            case .keep(let i, _): return LineEdit(.kept, String(a[i]))
            case .remove(let i): return LineEdit(.removed, String(a[i]))
            case .add(let j): return LineEdit(.added, String(b[j]))
            }
        }
    }

    /// The lines of `text`, cut at each line feed byte (a CRLF line keeps its carriage return).
    /// Bytes, not characters: cutting by characters walked every grapheme of every multi-line
    /// value (6% of the corpus changelog), and took "\r\n", one character, for no line break at all.
    static func lines(_ text: String) -> [Substring] {
        var text = text
        let feeds = text.withUTF8 { bytes -> [Int] in
            var feeds: [Int] = []
            guard let base = bytes.baseAddress else { return feeds }
            var offset = 0
            while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
                feeds.append(UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base)
                offset = feeds[feeds.count - 1] + 1
            }
            return feeds
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(feeds.count + 1)
        var start = utf8.startIndex
        for feed in feeds {
            let end = utf8.index(utf8.startIndex, offsetBy: feed)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
    }

    /// Each line as a number, the same for lines with the same bytes. The alignment compares
    /// every line of one side with many of the other: numbers compare at once, where text was
    /// compared by Unicode rules each time (6% of the corpus changelog).
    static func numbered(_ a: [Substring], _ b: [Substring]) -> ([Int], [Int]) {
        var numbers: [ByteKey: Int] = [:]
        numbers.reserveCapacity(a.count + b.count)
        func number(_ line: Substring) -> Int {
            let key = ByteKey(line)
            if let known = numbers[key] { return known }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
        return (a.map(number), b.map(number))
    }
}
