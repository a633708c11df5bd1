/// A normalized YAML/JSON value, as the Kubernetes API server would see it after its
/// YAML → JSON conversion: map keys are strings, maps are unordered (kept sorted by key),
/// integral floats are integers.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([Value])
    case map(Mapping)

    /// The string, when this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The mapping, when this is a map.
    public var mapping: Mapping? {
        if case .map(let m) = self { return m }
        return nil
    }

    /// The items, when this is a list.
    public var list: [Value]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The value at `key`, when this is a map that has it.
    public subscript(key: String) -> Value? {
        mapping?[key]
    }

    /// The value at a path of map keys.
    public subscript(path keys: String...) -> Value? {
        var current: Value? = self
        for key in keys { current = current?[key] }
        return current
    }

    /// The value as a scalar's text, for flags and messages (`nil` for lists and maps).
    public var scalarText: String? {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return Value.format(d)
        case .string(let s): return s
        case .list, .map: return nil
        }
    }

    /// A float as YAML spells it: `.nan`, `.inf` and `-.inf`, or Swift's shortest round trip.
    public static func format(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        return String(d)
    }
}

/// A map with string keys, kept sorted by key so that equality ignores source order.
public struct Mapping: Hashable, Sendable {
    /// One key and its value.
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: Value
        public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, sorted by key (byte order), keys unique.
    public private(set) var entries: [Entry]

    /// An empty map.
    public init() { entries = [] }

    /// Makes a map from pairs, and names a key that occurs twice (the later pair wins).
    static func checkingDuplicates<Pairs: Collection<(String, Value)>>(_ pairs: Pairs) -> (mapping: Mapping, duplicate: String?) {
        let mapping = Mapping(pairs)
        guard mapping.entries.count != pairs.count else { return (mapping, nil) }
        var seen = Set<String>()
        let duplicate = pairs.first { !seen.insert($0.0).inserted }?.0
        return (mapping, duplicate)
    }

    /// Makes a map from pairs; a later pair replaces an earlier one with the same key.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        // Most maps come in key order already (Go's YAML writers sort map keys): taken as they come.
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.underestimatedCount)
        var ordered = true
        for (key, value) in pairs {
            if ordered, let last = entries.last, !last.key.utf8Precedes(key) { ordered = false }
            entries.append(Entry(key: key, value: value))
        }
        self.entries = ordered ? entries : Self.sorted(entries)
    }

    /// Entries sorted by key; a later entry replaces an earlier one with the same key.
    private static func sorted(_ pairs: [Entry]) -> [Entry] {
        var sorted = pairs.enumerated().map { (offset: $0.offset, key: $0.element.key, value: $0.element.value) }
        // Keys are equal when their bytes are, as Kubernetes compares them (not `String ==`,
        // which would merge canonically equivalent spellings).
        sorted.sort { $0.key.utf8Precedes($1.key) || ($0.key.sameBytes($1.key) && $0.offset < $1.offset) }
        var entries: [Entry] = []
        entries.reserveCapacity(sorted.count)
        for item in sorted {
            if let last = entries.last, last.key.sameBytes(item.key) {
                entries[entries.count - 1].value = item.value
            } else {
                entries.append(Entry(key: item.key, value: item.value))
            }
        }
        return entries
    }

    /// The number of keys.
    public var count: Int { entries.count }

    /// The keys, sorted.
    public var keys: [String] { entries.map(\.key) }

    /// The value for `key`, found by binary search.
    public subscript(key: String) -> Value? {
        index(of: key).map { entries[$0].value }
    }

    private func index(of key: String) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            let candidate = entries[mid].key
            if candidate.sameBytes(key) { return mid }
            if candidate.utf8Precedes(key) { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}

extension Value {
    /// Structural equality, with `.nan` equal to `.nan`: two manifests that both say `.nan`
    /// are the same, as the API server would store the same value. Strings are equal when their
    /// bytes are, as Kubernetes compares them: `String ==` takes canonically equivalent
    /// spellings (`é` and `e` with a combining accent) for one, and hid such a change.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x.sameBytes(y)
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b):
            hasher.combine(1)
            hasher.combine(b)
        case .int(let i):
            hasher.combine(2)
            hasher.combine(i)
        case .float(let d):
            hasher.combine(3)
            hasher.combine(d.isNaN ? Double.nan.bitPattern : d.bitPattern)
        case .string(let s):
            hasher.combine(4)
            hasher.combine(s)
        case .list(let items):
            hasher.combine(5)
            hasher.combine(items)
        case .map(let mapping):
            hasher.combine(6)
            hasher.combine(mapping)
        }
    }
}
