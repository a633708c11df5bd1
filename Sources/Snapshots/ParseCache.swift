import Manifests

/// How a file's bytes are read, decided by its path: as JSON or YAML, and whether a document
/// without a kind is Helm values. The same bytes read another way are another parse.
package struct ParseMode: Hashable, Sendable {
    package var json: Bool
    package var helmValues: Bool

    package init(path: String) {
        json = ManifestFile.isJSONPath(path)
        helmValues = ManifestFile.isHelmValuesPath(path)
    }

    package init(json: Bool, helmValues: Bool) {
        self.json = json
        self.helmValues = helmValues
    }
}

/// One file to parse: where it is, how it is read, and its content (`nil` when the cache
/// already holds its key; see `ParseCache.holds`).
package struct ParseItem: Sendable {
    package var path: String
    package var revision: String
    /// `nil`: not cached (a working-tree file, which has no stable key).
    package var key: ContentKey?
    package var mode: ParseMode
    package var content: FileContent?

    package init(path: String, revision: String, key: ContentKey?, mode: ParseMode, content: FileContent?) {
        self.path = path
        self.revision = revision
        self.key = key
        self.mode = mode
        self.content = content
    }
}

/// Parsed manifest files by content, for every source: the same bytes, read the same way, are
/// parsed (and prepared: redacted) once, whichever source, side or path they come from; each
/// use labels them with its own path and revision.
///
/// Documents, not files, are the unit of parallel work: one large CRD file must not keep a
/// core busy while the other idles.
///
/// Documents are also the unit of reuse: a document whose bytes a cached file already holds,
/// read the same way, is not parsed again, wherever it now starts (most of an install file is
/// the same from one commit to the next, and most of a file from one side of a diff to the
/// other). Bytes are compared, not hashes alone, so a changed document is never taken for
/// another; documents with findings (whose messages name lines) are always parsed.
package final class ParseCache: @unchecked Sendable {
    let limits: ManifestLimits
    /// What every parsed file goes through before it is kept (redaction).
    let prepare: @Sendable (ManifestFile) -> ManifestFile
    private var parsed: [Key: ManifestFile] = [:]
    /// How many contents were parsed so far (uncached ones not counted).
    package private(set) var parsedCount = 0
    /// How many documents were taken from a cached file instead of parsed.
    package private(set) var documentsReused = 0

    struct Key: Hashable {
        var content: ContentKey
        var mode: ParseMode
    }

    /// The parsed documents of cached files, for documents seen again.
    private var reuse = DocumentReuse()
    /// The documents each cached file holds in `reuse`, to let go of when it is forgotten.
    private var documentsOf: [Key: [(slot: DocumentReuse.Slot, id: Int)]] = [:]

    package init(limits: ManifestLimits, prepare: @escaping @Sendable (ManifestFile) -> ManifestFile) {
        self.limits = limits
        self.prepare = prepare
    }

    /// The UTF-8 bytes of a document's text, without a copy where the text is contiguous.
    private static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether the content of `key`, read in `mode`, is parsed already (its bytes need not be read).
    package func holds(_ key: ContentKey, _ mode: ParseMode) -> Bool {
        parsed[Key(content: key, mode: mode)] != nil
    }

    /// Drops the parses of these contents, in every mode.
    package func forget(_ keys: Set<ContentKey>) {
        // Removed key by key: a walk through history forgets a few blobs per step, and must not
        // pay for the whole cache each time.
        for content in keys {
            for json in [false, true] {
                for helmValues in [false, true] {
                    let key = Key(content: content, mode: ParseMode(json: json, helmValues: helmValues))
                    parsed[key] = nil
                    for document in documentsOf.removeValue(forKey: key) ?? [] { reuse.release(document.slot, id: document.id) }
                }
            }
        }
    }

    /// The parsed files, in order, labelled with their paths and revisions. Contents not held
    /// yet are parsed together on all cores, each distinct one once.
    package func files(_ items: [ParseItem]) -> [ManifestFile] {
        // The distinct contents to parse: cached ones once by key, uncached ones each.
        var jobs: [(key: Key?, mode: ParseMode, bytes: [UInt8])] = []
        var queued = Set<Key>()
        for item in items {
            guard let bytes = item.content?.bytes else { continue }
            if let content = item.key {
                let key = Key(content: content, mode: item.mode)
                guard parsed[key] == nil, queued.insert(key).inserted else { continue }
                jobs.append((key, item.mode, bytes))
            } else {
                jobs.append((nil, item.mode, bytes))
            }
        }
        let limits = self.limits
        let texts = jobs.map {
            ManifestText($0.bytes, path: "", revision: "", json: $0.mode.json, helmValues: $0.mode.helmValues, limits: limits)
        }
        let units = texts.indices.flatMap { file in (0..<texts[file].units).map { (file: file, unit: $0) } }
        // Units are in file order: each file's start among them.
        var unitStart: [Int] = []
        var start = 0
        for text in texts {
            unitStart.append(start)
            start += text.units
        }
        let prepare = self.prepare
        /// The text of a unit (by its index in `units`) and its first line; `nil` for JSON.
        @Sendable func unitText(_ index: Int) -> (text: Substring, firstLine: Int)? {
            texts[units[index].file].document(units[index].unit)
        }
        @Sendable func parse(_ index: Int) -> ManifestFile {
            prepare(texts[units[index].file].parse(unit: units[index].unit, limits: limits))
        }
        // Each distinct document is parsed once: those a cached file holds not at all, the
        // others at their first unit.
        let slots = units.indices.map { index -> DocumentReuse.Slot? in
            guard let document = unitText(index), document.text.utf8.count >= DocumentReuse.smallest else { return nil }
            return Self.withBytes(document.text) { DocumentReuse.Slot(jobs[units[index].file].mode, $0) }
        }
        var results = [ManifestFile?](repeating: nil, count: units.count)
        var firstUnit: [DocumentReuse.Slot: [Int]] = [:]
        var toParse: [Int] = []
        var repeated: [(index: Int, first: Int)] = []
        for (index, slot) in slots.enumerated() {
            guard let slot, let document = unitText(index) else {
                toParse.append(index)
                continue
            }
            let found = Self.withBytes(document.text) { bytes -> (ManifestFile?, Int?) in
                if let known = reuse.parsed(slot, bytes, at: document.firstLine) { return (known, nil) }
                let same = firstUnit[slot]?.first { first in Self.withBytes(unitText(first)!.text) { DocumentReuse.equal($0, bytes) } }
                return (nil, same)
            }
            if let known = found.0 {
                results[index] = known
                documentsReused += 1
            } else if let first = found.1 {
                repeated.append((index, first))
            } else {
                firstUnit[slot, default: []].append(index)
                toParse.append(index)
            }
        }
        // Largest first, for balance (sizes taken once: a comparison must not copy texts).
        var sizes = [Int](repeating: 0, count: units.count)
        for index in toParse { sizes[index] = texts[units[index].file].size(of: units[index].unit) }
        toParse.sort { sizes[$0] > sizes[$1] }
        let parsedUnits = ParallelMap.map(toParse, parse)
        for (index, result) in zip(toParse, parsedUnits) { results[index] = result }
        // The same document twice in this call: parsed once, at its first unit, unless its
        // findings name lines there.
        for (index, first) in repeated {
            let file = results[first]!
            if file.findings.isEmpty {
                results[index] = file.shiftingLines(by: unitText(index)!.firstLine - unitText(first)!.firstLine)
                documentsReused += 1
            } else {
                results[index] = parse(index)
            }
        }
        var byFile = texts.map { [ManifestFile?](repeating: nil, count: $0.units) }
        for (index, unit) in units.enumerated() { byFile[unit.file][unit.unit] = results[index] }
        let merged = zip(texts, byFile).map { text, parts in text.merge(parts.map { $0! }) }
        // Uncached results are handed out in the order their items come.
        var uncached: [ManifestFile] = []
        for (file, (job, result)) in zip(jobs, merged).enumerated() {
            guard let key = job.key else {
                uncached.append(result)
                continue
            }
            parsed[key] = result
            parsedCount += 1
            // The file's documents without findings can be reused for as long as it is cached.
            var held: [(slot: DocumentReuse.Slot, id: Int)] = []
            for index in unitStart[file]..<unitStart[file] + texts[file].units {
                guard let slot = slots[index], let result = results[index], let document = unitText(index),
                    let id = Self.withBytes(document.text, { reuse.hold(slot, $0, file: result, firstLine: document.firstLine) })
                else { continue }
                held.append((slot, id))
            }
            documentsOf[key] = held
        }
        var nextUncached = 0
        return items.map { item in
            let file: ManifestFile
            switch item.content {
            case .oversized?:
                return .oversized(path: item.path, revision: item.revision, limit: limits.maxFileBytes)
            case .unreadable(let reason)?:
                return ManifestFile(findings: [
                    Finding(
                        severity: .warning, code: .unreadable, path: item.path, revision: item.revision, line: nil,
                        message: "\(reason); not compared")
                ])
            case .bytes?, nil:
                if let content = item.key {
                    file = parsed[Key(content: content, mode: item.mode)] ?? ManifestFile()
                } else if item.content != nil, nextUncached < uncached.count {
                    file = uncached[nextUncached]
                    nextUncached += 1
                } else {
                    file = ManifestFile()
                }
            }
            return file.relabeled(path: item.path, revision: item.revision)
        }
    }
}
