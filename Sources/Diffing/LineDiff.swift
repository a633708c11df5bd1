/// A line diff of two multi-line strings.
public enum LineDiff {
    /// The edits that turn `old` into `new`, kept lines included; `nil` when the texts are too
    /// large to align (`Limits.maxAlignmentCells`).
    public static func edits(from old: String, to new: String) -> [LineEdit]? {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        return Alignment.align(a, b, equal: ==)?.map { step in
            switch step {
            case .keep(let i, _): return LineEdit(.kept, String(a[i]))
            case .remove(let i): return LineEdit(.removed, String(a[i]))
            case .add(let j): return LineEdit(.added, String(b[j]))
            }
        }
    }
}
