import Foundation

/// A git repository in a temporary folder, built with the git CLI for tests.
public final class TempRepository: @unchecked Sendable {
    public let path: String

    public init(bare: Bool = false) throws {
        path = try TempRepository.makeTemporaryDirectory()
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Creates a fresh temporary folder inside the test run's scratch folder, which goes when the
    /// test process exits (a run used to leave thousands of folders in /tmp).
    public static func makeTemporaryDirectory() throws -> String {
        let url = URL(fileURLWithPath: Scratch.root).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @discardableResult
    public func git(_ arguments: [String], date: String? = nil) throws -> String {
        var environment = TempRepository.gitEnvironment
        if let date {
            environment["GIT_AUTHOR_DATE"] = date
            environment["GIT_COMMITTER_DATE"] = date
        }
        return try Shell.run(["git", "-C", path] + arguments, environment: environment).stdout
    }

    static let gitEnvironment = [
        "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": "1704110400 +0000", "GIT_COMMITTER_DATE": "1704110400 +0000",
        "GIT_CONFIG_NOSYSTEM": "1",
    ]

    /// Writes files (path → content) into the working tree.
    public func write(_ files: [String: String]) throws {
        for (relative, content) in files {
            try writeBytes(relative, Array(content.utf8))
        }
    }

    public func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).appendingPathComponent(relative).path)
    }

    /// Removes every file but `.git`.
    public func clear() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name != ".git" {
            try FileManager.default.removeItem(atPath: path + "/" + name)
        }
    }

    /// Commits everything and returns the commit id.
    @discardableResult
    public func commit(_ message: String, tag: String? = nil, date: String? = nil) throws -> String {
        try git(["add", "-A"])
        try git(["commit", "-q", "--allow-empty", "-m", message], date: date)
        if let tag { try git(["tag", tag]) }
        return try git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Copies a fixture folder's content into the working tree, replacing what was there.
    public func replaceTree(with folder: String) throws {
        try clear()
        let base = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        for case let relative as String in walker where !relative.hasPrefix(".git") {
            var isDirectory: ObjCBool = false
            let source = base.appendingPathComponent(relative)
            _ = FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory)
            if !isDirectory.boolValue {
                try writeBytes(relative, [UInt8](try Data(contentsOf: source)))
            }
        }
    }
}

/// One folder per test process for everything the tests write, removed at exit.
private enum Scratch {
    static let root: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("meshdiff-test-\(getpid())-\(UUID().uuidString)").path
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()
}
