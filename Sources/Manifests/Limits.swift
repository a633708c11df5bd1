/// Every bound meshdiff puts on its own work, in one place. Each has a fallback that is coarser
/// but true, and the report says when it was used: a finding for what was not read, a note on
/// the field change for what was not compared in detail.
///
/// The limits a user may set (file size, alias expansion) are `ManifestLimits`.
public enum Limits {
    /// Collections nested deeper than this in one YAML document: the document is a finding.
    public static let maxNesting = 512
    /// Strings longer than this are not read as embedded YAML or JSON documents, only as text.
    public static let maxEmbeddedBytes = 4 << 20
    /// Documents inside strings inside documents are compared as trees this many levels deep;
    /// deeper ones as text. Bounds recursion and the cost of re-parsing nested text.
    public static let maxEmbeddedDepth = 4
    /// The largest alignment table (old × new items or lines, after the common prefix and
    /// suffix are trimmed). A larger list is compared position by position; a larger text is
    /// reported as changed with its line counts, without a line diff.
    public static let maxAlignmentCells = 4_000_000
}
