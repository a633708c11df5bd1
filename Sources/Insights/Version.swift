/// A release version as meshes and images name them, ordered where an order exists.
///
/// Understands Linkerd's channels (`stable-2.14.10`, `edge-24.11.8`, `enterprise-2.15.1`) and
/// semantic versions with or without `v` and with suffixes (`1.20.0-rc.1`, `1.22.0-distroless`).
public struct Version: Equatable, Sendable, CustomStringConvertible {
    /// `stable`, `edge`, `enterprise`, or `nil` for a plain version.
    public var channel: String?
    public var numbers: [Int]
    /// A pre-release part (`rc.1`, `alpha.2`), which sorts before the release.
    public var prerelease: String?
    /// A build variant (`distroless`, `debug`), which does not change the order.
    public var variant: String?
    public var text: String

    static let variants: Set<String> = ["distroless", "debug", "debian", "alpine", "slim"]

    /// Parses a version; `nil` when `text` holds no dotted number.
    public init?(_ text: String) {
        self.text = text
        var rest = Substring(text)
        channel = nil
        for known in ["stable-", "edge-", "enterprise-"] where rest.hasPrefix(known) {
            channel = String(known.dropLast())
            rest = rest.dropFirst(known.count)
        }
        if rest.hasPrefix("v") || rest.hasPrefix("V") { rest = rest.dropFirst() }
        let core = rest.prefix { $0.isNumber || $0 == "." }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard !core.isEmpty, parts.allSatisfy({ !$0.isEmpty }), let numbers = Optional(parts.compactMap { Int($0) }),
            numbers.count == parts.count
        else { return nil }
        self.numbers = numbers
        var suffix = rest.dropFirst(core.count)
        prerelease = nil
        variant = nil
        if suffix.hasPrefix("-") || suffix.hasPrefix("+") {
            suffix = suffix.dropFirst()
            let pieces = suffix.split(separator: "-").map(String.init)
            for piece in pieces {
                if Self.variants.contains(piece.lowercased()) {
                    variant = piece
                } else {
                    prerelease = prerelease.map { $0 + "-" + piece } ?? piece
                }
            }
        } else if !suffix.isEmpty {
            return nil
        }
    }

    public var description: String { text }

    /// A date or a calendar year leads the version (`v20230407`, `2024.10.1`): another scheme
    /// than `1.5.0`, and no order between the two exists.
    public var isDateLike: Bool { (numbers.first ?? 0) >= 1000 }

    /// How `self` relates to `other`: `.orderedAscending` when `other` is newer;
    /// `nil` when the two cannot be ordered (different channels).
    public func compare(to other: Version) -> Ordering? {
        guard channel == other.channel, isDateLike == other.isDateLike else { return nil }
        let count = max(numbers.count, other.numbers.count)
        for index in 0..<count {
            let a = index < numbers.count ? numbers[index] : 0
            let b = index < other.numbers.count ? other.numbers[index] : 0
            if a != b { return a < b ? .older : .newer }
        }
        switch (prerelease, other.prerelease) {
        case (nil, nil): return .same
        case (nil, _): return .newer
        case (_, nil): return .older
        case (let a?, let b?): return Self.comparePrerelease(a, b)
        }
    }

    /// How a version relates to another.
    public enum Ordering: Equatable, Sendable {
        /// `self` is older than the other.
        case older
        case same
        /// `self` is newer than the other.
        case newer
    }

    private static func comparePrerelease(_ a: String, _ b: String) -> Ordering {
        let x = a.split(separator: ".")
        let y = b.split(separator: ".")
        for (p, q) in zip(x, y) where p != q {
            if let m = Int(p), let n = Int(q) { return m < n ? .older : .newer }
            return p < q ? .older : .newer
        }
        return x.count == y.count ? .same : (x.count < y.count ? .older : .newer)
    }
}
