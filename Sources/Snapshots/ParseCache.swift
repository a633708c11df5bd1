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
    fileprivate var parsed: [Key: ManifestFile] = [:]
    /// How many contents were parsed so far (uncached ones not counted).
    package private(set) var parsedCount = 0
    /// How many documents were taken from a cached file instead of parsed.
    package fileprivate(set) var documentsReused = 0

    struct Key: Hashable {
        var content: ContentKey
        var mode: ParseMode
    }

    /// The parsed documents of cached files, for documents seen again.
    fileprivate var reuse = DocumentReuse()
    /// The documents each cached file holds in `reuse`, to let go of when it is forgotten.
    private var documentsOf: [Key: [(slot: DocumentReuse.Slot, id: Int)]] = [:]

    package init(limits: ManifestLimits, prepare: @escaping @Sendable (ManifestFile) -> ManifestFile) {
        self.limits = limits
        self.prepare = prepare
    }

    /// The UTF-8 bytes of a document's text, without a copy where the text is contiguous.
    fileprivate static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether the content of `key`, read in `mode`, is parsed already (its bytes need not be read).
    package func holds(_ key: ContentKey, _ mode: ParseMode) -> Bool {
        parsed[Key(content: key, mode: mode)] != nil
    }

    /// Keeps a parsed file under its key, and its documents without findings for reuse for as
    /// long as it is cached.
    fileprivate func keep(
        _ file: ManifestFile, for key: Key,
        documents: [(slot: DocumentReuse.Slot, text: (text: Substring, firstLine: Int), file: ManifestFile)]
    ) {
        parsed[key] = file
        parsedCount += 1
        var held: [(slot: DocumentReuse.Slot, id: Int)] = []
        for document in documents {
            guard
                let id = Self.withBytes(
                    document.text.text, { reuse.hold(document.slot, $0, file: document.file, firstLine: document.text.firstLine) })
            else { continue }
            held.append((document.slot, id))
        }
        documentsOf[key] = held
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
    package func files(_ items: consuming [ParseItem]) -> [ManifestFile] {
        let batch = ParseBatch(cache: self)
        batch.add(consume items)
        return batch.finish()
    }
}

/// Files to parse, added as their bytes are read: each is split into documents when added, and
/// its documents are parsed on a pool thread at once, while the caller reads the next file.
/// `finish` hands out every added item's file, in the order added. One batch at a time per cache.
package final class ParseBatch {
    private let cache: ParseCache
    private var items: [ParseItem] = []
    /// The distinct contents to parse: cached ones once by key, uncached ones each.
    private var jobs: [ParseCache.Key?] = []
    private var texts: [ManifestText] = []
    private var queued = Set<ParseCache.Key>()
    /// Every document of every text, in order, and where each text's start among them.
    private var units: [(file: Int, unit: Int)] = []
    private var unitStart: [Int] = []
    private var slots: [DocumentReuse.Slot?] = []
    private var results: [ManifestFile?] = []
    /// The first unit of each distinct document of this batch, by slot.
    private var firstUnit: [DocumentReuse.Slot: [Int]] = [:]
    /// Units whose bytes an earlier unit of this batch has: parsed once, at the first.
    private var repeated: [(index: Int, first: Int)] = []
    /// The units handed to `feed`, in the order handed.
    private var parsing: [Int] = []
    private let feed = ParallelMap.Feed<ManifestFile>()

    package init(cache: ParseCache) {
        self.cache = cache
    }

    /// The text of a unit (by its index in `units`) and its first line; `nil` for JSON.
    private func unitText(_ index: Int) -> (text: Substring, firstLine: Int)? {
        texts[units[index].file].document(units[index].unit)
    }

    private func parse(_ index: Int) -> ManifestFile {
        cache.prepare(texts[units[index].file].parse(unit: units[index].unit, limits: cache.limits))
    }

    /// Adds one file just read.
    package func add(_ item: ParseItem) {
        add([item])
    }

    /// Adds files; the documents of theirs that no cached file and no earlier unit holds start
    /// parsing, the largest first. An item's bytes are not kept past this call (its text is):
    /// the next file read takes their memory instead of memory never touched before, and a
    /// whole revision's bytes and texts are never held at once.
    package func add(_ added: consuming [ParseItem]) {
        let first = items.count
        // Taken, not copied, when they come all at once (a whole revision's items).
        if items.isEmpty { items = consume added } else { items += consume added }
        // A whole revision's items come at once: its lists are made to their size, not doubled.
        if items.count - first > 1 {
            let more = items.count - first
            texts.reserveCapacity(texts.count + more)
            jobs.reserveCapacity(jobs.count + more)
            unitStart.reserveCapacity(unitStart.count + more)
            units.reserveCapacity(units.count + more)
            slots.reserveCapacity(slots.count + more)
            results.reserveCapacity(results.count + more)
        }
        var toParse: [Int] = []
        let firstFile = texts.count
        for position in first..<items.count {
            guard let bytes = items[position].content?.bytes else { continue }
            let item = items[position]
            items[position].content = .bytes([])
            if let content = item.key {
                let key = ParseCache.Key(content: content, mode: item.mode)
                guard cache.parsed[key] == nil, queued.insert(key).inserted else { continue }
                jobs.append(key)
            } else {
                jobs.append(nil)
            }
            // Labelled with this item's path and revision, which `relabeled` then finds in place
            // (the parse is shared with any other path that holds the same bytes, relabelled there).
            let text = ManifestText(
                bytes, path: item.path, revision: item.revision, json: item.mode.json, helmValues: item.mode.helmValues,
                limits: cache.limits)
            let file = texts.count
            texts.append(text)
            unitStart.append(units.count)
            for unit in 0..<text.units {
                let index = units.count
                units.append((file, unit))
                results.append(nil)
                // Each distinct document is parsed once: those a cached file holds not at all,
                // the others at their first unit.
                let document = text.document(unit)
                let slot = document.flatMap { document in
                    document.text.utf8.count >= DocumentReuse.smallest
                        ? ParseCache.withBytes(document.text) { DocumentReuse.Slot(item.mode, $0) } : nil
                }
                slots.append(slot)
                guard let slot, let document else {
                    toParse.append(index)
                    continue
                }
                let found = ParseCache.withBytes(document.text) { bytes -> (ManifestFile?, Int?) in
                    if let known = cache.reuse.parsed(slot, bytes, at: document.firstLine) { return (known, nil) }
                    let same = firstUnit[slot]?.first { first in
                        ParseCache.withBytes(unitText(first)!.text) { $0.sameBytes(bytes) }
                    }
                    return (nil, same)
                }
                if let known = found.0 {
                    results[index] = known
                    cache.documentsReused += 1
                } else if let first = found.1 {
                    repeated.append((index, first))
                } else {
                    firstUnit[slot, default: []].append(index)
                    toParse.append(index)
                }
            }
        }
        // Largest first, for balance (sizes taken once: a comparison must not copy texts).
        let sizes = toParse.map { texts[units[$0].file].size(of: units[$0].unit) }
        let limits = cache.limits
        let prepare = cache.prepare
        for position in sizes.indices.sorted(by: { sizes[$0] > sizes[$1] }) {
            let index = toParse[position]
            let (text, unit) = (texts[units[index].file], units[index].unit)
            parsing.append(index)
            feed.add { prepare(text.parse(unit: unit, limits: limits)) }
        }
        // The parse jobs hold the bytes they parse until they are done; past them, a text's bytes
        // are kept only when a unit of it may be reused or repeated (a large document). A whole
        // revision's texts were otherwise all held at the end of its parse, next to every file
        // parsed from them (7 MB at the scale repository's first commit).
        for file in firstFile..<texts.count where (unitStart[file]..<unitStart[file] + texts[file].units).allSatisfy({ slots[$0] == nil }) {
            texts[file] = texts[file].withoutBytes
        }
    }

    /// Every added item's file, labelled with its path and revision, once all are parsed; the
    /// cache keeps the parsed contents.
    package func finish() -> [ManifestFile] {
        for (index, result) in zip(parsing, feed.results()) { results[index] = result }
        // The same document twice in this batch: parsed once, at its first unit, unless its
        // findings name lines there.
        for (index, first) in repeated {
            let file = results[first]!
            if file.findings.isEmpty {
                results[index] = file.shiftingLines(by: unitText(index)!.firstLine - unitText(first)!.firstLine)
                cache.documentsReused += 1
            } else {
                results[index] = parse(index)
            }
        }
        // A text's units are consecutive, from its start among them.
        let merged = texts.indices.map { file in
            texts[file].merge(results[unitStart[file]..<unitStart[file] + texts[file].units].map { $0! })
        }
        // Uncached results are handed out in the order their items come.
        var uncached: [ManifestFile] = []
        for (file, (job, result)) in zip(jobs, merged).enumerated() {
            guard let key = job else {
                uncached.append(result)
                continue
            }
            cache.keep(
                result, for: key,
                documents: (unitStart[file]..<unitStart[file] + texts[file].units).compactMap { index in
                    guard let slot = slots[index], let result = results[index], let document = unitText(index) else { return nil }
                    return (slot, document, result)
                })
        }
        let limits = cache.limits
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
                    file = cache.parsed[ParseCache.Key(content: content, mode: item.mode)] ?? ManifestFile()
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
