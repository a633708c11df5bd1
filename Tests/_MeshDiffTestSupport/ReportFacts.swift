import MeshDiffKit
import Reports

/// A report's sets in the shape of `ExpectedFacts`, to compare with the independent reference.
public struct ReportFacts: Equatable, CustomStringConvertible {
    public var added: Set<[String?]>
    public var removed: Set<[String?]>
    public var modified: Set<[String?]>
    public var images: Set<[String?]>
    public var flags: Set<[String?]>
    public var env: Set<[String?]>

    public init(_ report: Report) {
        func ident(_ r: ResourceChange) -> [String?] { [r.kind, r.namespace, r.name] }
        added = Set(report.resources.filter { $0.status == .added }.map(ident))
        removed = Set(report.resources.filter { $0.status == .removed }.map(ident))
        modified = Set(report.resources.filter { $0.status == .modified }.map(ident))
        images = Set(report.images.map { [$0.kind, $0.namespace, $0.name, $0.container, $0.from, $0.to] })
        flags = Set(report.flags.map { [$0.kind, $0.namespace, $0.name, $0.container, $0.flag, $0.from, $0.to] })
        env = Set(report.env.map { [$0.kind, $0.namespace, $0.name, $0.container, $0.variable] })
    }

    public init(_ expected: ExpectedFacts) {
        added = Set(expected.added)
        removed = Set(expected.removed)
        modified = Set(expected.modified)
        images = Set(expected.images)
        flags = Set(expected.flags)
        env = Set(expected.env)
    }

    public var description: String {
        "added \(added.count), removed \(removed.count), modified \(modified.count), images \(images.count), flags \(flags.count), env \(env.count)"
    }

    /// What differs from `other`, for a readable failure message.
    public func differences(from other: ReportFacts) -> String {
        var out: [String] = []
        func compare(_ name: String, _ a: Set<[String?]>, _ b: Set<[String?]>) {
            let extra = a.subtracting(b)
            let missing = b.subtracting(a)
            if !extra.isEmpty { out.append("\(name) only in meshdiff: \(extra.prefix(5).map { $0.map { $0 ?? "nil" } })") }
            if !missing.isEmpty { out.append("\(name) only in reference: \(missing.prefix(5).map { $0.map { $0 ?? "nil" } })") }
        }
        compare("added", added, other.added)
        compare("removed", removed, other.removed)
        compare("modified", modified, other.modified)
        compare("images", images, other.images)
        compare("flags", flags, other.flags)
        compare("env", env, other.env)
        return out.joined(separator: "\n")
    }
}
