/// An optional that encodes `nil` as JSON `null` instead of leaving its key out.
///
/// The report contract lists `namespace`, `from`, `to`, `fromPath`… on every object, `null`
/// when absent; synthesized `Codable` would drop such keys. Wrapping the property keeps the
/// synthesized coding (and its key names) for everything else.
@propertyWrapper
public struct ExplicitNull<Wrapped: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var wrappedValue: Wrapped?

    public init(wrappedValue: Wrapped?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Wrapped.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as `nil`, as a plain optional would.
    public func decode<T>(_ type: ExplicitNull<T>.Type, forKey key: Key) throws -> ExplicitNull<T> {
        try decodeIfPresent(type, forKey: key) ?? ExplicitNull(wrappedValue: nil)
    }
}
