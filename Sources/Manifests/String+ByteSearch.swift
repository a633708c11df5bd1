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
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                guard n.count > 0 else { return true }
                let first = Int32(n[0])
                var start = h.baseAddress!
                let last = h.baseAddress! + (h.count - n.count)
                while start <= last {
                    guard let hit = memchr(start, first, last - start + 1) else { return false }
                    let candidate = hit.assumingMemoryBound(to: UInt8.self)
                    if memcmp(candidate, n.baseAddress!, n.count) == 0 { return true }
                    start = UnsafePointer(candidate) + 1
                }
                return false
            }
        }
    }
}
