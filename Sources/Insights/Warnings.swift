import Manifests
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a reviewer must see before anything else, derived from the report's facts.
public enum Warnings {
    /// `reference` is the date certificates are checked at: the new side's commit date, or now.
    public static func of(_ report: Report, oldResources: [Resource], newResources: [Resource], reference: Date) -> [Warning] {
        var out: [Warning] = []
        for mesh in report.meshes where mesh.direction == .downgrade {
            out.append(
                Warning(
                    kind: .downgrade,
                    message:
                        "\(mesh.mesh) is downgraded: \(mesh.from ?? "?") → \(mesh.to ?? "?")\(mesh.note.map { " (\($0))" } ?? ""). Was an older CLI run by mistake?"
                ))
        }
        let downgraded = Dictionary(grouping: report.images.filter { $0.direction == .downgrade }) { "\($0.from ?? "") → \($0.to ?? "")" }
        for (move, images) in downgraded.sorted(by: { $0.key < $1.key }) {
            let workloads = Set(images.map { "\($0.kind) \($0.namespace.map { $0 + "/" } ?? "")\($0.name)" }).sorted()
            out.append(
                Warning(
                    kind: .downgrade,
                    message:
                        "image downgraded: \(move) in \(workloads.count) workload\(workloads.count == 1 ? "" : "s") (\(workloads.prefix(3).joined(separator: ", "))\(workloads.count > 3 ? ", …" : ""))",
                    resource: images.count == 1 ? Self.resource(images[0].kind, images[0].namespace, images[0].name) : nil,
                    image: images.first?.to))
        }
        // Only resources that hold keys or certificates warn below: most hold neither, so the
        // report's identities are gathered only when one does (a large step has thousands).
        let keyHolders = newResources.filter { !$0.privateKeyPaths.isEmpty }
        let changed = keyHolders.isEmpty ? [] : Set(report.resources.filter { $0.status != .removed }.map(\.id))
        for resource in keyHolders where changed.contains(resource.id) {
            for key in resource.privateKeyPaths {
                out.append(
                    Warning(
                        kind: .privateKey,
                        message:
                            "\(resource.id) holds a private key (\(key)) committed to the repository; keep keys out of git (an external secret store, cert-manager).",
                        resource: resource.id.description))
            }
        }
        if oldResources.contains(where: { !$0.certificates.isEmpty }) || newResources.contains(where: { !$0.certificates.isEmpty }) {
            out += TrustAnalysis.warnings(
                old: oldResources, new: newResources, changed: Set(report.resources.map(\.id)), reference: reference)
        }
        for change in report.rbac {
            for escalation in change.escalations {
                out.append(
                    Warning(
                        kind: .rbacEscalation,
                        message: "\(change.kind) \(change.namespace.map { $0 + "/" } ?? "")\(change.name): \(escalation)",
                        resource: Self.resource(change.kind, change.namespace, change.name)))
            }
        }
        for change in report.security where change.loosened {
            out.append(
                Warning(
                    kind: .privileged,
                    message:
                        "\(change.kind) \(change.namespace.map { $0 + "/" } ?? "")\(change.name)\(change.container.map { " [\($0)]" } ?? ""): \(change.setting) \(change.from ?? "unset") → \(change.to ?? "unset")",
                    resource: Self.resource(change.kind, change.namespace, change.name)))
        }
        for crd in report.crds where crd.status == .removed || !crd.versionsRemoved.isEmpty {
            let what = crd.status == .removed ? "removed" : "version \(crd.versionsRemoved.joined(separator: ", ")) removed"
            out.append(
                Warning(
                    kind: .crdRemoved, message: "CRD \(crd.name) \(what): objects of it stop being served",
                    resource: Self.resource("CustomResourceDefinition", nil, crd.name)))
        }
        let problems = report.findings.filter { $0.severity >= .warning }
        if !problems.isEmpty {
            out.append(
                Warning(
                    kind: .finding,
                    message:
                        "\(problems.count) file\(problems.count == 1 ? "" : "s") or document\(problems.count == 1 ? "" : "s") could not be compared; see the findings"
                ))
        }
        return out
    }

    /// The groups of the kinds warnings name by kind alone.
    static let groups: [String: String] = [
        "Deployment": "apps", "StatefulSet": "apps", "DaemonSet": "apps", "ReplicaSet": "apps", "Job": "batch", "CronJob": "batch",
        "Role": "rbac.authorization.k8s.io", "ClusterRole": "rbac.authorization.k8s.io", "RoleBinding": "rbac.authorization.k8s.io",
        "ClusterRoleBinding": "rbac.authorization.k8s.io", "CustomResourceDefinition": "apiextensions.k8s.io",
    ]

    /// A resource as the report's identities spell it (`Deployment.apps linkerd/linkerd-destination`).
    static func resource(_ kind: String, _ namespace: String?, _ name: String) -> String {
        ResourceID(group: groups[kind] ?? "", kind: kind, namespace: namespace, name: name).description
    }
}

/// The CI policies of `--fail-on`.
public enum Policy: String, CaseIterable, Sendable {
    /// A mesh or an image moves to an older version.
    case downgrade
    /// A role gains wildcards, secret reads, escalate/bind/impersonate; a binding to cluster-admin; a changed roleRef.
    case rbacEscalation = "rbac-escalation"
    /// A workload gains privileges (privileged, capabilities, host namespaces, root, writable root fs…).
    case privileged
    /// A CRD, or a version of one, is removed.
    case crdRemoved = "crd-removed"
    /// A mesh's trust anchor or identity issuer is replaced, or does not chain to its anchor.
    case trustAnchor = "trust-anchor"
    /// Anything changed at all, noise included.
    case any

    /// The reasons `report` violates this policy; empty when it holds.
    public func violations(in report: Report) -> [String] {
        switch self {
        case .downgrade:
            return report.warnings.filter { $0.kind == .downgrade }.map(\.message)
        case .rbacEscalation:
            return report.warnings.filter { $0.kind == .rbacEscalation }.map(\.message)
        case .privileged:
            return report.warnings.filter { $0.kind == .privileged }.map(\.message)
        case .crdRemoved:
            return report.warnings.filter { $0.kind == .crdRemoved }.map(\.message)
        case .trustAnchor:
            return report.warnings.filter { $0.kind == .trustAnchor }.map(\.message)
        case .any:
            let s = report.summary
            let count = s.added + s.removed + s.modified
            return count > 0 ? ["\(count) resources changed"] : []
        }
    }
}
