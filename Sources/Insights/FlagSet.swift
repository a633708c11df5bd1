import Manifests

/// A container's command line read as flags, by the rule in DESIGN.md.
///
/// Tokens of `command` then `args`: a token starting with `-` (but not `-` or `--` alone) is a
/// flag, named without its leading dashes up to the first `=`, valued by what follows `=`;
/// without `=`, the next token is its value unless it starts with `-`, else the value is
/// empty. A repeated flag's values are joined with `,`. All other tokens, joined by one space,
/// form the flag named `""` (the positional arguments).
public struct FlagSet: Equatable, Sendable {
    /// Flag names in first-seen order, and their values.
    public private(set) var names: [String] = []
    public private(set) var values: [String: String] = [:]
    /// How each flag was first written, dashes included (`-c`, `--log-level`).
    public private(set) var spellings: [String: String] = [:]

    public init(tokens: [String]) {
        var positional: [String] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard token.hasPrefix("-"), token != "-", token != "--" else {
                positional.append(token)
                continue
            }
            let body = token.drop { $0 == "-" }
            let dashes = String(token.prefix(token.count - body.count))
            let name: String
            let value: String
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
                if index < tokens.count, !tokens[index].hasPrefix("-") {
                    value = tokens[index]
                    index += 1
                } else {
                    value = ""
                }
            }
            add(name, value)
            if spellings[name] == nil { spellings[name] = dashes + name }
        }
        if !positional.isEmpty { add("", positional.joined(separator: " ")) }
    }

    /// The flags of a container spec (`command` then `args`).
    public init(container: Value) {
        let tokens = ["command", "args"].flatMap { key in
            container[key]?.list?.map { $0.scalarText ?? "" } ?? []
        }
        self.init(tokens: tokens)
    }

    private mutating func add(_ name: String, _ value: String) {
        if let existing = values[name] {
            values[name] = existing + "," + value
        } else {
            names.append(name)
            values[name] = value
        }
    }
}
