import Manifests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What names a file's content: equal keys, equal bytes. Git gives a blob id; outside git it
/// is the SHA-256 of the bytes. Every cache of parsed files is keyed by it, so the same content
/// is parsed once, whichever source or path it comes from. Held as the id's or digest's bytes
/// in four words: a whole revision's files are looked up by it several times each, and a hex
/// string per key was an allocation and a 45-byte hash every time.
public struct ContentKey: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: UInt8 { case blob, sha256 }
    private let kind: Kind
    /// The id's 20 bytes (the rest zero) or the digest's 32, big-endian.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    private init(_ kind: Kind, _ words: (UInt64, UInt64, UInt64, UInt64)) {
        self.kind = kind
        self.words = words
    }

    /// A git blob, by the words of its id (its 20 bytes, big-endian: 8, 8 and 4).
    public static func blob(_ high: UInt64, _ middle: UInt64, _ low: UInt32) -> ContentKey {
        ContentKey(.blob, (high, middle, UInt64(low) << 32, 0))
    }

    /// Bytes from anywhere else, by their SHA-256.
    public static func digest(of bytes: [UInt8]) -> ContentKey {
        let digest = SHA256.digest(bytes)
        func word(_ index: Int) -> UInt64 { digest[index * 8..<index * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        return ContentKey(.sha256, (word(0), word(1), word(2), word(3)))
    }

    public static func == (a: ContentKey, b: ContentKey) -> Bool {
        a.kind == b.kind && a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// `blob <hex id>` or `sha256 <hex digest>`.
    public var description: String {
        let big = [words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian]
        return big.withUnsafeBytes { raw in
            switch kind {
            case .blob: return "blob " + String(hexOf: UnsafeRawBufferPointer(rebasing: raw[..<20]))
            case .sha256: return "sha256 " + String(hexOf: raw)
            }
        }
    }
}

/// What reading a file gave.
public enum FileContent: Sendable, Equatable {
    case bytes([UInt8])
    /// Over the size limit: not read.
    case oversized
    /// Could not be read, and why.
    case unreadable(String)

    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = self { return bytes }
        return nil
    }
}

/// One file of a side: its path, the key of its content (`nil` when it could not be read) and
/// the content.
public struct SourceFile: Sendable {
    public var path: String
    public var key: ContentKey?
    public var content: FileContent

    public init(path: String, key: ContentKey?, content: FileContent) {
        self.path = path
        self.key = key
        self.content = content
    }

    /// A file read from bytes: keyed by their digest.
    public init(path: String, content: FileContent) {
        self.init(path: path, key: content.bytes.map(ContentKey.digest(of:)), content: content)
    }
}

/// One side's manifests, wherever they come from: a folder, a file, standard input (here), a
/// commit or the working tree (`GitStore`'s `GitSnapshot`). A comparison pairs two sources'
/// files by path and tells changed from unchanged by content key; git, which knows its trees,
/// gives its changes from a tree diff instead of reading both sides whole.
public protocol ManifestSource {
    /// How reports name this side.
    var name: String { get }
    /// Every manifest file (`*.yaml`, `*.yml`, `*.json`; with `every`, every regular file), by
    /// path relative to the source's root, in path order, read up to `limit` bytes each.
    func files(every: Bool, limit: Int) throws -> [SourceFile]
}

/// A folder: its files by path relative to it, `.git` left out; a symbolic link with a
/// manifest's name is a finding, as in a repository.
public struct FolderSource: ManifestSource {
    static let symbolicLink = "a symbolic link: meshdiff reads regular files only, so compare the file it points to"

    public let root: String
    public var name: String { root }

    public init(_ root: String) { self.root = root }

    public func files(every: Bool, limit: Int) throws -> [SourceFile] {
        try FileSystem.files(under: root, skipping: [".git"]).compactMap { entry in
            guard every || ManifestFile.isManifestPath(entry.path) else { return nil }
            guard !entry.isSymbolicLink else {
                return SourceFile(path: entry.path, key: nil, content: .unreadable(Self.symbolicLink))
            }
            return SourceFile(path: entry.path, content: try FileSystem.contents(of: root + "/" + entry.path, limit: limit))
        }
    }
}

/// One file, named by its own name; `/dev/null` is a file that does not exist at this side
/// (git's diff driver passes it for an added or deleted file).
public struct SingleFileSource: ManifestSource {
    public let path: String
    public var name: String { path }

    public init(_ path: String) { self.path = path }

    public func files(every: Bool, limit: Int) throws -> [SourceFile] {
        if path == "/dev/null" { return [] }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return [SourceFile(path: name, content: try FileSystem.contents(of: path, limit: limit))]
    }
}

/// Standard input, as one file named `-`.
public struct StandardInputSource: ManifestSource {
    public var name: String { "standard input" }

    public init() {}

    public func files(every: Bool, limit: Int) throws -> [SourceFile] {
        [SourceFile(path: "-", content: try FileSystem.standardInput(limit: limit))]
    }
}

/// A source that cannot be read at all (a file that does not exist, a folder that cannot be
/// listed): an error naming it, not a finding, since nothing of the side can be compared.
public enum SourceError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        }
    }
}
