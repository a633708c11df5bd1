import Foundation
import Insights
import Manifests
import Reports

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
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        self = exists && isDirectory.boolValue ? .directory(argument) : .file(argument)
    }

    /// Whether `argument` names something on disk (or stdin): a path, not a revision.
    public static func exists(_ argument: String) -> Bool {
        argument == "-" || FileManager.default.fileExists(atPath: argument)
    }

    /// How the report names this side.
    var name: String {
        switch self {
        case .directory(let path), .file(let path): return path
        case .standardInput: return "standard input"
        }
    }

    /// The manifest files of this side, by path relative to the folder (a file's own name).
    func files(everyFile: Bool, maxBytes: Int) throws -> [(path: String, bytes: [UInt8]?)] {
        switch self {
        case .standardInput:
            return [("-", Array(FileHandle.standardInput.readDataToEndOfFile()))]
        case .file(let path):
            // /dev/null stands for a file that does not exist at this side (git's diff driver).
            if path == "/dev/null" { return [] }
            return [(URL(fileURLWithPath: path).lastPathComponent, try Self.read(path, maxBytes: maxBytes))]
        case .directory(let root):
            let base = URL(fileURLWithPath: root).standardizedFileURL
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw FileSourceError.unreadable(path: root, reason: "the folder cannot be listed")
            }
            var out: [(String, [UInt8]?)] = []
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
                if relative.hasPrefix(".git/") || relative.contains("/.git/") { continue }
                guard everyFile || ManifestFile.isManifestPath(relative) else { continue }
                out.append((relative, try Self.read(url.path, maxBytes: maxBytes)))
            }
            return out.sorted { $0.0 < $1.0 }
        }
    }

    /// The bytes of a file, `nil` when over the size limit.
    static func read(_ path: String, maxBytes: Int) throws -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileSourceError.unreadable(path: path, reason: "no such file, or it cannot be opened")
        }
        defer { try? handle.close() }
        let data = handle.readData(ofLength: maxBytes + 1)
        return data.count > maxBytes ? nil : Array(data)
    }
}

/// A side given as a path that cannot be read.
public enum FileSourceError: LocalizedError, Equatable {
    case unreadable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
        }
    }
}

extension MeshDiff {
    /// Compares two folders, two files, or a file and standard input: the same report as from
    /// git, with `from` and `to` naming the paths.
    /// `names` label the sides instead of their paths (git's diff driver passes temporary files).
    public static func diff(
        _ old: FileSource, _ new: FileSource, options: DiffOptions, everyFile: Bool = false, names: (String, String)? = nil,
        findings: [Finding] = []
    ) throws -> Report {
        let limits = options.limits
        let redactor = Redactor(showSecrets: options.showSecrets)
        func parse(_ path: String, _ bytes: [UInt8]?, label: String) -> ManifestFile {
            guard let bytes else { return .oversized(path: path, revision: label, limit: limits.maxFileBytes) }
            // kubectl's object files have no extension: JSON when they start like JSON.
            let json = ManifestFile.isJSONPath(path) || (everyFile && bytes.first(where: { $0 > 32 }) == UInt8(ascii: "{"))
            return redactor.redact(ManifestFile.parse(bytes, path: path, revision: label, json: json, limits: limits))
        }
        let rules = try options.rules(root: nil)
        let listedBefore = try old.files(everyFile: everyFile, maxBytes: limits.maxFileBytes)
        let listedAfter = try new.files(everyFile: everyFile, maxBytes: limits.maxFileBytes)
        var before = listedBefore.filter { !rules.excludes($0.path) }
        var after = listedAfter.filter { !rules.excludes($0.path) }
        // Files, not sides: a path excluded at both sides counts once.
        let excluded = Set((listedBefore + listedAfter).map(\.path).filter(rules.excludes)).count
        // Two single files are one file at two sides, whatever their names: one path for both,
        // so a resource in both is never "moved".
        let single = !(old.isDirectory || new.isDirectory)
        if single, let shared = names?.1 ?? before.first?.path ?? after.first?.path {
            before = before.map { (shared, $0.bytes) }
            after = after.map { (shared, $0.bytes) }
        }
        let key: (String) -> String = { single ? "" : $0 }
        let afterByPath = Dictionary(after.map { (key($0.path), $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let beforeByPath = Dictionary(before.map { (key($0.path), $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var oldSide = Comparison.Side(info: RevisionInfo(ref: names?.0 ?? old.name, commit: nil), changed: [])
        var newSide = Comparison.Side(info: RevisionInfo(ref: names?.1 ?? new.name, commit: nil), changed: [])
        var context: [(path: String, file: ManifestFile)] = []
        for (path, bytes) in before {
            if let other = afterByPath[key(path)], other == bytes, bytes != nil {
                context.append((path, parse(path, bytes, label: newSide.label)))
            } else {
                oldSide.changed.append((path, parse(path, bytes, label: oldSide.label)))
            }
        }
        for (path, bytes) in after where !(beforeByPath[key(path)].map { $0 == bytes && bytes != nil } ?? false) {
            newSide.changed.append((path, parse(path, bytes, label: newSide.label)))
        }
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
