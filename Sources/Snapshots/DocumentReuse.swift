import Manifests

/// The parsed documents of the files a `ParseCache` holds, found again by their bytes.
///
/// A document is looked up by its length and a hash of its bytes computed once, then compared
/// byte for byte with the one kept: a document that differs in one byte is never taken for
/// another. A document stays for as long as a cached file holds it.
struct DocumentReuse {
    /// Documents shorter than this are parsed again: a small one parses in about the time its
    /// bookkeeping takes, and a repository of 20,000 one-object files would only pay for it.
    static let smallest = 1024

    /// A document's place in the table: how it is read, its length, and a hash of its bytes.
    struct Slot: Hashable {
        var mode: ParseMode
        var count: Int
        var hash: UInt64

        init(_ mode: ParseMode, _ bytes: UnsafeBufferPointer<UInt8>) {
            self.mode = mode
            count = bytes.count
            hash = Self.hash(bytes)
        }

        /// A multiply-rotate hash over 8 bytes at a time: every byte counts (3,000 app manifests
        /// that differ in one name must not share a slot), at a fraction of a parse's cost.
        /// Not a cryptographic hash, and it need not be: a match is then compared byte for byte.
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            guard let base = bytes.baseAddress else { return hash }
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                hash = ((hash ^ word) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(by: 31)
                offset += 8
            }
            var tail: UInt64 = 0
            while offset < bytes.count {
                tail = tail << 8 | UInt64(base[offset])
                offset += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            return hash ^ (hash >> 33)
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
        guard let known = slots[slot]?.first(where: { $0.bytes.withUnsafeBufferPointer { $0.sameBytes(bytes) } }) else { return nil }
        return known.file.shiftingLines(by: firstLine - known.firstLine)
    }

    /// Keeps a document without findings (their messages name lines) for one more holder;
    /// `nil` when it is not kept.
    mutating func hold(_ slot: Slot, _ bytes: UnsafeBufferPointer<UInt8>, file: ManifestFile, firstLine: Int) -> Int? {
        guard file.findings.isEmpty else { return nil }
        if let index = slots[slot]?.firstIndex(where: { $0.bytes.withUnsafeBufferPointer { $0.sameBytes(bytes) } }) {
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
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
