import Manifests

/// Compares two values structurally and lists their differences.
///
/// Maps compare by key. Lists whose items are all maps with a unique `name` compare by that
/// name (containers, env, ports, volumes, CRD versions…); other lists are aligned by a longest
/// common subsequence, and a list that only changed order is one `reorder`. A string that holds
/// a YAML or JSON document is compared as a tree; a multi-line string as lines.
public struct StructuralDiff: Sendable {
    public init() {}

    /// The changes that turn `old` into `new`, in path order.
    public func changes(from old: Value, to new: Value, at path: FieldPath = FieldPath()) -> [Change] {
        var out: [Change] = []
        diff(old, new, path, depth: 0, &out)
        return out
    }

    /// `depth` counts the documents-inside-strings above this value (`Limits.maxEmbeddedDepth`).
    private func diff(_ a: Value, _ b: Value, _ path: FieldPath, depth: Int, _ out: inout [Change]) {
        if a == b { return }
        switch (a, b) {
        case (.map(let x), .map(let y)):
            diffMaps(x, y, path, depth: depth, &out)
        case (.list(let x), .list(let y)):
            if let xs = Self.names(x), let ys = Self.names(y) {
                diffNamedLists(x, xs, y, ys, path, depth: depth, &out)
            } else {
                diffLists(x, y, path, depth: depth, &out)
            }
        case (.string(let x), .string(let y)):
            diffStrings(x, y, path, depth: depth, &out)
        default:
            out.append(Change(path: path, op: .replace, from: a, to: b))
        }
    }

    private func diffMaps(_ x: Mapping, _ y: Mapping, _ path: FieldPath, depth: Int, _ out: inout [Change]) {
        let a = x.entries
        let b = y.entries
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].key.utf8Precedes(b[j].key)) {
                out.append(Change(path: path.appending(.key(a[i].key)), op: .remove, from: a[i].value, to: nil))
                i += 1
            } else if i == a.count || b[j].key.utf8Precedes(a[i].key) {
                out.append(Change(path: path.appending(.key(b[j].key)), op: .add, from: nil, to: b[j].value))
                j += 1
            } else {
                diff(a[i].value, b[j].value, path.appending(.key(a[i].key)), depth: depth, &out)
                i += 1
                j += 1
            }
        }
    }

    /// The `name` of every item, when every item is a map with a unique string `name`.
    static func names(_ items: [Value]) -> [String]? {
        guard !items.isEmpty else { return nil }
        var names: [String] = []
        names.reserveCapacity(items.count)
        var seen = Set<String>()
        for item in items {
            guard let name = item["name"]?.string, seen.insert(name).inserted else { return nil }
            names.append(name)
        }
        return names
    }

    private func diffNamedLists(
        _ x: [Value], _ xs: [String], _ y: [Value], _ ys: [String], _ path: FieldPath, depth: Int, _ out: inout [Change]
    ) {
        let newIndex = Dictionary(uniqueKeysWithValues: ys.enumerated().map { ($1, $0) })
        let oldIndex = Dictionary(uniqueKeysWithValues: xs.enumerated().map { ($1, $0) })
        for (i, name) in xs.enumerated() {
            if let j = newIndex[name] {
                diff(x[i], y[j], path.appending(.named(name)), depth: depth, &out)
            } else {
                out.append(Change(path: path.appending(.named(name)), op: .remove, from: x[i], to: nil))
            }
        }
        for (j, name) in ys.enumerated() where oldIndex[name] == nil {
            out.append(Change(path: path.appending(.named(name)), op: .add, from: nil, to: y[j]))
        }
        let commonOld = xs.filter { newIndex[$0] != nil }
        let commonNew = ys.filter { oldIndex[$0] != nil }
        if commonOld != commonNew {
            out.append(
                Change(
                    path: path, op: .reorder,
                    from: .list(commonOld.map(Value.string)), to: .list(commonNew.map(Value.string))))
        }
    }

    private func diffLists(_ x: [Value], _ y: [Value], _ path: FieldPath, depth: Int, _ out: inout [Change]) {
        if x.count == y.count, Self.sameItems(x, y) {
            out.append(Change(path: path, op: .reorder, from: .list(x), to: .list(y)))
            return
        }
        // Hashes first: the alignment compares items up to n × m times, and most pairs differ.
        let hx = x.map(\.hashValue)
        let hy = y.map(\.hashValue)
        // Too large to align: compare position by position (every difference still reported).
        let same = { (i: Int, j: Int) in hx[i] == hy[j] && x[i] == y[j] }
        let steps = Alignment.align(Array(x.indices), Array(y.indices), equal: same) ?? Alignment.positional(x.count, y.count, equal: same)
        // Between two kept items, pair removed and added items in order: they are the same
        // slot edited (compare inside), and the rest are plain removals or additions.
        var removed: [Int] = []
        var added: [Int] = []
        func flush() {
            let paired = min(removed.count, added.count)
            for k in 0..<paired {
                diff(x[removed[k]], y[added[k]], path.appending(.index(added[k])), depth: depth, &out)
            }
            for i in removed.dropFirst(paired) {
                out.append(Change(path: path.appending(.index(i)), op: .remove, from: x[i], to: nil))
            }
            for j in added.dropFirst(paired) {
                out.append(Change(path: path.appending(.index(j)), op: .add, from: nil, to: y[j]))
            }
            removed.removeAll()
            added.removeAll()
        }
        for step in steps {
            switch step {
            case .keep: flush()
            case .remove(let i): removed.append(i)
            case .add(let j): added.append(j)
            }
        }
        flush()
    }

    private static func sameItems(_ x: [Value], _ y: [Value]) -> Bool {
        var counts: [Value: Int] = [:]
        for item in x { counts[item, default: 0] += 1 }
        for item in y {
            guard let count = counts[item], count > 0 else { return false }
            counts[item] = count - 1
        }
        return true
    }

    private func diffStrings(_ a: String, _ b: String, _ path: FieldPath, depth: Int, _ out: inout [Change]) {
        var change = Change(path: path, op: .replace, from: .string(a), to: .string(b))
        // Canonically equivalent text in other bytes (`é` as `e` and U+0301): Kubernetes sees
        // another value, a reader the same characters; the change says why it is one.
        if a == b {
            change.note = "same characters, other bytes: another Unicode normal form"
            out.append(change)
            return
        }
        if depth < Limits.maxEmbeddedDepth {
            if let x = EmbeddedDocument.parse(a), let y = EmbeddedDocument.parse(b), x.format == y.format {
                let count = out.count
                diff(x.value, y.value, path.appending(.embedded(x.format)), depth: depth + 1, &out)
                guard out.count == count else { return }
                // Same tree, other text (comments, layout, `yes` for `true`): still a change.
                change.note = "reformatted; same content"
            }
        } else if EmbeddedDocument.parse(a) != nil {
            change.note = "a document nested more than \(Limits.maxEmbeddedDepth) levels deep in strings: compared as text"
        }
        if a.utf8.contains(UInt8(ascii: "\n")) || b.utf8.contains(UInt8(ascii: "\n")) {
            change.lines = LineDiff.edits(from: a, to: b)
            if change.lines == nil {
                let counts = [a, b].map { $0.utf8.count { $0 == UInt8(ascii: "\n") } + 1 }
                change.note = "value changed, \(grouped(counts[0])) → \(grouped(counts[1])) lines, too large to diff line by line"
            }
        }
        out.append(change)
    }
}

/// `12345` as `12,345`, whatever the locale (`Int.formatted()` needs ICU's locale data).
func grouped(_ number: Int) -> String {
    let digits = String(number.magnitude)
    let head = digits.count % 3 == 0 ? 3 : digits.count % 3
    var out = number < 0 ? "-" : ""
    out += digits.prefix(head)
    var rest = digits.dropFirst(head)
    while !rest.isEmpty {
        out += "," + rest.prefix(3)
        rest = rest.dropFirst(3)
    }
    return out
}
