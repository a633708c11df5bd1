import Manifests

/// The resources of one side by identity, over the whole revision: the files that changed and
/// the unchanged files read for context.
///
/// Kustomize patches are identities of their own (`ResourceID.scope`).
///
/// One rule for an identity defined twice: files in path order (bytes, as git orders them),
/// documents in file order, and the last definition wins, as `kubectl apply -f` over the
/// folder would leave it. Each such identity is a finding when a changed file holds one of its
/// definitions (with `--all-files`, always), and the two sides follow the same rule, so
/// document order never shows as a change.
package struct ResourceIndex: Sendable {
    package private(set) var resources: [ResourceID: Resource] = [:]
    package private(set) var findings: [Finding] = []
    /// The resources in identity order: what every later stage iterates, so that no output
    /// depends on hashing. Sorted once: several stages read it.
    package private(set) var sorted: [Resource] = []

    /// One file read for the index; `changed` files bring their findings, context files only
    /// their resources.
    package struct Input {
        package var path: String
        package var file: ManifestFile
        package var changed: Bool

        package init(path: String, file: ManifestFile, changed: Bool) {
            self.path = path
            self.file = file
            self.changed = changed
        }
    }

    /// `scopes`: the scope of every resource read from a path (`DiffOptions.scopes`).
    package init(_ inputs: [Input], revision: String, contextFindings: Bool, scopes: [String: String] = [:]) {
        var changedAt: [ResourceID: Bool] = [:]
        // A file a kustomization names as a patch holds patches, not objects: each is its own
        // identity (`patch overlays/prod/replicas.yaml`), never a duplicate of what it patches.
        let patches = Set(
            inputs.flatMap(\.file.resources).filter(Kustomization.isKustomization).flatMap(Kustomization.patchPaths(of:)))
        let ordered = inputs.indices.sorted { a, b in
            inputs[a].path.utf8Precedes(inputs[b].path) || (a < b && !inputs[b].path.utf8Precedes(inputs[a].path))
        }
        for input in ordered.map({ inputs[$0] }) {
            if input.changed || contextFindings { findings += input.file.findings }
            for var resource in input.file.resources {
                if let scope = scopes[resource.path] { resource.id.scope = scope }
                if patches.contains(resource.path), resource.id.kind != "JSONPatch", !Kustomization.isKustomization(resource) {
                    resource.id.scope = "patch \(resource.path)"
                }
                if let earlier = resources[resource.id], input.changed || changedAt[resource.id] == true || contextFindings {
                    findings.append(
                        Finding(
                            severity: .warning, code: .duplicateIdentity, path: resource.path, revision: revision, line: resource.line,
                            message:
                                "\(resource.id) is defined twice at this revision (also at \(earlier.path):\(earlier.line)); this later definition is the one compared, as kubectl apply would leave it. Remove one of them."
                        ))
                }
                resources[resource.id] = resource
                changedAt[resource.id] = (changedAt[resource.id] ?? false) || input.changed
            }
        }
        // By the dictionary's keys: a resource's `id` is a copy out of its box on every read.
        sorted = ResourceID.sorted(Array(resources), by: \.key).map(\.value)
    }

    package subscript(id: ResourceID) -> Resource? { resources[id] }

    package var ids: Dictionary<ResourceID, Resource>.Keys { resources.keys }
}
