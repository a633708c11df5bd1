import Reports

/// A container image reference: `registry/repository[:tag][@digest]`.
public struct ImageReference: Equatable, Sendable {
    /// Everything before the tag: registry and path (`cr.l5d.io/linkerd/proxy`).
    public var repository: String
    public var tag: String?
    public var digest: String?

    /// Split by bytes: every container's image of every changed workload passes here, and
    /// the separators are ASCII.
    public init(_ text: String) {
        var rest = Substring(text)
        digest = nil
        if let at = rest.utf8.firstIndex(of: UInt8(ascii: "@")) {
            digest = String(rest[rest.utf8.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.utf8.lastIndex(of: UInt8(ascii: "/")) ?? rest.startIndex
        if let colon = rest.utf8[lastSlash...].lastIndex(of: UInt8(ascii: ":")) {
            tag = String(rest[rest.utf8.index(after: colon)...])
            repository = String(rest[..<colon])
        } else {
            tag = nil
            repository = String(rest)
        }
    }

    /// The image's name: the last path component of the repository (`proxy`).
    public var name: String {
        guard let slash = repository.utf8.lastIndex(of: UInt8(ascii: "/")) else { return repository }
        return String(repository[repository.utf8.index(after: slash)...])
    }

    /// The registry and path before the name (`cr.l5d.io/linkerd`).
    public var location: String {
        guard let slash = repository.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(repository[..<slash])
    }

    /// The reference in its parts, for the report.
    public var parts: ImageName {
        let (registry, path) = registryAndPath
        return ImageName(registry: registry, repository: path, tag: tag, digest: digest)
    }

    /// The registry host: the first component when it names a host (a `.`, a `:` or
    /// `localhost`), else Docker Hub, where `bitnami/nginx` and `nginx` live.
    public var registry: String { registryAndPath.registry }

    /// The repository path within the registry (`linkerd/proxy`, `library/nginx`).
    public var path: String { registryAndPath.path }

    private var registryAndPath: (registry: String, path: String) {
        guard let slash = repository.utf8.firstIndex(of: UInt8(ascii: "/")) else {
            return ("docker.io", "library/" + repository)
        }
        let first = repository[..<slash]
        let rest = String(repository[repository.utf8.index(after: slash)...])
        if first.utf8.contains(UInt8(ascii: ".")) || first.utf8.contains(UInt8(ascii: ":")) || first == "localhost" {
            // `docker.io/nginx` is Docker Hub's official `library/nginx`.
            let official = first == "docker.io" && !rest.utf8.contains(UInt8(ascii: "/"))
            return (String(first), official ? "library/" + rest : rest)
        }
        return ("docker.io", repository)
    }
}

/// How an image moved between two references, and what a reviewer should be told about it.
public enum ImageDirection {
    public static func between(_ from: String, _ to: String) -> (direction: String, note: String?) {
        let a = ImageReference(from)
        let b = ImageReference(to)
        var notes: [String] = []
        if a.registry != b.registry || a.path != b.path {
            guard a.name == b.name else { return ("changed", "a different image") }
            notes.append(
                a.registry != b.registry
                    ? "registry moved from \(a.registry) to \(b.registry)" : "repository moved from \(a.path) to \(b.path)")
        }
        if a.tag == b.tag {
            if a.digest != b.digest { notes.append("digest changed") }
            return ("changed", notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
        guard let x = a.tag.flatMap(Version.init), let y = b.tag.flatMap(Version.init) else {
            return ("changed", notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
        if x.channel == y.channel && x.isDateLike != y.isDateLike {
            notes.append("tag scheme changed (\(x.text) → \(y.text)): no order between them")
            return ("changed", notes.joined(separator: "; "))
        }
        if let order = x.compare(to: y) {
            let direction: String
            switch order {
            case .older: direction = "upgrade"
            case .newer: direction = "downgrade"
            case .same: direction = "changed"
            }
            return (direction, notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
        let (direction, note) = ChannelChange.direction(from: x, to: y)
        notes.append(note)
        return (direction, notes.joined(separator: "; "))
    }
}

/// A move between release channels (Linkerd stable ↔ edge), given a best-effort direction
/// by the dates the releases came out.
public enum ChannelChange {
    /// When each Linkerd stable minor line was first released (year, month).
    static let linkerdStableDates: [Int: (Int, Int)] = [
        9: (2020, 11), 10: (2021, 3), 11: (2021, 9), 12: (2022, 8), 13: (2023, 4), 14: (2023, 8),
        15: (2024, 2), 16: (2024, 8), 17: (2024, 12), 18: (2025, 4),
    ]

    /// The direction (`upgrade`, `downgrade` or `changed`) and the note that says it is a guess.
    public static func direction(from a: Version, to b: Version) -> (String, String) {
        let channels = "channel change \(a.channel ?? "release") → \(b.channel ?? "release")"
        guard let x = releaseMonth(a), let y = releaseMonth(b), x != y else {
            return ("changed", channels + "; direction unknown")
        }
        return (x < y ? "upgrade" : "downgrade", channels + "; direction by release date, best effort")
    }

    static func releaseMonth(_ v: Version) -> Int? {
        switch v.channel {
        case "edge"?:
            guard v.numbers.count >= 2 else { return nil }
            return (2000 + v.numbers[0]) * 12 + v.numbers[1]
        case "stable"?, "enterprise"?:
            guard v.numbers.count >= 2, v.numbers[0] == 2, let (year, month) = linkerdStableDates[v.numbers[1]] else { return nil }
            return year * 12 + month
        default:
            return nil
        }
    }
}
