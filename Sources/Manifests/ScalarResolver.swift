/// Gives plain (unquoted) YAML scalars their type the way Kubernetes does.
///
/// Kubernetes reads YAML with go-yaml v2 before converting it to JSON, and go-yaml v2 follows
/// YAML 1.1: `yes`/`no`/`on`/`off`/`y`/`n` are booleans and `0644` is octal (420). We resolve the
/// same way on purpose, so that meshdiff calls two manifests equal exactly when the API server
/// would store equal objects (`defaultMode: 0644` and `defaultMode: 420` are the same mode).
/// Quoted scalars are always strings. Timestamps stay strings, as in JSON.
enum ScalarResolver {
    static func resolve(plain text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return number(text) ?? .string(text)
        case UInt8(ascii: "~"):
            return text == "~" ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text.utf8.count == 4, text == "null" || text == "Null" || text == "NULL" { return .null }
            return boolean(text).map(Value.bool) ?? .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            return boolean(text).map(Value.bool) ?? .string(text)
        default:
            return .string(text)
        }
    }

    private static func boolean(_ text: String) -> Bool? {
        // The longest spelling is five bytes; most words that start like one are longer.
        guard text.utf8.count <= 5 else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    private static func number(_ text: String) -> Value? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        // Most plain scalars that start like a number are not one (`-log-level=info`,
        // `1.2.3-rc`): a byte no number spelling holds settles it before any parsing.
        guard text.utf8.allSatisfy({ Self.numberBytes[Int($0)] }) else { return nil }
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        let digits = String(body.filter { $0 != "_" })
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            return integer(digits.dropFirst(2), radix: 16, negative: negative)
        }
        if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
            return integer(digits.dropFirst(2), radix: 2, negative: negative)
        }
        if digits.hasPrefix("0o") || digits.hasPrefix("0O") {
            return integer(digits.dropFirst(2), radix: 8, negative: negative)
        }
        if digits.count > 1, digits.hasPrefix("0"), digits.allSatisfy({ ("0"..."7").contains($0) }) {
            return integer(Substring(digits), radix: 8, negative: negative)
        }
        if digits.allSatisfy(\.isASCIIDigit) {
            return integer(Substring(digits), radix: 10, negative: negative)
        }
        guard isFloat(digits), let value = Double(digits) else { return nil }
        let signed = negative ? -value : value
        // JSON has one number type: an integral float is the same number as the integer.
        if signed.rounded() == signed, abs(signed) < 9.0e15 { return .int(Int(signed)) }
        return .float(signed)
    }

    /// The bytes a YAML 1.1 int or float can be spelled with: digits, hex digits, the `x`, `o`
    /// and `b` of radix prefixes, `_`, `.`, signs (`e` is a hex digit).
    private static let numberBytes: [Bool] = (0..<256).map { byte in
        let c = UInt8(byte)
        return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
            || [
                UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "+"), UInt8(ascii: "-"),
            ].contains(c)
    }

    private static func integer(_ digits: Substring, radix: Int, negative: Bool) -> Value? {
        guard !digits.isEmpty, let magnitude = Int(digits, radix: radix) else { return nil }
        return .int(negative ? -magnitude : magnitude)
    }

    /// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the exponent.
    private static func isFloat(_ s: String) -> Bool {
        var sawDigit = false
        var index = s.utf8.startIndex
        let bytes = s.utf8
        while index < bytes.endIndex, bytes[index].isASCIIDigitByte {
            sawDigit = true
            index = bytes.index(after: index)
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            while index < bytes.endIndex, bytes[index].isASCIIDigitByte {
                sawDigit = true
                index = bytes.index(after: index)
            }
        }
        guard sawDigit else { return false }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index = bytes.index(after: index)
            }
            var expDigit = false
            while index < bytes.endIndex, bytes[index].isASCIIDigitByte {
                expDigit = true
                index = bytes.index(after: index)
            }
            guard expDigit else { return false }
        }
        return index == bytes.endIndex
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension UInt8 {
    fileprivate var isASCIIDigitByte: Bool { self >= 48 && self <= 57 }
}
