/// Decodes a JSON document into a `Value`.
struct JSONValue: Decodable {
    let value: Value

    init(from decoder: Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !list.isAtEnd { items.append(try list.decode(JSONValue.self).value) }
            value = .list(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            value = .map(Mapping(try object.allKeys.map { ($0.stringValue, try object.decode(JSONValue.self, forKey: $0).value) }))
            return
        }
        let scalar = try decoder.singleValueContainer()
        if scalar.decodeNil() {
            value = .null
        } else if let bool = try? scalar.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? scalar.decode(Int.self) {
            value = .int(int)
        } else if let double = try? scalar.decode(Double.self) {
            value = double.rounded() == double && abs(double) < 9.0e15 ? .int(Int(double)) : .float(double)
        } else {
            value = .string(try scalar.decode(String.self))
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
