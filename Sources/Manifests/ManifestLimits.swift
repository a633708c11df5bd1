/// Bounds on the work one file may cause, so that hostile or broken input cannot exhaust memory.
public struct ManifestLimits: Sendable, Hashable {
    /// Files larger than this are not read (a finding says so).
    public var maxFileBytes: Int
    /// Nodes that aliases of one document may expand to ("billion laughs" guard).
    public var maxAliasExpansion: Int

    public init(maxFileBytes: Int = 16 << 20, maxAliasExpansion: Int = 100_000) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// The limits used unless the caller sets others.
    public static let standard = ManifestLimits()
}
