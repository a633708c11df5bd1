/// A value encodes as the JSON it stands for.
extension Value: Codable {
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case let .bool(b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case let .int(i):
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case let .float(d):
            var container = encoder.singleValueContainer()
            // JSON has no NaN or infinity; say them as YAML does.
            if d.isFinite { try container.encode(d) } else { try container.encode(Value.format(d)) }
        case let .string(s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case let .list(items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case let .map(mapping):
            var container = encoder.container(keyedBy: StringKey.self)
            for entry in mapping.entries { try container.encode(entry.value, forKey: StringKey(entry.key)) }
        }
    }

    public init(from decoder: Decoder) throws {
        self = try JSONValue(from: decoder).value
    }
}

struct StringKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
