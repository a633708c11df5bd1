/// A line diff of two multi-line strings.
public enum LineDiff {
    /// The edits that turn `old` into `new`, kept lines included.
    public static func edits(from old: String, to new: String) -> [LineEdit] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        return Alignment.align(a, b, equal: ==).map { step in
            switch step {
            case let .keep(i, _): return LineEdit(.kept, String(a[i]))
            case let .remove(i): return LineEdit(.removed, String(a[i]))
            case let .add(j): return LineEdit(.added, String(b[j]))
            }
        }
    }
}
