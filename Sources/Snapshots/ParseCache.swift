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
package final class ParseCache: @unchecked Sendable {
    let limits: ManifestLimits
    /// What every parsed file goes through before it is kept (redaction).
    let prepare: @Sendable (ManifestFile) -> ManifestFile
    private var parsed: [Key: ManifestFile] = [:]
    /// How many contents were parsed so far (uncached ones not counted).
    package private(set) var parsedCount = 0

    struct Key: Hashable {
        var content: ContentKey
        var mode: ParseMode
    }

    package init(limits: ManifestLimits, prepare: @escaping @Sendable (ManifestFile) -> ManifestFile) {
        self.limits = limits
        self.prepare = prepare
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
                for helmValues in [false, true] { parsed[Key(content: content, mode: ParseMode(json: json, helmValues: helmValues))] = nil }
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
        var units = texts.indices.flatMap { file in (0..<texts[file].units).map { (file: file, unit: $0) } }
        // Largest first, for balance.
        units.sort { texts[$0.file].size(of: $0.unit) > texts[$1.file].size(of: $1.unit) }
        let prepare = self.prepare
        let parsedUnits = ParallelMap.map(units) { prepare(texts[$0.file].parse(unit: $0.unit, limits: limits)) }
        var byFile = texts.map { [ManifestFile?](repeating: nil, count: $0.units) }
        for (unit, result) in zip(units, parsedUnits) { byFile[unit.file][unit.unit] = result }
        let results = zip(texts, byFile).map { text, parts in text.merge(parts.map { $0! }) }
        // Uncached results are handed out in the order their items come.
        var uncached: [ManifestFile] = []
        for (job, result) in zip(jobs, results) {
            if let key = job.key {
                parsed[key] = result
                parsedCount += 1
            } else {
                uncached.append(result)
            }
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
