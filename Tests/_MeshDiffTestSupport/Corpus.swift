import Foundation

/// GitOps repositories built from the real release corpus in `../shared/corpus`, once per
/// set of arguments for the whole test run.
public enum Corpus {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: String] = [:]

    /// Whether the corpus is present; tests that need it say so when it is not.
    public static var isAvailable: Bool { Paths.corpus != nil }

    /// The path of a repository built by `make_repo.py` with `arguments` (e.g. `["--layout", "split"]`).
    public static func repository(_ arguments: [String]) throws -> String {
        guard let corpus = Paths.corpus else { throw CorpusMissing() }
        let key = arguments.joined(separator: " ")
        lock.lock()
        defer { lock.unlock() }
        if let path = built[key] { return path }
        let parent = try TempRepository.makeTemporaryDirectory()
        let path = parent + "/repo"
        try Shell.run(["python3", corpus + "/make_repo.py", path] + arguments)
        built[key] = path
        return path
    }

    /// The independent expectations of `Tests/reference/expected_facts.py` for a pair of revisions.
    public static func expectedFacts(repository: String, from: String, to: String) throws -> ExpectedFacts {
        let script = Paths.packageRoot + "/Tests/reference/expected_facts.py"
        let output = try Shell.run(["python3", script, repository, from, to]).stdout
        return try JSONDecoder().decode(ExpectedFacts.self, from: Data(output.utf8))
    }
}

public struct CorpusMissing: Error, CustomStringConvertible {
    public var description: String { "../shared/corpus is not beside the checkout (set MESHDIFF_CORPUS to its path)" }
}

/// The sets `expected_facts.py` computes; each item is a list of strings or nulls.
public struct ExpectedFacts: Decodable, Sendable {
    public var added: [[String?]]
    public var removed: [[String?]]
    public var modified: [[String?]]
    public var images: [[String?]]
    public var flags: [[String?]]
    public var env: [[String?]]
}
