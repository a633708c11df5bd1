import Manifests
import Snapshots
import Testing

/// Documents are parsed once wherever they recur (the other side of a diff, the next step of a
/// changelog), and a reused document says where it is in its own file.
@Suite struct DocumentReuseTests {
    // Documents of 1 KiB and more are reused (`DocumentReuse.smallest`): these carry a long note.
    static let note = String(repeating: "a long annotation ", count: 64)
    static let config =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations: {note: \(note)}\ndata:\n  level: info\n"
    static let service =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations: {note: \(note)}\nspec:\n  ports:\n  - port: 80\n"
    static let broken = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n"

    /// A content key per label: distinct labels, distinct contents.
    static func key(_ blob: String) -> ContentKey { .digest(of: Array(blob.utf8)) }

    static func item(_ text: String, blob: String) -> ParseItem {
        ParseItem(
            path: "app.yaml", revision: blob, key: key(blob), mode: ParseMode(path: "app.yaml"), content: .bytes(Array(text.utf8)))
    }

    @Test("A document found again further down a file is reused at its own line; one that does not parse never is")
    func reusedAtItsOwnLine() throws {
        let cache = ParseCache(limits: .standard, prepare: { $0 })
        // A document's text includes its `---` line: every document here has one.
        let old = "---\n" + Self.config + "---\n" + Self.service + "---\n" + Self.broken
        let new = "# moved down by a comment\n\n" + old
        let files = cache.files([Self.item(old, blob: "a"), Self.item(new, blob: "b")])
        // The two documents that parse are parsed once; the broken one at both places.
        #expect(cache.documentsReused == 2)
        let fresh = ParseCache(limits: .standard, prepare: { $0 }).files([Self.item(new, blob: "c")])[0]
        #expect(files[1].resources.map(\.line) == fresh.resources.map(\.line))
        #expect(files[1].resources.map(\.line) == files[0].resources.map { $0.line + 2 })
        #expect(files[1].resources.map(\.object) == fresh.resources.map(\.object))
        #expect(files[1].findings.map(\.line) == fresh.findings.map(\.line))
        #expect(files[1].findings.map(\.message) == fresh.findings.map(\.message))
        #expect(!files[1].findings.isEmpty)
    }

    @Test("A small document is parsed again: its bookkeeping would cost about its parse")
    func smallDocumentsAreParsed() throws {
        let cache = ParseCache(limits: .standard, prepare: { $0 })
        let small = "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n"
        _ = cache.files([Self.item(small, blob: "a"), Self.item("# moved\n" + small, blob: "b")])
        #expect(cache.documentsReused == 0)
    }

    @Test("One changed byte makes a document parsed again; a forgotten file's documents are gone")
    func changedBytesAndForgetting() throws {
        let cache = ParseCache(limits: .standard, prepare: { $0 })
        _ = cache.files([Self.item(Self.config + "---\n" + Self.service, blob: "a")])
        let changed = Self.config.replacingOccurrences(of: "info", with: "infO") + "---\n" + Self.service
        let files = cache.files([Self.item(changed, blob: "b")])
        #expect(cache.documentsReused == 1)
        #expect(files[0].resources.first?.object["data"]?["level"]?.string == "infO")
        cache.forget([Self.key("a"), Self.key("b")])
        _ = cache.files([Self.item("---\n" + Self.service, blob: "c")])
        #expect(cache.documentsReused == 1)
    }

    @Test("Files added one at a time, as a reader reads them, parse as all at once: same files, same reuse")
    func addedOneAtATime() throws {
        let old = "---\n" + Self.config + "---\n" + Self.service + "---\n" + Self.broken
        let new = "# moved\n" + old + "---\n" + Self.config.replacingOccurrences(of: "info", with: "debug")
        // The same blob at two paths, a second file with the first's documents, a cached file.
        let cached = ParseCache(limits: .standard, prepare: { $0 })
        let streamed = ParseCache(limits: .standard, prepare: { $0 })
        for cache in [cached, streamed] { _ = cache.files([Self.item("---\n" + Self.service, blob: "s")]) }
        let items = [Self.item(old, blob: "a"), Self.item(new, blob: "b"), Self.item(old, blob: "a"), Self.item(Self.service, blob: "s")]
        let whole = cached.files(items)
        let batch = ParseBatch(cache: streamed)
        for item in items { batch.add(item) }
        let files = batch.finish()
        #expect(streamed.documentsReused == cached.documentsReused)
        #expect(streamed.documentsReused > 0)
        #expect(files.map { $0.resources.map(\.object) } == whole.map { $0.resources.map(\.object) })
        #expect(files.map { $0.resources.map(\.line) } == whole.map { $0.resources.map(\.line) })
        #expect(files.map { $0.findings.map(\.message) } == whole.map { $0.findings.map(\.message) })
        #expect(files.map { $0.findings.map(\.line) } == whole.map { $0.findings.map(\.line) })
    }
}
