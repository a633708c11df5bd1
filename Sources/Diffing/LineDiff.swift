import Manifests

/// A line diff of two multi-line strings.
public enum LineDiff {
    /// The edits that turn `old` into `new`, kept lines included; `nil` when the texts are too
    /// large to align (`Limits.maxAlignmentCells`). Lines are cut at line feeds and equal when
    /// their bytes are: a line rewritten in another Unicode normal form is a change, shown as one.
    public static func edits(from old: String, to new: String) -> [LineEdit]? {
        let a = old.linesAtLineFeeds()
        let b = new.linesAtLineFeeds()
        let (x, y) = numbered(a, b)
        return Alignment.align(x, y, equal: ==)?.map { step in
            switch step {
            case .keep(let i, _): return LineEdit(.kept, String(a[i]))
            case .remove(let i): return LineEdit(.removed, String(a[i]))
            case .add(let j): return LineEdit(.added, String(b[j]))
            }
        }
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
