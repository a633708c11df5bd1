import Manifests

/// The resources of one side by identity, with a finding for each identity defined twice.
struct ResourceIndex {
    private(set) var resources: [ResourceID: Resource] = [:]
    private(set) var findings: [Finding] = []

    init(_ files: [ManifestFile], revision: String) {
        for file in files {
            findings += file.findings
            for resource in file.resources {
                if let first = resources[resource.id] {
                    findings.append(
                        Finding(
                            severity: .warning, path: resource.path, revision: revision, line: resource.line,
                            message:
                                "\(resource.id) is defined twice at this revision (first at \(first.path):\(first.line)); only the first is compared. Remove one of them."
                        ))
                } else {
                    resources[resource.id] = resource
                }
            }
        }
    }

    subscript(id: ResourceID) -> Resource? { resources[id] }

    var ids: Dictionary<ResourceID, Resource>.Keys { resources.keys }

    /// The resources in identity order: what every later stage iterates, so that no output
    /// depends on hashing.
    var sorted: [Resource] { resources.values.sorted { $0.id < $1.id } }
}
