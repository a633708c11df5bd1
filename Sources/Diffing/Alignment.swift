import Manifests

/// Aligns two sequences by a longest common subsequence, for lists and lines.
enum Alignment {
    /// One step of an alignment.
    enum Step: Equatable {
        case keep(Int, Int)
        case remove(Int)
        case add(Int)
    }

    /// The alignment, or `nil` when its table (after trimming the common prefix and suffix)
    /// would be larger than `Limits.maxAlignmentCells`: the caller says what it does instead.
    static func align<T>(_ a: [T], _ b: [T], equal: (T, T) -> Bool) -> [Step]? {
        var prefix = 0
        while prefix < a.count, prefix < b.count, equal(a[prefix], b[prefix]) { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
            equal(a[a.count - 1 - suffix], b[b.count - 1 - suffix])
        { suffix += 1 }
        let n = a.count - prefix - suffix
        let m = b.count - prefix - suffix

        if n > 0 && m > 0 && n * m > Limits.maxAlignmentCells { return nil }
        var steps: [Step] = (0..<prefix).map { .keep($0, $0) }
        if n == 0 || m == 0 {
            steps += (0..<n).map { .remove(prefix + $0) }
            steps += (0..<m).map { .add(prefix + $0) }
        } else {
            // lengths[i][j]: LCS length of a[prefix+i...] and b[prefix+j...], flattened.
            let width = m + 1
            var lengths = [Int32](repeating: 0, count: (n + 1) * width)
            // Through pointers: the table has up to `Limits.maxAlignmentCells` cells, and
            // checking three indexes per cell was a third of filling it.
            lengths.withUnsafeMutableBufferPointer { table in
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        for i in stride(from: n - 1, through: 0, by: -1) {
                            let row = i * width
                            let below = row + width
                            let item = a[prefix + i]
                            for j in stride(from: m - 1, through: 0, by: -1) {
                                table[row + j] =
                                    equal(item, b[prefix + j]) ? table[below + j + 1] + 1 : max(table[below + j], table[row + j + 1])
                            }
                        }
                    }
                }
            }
            var i = 0
            var j = 0
            while i < n || j < m {
                if i < n, j < m, equal(a[prefix + i], b[prefix + j]) {
                    steps.append(.keep(prefix + i, prefix + j))
                    i += 1
                    j += 1
                } else if i < n, j == m || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                    // Removals before additions, as a reader of a diff expects.
                    steps.append(.remove(prefix + i))
                    i += 1
                } else {
                    steps.append(.add(prefix + j))
                    j += 1
                }
            }
        }
        steps += (0..<suffix).map { .keep(a.count - suffix + $0, b.count - suffix + $0) }
        return steps
    }

    /// Item k against item k: the fallback for sequences too large to align. A differing pair
    /// is a removal followed by an addition at the same place, which callers compare inside.
    static func positional(_ a: Int, _ b: Int, equal: (Int, Int) -> Bool) -> [Step] {
        var steps: [Step] = []
        for k in 0..<max(a, b) {
            if k < a && k < b {
                steps += equal(k, k) ? [.keep(k, k)] : [.remove(k), .add(k)]
            } else {
                steps.append(k < a ? .remove(k) : .add(k))
            }
        }
        return steps
    }
}
