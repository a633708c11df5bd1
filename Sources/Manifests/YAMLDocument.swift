/// One document of a YAML stream, as text, with where it starts.
struct YAMLDocument {
    /// The document's text, its `---` line included.
    var text: Substring
    /// The 1-based line of the file where `text` starts.
    var firstLine: Int

    /// Splits a stream at document markers (`---` or `...` at the start of a line).
    ///
    /// Splitting before parsing isolates errors: one malformed document does not hide the
    /// documents after it. A marker can only appear at column 0 outside of quoted and block
    /// scalars, so a line scan finds exactly the boundaries a YAML parser would.
    static func split(_ text: String) -> [YAMLDocument] {
        var text = text
        let spans = text.withUTF8(Self.spans)
        let utf8 = text.utf8
        return spans.map { span in
            let range = utf8.index(utf8.startIndex, offsetBy: span.start)..<utf8.index(utf8.startIndex, offsetBy: span.end)
            return YAMLDocument(text: text[range], firstLine: span.line)
        }
        .filter { $0.hasContent }
    }

    /// Where a document is in its stream: UTF-8 offsets and its first line.
    private struct Span {
        var start: Int
        var end: Int
        var line: Int
    }

    /// The documents' spans, lines found with `memchr`: this runs over every byte of every file read.
    private static func spans(_ bytes: UnsafeBufferPointer<UInt8>) -> [Span] {
        var spans: [Span] = []
        var documentStart = 0
        var documentLine = 1
        var line = 1
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = ByteSearch.firstOffset(of: UInt8(ascii: "\n"), in: bytes, from: lineStart) ?? bytes.count
            let next = min(lineEnd + 1, bytes.count)
            switch marker(bytes[lineStart..<lineEnd]) {
            case .start:
                // Directives (%YAML, %TAG) belong to the document that this marker starts.
                if lineStart > documentStart && !onlyDirectives(bytes[documentStart..<lineStart]) {
                    spans.append(Span(start: documentStart, end: lineStart, line: documentLine))
                }
                documentStart = lineStart
                documentLine = line
            case .end:
                spans.append(Span(start: documentStart, end: lineStart, line: documentLine))
                documentStart = next
                documentLine = line + 1
            case nil:
                break
            }
            lineStart = next
            line += 1
        }
        if documentStart < bytes.count { spans.append(Span(start: documentStart, end: bytes.count, line: documentLine)) }
        return spans
    }

    private enum Marker { case start, end }

    /// Whether `chunk` holds `%` directives and nothing else but comments and blank lines.
    /// Called at every document marker: it reads bytes and stops at the first other line, so
    /// a document's content costs it one line.
    private static func onlyDirectives(_ chunk: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var directive = false
        var atLineStart = true
        var skipping = false
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                atLineStart = true
                skipping = false
            } else if skipping || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                continue
            } else if atLineStart {
                guard byte == UInt8(ascii: "%") || byte == UInt8(ascii: "#") else { return false }
                directive = directive || byte == UInt8(ascii: "%")
                atLineStart = false
                skipping = true
            }
        }
        return directive
    }

    private static func marker(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Marker? {
        guard line.count >= 3 else { return nil }
        let first = line[line.startIndex]
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: ".") else { return nil }
        let third = line.index(line.startIndex, offsetBy: 3)
        guard line[line.startIndex..<third].allSatisfy({ $0 == first }) else { return nil }
        if third < line.endIndex {
            let after = line[third]
            guard after == UInt8(ascii: " ") || after == UInt8(ascii: "\t") || after == UInt8(ascii: "\r") else { return nil }
        }
        return first == UInt8(ascii: "-") ? .start : .end
    }

    /// Whether the document holds anything but markers, blank lines and comments.
    var hasContent: Bool {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let lineEnd = utf8[index...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var line = utf8[index..<lineEnd].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if line.starts(with: "---".utf8) || line.starts(with: "...".utf8) {
                line = line.dropFirst(3).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            }
            if let first = line.first, first != UInt8(ascii: "#") { return true }
            index = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        }
        return false
    }

    /// The line of the first Helm template action that refers to the chart's inputs
    /// (`.Values`, `.Release`, `.Chart`, `include`, `toYaml`).
    var helmActionLine: Int? {
        lineNumber { line in
            [
                "{{ .Values", "{{- .Values", "{{ .Release", "{{- .Release", "{{ .Chart", "{{- .Chart",
                "{{ include", "{{- include", "{{ toYaml", "{{- toYaml", "{{ template", "{{- template",
            ]
            .contains { line.contains($0) }
        }
    }

    /// The first line that starts with a template action (`{{`).
    var templateLine: Int? {
        lineNumber { line in line.drop { $0 == " " || $0 == "\t" }.hasPrefix("{{") }
    }

    private func lineNumber(where matches: (Substring) -> Bool) -> Int? {
        guard String(text).containsBytes("{{") else { return nil }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains("{{") && matches(line) {
            return firstLine + offset
        }
        return nil
    }
}
