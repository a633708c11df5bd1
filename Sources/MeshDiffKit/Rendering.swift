import GitStore
import Manifests
import Reports
import Snapshots

#if canImport(Glibc)
    #if canImport(FoundationEssentials)
        import FoundationEssentials
    #else
        import Foundation
    #endif
    import Glibc
#endif

/// `--render`: each side's tree is exported, read-only, to a temporary folder (never touching
/// the repository); there each Kustomize root is built (`kustomize build`, or `kubectl
/// kustomize`) and each Helm chart templated (`helm template`), and the output is compared in
/// place of its sources, named by them: `overlays/prod/(kustomize build).yaml`.
///
/// A root is a folder with a `kustomization.yaml` that no other kustomization names among its
/// `resources`, `bases` or `components`; a chart is a folder with a `Chart.yaml` that is no
/// subchart (under another chart's `charts/`) and lies under no kustomization. Files under a
/// root or a chart are its sources and are not compared themselves. A root that cannot be
/// rendered at either side (tool missing, error, timeout) is compared as its sources at both,
/// with a finding that says why.
public struct RenderSettings: Sendable {
    /// Seconds one render may take before it is stopped.
    public var timeout: Double = 120
    /// The folders to look for tools in (`PATH`).
    public var searchPath: [String]

    public init(timeout: Double = 120, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.timeout = timeout
        searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// The full path of an executable on the search path.
    func tool(_ name: String) -> String? {
        searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// One thing `--render` renders, and the command line that renders it.
struct RenderRoot: Hashable {
    enum Kind: String {
        case kustomize = "kustomize build"
        case helm = "helm template"
    }
    var kind: Kind
    /// The folder, relative to the tree (`.` at its root).
    var folder: String

    /// The path its output is compared at.
    var outputPath: String { (folder == "." ? "" : folder + "/") + "(\(kind.rawValue)).yaml" }
}

enum Rendering {
    /// Writes the files of `side` under `folder`, read-only.
    static func export(_ side: Side, of repository: Repository, to folder: URL, maxBytes: Int) throws {
        let source: GitSnapshot?
        switch side {
        case .commit(let commit, let ref): source = GitSnapshot(repository, commit: commit, name: ref)
        case .workingTree: source = GitSnapshot(repository, commit: nil, name: "working tree")
        case .empty: source = nil
        }
        let manager = FileManager.default
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        var folders: [URL] = [folder]
        for file in try source?.files(every: true, limit: maxBytes) ?? [] {
            // A path that could leave the export (a crafted tree entry `..`) is not written.
            guard Self.staysInside(file.path), let bytes = file.content.bytes else { continue }
            let url = folder.appendingPathComponent(file.path)
            let parent = url.deletingLastPathComponent()
            if !manager.fileExists(atPath: parent.path) {
                try manager.createDirectory(at: parent, withIntermediateDirectories: true)
                folders.append(parent)
            }
            try Data(bytes).write(to: url)
            try manager.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path)
        }
        // Read-only, so no tool run there can change what is compared.
        for url in folders.reversed() { try? manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: url.path) }
    }

    /// Whether a repository path names a file under the export's folder: relative, no `..` or
    /// `.` step, no empty step.
    static func staysInside(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.contains("\0")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != ".." && $0 != "." }
    }

    /// The Kustomize roots and Helm charts of an exported tree, every folder that holds sources,
    /// and the kustomization folders that inflate Helm charts (`helmCharts:`).
    static func roots(in tree: URL) -> (roots: [RenderRoot], sources: [String], inflating: Set<String>) {
        let files = relativeFiles(in: tree)
        var kustomizations: [String: Resource] = [:]
        for path in files where ManifestFile.isKustomization(path) {
            guard let bytes = try? [UInt8](Data(contentsOf: tree.appendingPathComponent(path))) else { continue }
            let file = ManifestFile.parse(bytes, path: path, revision: "")
            if let object = file.resources.first(where: Kustomization.isKustomization) { kustomizations[object.id.name] = object }
        }
        var referenced = Set<String>()
        for (folder, kustomization) in kustomizations {
            for key in ["resources", "bases", "components"] {
                for entry in kustomization.object[key]?.list?.compactMap(\.string) ?? [] {
                    if let target = Kustomization.resolve(entry, from: folder), kustomizations[target] != nil { referenced.insert(target) }
                }
            }
        }
        let kustomizeFolders = Set(kustomizations.keys)
        let chartFolders = files.filter(ManifestFile.isChart).map(ManifestFile.folder(of:))
        let charts = chartFolders.filter { chart in
            // Subcharts render with their parent; charts a kustomization inflates render with it.
            !chartFolders.contains { $0 != chart && inside(chart, $0) } && !kustomizeFolders.contains { inside(chart, $0) }
        }
        let roots =
            kustomizeFolders.subtracting(referenced).sorted().map { RenderRoot(kind: .kustomize, folder: $0) }
            + charts.sorted().map { RenderRoot(kind: .helm, folder: $0) }
        let inflating = Set(kustomizations.filter { !($0.value.object["helmCharts"]?.list ?? []).isEmpty }.keys)
        return (roots, kustomizeFolders.sorted() + charts.sorted(), inflating)
    }

    /// Whether `path` is `folder` or lies under it.
    static func inside(_ path: String, _ folder: String) -> Bool {
        folder == "." || path == folder || path.hasPrefix(folder + "/")
    }

    static func relativeFiles(in tree: URL) -> [String] {
        (try? FileSystem.regularFiles(under: tree.standardizedFileURL.path)) ?? []
    }

    /// The command that renders `root` (run in its tree), or why there is none.
    /// `inflatesCharts`: the kustomization has `helmCharts:`, which Kustomize builds only when asked.
    static func command(for root: RenderRoot, inflatesCharts: Bool, settings: RenderSettings) -> Result<[String], RenderFailure> {
        switch root.kind {
        case .kustomize:
            let helm = inflatesCharts ? ["--enable-helm"] : []
            if let kustomize = settings.tool("kustomize") { return .success([kustomize, "build"] + helm + [root.folder]) }
            if let kubectl = settings.tool("kubectl") { return .success([kubectl, "kustomize"] + helm + [root.folder]) }
            return .failure(.missingTool("kustomize or kubectl"))
        case .helm:
            guard let helm = settings.tool("helm") else { return .failure(.missingTool("helm")) }
            let release = root.folder == "." ? "release" : String(root.folder.split(separator: "/").last!)
            return .success([helm, "template", release, root.folder, "--include-crds"])
        }
    }

    enum RenderFailure: Error {
        case missingTool(String)
        case couldNotStart(String)
        /// `command`: the tool's command line as a person would type it in the tree.
        case failed(status: Int32, command: String)
        case timedOut(Double)

        var reason: String {
            switch self {
            case .missingTool(let tool): return "\(tool) is not on PATH (install it, or leave out --render)"
            case .couldNotStart(let reason): return "it could not be started (\(reason))"
            case .failed(let status, let command):
                // The tool's own error output is not shown: it can quote values from the files
                // (a secretGenerator literal), and findings never do.
                return "it exited with status \(status); run `\(command)` in a checkout of this revision to see its error"
            case .timedOut(let seconds): return "it took longer than \(Int(seconds)) s and was stopped (--render-timeout)"
            }
        }
    }

    /// Runs `arguments` in `folder`, its output to a file (no pipe can fill and stall it), for
    /// at most `timeout` seconds. The tool runs in a process group of its own, so that stopping
    /// it stops whatever it started too.
    static func run(_ arguments: [String], in folder: URL, scratch: URL, timeout: Double) -> Result<[UInt8], RenderFailure> {
        let outPath = scratch.appendingPathComponent("stdout").path
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Its error output is never shown (see `RenderFailure.failed`), so it is not kept.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        // The shell changes into the folder, then becomes the tool.
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", folder.path] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { return .failure(.couldNotStart(String(cString: strerror(spawned)))) }
        var status: Int32 = 0
        /// Whether the tool is still running (an interrupted wait is asked again).
        func running() -> Bool {
            while true {
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == -1 && errno == EINTR { continue }
                return reaped == 0
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while running() {
            if Date() > deadline {
                // Asked to stop, then made to: a tool that ignores SIGTERM must not hang meshdiff.
                kill(-pid, SIGTERM)
                let grace = Date().addingTimeInterval(2)
                while running() {
                    if Date() > grace {
                        kill(-pid, SIGKILL)
                        waitpid(pid, &status, 0)
                        break
                    }
                    usleep(10_000)
                }
                kill(-pid, SIGKILL)
                return .failure(.timedOut(timeout))
            }
            usleep(10_000)
        }
        // Exited normally with 0 (the low 7 bits are the signal that ended it, if any).
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let command = ([URL(fileURLWithPath: arguments[0]).lastPathComponent] + arguments.dropFirst()).joined(separator: " ")
            return .failure(.failed(status: exited ? code : 128 + (status & 0x7f), command: command))
        }
        return .success((try? [UInt8](Data(contentsOf: URL(fileURLWithPath: outPath)))) ?? [])
    }

    /// Both sides rendered and written as two folders to compare, with the findings of what
    /// could not be rendered and the scope of each rendered file.
    static func prepare(
        old: Side, new: Side, repository: Repository, options: DiffOptions, settings: RenderSettings, in scratch: URL
    ) throws -> (old: URL, new: URL, findings: [Finding], scopes: [String: String]) {
        let trees = [scratch.appendingPathComponent("old-tree"), scratch.appendingPathComponent("new-tree")]
        let sides = [old, new]
        for (side, tree) in zip(sides, trees) {
            try export(side, of: repository, to: tree, maxBytes: options.limits.maxFileBytes)
        }
        let found = trees.map(roots(in:))
        let roots = Array(Set(found.flatMap(\.roots))).sorted { ($0.folder, $0.kind.rawValue) < ($1.folder, $1.kind.rawValue) }
        // Render each root at each side where it exists; a failure at either side keeps it as sources.
        var outputs: [[RenderRoot: [UInt8]]] = [[:], [:]]
        var failed: [RenderRoot: (side: String, reason: String)] = [:]
        for (index, tree) in trees.enumerated() {
            // A root that failed at one side is compared as sources at both: not run again.
            for root in found[index].roots where failed[root] == nil {
                let work = scratch.appendingPathComponent("run-\(index)")
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
                let inflates = found[index].inflating.contains(root.folder)
                let result = command(for: root, inflatesCharts: inflates, settings: settings).flatMap {
                    run($0, in: tree, scratch: work, timeout: settings.timeout)
                }
                switch result {
                case .success(let bytes): outputs[index][root] = bytes
                case .failure(let failure): if failed[root] == nil { failed[root] = (sides[index].label, failure.reason) }
                }
            }
        }
        let rendered = roots.filter { failed[$0] == nil }
        let findings = roots.compactMap { root in
            failed[root].map { failure in
                Finding(
                    severity: .warning, code: .renderFailed, path: root.folder, revision: failure.side, line: nil,
                    message: "\(root.kind.rawValue) of \(root.folder) failed: \(failure.reason); its source files are compared instead")
            }
        }
        // `--path` narrows what is compared: a rendered root's output counts as inside its folder.
        let specs = options.paths.map(Repository.normalizedPathspec).filter { !$0.isEmpty }
        func wanted(_ path: String) -> Bool { Repository.matches(path, specs) }
        // Sources of a rendered root are not compared; every other manifest file is.
        let sourceFolders = Set(found.flatMap(\.sources))
        let failedFolders = failed.keys.map(\.folder)
        var scopes: [String: String] = [:]
        if rendered.count > 1 {
            for root in rendered { scopes[root.outputPath] = root.kind == .kustomize ? root.folder : "\(root.folder), helm" }
        }
        var folders: [URL] = []
        for (index, tree) in trees.enumerated() {
            let target = scratch.appendingPathComponent(index == 0 ? "old" : "new")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for path in relativeFiles(in: tree) where ManifestFile.isManifestPath(path) && wanted(path) {
                let source = sourceFolders.contains { inside(path, $0) } && !failedFolders.contains { inside(path, $0) }
                if !source { try write(Data(contentsOf: tree.appendingPathComponent(path)), to: target.appendingPathComponent(path)) }
            }
            for root in rendered where wanted(root.outputPath) {
                if let bytes = outputs[index][root] { try write(Data(bytes), to: target.appendingPathComponent(root.outputPath)) }
            }
            folders.append(target)
        }
        return (folders[0], folders[1], findings, scopes)
    }

    static func write(_ data: Data, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}

extension MeshDiff {
    /// `meshdiff diff --render`: both revisions rendered in temporary folders, then compared.
    static func renderedDiff(_ options: DiffOptions, settings: RenderSettings) throws -> Report {
        let session = try ComparisonSession(options)
        let repository = session.repository
        let (old, new) = try Side.resolve(options.revisions, in: repository)
        // A --path that names nothing is an error here too, not an empty report.
        try session.checkPathsMatch(old, new)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("meshdiff-render-\(UUID().uuidString)")
        defer { Rendering.removeTree(scratch) }
        let prepared = try Rendering.prepare(old: old, new: new, repository: repository, options: options, settings: settings, in: scratch)
        var scoped = options
        scoped.scopes = prepared.scopes
        var report = try diff(
            .directory(prepared.old.path), .directory(prepared.new.path), options: scoped, names: (old.label, new.label),
            findings: prepared.findings, rulesRoot: repository.workingDirectory.map { String($0.dropLast($0.hasSuffix("/") ? 1 : 0)) })
        report.from = old.info
        report.to = new.info
        return report
    }
}

extension Rendering {
    /// Removes a temporary tree, read-only folders included.
    static func removeTree(_ url: URL) {
        let manager = FileManager.default
        for relative in (try? manager.subpathsOfDirectory(atPath: url.path)) ?? [] {
            try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path + "/" + relative)
        }
        try? manager.removeItem(at: url)
    }
}
