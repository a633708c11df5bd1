import Manifests

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parsed documents of the files a `ParseCache` holds, found again by their bytes.
///
/// A document is looked up by its length and a sample of its bytes, then compared byte for
/// byte with the one kept: a document that differs in one byte is never taken for another,
/// and nothing but the bytes is hashed (a full hash of every document of every step cost more
/// than the parses it saved). A document stays for as long as a cached file holds it.
struct DocumentReuse {
    /// A document's place in the table: how it is read, its length, and a sample of its bytes.
    struct Slot: Hashable {
        var mode: ParseMode
        var count: Int
        var sample: UInt64

        init(_ mode: ParseMode, _ bytes: UnsafeBufferPointer<UInt8>) {
            self.mode = mode
            count = bytes.count
            // FNV-1a over the first and last 64 bytes: documents of equal length mostly differ there.
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes.prefix(64) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            for byte in bytes.suffix(64) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            sample = hash
        }
    }

    /// A parsed (and prepared) document, where it started, and how many cached files hold it.
    struct Parsed {
        var id: Int
        var bytes: [UInt8]
        var file: ManifestFile
        var firstLine: Int
        var holders: Int
    }

    private var slots: [Slot: [Parsed]] = [:]
    private var nextID = 0

    /// The document with these bytes, parsed as if it started at `firstLine`.
    func parsed(_ slot: Slot, _ bytes: UnsafeBufferPointer<UInt8>, at firstLine: Int) -> ManifestFile? {
        guard let known = slots[slot]?.first(where: { Self.equal($0.bytes, bytes) }) else { return nil }
        return known.file.shiftingLines(by: firstLine - known.firstLine)
    }

    /// Keeps a document without findings (their messages name lines) for one more holder;
    /// `nil` when it is not kept.
    mutating func hold(_ slot: Slot, _ bytes: UnsafeBufferPointer<UInt8>, file: ManifestFile, firstLine: Int) -> Int? {
        guard file.findings.isEmpty else { return nil }
        if let index = slots[slot]?.firstIndex(where: { Self.equal($0.bytes, bytes) }) {
            slots[slot]![index].holders += 1
            return slots[slot]![index].id
        }
        nextID += 1
        slots[slot, default: []].append(Parsed(id: nextID, bytes: Array(bytes), file: file, firstLine: firstLine, holders: 1))
        return nextID
    }

    /// Lets go of a document (as `hold` named it) held by a file that is forgotten.
    mutating func release(_ slot: Slot, id: Int) {
        guard let index = slots[slot]?.firstIndex(where: { $0.id == id }) else { return }
        slots[slot]![index].holders -= 1
        if slots[slot]![index].holders == 0 {
            slots[slot]!.remove(at: index)
            if slots[slot]!.isEmpty { slots[slot] = nil }
        }
    }

    static func equal(_ kept: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        kept.withUnsafeBufferPointer { equal($0, bytes) }
    }

    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
