/// Where a rendered text goes as it is made: each piece once, in order (standard output, or the
/// file `--output` names), so that a large document need never be whole in memory.
public typealias TextOutput = (_ piece: UnsafeRawBufferPointer) throws -> Void

/// Texts handed to a `TextOutput`.
public enum TextPieces {
    /// A text made whole first, handed on in one piece.
    public static func whole(_ text: String, to output: TextOutput) throws {
        var text = text
        try text.withUTF8 { try output(UnsafeRawBufferPointer($0)) }
    }
}
