import ArgumentParser
import CBuildInfo
import Changelog
import Insights
import MeshDiffKit
import Rendering
import Reports
import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif

struct MeshDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meshdiff",
        abstract: "Review service-mesh upgrades in a GitOps repository: what really changed between two revisions.",
        discussion: """
            meshdiff reads two revisions of a manifest repository through libgit2, pairs every Kubernetes resource by identity (whatever file it lives in) and reports what changed: images, flags, env, resources added, removed and modified. Secret values are never shown.
            """,
        version: BuildInfo.version,
        subcommands: [Diff.self, ChangelogCommand.self],
        defaultSubcommand: Diff.self
    )
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named here, not derived from the type's name: deriving it demangles the type (3% of a
        // no-op diff's instructions).
        commandName: "diff",
        abstract: "Compare two revisions (or a revision and the working tree).",
        discussion: """
            No revision: HEAD against the working tree. One: that revision against the working tree. Two: revision against revision. A...B: the merge base of A and B against B (what a merge request changes). Any revision libgit2 understands works: tags, branches, HEAD~3, short ids.

            Outside git: two folders, two files, or a file and - (standard input): `linkerd upgrade | meshdiff diff linkerd.yaml -`. As kubectl's external differ (KUBECTL_EXTERNAL_DIFF=meshdiff kubectl diff -f …) it reads kubectl's two folders and exits 1 when anything differs. As git's diff driver (git config diff.meshdiff.command meshdiff) it prints each file's semantic diff.

            Exit status: 0 success; 1 changes found (with --exit-code); 2 a --fail-on policy was violated; 3 bad input or repository error; 64 usage error.
            """
    )

    @Argument(
        help: ArgumentHelp("The revisions to compare: [FROM [TO]] or A...B.", valueName: "revision"),
        completion: .custom { words, _, prefix in
            MeshDiff.revisionCandidates(repository: SourceOptions.repository(in: words), prefix: prefix)
        })
    var revisions: [String] = []

    @OptionGroup var source: SourceOptions

    @Option(
        help: ArgumentHelp("Output format: \(ReportFormat.choices) (default: text).", valueName: "format"),
        completion: .list(ReportFormat.allValueStrings), transform: ReportFormat.parse)
    var format = ReportFormat.text

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Option(help: ArgumentHelp("Colour: auto (only on a terminal, not with NO_COLOR), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(
        help: ArgumentHelp("Keep Markdown within this many characters by shortening the least risky details (0: no limit).", valueName: "n")
    )
    var maxSize: Int = 65_536

    @Option(
        help: ArgumentHelp(
            "Wrap the text report at this many columns (default: the terminal's width, or COLUMNS; no wrapping into a pipe).",
            valueName: "columns"))
    var width: Int?

    @Flag(help: "Print only the first screen: the headline, warnings, counts and what changed, in any format.")
    var summary = false

    @Flag(help: "Exit with status 1 when anything but noise changed.")
    var exitCode = false

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit with status 2 when a policy is violated: \(PolicyList.choices) (repeatable, or comma-separated).",
            valueName: "policies"),
        completion: .list(PolicyList.allValueStrings), transform: PolicyList.parse)
    var failOn: [PolicyList] = []

    @Flag(help: "List noise (regenerated certificates, checksums, version labels) change by change.")
    var showNoise = false

    @Flag(help: "Print secret values instead of redaction markers. Never use this in CI logs.")
    var showSecrets = false

    @Flag(help: "Read every manifest file of both sides, not only those that differ (slower; finds duplicates in unchanged files).")
    var allFiles = false

    @Option(help: ArgumentHelp("Skip files larger than this many bytes (a finding names them).", valueName: "bytes"))
    var maxFileSize: Int = 16 << 20

    @Flag(
        help: """
            Render before comparing: each Kustomize root (kustomize build, or kubectl kustomize) and each Helm chart (helm template) \
            of both revisions, in a read-only export of each tree to a temporary folder.
            """)
    var render = false

    @Option(help: ArgumentHelp("Stop a render that takes longer than this many seconds.", valueName: "seconds"))
    var renderTimeout: Double = 120

    func validate() throws {
        guard revisions.count <= 2 || DiffInputs.isGitDriverCall(revisions) else {
            throw ValidationError("give at most two revisions (or one range A...B, or two paths), not \(revisions.count)")
        }
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
        guard maxSize >= 0 else { throw ValidationError("--max-size must be 0 (no limit) or positive") }
        if let width, width < 20 { throw ValidationError("--width must be at least 20 columns") }
        guard renderTimeout > 0 else { throw ValidationError("--render-timeout must be positive") }
        if render && revisions.count == 2 && revisions.allSatisfy(FileSource.exists) {
            throw ValidationError("--render renders revisions of a repository; to compare rendered folders, render them first")
        }
    }

    func run() throws {
        var options = source.diffOptions
        // The process exits once the report is out: its memory goes back then, all at once.
        options.keepsSessionsUntilExit = true
        options.showSecrets = showSecrets
        options.allFiles = allFiles
        options.limits.maxFileBytes = maxFileSize
        if render { options.render = RenderSettings(timeout: renderTimeout) }
        let status: ExitStatus
        do {
            if showSecrets {
                FileSystem.writeStandardError("meshdiff: warning: --show-secrets prints secret values; keep this output private\n")
            }
            let outcome = try MeshDiff.run(
                DiffRequest(
                    arguments: revisions, options: options, policies: failOn.flatMap(\.policies), exitCodeOnChanges: exitCode,
                    environment: ProcessInfo.processInfo.environment))
            for note in outcome.notes { FileSystem.writeStandardError("meshdiff: note: \(note)\n") }
            let report = outcome.report
            let renderer = format.renderer
            let useColor = output == nil && color.enabled(isTerminal: isatty(STDOUT_FILENO) == 1)
            let options = RenderOptions(
                color: useColor, showNoise: showNoise, maxSize: maxSize, width: width ?? (output == nil ? Terminal.width() : nil),
                summaryOnly: summary)
            try Output.write(to: output) { try renderer.write(report, options: options, to: $0) }
            for violation in outcome.violations {
                FileSystem.writeStandardError("meshdiff: policy violated: \(violation)\n")
            }
            status = outcome.status
        } catch {
            Output.report(error)
            status = .badInput
        }
        // Exit here rather than return: the report's value trees need no freeing, and on a large
        // diff freeing them took longer than printing them.
        terminate(status.rawValue)
    }

}

struct ChangelogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Release notes from manifest history: what each mesh upgrade changed.",
        discussion: """
            RANGE: A..B (commits in B, not in A), a revision (its whole history), or none (HEAD's). Each step that changes a mesh version opens a section with that step's facts; steps that change mesh resources without a version change are listed under it as smaller changes; manifest changes that belong to no mesh are listed apart; commits touching no manifest are left out and counted.
            """
    )

    @Argument(
        help: ArgumentHelp("The history to walk: A..B, a revision, or nothing for HEAD.", valueName: "range"),
        completion: .custom { words, _, prefix in
            MeshDiff.revisionCandidates(repository: SourceOptions.repository(in: words), prefix: prefix)
        })
    var range: String?

    @OptionGroup var source: SourceOptions

    @Option(
        help: ArgumentHelp("Output format: \(ChangelogFormat.choices) (default: markdown).", valueName: "format"),
        completion: .list(ChangelogFormat.allValueStrings), transform: ChangelogFormat.parse)
    var format = ChangelogFormat.markdown

    @Option(
        help: ArgumentHelp("Render this Mustache template over the JSON model instead of a built-in format.", valueName: "file"),
        completion: .file(extensions: ["mustache"]))
    var template: String?

    @Option(help: ArgumentHelp("Write the notes to this file instead of standard output.", valueName: "file"), completion: .file())
    var output: String?

    @Flag(inversion: .prefixedNo, help: "Follow first parents only, so a merge stands for its branch.")
    var firstParent = true

    @Flag(help: "Step from tag to tag instead of commit to commit (tags reached through merges included).")
    var tags = false

    @Option(
        help: ArgumentHelp(
            "Keep Markdown within this many characters, leaving out the oldest entries' details first (0: no limit).", valueName: "n"))
    var maxSize: Int = 65_536

    func run() throws {
        var diff = source.diffOptions
        // Kept until the process exits, as `diff` keeps its own: freeing a whole revision's parsed
        // resources one by one took the scale changelog 80 ms on one core (9%), for 3–6 MiB more
        // at its peak (the room the text took in the freed memory).
        diff.keepsSessionsUntilExit = true
        let options = ChangelogOptions(range: range, firstParent: firstParent, tags: tags, diff: diff)
        do {
            let userTemplate = try template.map(ChangelogTemplate.init(file:))
            let changelog = try ChangelogBuilder.build(options)
            let renderer = format.renderer
            let options = RenderOptions(maxSize: renderer.format == "markdown" ? maxSize : 0)
            try Output.write(to: output) { destination in
                if let userTemplate {
                    try TextPieces.whole(try userTemplate.render(changelog), to: destination)
                } else {
                    try renderer.write(changelog, options: options, to: destination)
                }
            }
        } catch {
            Output.report(error)
            throw ExitCode(ExitStatus.badInput.rawValue)
        }
        // As `diff` does: the changelog's model and text need no freeing.
        terminate(ExitStatus.success.rawValue)
    }
}

/// Which repository, files and meshes a command reads: shared by `diff` and `changelog`.
struct SourceOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The repository (any folder inside it, or a bare repository).", valueName: "path"),
        completion: .directory)
    var repo: String = "."

    @Option(name: .customLong("path"), help: ArgumentHelp("Only read files under this path (repeatable).", valueName: "path"))
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only report these meshes: \(MeshList.choices) (comma-separated; default: all).", valueName: "meshes"),
        completion: .list(MeshList.allValueStrings), transform: MeshList.parse
    )
    var mesh = MeshList(names: ["all"])

    @Option(
        help: ArgumentHelp(
            "Ignore rules (exclude: path globs, ignore: rules like Argo CD's ignoreDifferences); default: .meshdiff.yaml at the repository root.",
            valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var config: String?

    @Option(help: ArgumentHelp("Leave out files matching this glob (repeatable; ** crosses folders).", valueName: "glob"))
    var exclude: [String] = []

    /// The repository a command line names with `--repo` (for completing its revisions), or `.`.
    static func repository(in words: [String]) -> String {
        for (index, word) in words.enumerated() {
            if word == "--repo", index + 1 < words.count { return words[index + 1] }
            if word.hasPrefix("--repo=") { return String(word.dropFirst("--repo=".count)) }
        }
        return "."
    }

    var diffOptions: DiffOptions {
        var options = DiffOptions(repository: repo, paths: paths)
        options.meshes = mesh.names
        options.configFile = config
        options.exclude = exclude
        return options
    }
}

/// Where a command's text goes.
enum Output {
    /// Says on standard error what went wrong, in the error's own words.
    static func report(_ error: Error) {
        let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        FileSystem.writeStandardError("meshdiff: error: \(message)\n")
    }

    /// Runs `body` with where its text goes: standard output, or the file at `path` (created or
    /// replaced), written piece by piece as the text is made.
    static func write(to path: String?, _ body: (@escaping TextOutput) throws -> Void) throws {
        let destination = path.map(FileSystem.Output.init(file:)) ?? .standardOutput
        do {
            try body { piece in try destination.write(piece) }
            try destination.finish()
        } catch let error as FileSystem.SystemError {
            throw OutputError(path: path, reason: error.description)
        }
    }
}

struct OutputError: LocalizedError {
    /// The `--output` file; `nil`: standard output.
    let path: String?
    let reason: String
    var errorDescription: String? {
        "cannot write the report to \(path.map { "'\($0)'" } ?? "standard output"): \(reason)"
    }
}

/// The terminal standard output is, if it is one.
enum Terminal {
    /// Its width in columns: the terminal's own, else `COLUMNS`; `nil` for a pipe or a file.
    static func width() -> Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return getenv("COLUMNS").flatMap { Int(String(cString: $0)) }.flatMap { $0 >= 20 ? $0 : nil }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func enabled(isTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return isTerminal && getenv("NO_COLOR").map { $0.pointee == 0 } ?? true
        }
    }
}

/// What `meshdiff --version` prints: the release and the commit the binary was built from.
enum BuildInfo {
    static let release = "0.2.0"
    static var version: String { "meshdiff \(release) (commit \(String(cString: meshdiff_build_commit())))" }
}

/// The C library's `exit`, which `ParsableCommand.exit` hides inside commands.
func terminate(_ status: Int32) -> Never { exit(status) }

// A closed pipe is an ordinary end of output (`meshdiff … | head`), told by EPIPE from write.
signal(SIGPIPE, SIG_IGN)
MeshDiffCommand.main()
