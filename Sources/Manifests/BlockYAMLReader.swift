/// Reads the YAML that Kubernetes manifests are written in straight from bytes: block maps and
/// lists, plain, quoted and block scalars (multi-line included), flow collections on one line,
/// anchors and aliases of scalars, comments. It is libyaml's fast path, not a second YAML
/// parser: anything else — anchors and aliases of collections, tags, merge keys, complex or
/// multi-line keys, flow collections over several lines,
/// tabs, carriage returns, control characters, a BOM, YAML 1.1's extra line breaks, several
/// documents — and anything libyaml would refuse makes it give up, and `YAMLReader` reads the
/// document with libyaml, errors and all.
///
/// Every rule follows libyaml's scanner (`scanner.c`): where a plain scalar may go on to the
/// next line, how quoted scalars and block scalars fold and chomp, how a block scalar's
/// indentation is found. The two agree on every document of the corpus, each of which is read
/// both ways in the tests, and on the fuzzer's inputs.
struct BlockYAMLReader {
    /// Thrown wherever the document leaves the subset read here.
    private struct Unsupported: Error {}

    /// Collections nested deeper than this are left to libyaml, which applies `Limits.maxNesting`.
    private static let maxDepth = 128

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The start of the first line not yet read.
    private var cursor = 0
    private var depth = 0
    /// Where multi-line plain scalars are put together.
    private var scratch: [UInt8] = []
    /// The pairs of the maps being read, innermost last (see `mapping`).
    private var pairs: [(String, Value)] = []
    /// Scalars by anchor name (`&name`), for aliases (`*name`) further down.
    private var anchors: [String: Value] = [:]
    /// Aliases read so far, and how many the document may hold (each stands for one node, as
    /// libyaml's reader counts them against `ManifestLimits.maxAliasExpansion`).
    private var aliases = 0
    private let aliasLimit: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>, aliasLimit: Int) {
        self.bytes = bytes
        self.aliasLimit = aliasLimit
    }

    /// The one document of `text` and the 1-based line where its root starts, or `nil` when
    /// the text is not in the subset read here.
    static func document(_ text: Substring, aliasLimit: Int) -> (value: Value, line: Int)? {
        var text = text
        return text.withUTF8 { buffer in
            guard isPlainText(buffer) else { return nil }
            var reader = BlockYAMLReader(buffer, aliasLimit: aliasLimit)
            return try? reader.read()
        }
    }

    // MARK: The document

    private mutating func read() throws -> (value: Value, line: Int) {
        try skipPreamble()
        guard let root = try nextContent(from: cursor) else { throw Unsupported() }
        let line = 1 + count(of: UInt8(ascii: "\n"), before: root.start)
        let position = root.start + root.indent
        let value: Value
        if isEntry(at: position) {
            value = try sequence(indent: root.indent, first: position)
        } else if let key = try key(at: position) {
            value = try mapping(indent: root.indent, firstKey: key)
        } else {
            throw Unsupported()
        }
        // One document, nothing after its root.
        guard try nextContent(from: cursor) == nil else { throw Unsupported() }
        return (value, line)
    }

    /// Skips comments, blank lines and one `---` marker before the root; directives and
    /// content on the marker's line are libyaml's.
    private mutating func skipPreamble() throws {
        var marker = false
        while cursor < bytes.count {
            let end = lineEnd(from: cursor)
            if isMarker(at: cursor), bytes[cursor] == UInt8(ascii: "-") {
                let rest = skipSpaces(from: cursor + 3)
                guard !marker, rest == end || bytes[rest] == UInt8(ascii: "#") else { throw Unsupported() }
                marker = true
            } else {
                let first = skipSpaces(from: cursor)
                // Content, or a directive, which the root's key test refuses.
                guard first == end || bytes[first] == UInt8(ascii: "#") else { return }
            }
            cursor = min(end + 1, bytes.count)
        }
    }

    // MARK: Block collections

    /// A key of a block map, read up to its `:`.
    private struct Key {
        var text: String
        /// Just after the `:`.
        var end: Int
    }

    private mutating func mapping(indent: Int, firstKey: Key) throws -> Value {
        depth += 1
        guard depth <= Self.maxDepth else { throw Unsupported() }
        defer { depth -= 1 }
        // The pairs go on the reader's stack above those of the maps around this one (a nested
        // map takes its own and gives them back before this one appends its next): one array for
        // the whole document instead of one grown key by key per map.
        let start = pairs.count
        defer { pairs.removeSubrange(start...) }
        var key = firstKey
        while true {
            let value = try value(after: key.end, indent: indent, inSequence: false)
            pairs.append((key.text, value))
            guard let next = try nextContent(from: cursor), next.indent >= indent else { break }
            // Deeper lines after a value are a continuation libyaml would refuse; a list item
            // here is one too, unless it followed an empty value (read with that value).
            let position = next.start + next.indent
            guard next.indent == indent, !isEntry(at: position), let following = try self.key(at: position) else {
                throw Unsupported()
            }
            cursor = next.start
            key = following
        }
        let (mapping, duplicate) = Mapping.checkingDuplicates(pairs[start...])
        // libyaml's reader names the duplicate key.
        guard duplicate == nil else { throw Unsupported() }
        return .map(mapping)
    }

    private mutating func sequence(indent: Int, first: Int) throws -> Value {
        depth += 1
        guard depth <= Self.maxDepth else { throw Unsupported() }
        defer { depth -= 1 }
        var items: [Value] = []
        var entry = first
        while true {
            items.append(try value(after: entry + 1, indent: indent, inSequence: true))
            guard let next = try nextContent(from: cursor), next.indent == indent, isEntry(at: next.start + next.indent) else { break }
            cursor = next.start
            entry = next.start + next.indent
        }
        return .list(items)
    }

    /// The value after a key's `:` or an entry's `-` at `position`, in a collection at column
    /// `indent`; leaves `cursor` at the start of the first line the value does not take.
    private mutating func value(after position: Int, indent: Int, inSequence: Bool) throws -> Value {
        let start = skipSpaces(from: position)
        let end = lineEnd(from: position)
        if start == end || (start > position && bytes[start] == UInt8(ascii: "#")) {
            // Nothing more on this line: the value is the block below, or null.
            cursor = min(end + 1, bytes.count)
            guard let next = try nextContent(from: cursor) else { return .null }
            let first = next.start + next.indent
            if next.indent > indent {
                cursor = next.start
                return try node(at: first, indent: next.indent, parent: indent)
            }
            if next.indent == indent, !inSequence, isEntry(at: first) {
                // A list at its key's own column.
                cursor = next.start
                return try sequence(indent: indent, first: first)
            }
            return .null
        }
        guard start > position else { throw Unsupported() }
        if inSequence, !isEntry(at: start), let key = try key(at: start) {
            // `- name: value`: a map whose keys stand at this column.
            return try mapping(indent: column(of: start), firstKey: key)
        }
        return try scalarOrFlow(at: start, parent: indent)
    }

    /// A node that starts a line of its own, at column `indent`, below a collection at `parent`.
    private mutating func node(at position: Int, indent: Int, parent: Int) throws -> Value {
        if isEntry(at: position) { return try sequence(indent: indent, first: position) }
        if let key = try key(at: position) { return try mapping(indent: indent, firstKey: key) }
        let value = try scalarOrFlow(at: position, parent: parent)
        if let next = try nextContent(from: cursor), next.indent > parent { throw Unsupported() }
        return value
    }

    /// Whether a block list entry (`-` then a space or the line's end) starts at `position`.
    private func isEntry(at position: Int) -> Bool {
        bytes[position] == UInt8(ascii: "-") && (position + 1 == bytes.count || Self.isSpaceOrBreak(bytes[position + 1]))
    }

    /// The key that starts at `position`, or `nil` when the line holds no `key:` there (a
    /// list item's scalar, or a line libyaml would refuse where a key is due).
    private func key(at position: Int) throws -> Key? {
        let first = bytes[position]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var index = position
            guard let text = try? quoted(at: &index, continuationIndent: nil), index < bytes.count, bytes[index] == UInt8(ascii: ":"),
                index + 1 == bytes.count || Self.isSpaceOrBreak(bytes[index + 1])
            else { return nil }
            return Key(text: text, end: index + 1)
        }
        guard Self.startsPlain(bytes, at: position) else { return nil }
        var index = position
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                return nil
            case UInt8(ascii: ":") where index + 1 == bytes.count || Self.isSpaceOrBreak(bytes[index + 1]):
                var last = index
                while bytes[last - 1] == UInt8(ascii: " ") { last -= 1 }
                // libyaml keeps a simple key to 1024 characters.
                guard index - position < 1000 else { throw Unsupported() }
                if isMergeKey(position..<last) { throw Unsupported() }
                guard let key = ScalarResolver.resolve(plain: string(position..<last)).scalarText else { throw Unsupported() }
                return Key(text: key, end: index + 1)
            case UInt8(ascii: "#") where bytes[index - 1] == UInt8(ascii: " "):
                return nil
            default:
                index += 1
            }
        }
        return nil
    }

    // MARK: Scalars

    private mutating func scalarOrFlow(at position: Int, parent: Int) throws -> Value {
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            var index = position
            let text = try quoted(at: &index, continuationIndent: parent)
            try finishLine(from: index)
            return .string(text)
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return .string(try blockScalar(at: position, parent: parent))
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            return try flowCollection(at: position)
        case UInt8(ascii: "&"):
            // An anchored scalar on this line; anchored collections are libyaml's.
            let (name, end) = try anchorName(after: position)
            let start = skipSpaces(from: end)
            guard start > end, start < bytes.count,
                bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") || Self.startsPlain(bytes, at: start)
            else { throw Unsupported() }
            let value = try scalarOrFlow(at: start, parent: parent)
            anchors[name] = value
            return value
        case UInt8(ascii: "*"):
            let (name, end) = try anchorName(after: position)
            try finishLine(from: end)
            aliases += 1
            guard let value = anchors[name], aliases <= aliasLimit else { throw Unsupported() }
            return value
        default:
            guard Self.startsPlain(bytes, at: position) else { throw Unsupported() }
            return ScalarResolver.resolve(plain: try plain(at: position, parent: parent))
        }
    }

    /// The name after the `&` or `*` at `position` (letters, digits, `-`, `_`, as libyaml reads
    /// them) and where it ends; a space or the line's end must follow.
    private func anchorName(after position: Int) throws -> (String, Int) {
        var end = position + 1
        while end < bytes.count, Self.isAnchorByte(bytes[end]) { end += 1 }
        guard end > position + 1, end == bytes.count || Self.isSpaceOrBreak(bytes[end]) else { throw Unsupported() }
        return (string(position + 1..<end), end)
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Whether a plain scalar may start at `position` (in block context): not at an indicator,
    /// except `-` before a non-space. `?` and `:` before a non-space are left to libyaml.
    private static func startsPlain(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        switch bytes[position] {
        case UInt8(ascii: "-"):
            return position + 1 < bytes.count && !Self.isSpaceOrBreak(bytes[position + 1])
        case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
            UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"),
            UInt8(ascii: " "), UInt8(ascii: "\n"):
            return false
        default:
            return true
        }
    }

    /// A plain scalar in block context: it goes on over the lines below that are deeper than
    /// its collection (`parent`), a single line break folding to a space and blank lines to
    /// line breaks, and ends at a comment. A `: ` inside is an error to libyaml.
    private mutating func plain(at position: Int, parent: Int) throws -> String {
        var (end, comment) = try plainLine(from: position)
        var next = min(lineEnd(from: position) + 1, bytes.count)
        var pieces: [Range<Int>] = [position..<end]
        var breaks: [Int] = []
        while !comment {
            // Blank lines, then the next line with content decides.
            var blank = 0
            var line = next
            var found: (start: Int, first: Int)?
            while line < bytes.count {
                let first = skipSpaces(from: line)
                if first < bytes.count, bytes[first] != UInt8(ascii: "\n") {
                    found = (line, first)
                    break
                }
                guard first < bytes.count else { break }
                blank += 1
                line = first + 1
            }
            guard let (start, first) = found, first - start > parent, bytes[first] != UInt8(ascii: "#") else { break }
            (end, comment) = try plainLine(from: first)
            pieces.append(first..<end)
            breaks.append(blank)
            next = min(lineEnd(from: start) + 1, bytes.count)
        }
        cursor = next
        guard pieces.count > 1 else { return string(pieces[0]) }
        scratch.removeAll(keepingCapacity: true)
        for (index, piece) in pieces.enumerated() {
            if index > 0 {
                if breaks[index - 1] == 0 {
                    scratch.append(UInt8(ascii: " "))
                } else {
                    scratch.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: breaks[index - 1]))
                }
            }
            scratch.append(contentsOf: bytes[piece])
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Where a plain scalar's text on this line ends (trailing spaces trimmed), and whether a
    /// comment ends it.
    private func plainLine(from position: Int) throws -> (end: Int, comment: Bool) {
        var index = position
        var end = position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: ":"), index + 1 == bytes.count || Self.isSpaceOrBreak(bytes[index + 1]) { throw Unsupported() }
            if byte == UInt8(ascii: "#"), bytes[index - 1] == UInt8(ascii: " ") { return (end, true) }
            index += 1
            if byte != UInt8(ascii: " ") { end = index }
        }
        return (end, false)
    }

    /// A single- or double-quoted scalar starting at `index`, which is left after the closing
    /// quote. Keys (`continuationIndent` nil) stay on their line; values may go on over lines
    /// deeper than their collection, folded as libyaml folds them.
    private func quoted(at index: inout Int, continuationIndent: Int?) throws -> String {
        let quote = bytes[index]
        let double = quote == UInt8(ascii: "\"")
        index += 1
        let start = index
        // Runs of bytes taken as they are go to `out` only once an escape or a fold breaks them.
        var out: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw Unsupported() }
            let byte = bytes[index]
            if byte == quote {
                if !double, index + 1 < bytes.count, bytes[index + 1] == quote {
                    out.append(contentsOf: bytes[runStart...index])
                    index += 2
                    runStart = index
                    continue
                }
                defer { index += 1 }
                if runStart == start { return string(start..<index) }
                out.append(contentsOf: bytes[runStart..<index])
                return String(decoding: out, as: UTF8.self)
            }
            if double, byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<index])
                guard index + 1 < bytes.count else { throw Unsupported() }
                if bytes[index + 1] == UInt8(ascii: "\n") {
                    // An escaped line break: the lines join with nothing between.
                    guard let indent = continuationIndent else { throw Unsupported() }
                    index = try continuation(after: index + 1, indent: indent, into: &out, escaped: true)
                } else {
                    index = try escape(at: index + 1, into: &out)
                }
                runStart = index
                continue
            }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                // Spaces stay unless a line break follows them.
                let after = skipSpaces(from: index)
                if after < bytes.count, bytes[after] == UInt8(ascii: "\n") {
                    guard let indent = continuationIndent else { throw Unsupported() }
                    var trimmed = index
                    while trimmed > runStart, bytes[trimmed - 1] == UInt8(ascii: " ") { trimmed -= 1 }
                    out.append(contentsOf: bytes[runStart..<trimmed])
                    index = try continuation(after: after, indent: indent, into: &out, escaped: false)
                    runStart = index
                    continue
                }
                index = after
                continue
            }
            index += 1
        }
    }

    /// Reads the line break at `position` and the blank lines after it, appends what they fold
    /// to, and returns where the next line's text starts (its indentation skipped).
    private func continuation(after position: Int, indent: Int, into out: inout [UInt8], escaped: Bool) throws -> Int {
        var breaks = 0
        var line = position + 1
        while true {
            let first = skipSpaces(from: line)
            guard first < bytes.count else { throw Unsupported() }
            if bytes[first] != UInt8(ascii: "\n") {
                // libyaml does not check a quoted scalar's indentation; YAML wants it deeper.
                guard first - line > indent else { throw Unsupported() }
                break
            }
            breaks += 1
            line = first + 1
        }
        if escaped || breaks > 0 {
            out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: breaks))
        } else {
            out.append(UInt8(ascii: " "))
        }
        return skipSpaces(from: line)
    }

    /// Decodes the escape after a `\` at `position`; returns where the text goes on.
    private func escape(at position: Int, into out: inout [UInt8]) throws -> Int {
        let simple: UInt8
        switch bytes[position] {
        case UInt8(ascii: "0"): simple = 0
        case UInt8(ascii: "a"): simple = 7
        case UInt8(ascii: "b"): simple = 8
        case UInt8(ascii: "t"): simple = 9
        case UInt8(ascii: "n"): simple = 10
        case UInt8(ascii: "v"): simple = 11
        case UInt8(ascii: "f"): simple = 12
        case UInt8(ascii: "r"): simple = 13
        case UInt8(ascii: "e"): simple = 27
        case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): simple = bytes[position]
        case UInt8(ascii: "x"): return try hexEscape(at: position + 1, digits: 2, into: &out)
        case UInt8(ascii: "u"): return try hexEscape(at: position + 1, digits: 4, into: &out)
        case UInt8(ascii: "U"): return try hexEscape(at: position + 1, digits: 8, into: &out)
        default: throw Unsupported()
        }
        out.append(simple)
        return position + 1
    }

    private func hexEscape(at position: Int, digits: Int, into out: inout [UInt8]) throws -> Int {
        guard position + digits <= bytes.count else { throw Unsupported() }
        var code: UInt32 = 0
        for byte in bytes[position..<position + digits] {
            guard let digit = Self.hexValue(byte) else { throw Unsupported() }
            code = code << 4 | digit
        }
        guard let scalar = Unicode.Scalar(code) else { throw Unsupported() }
        out.append(contentsOf: UTF8.encode(scalar)!)
        return position + digits
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `position`, in a
    /// collection at column `parent`; leaves `cursor` at the first line after it.
    private mutating func blockScalar(at position: Int, parent: Int) throws -> String {
        let folded = bytes[position] == UInt8(ascii: ">")
        var chomping = 0  // -1 strip, 0 clip, 1 keep
        var increment = 0
        var index = position + 1
        for _ in 0..<2 where index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "-") where chomping == 0: chomping = -1
            case UInt8(ascii: "+") where chomping == 0: chomping = 1
            case UInt8(ascii: "1")...UInt8(ascii: "9") where increment == 0: increment = Int(bytes[index] - UInt8(ascii: "0"))
            default: continue
            }
            index += 1
        }
        try finishLine(from: index)
        var line = cursor

        // The indentation: given, or that of the first line with text (blank lines before it
        // may not be deeper).
        var indent = parent + increment
        var leadingBreaks = 0
        if increment == 0 {
            var deepestBlank = 0
            while line < bytes.count {
                let first = skipSpaces(from: line)
                guard first < bytes.count, bytes[first] == UInt8(ascii: "\n") else {
                    indent = max(first - line, parent + 1)
                    guard deepestBlank <= indent else { throw Unsupported() }
                    break
                }
                deepestBlank = max(deepestBlank, first - line)
                leadingBreaks += 1
                line = first + 1
            }
            if line >= bytes.count { indent = max(deepestBlank, parent + 1) }
        }

        var out: [UInt8] = []
        var trailingBreaks = leadingBreaks
        var leadingBreak = false
        var leadingBlank = false
        line = cursor
        // Lines before the text were counted above; with an indentation given, count them here.
        if increment == 0 {
            for _ in 0..<leadingBreaks { line = lineEnd(from: line) + 1 }
        } else {
            trailingBreaks = 0
        }
        while line < bytes.count {
            let first = skipSpaces(from: line, limit: indent)
            if first < bytes.count, bytes[first] == UInt8(ascii: "\n") {
                // A line with no more than the indentation: a line break.
                trailingBreaks += 1
                line = first + 1
                continue
            }
            if first - line < indent || first == bytes.count { break }
            let end = lineEnd(from: first)
            let trailingBlank = bytes[first] == UInt8(ascii: " ")
            if folded, leadingBreak, !leadingBlank, !trailingBlank {
                if trailingBreaks == 0 { out.append(UInt8(ascii: " ")) }
            } else if leadingBreak {
                out.append(UInt8(ascii: "\n"))
            }
            out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: trailingBreaks))
            trailingBreaks = 0
            leadingBlank = trailingBlank
            out.append(contentsOf: bytes[first..<end])
            leadingBreak = end < bytes.count
            line = min(end + 1, bytes.count)
        }
        if chomping != -1, leadingBreak { out.append(UInt8(ascii: "\n")) }
        if chomping == 1 {
            out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: trailingBreaks))
        }
        cursor = line
        return String(decoding: out, as: UTF8.self)
    }

    /// A flow collection on one line — `[a, "b"]`, `{k: v, "k2": [1]}` — whose scalars are plain
    /// or quoted; leaves `cursor` at the next line.
    private mutating func flowCollection(at position: Int) throws -> Value {
        var index = position
        let value = try flowNode(at: &index, end: lineEnd(from: position))
        try finishLine(from: index)
        return value
    }

    /// The flow node at `index` (which is left after it), on a line that ends at `end`.
    private mutating func flowNode(at index: inout Int, end: Int) throws -> Value {
        guard index < end else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try quoted(at: &index, continuationIndent: nil))
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            guard depth <= Self.maxDepth else { throw Unsupported() }
            defer { depth -= 1 }
            let isMap = bytes[index] == UInt8(ascii: "{")
            let close = isMap ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var items: [Value] = []
            var pairs: [(String, Value)] = []
            index = skipSpaces(from: index + 1)
            guard index < end else { throw Unsupported() }
            if bytes[index] != close {
                while true {
                    if isMap {
                        let key = try flowKey(at: &index, end: end)
                        index = skipSpaces(from: index)
                        pairs.append((key, try flowNode(at: &index, end: end)))
                    } else {
                        items.append(try flowNode(at: &index, end: end))
                    }
                    index = skipSpaces(from: index)
                    guard index < end else { throw Unsupported() }
                    if bytes[index] == close { break }
                    guard bytes[index] == UInt8(ascii: ",") else { throw Unsupported() }
                    index = skipSpaces(from: index + 1)
                }
            }
            index += 1
            guard isMap else { return .list(items) }
            let (mapping, duplicate) = Mapping.checkingDuplicates(pairs)
            guard duplicate == nil else { throw Unsupported() }
            return .map(mapping)
        default:
            return ScalarResolver.resolve(plain: string(try flowPlain(at: &index, end: end)))
        }
    }

    /// A key of a flow map and its `: `; `index` is left after the colon.
    private mutating func flowKey(at index: inout Int, end: Int) throws -> String {
        guard index < end else { throw Unsupported() }
        let key: String
        if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
            key = try quoted(at: &index, continuationIndent: nil)
        } else {
            let range = try flowPlain(at: &index, end: end)
            if isMergeKey(range) { throw Unsupported() }
            guard let resolved = ScalarResolver.resolve(plain: string(range)).scalarText else { throw Unsupported() }
            key = resolved
        }
        guard index + 1 < end, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: " ") else { throw Unsupported() }
        index += 2
        return key
    }

    /// A plain scalar in a flow collection: its bytes, trailing spaces trimmed; `index` is left
    /// at the byte that ended it.
    private func flowPlain(at index: inout Int, end: Int) throws -> Range<Int> {
        let start = index
        var last = index
        while index < end, !Self.endsFlowPlain(bytes[index]) {
            if bytes[index] != UInt8(ascii: " ") { last = index + 1 }
            index += 1
        }
        guard last > start, Self.startsPlain(bytes, at: start) else { throw Unsupported() }
        return start..<last
    }

    /// Bytes that end a plain scalar in a flow collection here, or that libyaml reads otherwise.
    private static func endsFlowPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"),
            UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\n"):
            return true
        default:
            return false
        }
    }

    /// After a value on its line, only spaces and a comment may follow; moves to the next line.
    private mutating func finishLine(from position: Int) throws {
        let rest = skipSpaces(from: position)
        let end = lineEnd(from: position)
        guard rest == end || (rest > position && bytes[rest] == UInt8(ascii: "#")) else { throw Unsupported() }
        cursor = min(end + 1, bytes.count)
    }

    // MARK: Lines and bytes

    /// The next line with content (not blank, not a comment) at or after the line starting at
    /// `position`: where it starts and its indentation. A document marker (`---` or `...` at
    /// the start of a line) is libyaml's.
    private func nextContent(from position: Int) throws -> (start: Int, indent: Int)? {
        var line = position
        while line < bytes.count {
            let first = skipSpaces(from: line)
            guard first < bytes.count else { return nil }
            if bytes[first] != UInt8(ascii: "\n") && bytes[first] != UInt8(ascii: "#") {
                if first == line, isMarker(at: line) { throw Unsupported() }
                return (line, first - line)
            }
            line = lineEnd(from: first) + 1
        }
        return nil
    }

    /// Whether the line at `line` starts with `---` or `...` and a space or its end.
    private func isMarker(at line: Int) -> Bool {
        guard line + 3 <= bytes.count else { return false }
        let first = bytes[line]
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "."), bytes[line + 1] == first, bytes[line + 2] == first else {
            return false
        }
        return line + 3 == bytes.count || Self.isSpaceOrBreak(bytes[line + 3])
    }

    private func lineEnd(from position: Int) -> Int {
        ByteSearch.firstOffset(of: UInt8(ascii: "\n"), in: bytes, from: position) ?? bytes.count
    }

    private func skipSpaces(from position: Int, limit: Int = .max) -> Int {
        var index = position
        while index < bytes.count, index - position < limit, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }

    private func column(of position: Int) -> Int {
        var start = position
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        return position - start
    }

    private func count(of byte: UInt8, before end: Int) -> Int {
        var count = 0
        var index = 0
        while let hit = ByteSearch.firstOffset(of: byte, in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: index) {
            count += 1
            index = hit + 1
        }
        return count
    }

    /// Whether a plain key is `<<`, a merge key.
    private func isMergeKey(_ range: Range<Int>) -> Bool {
        range.count == 2 && bytes[range.lowerBound] == UInt8(ascii: "<") && bytes[range.lowerBound + 1] == UInt8(ascii: "<")
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static func isSpaceOrBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n")
    }

    /// Whether the text holds only what this reader knows: no tabs, carriage returns or other
    /// control characters, no BOM, none of YAML 1.1's extra line breaks (NEL, U+2028, U+2029),
    /// none of the characters libyaml refuses (C1 controls, U+FFFE, U+FFFF).
    private static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        // Eight bytes at a time while they are printable ASCII or line breaks: every test below
        // is exact per byte (no carry crosses a byte), so a word that passes holds no other byte.
        let high: UInt64 = 0x8080_8080_8080_8080
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        func nonZero(_ word: UInt64) -> UInt64 { ((word & low) &+ low) | word }
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let atLeastSpace = ((word & low) &+ 0x6060_6060_6060_6060) | word
                let notBreak = nonZero(word ^ 0x0A0A_0A0A_0A0A_0A0A)
                let notDelete = nonZero(word ^ low)
                if (word | (~atLeastSpace & notBreak) | ~notDelete) & high == 0 {
                    index += 8
                    continue
                }
            }
            // Byte by byte until the next word.
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F || byte == 0x0A {
                index += 1
                continue
            }
            guard byte >= 0x80 else { return false }
            let next = index + 1 < count ? bytes[index + 1] : 0
            switch byte {
            case 0xC2 where next < 0xA0:
                return false
            case 0xE2 where next == 0x80 && index + 2 < count && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                return false
            case 0xEF
            where (next == 0xBB && index + 2 < count && bytes[index + 2] == 0xBF)
                || (next == 0xBF && index + 2 < count && bytes[index + 2] >= 0xBE):
                return false
            default:
                index += 1
            }
        }
        return true
    }
}
