/// A value encodes as the JSON it stands for.
extension Value: Codable {
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .int(let i):
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case .float(let d):
            var container = encoder.singleValueContainer()
            // JSON has no NaN or infinity; say them as YAML does.
            if d.isFinite { try container.encode(d) } else { try container.encode(Value.format(d)) }
        case .string(let s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .map(let mapping):
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
