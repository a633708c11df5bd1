#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Kubernetes resources of one file, and what was wrong with it.
public struct ManifestFile: Sendable {
    public var resources: [Resource]
    public var findings: [Finding]

    public init(resources: [Resource] = [], findings: [Finding] = []) {
        self.resources = resources
        self.findings = findings
    }

    /// The same resources found `delta` lines further down (a document that moved in its
    /// file). Only for files without findings, whose messages may name lines.
    public func shiftingLines(by delta: Int) -> ManifestFile {
        precondition(findings.isEmpty, "findings name lines in their messages")
        guard delta != 0 else { return self }
        var shifted = self
        for index in shifted.resources.indices { shifted.resources[index].line += delta }
        return shifted
    }

    /// Whether some of the file could not be read (a document that does not parse, a
    /// template, binary or oversized content): what it defines there is unknown.
    public var isPartlyUnreadable: Bool {
        findings.contains { $0.severity >= .warning }
    }

    /// Whether a file at this path is read as JSON.
    public static func isJSONPath(_ path: String) -> Bool {
        bytes(of: path) { hasSuffixIgnoringCase($0, ".json") }
    }

    /// Whether meshdiff reads files at this path: `*.yaml`, `*.yml` and `*.json`.
    public static func isManifestPath(_ path: String) -> Bool {
        bytes(of: path) { path in
            // meshdiff's own rules file is no manifest.
            (hasSuffixIgnoringCase(path, ".yaml") || hasSuffixIgnoringCase(path, ".yml") || hasSuffixIgnoringCase(path, ".json"))
                && !hasFileName(path, ".meshdiff.yaml")
        }
    }

    /// Whether the file name of `path` (what follows its last `/`) is `name`, byte for byte:
    /// these tests run on every path of a tree, and the names asked about are ASCII.
    static func hasFileName(_ path: String, _ name: StaticString) -> Bool {
        bytes(of: path) { hasFileName($0, name) }
    }

    private static func hasFileName(_ path: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        guard path.count >= wanted.count, path.count == wanted.count || path[path.count - wanted.count - 1] == UInt8(ascii: "/")
        else { return false }
        return path[(path.count - wanted.count)...].elementsEqual(wanted)
    }

    /// `body` over a path's UTF-8 bytes, in place. The path tests run on every path of a tree
    /// (twice for each file a changelog's first commit parses), so they allocate nothing and
    /// walk bytes, not a string's views (1,800 instructions a path, through those).
    private static func bytes<R>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        path.utf8.withContiguousStorageIfAvailable(body) ?? Array(path.utf8).withUnsafeBufferPointer(body)
    }

    /// Whether `text` ends with `suffix` (given in lower case), ASCII letters compared without
    /// case; from the ends, stopping at the first difference: most paths differ at once.
    private static func hasSuffixIgnoringCase(_ text: UnsafeBufferPointer<UInt8>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard text.count >= count else { return false }
        let start = text.count - count
        for offset in stride(from: count - 1, through: 0, by: -1) where !matches(text[start + offset], suffix.utf8Start[offset]) {
            return false
        }
        return true
    }

    /// A byte of a path against a byte written in lower case: ASCII letters match either case.
    private static func matches(_ byte: UInt8, _ lower: UInt8) -> Bool {
        lower >= 0x61 && lower <= 0x7A ? byte | 0x20 == lower : byte == lower
    }

    /// Whether the path names a Helm values file (`values.yaml`, `values-prod.yaml`,
    /// `prod-values.yaml`, `prod.values.yaml`): a document in it without a kind is read as
    /// values, compared key by key, not skipped as "not a Kubernetes object".
    package static func isHelmValuesPath(_ path: String) -> Bool {
        bytes(of: path) { path in
            // The file name: what follows the last `/` (a byte no other character holds).
            var start = path.count
            while start > 0, path[start - 1] != UInt8(ascii: "/") { start -= 1 }
            let name = UnsafeBufferPointer(rebasing: path[start...])
            let ending = hasSuffixIgnoringCase(name, ".yaml") ? 5 : (hasSuffixIgnoringCase(name, ".yml") ? 4 : 0)
            guard ending > 0 else { return false }
            // A stem of `values`, `values-…`, `…-values` or `….values`, ASCII letters in any
            // case, as no other character lower-cases into `values`.
            let stem = name[..<(name.count - ending)]
            func folded(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, equal text: StaticString) -> Bool {
                bytes.count == text.utf8CodeUnitCount
                    && zip(bytes, UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)).allSatisfy(matches)
            }
            return folded(stem, equal: "values") || folded(stem.prefix(7), equal: "values-")
                || folded(stem.suffix(7), equal: "-values") || folded(stem.suffix(7), equal: ".values")
        }
    }

    static let templateMessage = "Helm/Go template, not a rendered manifest"
    static let chartTemplateMessage = "a Helm chart's template: compared only as rendered (meshdiff diff --render)"

    /// Whether the path is a Helm chart's `Chart.yaml`.
    package static func isChart(_ path: String) -> Bool {
        hasFileName(path, "Chart.yaml")
    }

    /// Whether the path is a Kustomize file (`kustomization.yaml`, `.yml`).
    package static func isKustomization(_ path: String) -> Bool {
        hasFileName(path, "kustomization.yaml") || hasFileName(path, "kustomization.yml")
    }

    /// The folder of a repository path, `.` at the root.
    package static func folder(of path: String) -> String {
        path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? "."
    }

    /// Reads a manifest file. Never throws: every problem becomes a finding with its line,
    /// and the documents that can be read are kept.
    /// `json` reads the bytes as one JSON document; the path decides when absent.
    public static func parse(
        _ bytes: [UInt8], path: String, revision: String, json: Bool? = nil, limits: ManifestLimits = .standard
    ) -> ManifestFile {
        let text = ManifestText(bytes, path: path, revision: revision, json: json, helmValues: isHelmValuesPath(path), limits: limits)
        // Labelled with its path, as a cached parse is when it is used: one place decides what
        // a path makes of an object's name or a finding (a chart's template).
        return text.merge((0..<text.units).map { text.parse(unit: $0, limits: limits) }).relabeled(path: path, revision: revision)
    }

    static func readDocument(
        _ document: YAMLDocument, path: String, limits: ManifestLimits, helmValues: Bool = false,
        into file: inout ManifestFile, finding: (Finding.Severity, Finding.Code, Int?, String) -> Void
    ) {
        // A template is recognised only when its document fails to read: rendered manifests
        // legitimately carry `{{ }}` inside block scalars (Helm values, alert templates).
        func templateFinding() -> Bool {
            guard let line = document.helmActionLine ?? document.templateLine else { return false }
            finding(
                .warning, .template, line,
                templateMessage + ": render it (helm template) and commit the output to have it compared")
            return true
        }
        let roots: [(value: Value, line: Int)]
        func at(_ line: Int?) -> Int? { line.map { document.firstLine + $0 - 1 } }
        do {
            roots = try YAMLReader.documents(document.text, aliasLimit: limits.maxAliasExpansion)
        } catch let error as YAMLReadError {
            if templateFinding() { return }
            switch error {
            case .syntax(let line, let column, let message):
                let place = at(line).map { " at line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? ""
                finding(
                    .error, .yamlSyntax, at(line) ?? document.firstLine,
                    "YAML does not parse: \(message)\(place); this document is not compared")
            case .aliasExpansion(let limit, let line):
                finding(
                    .error, .aliasExpansion, at(line) ?? document.firstLine,
                    "aliases expand to more than \(limit) nodes (a 'billion laughs' document?); this document is not compared")
            case .nonScalarKey(let line):
                finding(
                    .error, .nonScalarKey, at(line) ?? document.firstLine,
                    "a map key is not a scalar, which Kubernetes cannot read; this document is not compared")
            case .duplicateKey(let key, let line):
                finding(
                    .error, .duplicateKey, at(line) ?? document.firstLine,
                    "duplicate key '\(key)' in one map, which Kubernetes refuses; this document is not compared")
            case .tooDeep(let limit, let line):
                finding(
                    .error, .tooDeep, at(line) ?? document.firstLine,
                    "collections nest deeper than \(limit) levels; this document is not compared")
            }
            return
        } catch {
            finding(.error, .yamlSyntax, document.firstLine, "YAML does not parse: \(error); this document is not compared")
            return
        }
        for (value, line) in roots {
            addObject(value, path: path, line: document.firstLine + line - 1, helmValues: helmValues, into: &file, finding: finding)
        }
    }

    static func readJSON(
        _ text: String, path: String, into file: inout ManifestFile,
        finding: (Finding.Severity, Finding.Code, Int?, String) -> Void
    ) {
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).value
            addObject(value, path: path, line: 1, into: &file, finding: finding)
        } catch let DecodingError.dataCorrupted(context) {
            finding(.error, .jsonSyntax, nil, "JSON does not parse: \(context.debugDescription); this file is not compared")
        } catch {
            finding(.error, .jsonSyntax, nil, "JSON does not parse: \(error); this file is not compared")
        }
    }

    /// Adds a document's object, expanding `List` kinds into their items.
    static func addObject(
        _ value: Value, path: String, line: Int, helmValues: Bool = false, into file: inout ManifestFile,
        finding: (Finding.Severity, Finding.Code, Int?, String) -> Void
    ) {
        guard let map = value.mapping else {
            // A JSON 6902 patch (a list of operations), as Kustomize overlays keep them: compared
            // as one object named by its file.
            if let operations = value.list, !operations.isEmpty,
                operations.allSatisfy({ $0["op"]?.string != nil && $0["path"]?.string != nil })
            {
                let id = ResourceID(group: "", kind: "JSONPatch", namespace: nil, name: path)
                let object = Value.map(Mapping([("operations", value)]))
                file.resources.append(Resource(id: id, apiVersion: "", object: object, path: path, line: line))
                return
            }
            finding(.info, .notAnObject, line, "not a Kubernetes object (the document is not a map); skipped")
            return
        }
        // A Helm chart's `Chart.yaml`: named by its folder, like a kustomization.
        if map["kind"] == nil, ["v1", "v2"].contains(map["apiVersion"]?.string ?? ""), map["name"]?.scalarText != nil,
            map["version"]?.scalarText != nil
        {
            let id = ResourceID(group: "", kind: "Chart", namespace: nil, name: folder(of: path))
            file.resources.append(Resource(id: id, apiVersion: map["apiVersion"]?.string ?? "v2", object: value, path: path, line: line))
            return
        }
        // Kustomize's own file (not Flux's `Kustomization`, which is an object with a name); its
        // folder names it, set when the file is labelled with its path (`relabeled`).
        if Kustomization.isKustomizationObject(map) {
            let id = ResourceID(
                group: "kustomize.config.k8s.io", kind: map["kind"]?.string ?? "Kustomization", namespace: nil, name: folder(of: path))
            file.resources.append(
                Resource(
                    id: id, apiVersion: map["apiVersion"]?.string ?? "kustomize.config.k8s.io/v1beta1", object: value, path: path,
                    line: line))
            return
        }
        let kind = map["kind"]?.string
        // Any `*List` with items is unwrapped, named or not, as kubectl does.
        if let kind, kind.hasSuffix("List"), let items = map["items"]?.list {
            for item in items {
                addObject(item, path: path, line: line, into: &file, finding: finding)
            }
            return
        }
        guard let kind, !kind.isEmpty else {
            // A Helm values file: one object named by its path (set by `relabeled`).
            if helmValues {
                let id = ResourceID(group: "", kind: "Values", namespace: nil, name: path)
                file.resources.append(Resource(id: id, apiVersion: "", object: value, path: path, line: line))
                return
            }
            finding(.info, .notAnObject, line, "not a Kubernetes object (no kind); skipped")
            return
        }
        guard let name = map["metadata"]?["name"]?.scalarText, !name.isEmpty else {
            let generated = map["metadata"]?["generateName"] != nil
            finding(
                .info, generated ? .generateNameOnly : .notAnObject, line,
                generated
                    ? "\(kind) has only metadata.generateName, so it cannot be paired across revisions; skipped"
                    : "not a Kubernetes object (\(kind) has no metadata.name); skipped")
            return
        }
        let apiVersion = map["apiVersion"]?.string ?? ""
        var namespace = map["metadata"]?["namespace"]?.scalarText.flatMap { $0.isEmpty ? nil : $0 }
        // A document that parses but whose identity is still a template (`name: x{{ if … }}`).
        if [kind, name, namespace ?? "", apiVersion].contains(where: { $0.containsBytes("{{") }) {
            finding(
                .warning, .template, line,
                templateMessage + " (its identity holds '{{'): render it (helm template) and commit the output to have it compared"
            )
            return
        }
        // The API server ignores metadata.namespace on cluster-scoped kinds; so does identity.
        if namespace != nil, ResourceID.clusterScopedKinds.contains(kind) { namespace = nil }
        let id = ResourceID(group: ResourceID.group(ofAPIVersion: apiVersion), kind: kind, namespace: namespace, name: name)
        file.resources.append(Resource(id: id, apiVersion: apiVersion, object: value, path: path, line: line))
    }

    static func lineNumber(in bytes: [UInt8], at offset: Int) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var low = bytes.startIndex
        var high = bytes.endIndex
        // Largest valid prefix, by bisection on whole-prefix validity.
        while low < high {
            let mid = (low + high + 1) / 2
            if String(validating: bytes[bytes.startIndex..<mid], as: UTF8.self) != nil { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

extension ManifestFile {
    /// The same content, as read from another path or at another revision
    /// (a parsed blob is reused wherever the same bytes appear).
    package func relabeled(path: String, revision: String) -> ManifestFile {
        // Resources are changed in place, and only where a field differs: a parse is labelled
        // with the path of the first file that holds its bytes, so this usually changes nothing,
        // and a resource changed is a copy of all its fields (a changelog's first commit has
        // 20,000 of them).
        var resources = resources
        for index in resources.indices {
            if !resources[index].path.sameBytes(path) { resources[index].path = path }
            // Objects named by where they are: a kustomization by its folder, a JSON patch by its file.
            let id = resources[index].id
            var name: String?
            if Kustomization.isKustomization(resources[index]) || (id.group.isEmpty && id.kind == "Chart") {
                name = Self.folder(of: path)
            }
            if (id.kind == "JSONPatch" && id.group.isEmpty) || (id.kind == "Values" && id.group.isEmpty) {
                name = path
            }
            if let name, !id.name.sameBytes(name) { resources[index].id.name = name }
        }
        return ManifestFile(
            resources: resources,
            findings: findings.map {
                var f = $0
                f.path = path
                f.revision = revision
                // A template of a chart kept in the repository is expected, not a mistake.
                if f.code == .template, let templates = path.firstRange(of: "templates/"),
                    templates.lowerBound == path.startIndex || path[path.index(before: templates.lowerBound)] == "/"
                {
                    f.severity = .info
                    f.code = .chartTemplate
                    f.message = Self.chartTemplateMessage
                }
                return f
            }
        )
    }

    /// The finding for a file that was not read because of its size.
    public static func oversized(path: String, revision: String, limit: Int) -> ManifestFile {
        ManifestFile(findings: [
            Finding(
                severity: .warning, code: .oversized, path: path, revision: revision, line: nil,
                message: "file is over the \(limit)-byte limit (--max-file-size); not compared")
        ])
    }
}
