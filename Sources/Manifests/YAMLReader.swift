internal import CLibYAML

/// Why a YAML document could not be read.
enum YAMLReadError: Error {
    /// libyaml's own complaint, at a 1-based line and column of the text given.
    case syntax(line: Int?, column: Int?, message: String)
    /// Aliases would expand to more than `limit` nodes ("billion laughs").
    case aliasExpansion(limit: Int, line: Int?)
    /// A map key that is a map or a list, which Kubernetes cannot read.
    case nonScalarKey(line: Int?)
    /// The same key twice in one map, which Kubernetes refuses.
    case duplicateKey(String, line: Int?)
    /// Collections nested deeper than `limit`.
    case tooDeep(limit: Int, line: Int?)
}

/// Builds `Value`s straight from libyaml's event stream.
///
/// No intermediate node tree: each scalar becomes its value as it is read, with Kubernetes'
/// YAML 1.1 resolution (`ScalarResolver`). Anchors are kept as finished values with their node
/// count, so an alias costs a reference, while the count bounds what consumers would walk.
/// Merge keys (`<<`) resolve; explicit core tags (`!!str 1`) decide the type.
struct YAMLReader {
    /// Every document of `text`, with the 1-based line where its root starts. A document in
    /// the subset `BlockYAMLReader` knows is read by it, from bytes (in place: a document of a
    /// file is read where it lies, not copied out); all others by libyaml.
    static func documents(_ text: Substring, aliasLimit: Int) throws -> [(value: Value, line: Int)] {
        if let document = BlockYAMLReader.document(text, aliasLimit: aliasLimit) { return [document] }
        return try libyamlDocuments(String(text), aliasLimit: aliasLimit)
    }

    /// Every document of `text` as libyaml reads it.
    static func libyamlDocuments(_ text: String, aliasLimit: Int) throws -> [(value: Value, line: Int)] {
        var reader = YAMLReader(aliasLimit: aliasLimit)
        return try reader.read(text)
    }

    /// An open collection. A struct mutated in place on the stack, so that appending to it
    /// never copies its items.
    private struct Frame {
        var isMapping: Bool
        var items: [Value] = []
        var pairs: [(String, Value)] = []
        var pending: PendingKey = .none
        var merged: [(String, Value)] = []
        var nodes = 1
        var anchor: String?
        /// Where the collection starts, for errors found when it closes.
        var line: Int

        init(mapping: Bool, anchor: String?, line: Int) {
            isMapping = mapping
            self.anchor = anchor
            self.line = line
        }

        var expectsKey: Bool {
            if isMapping, case .none = pending { return true }
            return false
        }
    }

    private enum PendingKey {
        case none
        case key(String)
        case merge
    }

    private let aliasLimit: Int
    private var stack: [Frame] = []
    private var anchors: [String: (value: Value, nodes: Int)] = [:]
    private var expanded = 0
    private var roots: [(value: Value, line: Int)] = []
    private var rootLine = 1
    private var line = 1

    private init(aliasLimit: Int) {
        self.aliasLimit = aliasLimit
    }

    private mutating func read(_ text: String) throws -> [(value: Value, line: Int)] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLReadError.syntax(line: nil, column: nil, message: "out of memory") }
        defer { yaml_parser_delete(&parser) }
        // libyaml reads the string's own UTF-8 storage: no copy of the document.
        var text = text
        return try text.withUTF8 { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(parser) }
                defer { yaml_event_delete(&event) }
                line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return roots
                case YAML_DOCUMENT_START_EVENT:
                    anchors.removeAll()
                case YAML_SCALAR_EVENT:
                    try scalar(event)
                case YAML_ALIAS_EVENT:
                    try alias(Self.string(event.data.alias.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    try open(Frame(mapping: false, anchor: Self.optionalString(event.data.sequence_start.anchor), line: line))
                case YAML_MAPPING_START_EVENT:
                    try open(Frame(mapping: true, anchor: Self.optionalString(event.data.mapping_start.anchor), line: line))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    try close()
                default:
                    break
                }
            }
        }
    }

    private mutating func open(_ frame: Frame) throws {
        if stack.last?.expectsKey == true { throw YAMLReadError.nonScalarKey(line: line) }
        if stack.isEmpty { rootLine = line }
        guard stack.count < Limits.maxNesting else { throw YAMLReadError.tooDeep(limit: Limits.maxNesting, line: line) }
        stack.append(frame)
    }

    private mutating func close() throws {
        guard let frame = stack.popLast() else { return }
        guard frame.isMapping else {
            try finish(.list(frame.items), nodes: frame.nodes, anchor: frame.anchor)
            return
        }
        let (own, duplicate) = Mapping.checkingDuplicates(frame.pairs)
        if let duplicate { throw YAMLReadError.duplicateKey(duplicate, line: frame.line) }
        guard !frame.merged.isEmpty else {
            try finish(.map(own), nodes: frame.nodes, anchor: frame.anchor)
            return
        }
        // Keys written in the map win over merged ones; among merged maps the first wins.
        var all = frame.pairs
        var seen = Set(own.keys)
        for (key, value) in frame.merged where seen.insert(key).inserted {
            all.append((key, value))
        }
        try finish(.map(Mapping(all)), nodes: frame.nodes, anchor: frame.anchor)
    }

    private mutating func scalar(_ event: yaml_event_t) throws {
        let data = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
        let plain = data.style == YAML_PLAIN_SCALAR_STYLE
        let tag = Self.optionalString(data.tag)
        if plain, tag == nil, text == "<<", stack.last?.expectsKey == true {
            stack[stack.count - 1].pending = .merge
            return
        }
        if stack.isEmpty { rootLine = line }
        try finish(Self.value(text, plain: plain, tag: tag), nodes: 1, anchor: Self.optionalString(data.anchor))
    }

    private mutating func alias(_ name: String) throws {
        guard let target = anchors[name] else {
            throw YAMLReadError.syntax(
                line: line, column: nil, message: "found an undefined alias (a plain value starting with '*' is read as an alias: quote it)"
            )
        }
        expanded += target.nodes
        if expanded > aliasLimit { throw YAMLReadError.aliasExpansion(limit: aliasLimit, line: line) }
        if stack.isEmpty { rootLine = line }
        try deliver(target.value, nodes: target.nodes)
    }

    private mutating func finish(_ value: Value, nodes: Int, anchor: String?) throws {
        if let anchor { anchors[anchor] = (value, nodes) }
        try deliver(value, nodes: nodes)
    }

    /// Hands a finished value to its parent, or makes it a document root.
    private mutating func deliver(_ value: Value, nodes: Int) throws {
        guard !stack.isEmpty else {
            roots.append((value, rootLine))
            return
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(value)
            stack[top].nodes += nodes
            return
        }
        switch stack[top].pending {
        case .none:
            guard let key = value.scalarText, value.list == nil, value.mapping == nil else {
                throw YAMLReadError.nonScalarKey(line: line)
            }
            stack[top].pending = .key(key)
        case .key(let key):
            stack[top].pairs.append((key, value))
            stack[top].pending = .none
            stack[top].nodes += nodes
        case .merge:
            switch value {
            case .map(let mapping):
                stack[top].merged += mapping.entries.map { ($0.key, $0.value) }
            case .list(let items) where items.allSatisfy({ $0.mapping != nil }):
                for item in items { stack[top].merged += item.mapping?.entries.map { ($0.key, $0.value) } ?? [] }
            default:
                // go-yaml v2, which Kubernetes reads manifests with, refuses this document.
                throw YAMLReadError.syntax(
                    line: line, column: nil, message: "a merge key (<<) must hold a map or a list of maps, as Kubernetes requires")
            }
            stack[top].pending = .none
            stack[top].nodes += nodes
        }
    }

    /// A scalar's value: quoted and block scalars are strings, explicit core tags decide,
    /// plain scalars resolve like Kubernetes resolves them.
    static func value(_ text: String, plain: Bool, tag: String?) -> Value {
        switch tag {
        case "tag:yaml.org,2002:str", "!":
            return .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            let resolved = ScalarResolver.resolve(plain: text)
            return resolved.string == nil ? resolved : .string(text)
        default:
            return plain ? ScalarResolver.resolve(plain: text) : .string(text)
        }
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    static func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    static func error(_ parser: yaml_parser_t) -> YAMLReadError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let message = [context, problem].compactMap { $0 }.joined(separator: ": ")
        if parser.error == YAML_READER_ERROR {
            return .syntax(line: nil, column: nil, message: "\(message) (at byte \(parser.problem_offset))")
        }
        return .syntax(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1, message: message)
    }
}
