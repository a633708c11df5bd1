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
    /// Where each identity's definition (the last) lies in `definitions`.
    private var slots: [ResourceID: Int] = [:]
    /// Each identity's definition, in the order first defined.
    private var definitions: [Resource] = []
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
        // Whether a changed file holds one of an identity's definitions, by slot.
        var changedAt: [Bool] = []
        let count = inputs.reduce(0) { $0 + $1.file.resources.count }
        slots.reserveCapacity(count)
        definitions.reserveCapacity(count)
        changedAt.reserveCapacity(count)
        // A file a kustomization names as a patch holds patches, not objects: each is its own
        // identity (`patch overlays/prod/replicas.yaml`), never a duplicate of what it patches.
        let patches = Set(
            inputs.flatMap(\.file.resources).filter(Kustomization.isKustomization).flatMap(Kustomization.patchPaths(of:)))
        let ordered = inputs.indices.sorted { a, b in
            inputs[a].path.utf8Precedes(inputs[b].path) || (a < b && !inputs[b].path.utf8Precedes(inputs[a].path))
        }
        for position in ordered {
            let input = inputs[position]
            if input.changed || contextFindings { findings += input.file.findings }
            for var resource in input.file.resources {
                if let scope = scopes[resource.path] { resource.id.scope = scope }
                if !patches.isEmpty, patches.contains(resource.path), resource.id.kind != "JSONPatch",
                    !Kustomization.isKustomization(resource)
                {
                    resource.id.scope = "patch \(resource.path)"
                }
                // One hash per definition: the slot is found, or made, in one step.
                let next = definitions.count
                let slot = Self.value(of: &slots[resource.id, default: next])
                guard slot != next else {
                    definitions.append(resource)
                    changedAt.append(input.changed)
                    continue
                }
                let earlier = definitions[slot]
                if input.changed || changedAt[slot] || contextFindings {
                    findings.append(
                        Finding(
                            severity: .warning, code: .duplicateIdentity, path: resource.path, revision: revision, line: resource.line,
                            message:
                                "\(resource.id) is defined twice at this revision (also at \(earlier.path):\(earlier.line)); this later definition is the one compared, as kubectl apply would leave it. Remove one of them."
                        ))
                }
                definitions[slot] = resource
                changedAt[slot] = changedAt[slot] || input.changed
            }
        }
        sorted = ResourceID.sorted(definitions, by: \.id)
    }

    /// The value behind an `inout` access: with `default:`, a dictionary finds or inserts the key
    /// in one lookup.
    private static func value(of slot: inout Int) -> Int { slot }

    package subscript(id: ResourceID) -> Resource? { slots[id].map { definitions[$0] } }

    /// How many identities the index holds.
    package var count: Int { definitions.count }

    package var ids: Dictionary<ResourceID, Int>.Keys { slots.keys }
}
