import Manifests

/// The encoder behind `JSONText`: `Encodable` values to JSON bytes, written the way Foundation's
/// `JSONEncoder` writes them with `[.sortedKeys, .withoutEscapingSlashes]` (and
/// `.prettyPrinted`), byte for byte — the report contract's bytes did not change when it
/// replaced `JSONEncoder`. It takes a third less work on a report (73M → 46M instructions for
/// the corpus diff's), because it does less: no key coding strategies, no special cases for
/// `Date`, `Data` or `URL` (the report has none), so no dynamic casts per value; one output buffer.
///
/// What Foundation does and this does too: keys sorted by their UTF-8 bytes, keys that are the
/// same `String` written once (first spelling, last value); `/` unescaped; `"`,
/// `\`, and the control characters escaped (`\b \f \n \r \t`, others as `\u00xx`), everything
/// else written as UTF-8; a whole `Double` without `.0`; pretty output indented by two spaces
/// with `" : "` after keys and an empty container as an open line.
struct JSONTextEncoder {
    var pretty: Bool

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var writer = Writer(pretty: pretty)
        try writer.write(try NodeEncoder.node(for: value), depth: 0)
        return writer.bytes
    }

    /// The same bytes, handed to `output` in pieces of about `Writer.pieceBytes` as the long
    /// arrays are written (a report's resources, a changelog's entries), then `ending`: the
    /// document is never whole in memory. The scale repository's changelog held its 7.9 MB of
    /// JSON three times at its peak (the growing buffer, the copy it grew into, the `String`).
    func encode<T: Encodable>(_ value: T, ending: [UInt8], to output: @escaping TextOutput) throws {
        var writer = Writer(pretty: pretty, output: output)
        try writer.write(try NodeEncoder.node(for: value), depth: 0)
        writer.bytes.append(contentsOf: ending)
        try writer.flush()
    }
}

/// A JSON value being built: containers are classes, so a container handed out by an encoder
/// fills the node its parent holds.
private enum Node {
    case null
    case bool(Bool)
    /// A number, already written as JSON.
    case number(String)
    case string(String)
    case array(ArrayNode)
    case object(ObjectNode)
    /// A manifest value, written straight from itself: most of a report's bytes are values (the
    /// old and new sides of every field change), and building nodes for them cost more than
    /// writing them.
    case value(Value)
    /// The items of a long array of large values, encoded and written on all cores once the
    /// writer knows their depth.
    case items(LargeItems)
}

/// A report's resources, a changelog's entries: most of a document's bytes, in items that
/// encode without each other, so each is encoded and written on its own and the texts joined.
private final class LargeItems: @unchecked Sendable {
    let count: Int
    /// From how many items on they are encoded on all cores: under it, handing them over costs
    /// more time, and memory in another thread's heap, than it saves.
    let sharedFrom: Int
    /// Item `index`'s JSON text at `depth`.
    let text: @Sendable (_ index: Int, _ depth: Int, _ pretty: Bool) throws -> [UInt8]
    /// Item `index`'s node.
    let node: (_ index: Int) throws -> Node
    /// Whether a writer with an output writes item `index` itself, in its turn, instead of having
    /// its text made on another core: an item that holds long arrays of its own (a changelog's
    /// large step), which are then made on all cores while every byte goes out as it is written.
    /// Made whole elsewhere, the scale changelog's first entry was its 7 MB text at once (12 MB
    /// while its buffer grew).
    let writtenInPlace: (_ index: Int) -> Bool

    init<Item: Encodable & Sendable>(_ items: [Item], sharedFrom: Int = 2, writtenInPlace: ((Item) -> Bool)? = nil) {
        count = items.count
        self.sharedFrom = sharedFrom
        self.writtenInPlace = writtenInPlace.map { isLarge in { index in isLarge(items[index]) } } ?? { _ in false }
        node = { index in try NodeEncoder.node(for: items[index]) }
        text = { index, depth, pretty in
            var writer = Writer(pretty: pretty, capacity: 1 << 10)
            try writer.write(try NodeEncoder.node(for: items[index]), depth: depth)
            return writer.bytes
        }
    }

    /// The items, when `value` is an array of a type known to be large: a report's resources
    /// and a changelog's entries, and the lists a large step fills with hundreds of items
    /// (images, flags, environment, RBAC, warnings), which were encoded on one core after the
    /// resources on all.
    /// Each type is written out: a generic helper testing `T.self == [Item].self` makes the
    /// array's type metadata at run time for every value encoded (5% of the scale diff).
    static func of<T>(_ value: T) -> LargeItems? {
        if T.self == [ResourceChange].self { return LargeItems(unsafeBitCast(value, to: [ResourceChange].self)) }
        if T.self == [ChangelogEntry].self {
            // A step of hundreds of resources writes long arrays, each on all cores in its turn.
            return LargeItems(unsafeBitCast(value, to: [ChangelogEntry].self)) { entry in
                entry.summary.added + entry.summary.removed + entry.summary.modified >= 256
            }
        }
        // Small items: shared only when a large step makes many.
        let many = 128
        if T.self == [ImageChange].self { return LargeItems(unsafeBitCast(value, to: [ImageChange].self), sharedFrom: many) }
        if T.self == [FlagChange].self { return LargeItems(unsafeBitCast(value, to: [FlagChange].self), sharedFrom: many) }
        if T.self == [EnvChange].self { return LargeItems(unsafeBitCast(value, to: [EnvChange].self), sharedFrom: many) }
        if T.self == [RBACChange].self { return LargeItems(unsafeBitCast(value, to: [RBACChange].self), sharedFrom: many) }
        if T.self == [Warning].self { return LargeItems(unsafeBitCast(value, to: [Warning].self), sharedFrom: many) }
        return nil
    }
}

private final class ArrayNode {
    var items: [Node] = []
}

private final class ObjectNode {
    var entries: [(key: String, value: Node)] = []
}

/// The one encoder class: every nested value gets its own, which records one node.
private final class NodeEncoder: Encoder, SingleValueEncodingContainer {
    var node: Node?
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object)? = node { return KeyedEncodingContainer(KeyedContainer(object: object)) }
        let object = ObjectNode()
        node = .object(object)
        return KeyedEncodingContainer(KeyedContainer(object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array)? = node { return UnkeyedContainer(array: array) }
        let array = ArrayNode()
        node = .array(array)
        return UnkeyedContainer(array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() { node = .null }
    func encode(_ value: Bool) { node = .bool(value) }
    func encode(_ value: String) { node = .string(value) }
    func encode(_ value: Double) throws { node = try Self.number(value) }
    func encode(_ value: Float) throws { node = try Self.number(Double(value)) }
    func encode(_ value: Int) { node = .number(String(value)) }
    func encode(_ value: Int8) { node = .number(String(value)) }
    func encode(_ value: Int16) { node = .number(String(value)) }
    func encode(_ value: Int32) { node = .number(String(value)) }
    func encode(_ value: Int64) { node = .number(String(value)) }
    func encode(_ value: UInt) { node = .number(String(value)) }
    func encode(_ value: UInt8) { node = .number(String(value)) }
    func encode(_ value: UInt16) { node = .number(String(value)) }
    func encode(_ value: UInt32) { node = .number(String(value)) }
    func encode(_ value: UInt64) { node = .number(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { node = try Self.node(for: value) }

    /// The node a nested value encodes to (an empty object when it encodes nothing, as Foundation).
    static func node<T: Encodable>(for value: T) throws -> Node {
        if T.self == Value.self { return .value(unsafeBitCast(value, to: Value.self)) }
        if let items = LargeItems.of(value) { return .items(items) }
        let encoder = NodeEncoder()
        try value.encode(to: encoder)
        return encoder.node ?? .object(ObjectNode())
    }

    /// Swift's shortest round-trip spelling, less a whole number's `.0`; JSON has no NaN or
    /// infinity, so those throw, as with Foundation.
    static func number(_ value: Double) throws -> Node {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "\(value) is not valid JSON"))
        }
        return .number(text(of: value))
    }

    /// A finite number's JSON text.
    static func text(of value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: ObjectNode
    var codingPath: [any CodingKey] { [] }

    func add(_ node: Node, _ key: Key) { object.entries.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) { add(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { add(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { add(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { add(try NodeEncoder.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { add(try NodeEncoder.number(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { add(.number(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { add(try NodeEncoder.node(for: value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey>
    {
        let nested = ObjectNode()
        add(.object(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        add(.array(nested), key)
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder { SuperEncoder(object: object, key: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { SuperEncoder(object: object, key: key.stringValue) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: ArrayNode
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.items.count }

    mutating func encodeNil() { array.items.append(.null) }
    mutating func encode(_ value: Bool) { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(try NodeEncoder.number(value)) }
    mutating func encode(_ value: Int) { array.items.append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { array.items.append(try NodeEncoder.node(for: value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = ObjectNode()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = ArrayNode()
        array.items.append(.array(nested))
        return UnkeyedContainer(array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let object = ObjectNode()
        array.items.append(.object(object))
        return SuperEncoder(object: object, key: "super")
    }
}

/// `superEncoder()`: a value encoded under `key` of `object` once its encoder is done with.
private final class SuperEncoder: Encoder {
    let object: ObjectNode
    let key: String
    let inner = NodeEncoder()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(object: ObjectNode, key: String) {
        self.object = object
        self.key = key
    }

    deinit { object.entries.append((key, inner.node ?? .object(ObjectNode()))) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner }
}

/// Writes a node tree as JSON text: into `bytes`, or, with an `output`, in pieces to it.
private struct Writer {
    let pretty: Bool
    var bytes: [UInt8] = []
    /// Where the text goes as it is written; `nil`: it stays in `bytes`.
    let output: TextOutput?
    /// How many bytes a writer with an `output` gathers before handing them on.
    static let pieceBytes = 1 << 16

    init(pretty: Bool, capacity: Int = 1 << 16, output: TextOutput? = nil) {
        self.pretty = pretty
        self.output = output
        bytes.reserveCapacity(capacity)
    }

    /// Hands what is written so far to the output, if there is one.
    mutating func flush() throws {
        guard let output, !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try output($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func write(_ node: Node, depth: Int) throws {
        switch node {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .number(let text): append(text)
        case .string(let text): writeString(text)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                try write(item, depth: depth + 1)
            }
            close(UInt8(ascii: "]"), depth: depth, empty: array.items.isEmpty)
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let entries = Self.ordered(object.entries)
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                writeString(entry.key)
                append(pretty ? " : " : ":")
                try write(entry.value, depth: depth + 1)
            }
            close(UInt8(ascii: "}"), depth: depth, empty: entries.isEmpty)
        case .value(let value): write(value, depth: depth)
        case .items(let items):
            let pretty = self.pretty
            bytes.append(UInt8(ascii: "["))
            // A batch at a time, so that the items' texts wait in memory a batch at most.
            for batch in stride(from: 0, to: items.count, by: 64) {
                let indexes = Array(batch..<min(batch + 64, items.count))
                let inPlace = output == nil ? [] : Set(indexes.filter(items.writtenInPlace))
                let made = indexes.filter { !inPlace.contains($0) }
                let texts =
                    items.count < items.sharedFrom
                    ? made.map { index in Result { try items.text(index, depth + 1, pretty) } }
                    : ParallelMap.map(made) { index in Result { try items.text(index, depth + 1, pretty) } }
                var next = texts.makeIterator()
                for index in indexes {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(depth + 1)
                    if inPlace.contains(index) {
                        try write(items.node(index), depth: depth + 1)
                        if bytes.count >= Self.pieceBytes { try flush() }
                        continue
                    }
                    let text = try next.next()!.get()
                    if let output, text.count >= Self.pieceBytes {
                        // A large item goes on as it is, not copied into the buffer first.
                        try flush()
                        try text.withUnsafeBytes { try output($0) }
                    } else {
                        bytes.append(contentsOf: text)
                        if bytes.count >= Self.pieceBytes { try flush() }
                    }
                }
            }
            close(UInt8(ascii: "]"), depth: depth, empty: items.count == 0)
        }
    }

    /// A manifest value, with the bytes `Value`'s `Encodable` conformance gives through the nodes.
    mutating func write(_ value: Value, depth: Int) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): append(String(number))
        case .float(let number):
            if number.isFinite { append(NodeEncoder.text(of: number)) } else { writeString(Value.format(number)) }
        case .string(let text): writeString(text)
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                write(item, depth: depth + 1)
            }
            close(UInt8(ascii: "]"), depth: depth, empty: items.isEmpty)
        case .map(let mapping) where mapping.entries.contains(where: { $0.key.utf8.contains { $0 >= 0x80 } }):
            // Keys with non-ASCII bytes can be one key to Foundation (canonically equivalent
            // spellings): the objects' rules decide.
            let object = ObjectNode()
            object.entries = mapping.entries.map { (key: $0.key, value: Node.value($0.value)) }
            // Values only: nothing in them throws.
            try? write(.object(object), depth: depth)
        case .map(let mapping):
            // Unique, and sorted by their bytes already.
            bytes.append(UInt8(ascii: "{"))
            for (index, entry) in mapping.entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(depth + 1)
                writeString(entry.key)
                append(pretty ? " : " : ":")
                write(entry.value, depth: depth + 1)
            }
            close(UInt8(ascii: "}"), depth: depth, empty: mapping.entries.isEmpty)
        }
    }

    /// An object's entries as Foundation writes them: keys that are the same `String` (encoded
    /// twice, or the same text in another Unicode normalization) are one key, spelled as first
    /// encoded, with the value encoded last; sorted by their UTF-8 bytes.
    static func ordered(_ entries: [(key: String, value: Node)]) -> [(key: String, value: Node)] {
        guard entries.count > 1 else { return entries }
        var unique = entries
        if entries.contains(where: { $0.key.utf8.contains { $0 >= 0x80 } }) {
            // Only non-ASCII keys can be equal with different bytes.
            var first: [String: Int] = [:]
            unique = []
            for entry in entries {
                if let at = first[entry.key] {
                    unique[at].value = entry.value
                } else {
                    first[entry.key] = unique.count
                    unique.append(entry)
                }
            }
        }
        let order = unique.indices.sorted { a, b in
            let (x, y) = (unique[a].key, unique[b].key)
            return x.utf8Precedes(y) || (a < b && !y.utf8Precedes(x))
        }
        var result: [(key: String, value: Node)] = []
        result.reserveCapacity(order.count)
        for index in order {
            if let last = result.last, !last.key.utf8Precedes(unique[index].key) {
                result[result.count - 1].value = unique[index].value
            } else {
                result.append(unique[index])
            }
        }
        return result
    }

    private mutating func close(_ bracket: UInt8, depth: Int, empty: Bool) {
        if pretty {
            if empty { bytes.append(UInt8(ascii: "\n")) }
            newline(depth)
        }
        bytes.append(bracket)
    }

    private mutating func newline(_ depth: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        var spaces = depth * 2
        while spaces > 0 {
            let run = min(spaces, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[..<run])
            spaces -= run
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
