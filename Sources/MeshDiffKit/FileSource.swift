import Insights
import Manifests
import Reports
import Snapshots

/// One side given outside git: a folder, a file, or standard input (`-`).
///
/// Two folders pair their files by relative path; files identical at both sides are context
/// (read for the whole-revision facts, their findings not repeated). A file or stdin is one
/// file. kubectl's external-diff call names its files by object, without an extension, so
/// `everyFile` reads every regular file of a folder, not only `*.yaml`, `*.yml`, `*.json`.
public enum FileSource: Sendable, Equatable {
    case directory(String)
    case file(String)
    case standardInput

    /// `-` is standard input, an existing folder a directory, anything else a file.
    public init(_ argument: String) {
        if argument == "-" {
            self = .standardInput
            return
        }
        self = FileSystem.kind(of: argument) == .directory ? .directory(argument) : .file(argument)
    }

    /// Whether `argument` names something on disk (or stdin): a path, not a revision.
    public static func exists(_ argument: String) -> Bool {
        argument == "-" || FileSystem.kind(of: argument) != nil
    }

    /// The source this argument names.
    var source: any ManifestSource {
        switch self {
        case .directory(let path): return FolderSource(path)
        case .file(let path): return SingleFileSource(path)
        case .standardInput: return StandardInputSource()
        }
    }
}

extension MeshDiff {
    /// Compares two folders, two files, or a file and standard input: the same report as from
    /// git, with `from` and `to` naming the paths.
    /// `names` label the sides instead of their paths (git's diff driver passes temporary files).
    public static func diff(
        _ old: FileSource, _ new: FileSource, options: DiffOptions, everyFile: Bool = false, names: (String, String)? = nil,
        findings: [Finding] = [], rulesRoot: String? = nil
    ) throws -> Report {
        let limits = options.limits
        let redactor = Redactor(showSecrets: options.showSecrets)
        // The same content is parsed once, at either side and under any name.
        let cache = ParseCache(limits: limits, prepare: { redactor.redact($0) })
        func mode(_ file: SourceFile) -> ParseMode {
            // kubectl's object files have no extension: JSON when they start like JSON.
            let json =
                ManifestFile.isJSONPath(file.path) || (everyFile && file.content.bytes?.first(where: { $0 > 32 }) == UInt8(ascii: "{"))
            return ParseMode(json: json, helmValues: ManifestFile.isHelmValuesPath(file.path))
        }
        // Outside a repository only --config and --exclude apply; a rendered repository's own
        // `.meshdiff.yaml` too (`rulesRoot`).
        let rules = try options.rules(root: rulesRoot)
        let oldSource = old.source
        let newSource = new.source
        let listedBefore = try oldSource.files(every: everyFile, limit: limits.maxFileBytes)
        let listedAfter = try newSource.files(every: everyFile, limit: limits.maxFileBytes)
        var before = listedBefore.filter { !rules.excludes($0.path) }
        var after = listedAfter.filter { !rules.excludes($0.path) }
        // Files, not sides: a path excluded at both sides counts once.
        let excluded = Set((listedBefore + listedAfter).map(\.path).filter(rules.excludes)).count
        // Two single files are one file at two sides, whatever their names: one path for both,
        // so a resource in both is never "moved".
        let single = !(old.isDirectory || new.isDirectory)
        if single, let shared = names?.1 ?? before.first?.path ?? after.first?.path {
            before = before.map { SourceFile(path: shared, key: $0.key, content: $0.content) }
            after = after.map { SourceFile(path: shared, key: $0.key, content: $0.content) }
        }
        let oldInfo = RevisionInfo(ref: names?.0 ?? oldSource.name, commit: nil)
        let newInfo = RevisionInfo(ref: names?.1 ?? newSource.name, commit: nil)
        // A file is unchanged when its path holds the same content at both sides.
        let afterKeys = Dictionary(after.map { ($0.path, $0.key) }, uniquingKeysWith: { first, _ in first })
        let beforeKeys = Dictionary(before.map { ($0.path, $0.key) }, uniquingKeysWith: { first, _ in first })
        func same(_ file: SourceFile, _ other: [String: ContentKey?]) -> Bool { file.key != nil && other[file.path] == file.key }
        let unchanged = before.filter { same($0, afterKeys) }
        let changedBefore = before.filter { !same($0, afterKeys) }
        let changedAfter = after.filter { !same($0, beforeKeys) }
        func items(_ files: [SourceFile], _ revision: String) -> [ParseItem] {
            files.map { ParseItem(path: $0.path, revision: revision, key: $0.key, mode: mode($0), content: $0.content) }
        }
        let parsed = cache.files(items(changedBefore, oldInfo.ref) + items(changedAfter, newInfo.ref) + items(unchanged, newInfo.ref))
        let oldSide = Comparison.Side(info: oldInfo, changed: Array(zip(changedBefore.map(\.path), parsed[..<changedBefore.count])))
        let newSide = Comparison.Side(
            info: newInfo,
            changed: Array(zip(changedAfter.map(\.path), parsed[changedBefore.count..<(changedBefore.count + changedAfter.count)])))
        let context = Array(zip(unchanged.map(\.path), parsed[(changedBefore.count + changedAfter.count)...]))
        var clock = PhaseClock()
        var report = Comparison.report(
            old: oldSide, new: newSide, context: context, options: options, rules: rules, findings: findings, clock: &clock)
        if excluded > 0 { report.ignored?.files = excluded }
        return report
    }
}

extension FileSource {
    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }
}
