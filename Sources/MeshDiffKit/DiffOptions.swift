import Manifests

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What to compare: the inputs of `meshdiff diff`.
public struct DiffOptions: Sendable {
    /// A path inside the repository (its root, a subfolder, or a bare repository).
    public var repository: String
    /// The revisions as the user gave them: none (HEAD vs working tree), one (REV vs working
    /// tree, or `A...B`: merge-base of A and B vs B), or two (REV vs REV).
    public var revisions: [String]
    /// Literal paths (files or folders) to restrict the comparison to.
    public var paths: [String]
    /// Print secret values instead of redaction markers.
    public var showSecrets: Bool
    public var limits: ManifestLimits
    /// Read every manifest file of both sides, not only the files that differ: slower, but finds
    /// a resource defined twice across a changed and an unchanged file, and the findings of
    /// every file.
    public var allFiles = false
    /// Which meshes to report (`linkerd`, `linkerd-viz`, `istio`, an app name); empty or `all`: every one detected.
    public var meshes: [String] = []
    /// A rules file (`--config`); without one, `.meshdiff.yaml` at the repository root is read
    /// when it exists.
    public var configFile: String?
    /// Path globs of files to leave out (`--exclude`), besides the rules file's.
    public var exclude: [String] = []
    /// Render Kustomize roots and Helm charts before comparing (`--render`), with these settings.
    public var render: RenderSettings?
    /// Leave each comparison session (its parsed revisions, its caches, its repository handles)
    /// for the process's exit to reclaim rather than freeing it: for a command-line run that
    /// exits right after printing, where freeing a diff's value trees cost more than writing them
    /// out (1.3 of a corpus diff's 22 ms). A library caller keeps the default and gets its memory back.
    public var keepsSessionsUntilExit = false
    /// The scope (`ResourceID.scope`) of every resource read from a path: `--render` gives each
    /// root's output its root when several roots render the same objects.
    var scopes: [String: String] = [:]

    /// The ignore rules in force: the rules file's (`configFile`, else `.meshdiff.yaml` in
    /// `root`), with `exclude` added.
    func rules(root: String?) throws -> IgnoreRules {
        var rules = IgnoreRules()
        if let configFile {
            rules = try IgnoreRules.load(configFile)
        } else if let root, FileManager.default.fileExists(atPath: root + "/.meshdiff.yaml") {
            rules = try IgnoreRules.load(root + "/.meshdiff.yaml", label: ".meshdiff.yaml")
        }
        if !exclude.isEmpty {
            rules.exclude += exclude
            rules.source = rules.source.isEmpty ? "--exclude" : rules.source + " and --exclude"
        }
        return rules
    }

    public init(
        repository: String = ".", revisions: [String] = [], paths: [String] = [], showSecrets: Bool = false,
        limits: ManifestLimits = .standard
    ) {
        self.repository = repository
        self.revisions = revisions
        self.paths = paths
        self.showSecrets = showSecrets
        self.limits = limits
    }

    /// Whether the report lists `mesh` (every mesh when none is named, or `all` is).
    func reports(mesh: String) -> Bool {
        meshes.isEmpty || meshes.contains("all") || meshes.contains(mesh)
    }
}
