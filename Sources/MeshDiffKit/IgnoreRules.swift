import Manifests
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a team tells meshdiff to leave out: files (`exclude:` path globs, `--exclude`) and
/// changes (`ignore:` rules shaped like Argo CD's `ignoreDifferences`), from `.meshdiff.yaml`
/// at the repository root or `--config FILE`. What is left out is counted in the report,
/// never dropped silently.
public struct IgnoreRules: Sendable, Equatable {
    /// Path globs of files not read at all (`*` within a folder name, `**` across folders).
    public var exclude: [String] = []
    public var ignore: [Rule] = []
    /// Where the rules came from, for the report (`.meshdiff.yaml`, `--exclude`).
    public var source: String = ""

    /// One `ignore:` rule: the resources it matches (globs; absent matches any), and which of
    /// their changes — all of them when it names no path.
    public struct Rule: Sendable, Equatable {
        public var group: String?
        public var kind: String?
        public var namespace: String?
        public var name: String?
        /// RFC 6901 pointers (`/spec/replicas`); a list item by index, or by its `name`.
        public var jsonPointers: [String] = []
        /// meshdiff's change paths (`spec.replicas`), matched as prefixes.
        public var paths: [String] = []

        public init(
            group: String? = nil, kind: String? = nil, namespace: String? = nil, name: String? = nil, jsonPointers: [String] = [],
            paths: [String] = []
        ) {
            self.group = group
            self.kind = kind
            self.namespace = namespace
            self.name = name
            self.jsonPointers = jsonPointers
            self.paths = paths
        }

        func matches(_ id: ResourceID) -> Bool {
            [(group, id.group), (kind, id.kind), (namespace, id.namespace ?? ""), (name, id.name)].allSatisfy { pattern, value in
                pattern.map { Glob.matches($0, value) } ?? true
            }
        }

        /// Whether the rule covers a change at `path` (all changes when it names no path).
        func covers(_ path: String) -> Bool {
            if jsonPointers.isEmpty && paths.isEmpty { return true }
            return paths.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") || path.hasPrefix($0 + "{") }
                || jsonPointers.contains { Self.pointer($0, covers: path) }
        }

        /// Whether the RFC 6901 `pointer` names `path` or a value above it.
        static func pointer(_ pointer: String, covers path: String) -> Bool {
            let wanted = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                String($0).replacingBytes("~1", with: "/").replacingBytes("~0", with: "~")
            }
            let steps = ChangePath.steps(path)
            guard wanted.count <= steps.count else { return false }
            return zip(wanted, steps).allSatisfy { segment, step in segment == "*" || step.contains(segment) }
        }
    }

    public init(exclude: [String] = [], ignore: [Rule] = [], source: String = "") {
        self.exclude = exclude
        self.ignore = ignore
        self.source = source
    }

    public var isEmpty: Bool { exclude.isEmpty && ignore.isEmpty }

    /// Whether a file is excluded.
    public func excludes(_ path: String) -> Bool {
        exclude.contains { Glob.matches($0, path) }
    }

    /// Reads a `.meshdiff.yaml`: `exclude:` (globs) and `ignore:` (rules).
    public static func load(_ path: String, label: String? = nil) throws -> IgnoreRules {
        guard let data = FileManager.default.contents(atPath: path) else { throw IgnoreRulesError.unreadable(path) }
        let text = String(decoding: data, as: UTF8.self)
        var rules = IgnoreRules(source: label ?? path)
        guard !text.trimmingWhitespace().isEmpty else { return rules }
        guard let document = EmbeddedDocument.parse(text)?.value, let map = document.mapping else {
            throw IgnoreRulesError.invalid(path, "it is not a YAML map with exclude: and ignore:")
        }
        for key in map.keys where !["exclude", "ignore"].contains(key) {
            throw IgnoreRulesError.invalid(path, "unknown key '\(key)' (known: exclude, ignore)")
        }
        rules.exclude = try strings(map["exclude"], "exclude", path)
        for (index, item) in (map["ignore"]?.list ?? []).enumerated() {
            guard let rule = item.mapping else { throw IgnoreRulesError.invalid(path, "ignore[\(index)] is not a map") }
            let known = ["group", "kind", "namespace", "name", "jsonPointers", "paths"]
            for key in rule.keys where !known.contains(key) {
                throw IgnoreRulesError.invalid(path, "ignore[\(index)]: unknown key '\(key)' (known: \(known.joined(separator: ", ")))")
            }
            rules.ignore.append(
                Rule(
                    group: rule["group"]?.scalarText, kind: rule["kind"]?.scalarText, namespace: rule["namespace"]?.scalarText,
                    name: rule["name"]?.scalarText, jsonPointers: try strings(rule["jsonPointers"], "ignore[\(index)].jsonPointers", path),
                    paths: try strings(rule["paths"], "ignore[\(index)].paths", path)))
        }
        return rules
    }

    private static func strings(_ value: Value?, _ key: String, _ path: String) throws -> [String] {
        guard let value else { return [] }
        guard let items = value.list else { throw IgnoreRulesError.invalid(path, "\(key) must be a list") }
        return try items.map { item in
            guard let text = item.scalarText else { throw IgnoreRulesError.invalid(path, "\(key) holds a value that is not text") }
            return text
        }
    }

    /// The report without what the rules ignore, and how much that was.
    func apply(to report: Report) -> Report {
        guard !ignore.isEmpty else { return report }
        var report = report
        var ignoredChanges = 0
        var ignoredResources = Set<ResourceID>()
        report.resources = report.resources.compactMap { resource in
            let rules = ignore.filter { $0.matches(resource.id) }
            guard !rules.isEmpty else { return resource }
            if resource.status != .modified && resource.status != .renamed {
                // Added or removed: only a whole-resource rule leaves it out.
                guard rules.contains(where: { $0.jsonPointers.isEmpty && $0.paths.isEmpty }) else { return resource }
                ignoredResources.insert(resource.id)
                return nil
            }
            var kept = resource
            kept.changes = resource.changes.filter { change in !rules.contains { $0.covers(change.path) } }
            ignoredChanges += resource.changes.count - kept.changes.count
            if kept.changes.isEmpty {
                ignoredResources.insert(resource.id)
                return nil
            }
            return kept
        }
        // The facts of a resource left out entirely go with it.
        func kept(_ kind: String, _ namespace: String?, _ name: String) -> Bool {
            !ignoredResources.contains { $0.kind == kind && $0.namespace == namespace && $0.name == name }
        }
        report.images = report.images.filter { kept($0.kind, $0.namespace, $0.name) }
        report.flags = report.flags.filter { kept($0.kind, $0.namespace, $0.name) }
        report.env = report.env.filter { kept($0.kind, $0.namespace, $0.name) }
        report.security = report.security.filter { kept($0.kind, $0.namespace, $0.name) }
        report.settings = report.settings.filter { kept($0.kind, $0.namespace, $0.name) }
        report.rbac = report.rbac.filter { kept($0.kind, $0.namespace, $0.name) }
        report.summary = Summary(resources: report.resources, moves: report.moves)
        report.ignored = Ignored(changes: ignoredChanges, resources: ignoredResources.count, files: 0, by: source)
        return report
    }
}

/// A rules file that cannot be used.
public enum IgnoreRulesError: LocalizedError, Equatable {
    case unreadable(String)
    case invalid(String, String)

    public var errorDescription: String? {
        switch self {
        case .unreadable(let path): return "cannot read the rules file '\(path)'"
        case .invalid(let path, let reason): return "the rules file '\(path)' cannot be used: \(reason)"
        }
    }
}

/// Shell-style globs over paths: `*` and `?` within one folder name, `**` across folders.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        matches(Array(pattern), 0, Array(text), 0)
    }

    private static func matches(_ p: [Character], _ i: Int, _ t: [Character], _ j: Int) -> Bool {
        if i == p.count { return j == t.count }
        if p[i] == "*" {
            let across = i + 1 < p.count && p[i + 1] == "*"
            let next = across ? i + 2 : i + 1
            // `**/` also matches no folder at all.
            if across, next < p.count, p[next] == "/", matches(p, next + 1, t, j) { return true }
            var k = j
            while true {
                if matches(p, next, t, k) { return true }
                guard k < t.count, across || t[k] != "/" else { return false }
                k += 1
            }
        }
        guard j < t.count, p[i] == "?" ? t[j] != "/" : p[i] == t[j] else { return false }
        return matches(p, i + 1, t, j + 1)
    }
}

/// meshdiff's change paths cut into steps: `spec.containers[name=app].image` →
/// `[spec], [containers], [app, 0?], [image]`; each step is the strings a pointer segment may be.
enum ChangePath {
    static func steps(_ path: String) -> [[String]] {
        var steps: [[String]] = []
        var current = ""
        var index = path.startIndex
        func flush() {
            if !current.isEmpty { steps.append([current]) }
            current = ""
        }
        while index < path.endIndex {
            let character = path[index]
            if character == "." {
                flush()
            } else if character == "[" {
                flush()
                let close = path[index...].firstIndex(of: "]") ?? path.endIndex
                var inside = String(path[path.index(after: index)..<close])
                if inside.hasPrefix("name=") { inside.removeFirst(5) }
                if inside.hasPrefix("\"") && inside.hasSuffix("\"") && inside.count >= 2 { inside = String(inside.dropFirst().dropLast()) }
                steps.append([inside])
                index = close < path.endIndex ? path.index(after: close) : close
                continue
            } else if character == "{" {
                flush()
                let close = path[index...].firstIndex(of: "}") ?? path.endIndex
                index = close < path.endIndex ? path.index(after: close) : close
                continue
            } else {
                current.append(character)
            }
            index = path.index(after: index)
        }
        flush()
        return steps
    }
}
