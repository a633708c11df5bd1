import Foundation

/// Fixture scenarios: `fixtures/scenarios/<name>/` and `fixtures/issues/<name>/`, each with a
/// `before/` and an `after/` tree, made into a git repository with tags `before` and `after`.
public enum Scenario {
    public static func repository(_ name: String) throws -> TempRepository {
        try repository(folder: Paths.fixtures + "/scenarios/" + name)
    }

    /// `afterDate` (ISO 8601) dates the `after` commit, for checks made at the commit date.
    public static func repository(folder: String, afterDate: String? = nil) throws -> TempRepository {
        let repo = try TempRepository()
        try repo.replaceTree(with: folder + "/before")
        try repo.commit("before", tag: "before")
        try repo.replaceTree(with: folder + "/after")
        try repo.commit("after", tag: "after", date: afterDate)
        return repo
    }

    /// Every scenario folder that carries an `expected.json`, as `scenarios/<name>` or `issues/<name>`.
    public static var withExpectations: [String] {
        ["scenarios", "issues"].flatMap { group in
            let base = Paths.fixtures + "/" + group
            let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
            return names.filter { FileManager.default.fileExists(atPath: "\(base)/\($0)/expected.json") }.map { "\(group)/\($0)" }
        }.sorted()
    }
}

/// What a scenario's `expected.json` says must (and must not) be in its report. Every field is
/// optional; the runner checks the ones present.
public struct ScenarioExpectation: Decodable, Sendable {
    /// What the scenario proves, for a reader.
    public var about: String
    /// `[FROM, TO]`; `["before", "after"]` when absent.
    public var revisions: [String]?
    /// The `after` commit's date (ISO 8601), when a check depends on it.
    public var afterDate: String?
    /// Counts that must match (`added`, `removed`, `modified`, `moved`, `noiseChanges`).
    public var summary: [String: Int]?
    /// Exactly these resources, as `status Kind namespace/name`.
    public var resources: [String]?
    /// Field changes that must be present (each matched on the fields it gives).
    public var changes: [ChangeExpectation]?
    /// Warning kinds that must appear, and ones that must not.
    public var warnings: [String]?
    public var noWarnings: [String]?
    /// Substrings that must appear in the warnings' messages.
    public var warningMessages: [String]?
    /// Substrings that must each appear in some finding's message.
    public var findings: [String]?
    /// What ignore rules left out: `changes`, `resources`, `files`.
    public var ignored: [String: Int]?
    /// Substrings that must each appear in some field change's limit note.
    public var notes: [String]?
    /// Flag names that must appear among the flag changes.
    public var flags: [String]?
    /// `mesh from → to direction` lines that must match the report's meshes exactly.
    public var meshes: [String]?
    /// GitOps settings that must be present, as `scope setting: from → to` (`—` for none).
    public var settings: [String]?
    /// Strings that no format may print, with or without `--show-noise`.
    public var absent: [String]?
    /// Strings every format must print.
    public var present: [String]?
    /// Strings the text and Markdown reports must print.
    public var presentInText: [String]?

    public struct ChangeExpectation: Decodable, Sendable {
        /// `Kind namespace/name`.
        public var resource: String
        public var path: String?
        public var pathContains: String?
        public var category: String?
        public var op: String?
    }

    public static func load(_ scenario: String) throws -> ScenarioExpectation {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixtures + "/" + scenario + "/expected.json"))
        return try JSONDecoder().decode(ScenarioExpectation.self, from: data)
    }
}
