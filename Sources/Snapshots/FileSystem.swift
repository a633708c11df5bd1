#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files listed and read with the C library. `FileHandle` and `FileManager`'s enumerators are
/// the full Foundation's, which would bring CoreFoundation and ICU into the binary and ~1.5 ms
/// and 3–5 MiB into every run (README, Performance); meshdiff needs only this much of them.
public enum FileSystem {
    public enum Kind: Equatable, Sendable {
        case file, directory, other
    }

    /// What is at `path` (symbolic links followed), or `nil` when nothing is.
    public static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// A file found under a folder: a regular file, or a symbolic link (never followed).
    public struct Entry: Equatable, Sendable {
        public var path: String
        public var isSymbolicLink: Bool
    }

    /// The regular files under `root`, by path relative to it, in path order (see `files`).
    public static func regularFiles(under root: String, skipping: Set<String> = []) throws -> [String] {
        try files(under: root, skipping: skipping).filter { !$0.isSymbolicLink }.map(\.path)
    }

    /// The regular files and symbolic links under `root`, by path relative to it, in path order.
    /// Links are not followed (a link to a folder could loop); folders named in `skipping`
    /// (`.git`) are not entered. A folder that vanishes meanwhile is left out; one that cannot be
    /// listed (no permission) is an error naming it, since its files would go unseen.
    public static func files(under root: String, skipping: Set<String> = []) throws -> [Entry] {
        var out: [Entry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let stream = opendir(folder) else {
                if relative.isEmpty { throw SourceError.unreadable(path: root, reason: "the folder cannot be listed") }
                if errno == ENOENT { continue }
                throw SourceError.unreadable(path: folder, reason: String(cString: strerror(errno)))
            }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(root + "/" + path, &info) == 0 else { continue }
                    let format = info.st_mode & S_IFMT
                    type = UInt8(format == S_IFREG ? DT_REG : format == S_IFDIR ? DT_DIR : format == S_IFLNK ? DT_LNK : DT_UNKNOWN)
                }
                if type == UInt8(DT_REG) || type == UInt8(DT_LNK) {
                    out.append(Entry(path: path, isSymbolicLink: type == UInt8(DT_LNK)))
                } else if type == UInt8(DT_DIR), !skipping.contains(name) {
                    pending.append(path)
                }
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The bytes of the file at `path`, `.oversized` past `limit`.
    public static func contents(of path: String, limit: Int) throws -> FileContent {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SourceError.unreadable(path: path, reason: "no such file, or it cannot be opened")
        }
        defer { close(descriptor) }
        guard let bytes = readAll(descriptor, limit: limit) else {
            throw SourceError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        return bytes.count > limit ? .oversized : .bytes(bytes)
    }

    /// Standard input, read to its end or to `limit` (`.oversized` past it).
    public static func standardInput(limit: Int) throws -> FileContent {
        guard let bytes = readAll(STDIN_FILENO, limit: limit) else {
            throw SourceError.unreadable(path: "-", reason: String(cString: strerror(errno)))
        }
        return bytes.count > limit ? .oversized : .bytes(bytes)
    }

    /// Writes `text` to standard error, whole (or what of it can be written).
    public static func writeStandardError(_ text: String) {
        writeAll(text, to: STDERR_FILENO)
    }

    /// A call to the C library that failed, in its own words (`strerror` of `errno` when made).
    public struct SystemError: Error, CustomStringConvertible {
        public let description = String(cString: strerror(errno))
    }

    /// Writes `text` whole to `descriptor`; `false` (with `errno` set) when it could not.
    @discardableResult
    private static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
    }

    @discardableResult
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Standard output, or a file created or replaced, written piece by piece as a text is made.
    /// The file is created at the first piece, so a text that fails before it leaves it as it was.
    public final class Output {
        /// The file's path; `nil` for standard output.
        public let path: String?
        private var descriptor: Int32?
        /// Whether nothing more is written: the file is closed, or standard output's reader closed
        /// the pipe (`| head`), which has all it wants, so the rest is dropped quietly (meshdiff
        /// ignores SIGPIPE, so this is EPIPE). Any other failure is an error, there too (a full
        /// disk must not pass for a whole report).
        private var closed = false

        public static var standardOutput: Output { Output(path: nil, descriptor: STDOUT_FILENO) }

        private init(path: String?, descriptor: Int32?) {
            self.path = path
            self.descriptor = descriptor
        }

        public convenience init(file path: String) { self.init(path: path, descriptor: nil) }

        public func write(_ piece: UnsafeRawBufferPointer) throws(SystemError) {
            guard !closed else { return }
            let descriptor = try opened()
            guard !FileSystem.writeAll(piece, to: descriptor) else { return }
            let pipeClosed = errno == EPIPE
            let failure = SystemError()
            closed = true
            guard path != nil else {
                if pipeClosed { return }
                throw failure
            }
            close(descriptor)
            throw failure
        }

        /// Ends the text: a file is closed (and created, for an empty text); standard output stays open.
        public func finish() throws(SystemError) {
            guard path != nil, !closed else { return }
            let descriptor = try opened()
            closed = true
            guard close(descriptor) == 0 else { throw SystemError() }
        }

        private func opened() throws(SystemError) -> Int32 {
            if let descriptor { return descriptor }
            let descriptor = open(path!, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw SystemError() }
            self.descriptor = descriptor
            return descriptor
        }
    }

    /// Up to `limit + 1` bytes (one more tells a file over the limit), or `nil` on an error.
    private static func readAll(_ descriptor: Int32, limit: Int) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count <= limit {
            let wanted = min(chunk.count, limit + 1 - out.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, wanted) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            out.append(contentsOf: chunk[..<count])
        }
        return out
    }
}
