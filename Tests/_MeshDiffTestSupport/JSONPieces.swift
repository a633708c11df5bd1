import Reports

/// The pieces `JSONText.pretty(_:to:)` hands out for a value, each copied as it comes.
public enum JSONPieces {
    public static func of<T: Encodable>(_ value: T) throws -> [[UInt8]] {
        let pieces = Collected()
        try JSONText.pretty(value, to: { pieces.all.append(Array($0)) })
        return pieces.all
    }

    private final class Collected: @unchecked Sendable { var all: [[UInt8]] = [] }
}
