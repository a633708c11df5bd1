import Manifests
import Reports

/// Roles compared as permissions, not as rule lists: a rule split in two or reordered grants
/// nothing new, and a new verb on an old rule does.
public struct RBACAnalysis: Sendable {
    public init() {}

    static let roleKinds: Set<String> = ["Role", "ClusterRole"]
    package static let bindingKinds: Set<String> = ["RoleBinding", "ClusterRoleBinding"]

    /// Every (group, resource, verb[, names]) a role's rules allow.
    public static func permissions(of role: Value) -> Set<Permission> {
        var out = Set<Permission>()
        for rule in role["rules"]?.list ?? [] {
            let verbs = strings(rule["verbs"])
            let names = strings(rule["resourceNames"])
            let limited = names.isEmpty ? nil : names.sorted()
            for url in strings(rule["nonResourceURLs"]) {
                for verb in verbs { out.insert(Permission(apiGroup: "", resource: url, verb: verb)) }
            }
            for group in strings(rule["apiGroups"]) {
                for resource in strings(rule["resources"]) {
                    for verb in verbs {
                        out.insert(Permission(apiGroup: group, resource: resource, verb: verb, resourceNames: limited))
                    }
                }
            }
        }
        return out
    }

    /// Why granting `permission` widens access, if it does: a reason and the verb it is about.
    static func escalation(_ permission: Permission) -> (reason: String, verb: String)? {
        let target = (permission.apiGroup.isEmpty ? "" : permission.apiGroup + "/") + permission.resource
        if permission.verb == "*" || permission.resource == "*" || permission.apiGroup == "*" {
            return ("wildcard on \(target)", permission.verb)
        }
        if ["escalate", "bind", "impersonate"].contains(permission.verb) {
            return ("\(permission.verb) on \(target)", permission.verb)
        }
        if permission.apiGroup.isEmpty, permission.resource == "secrets", ["get", "list", "watch"].contains(permission.verb) {
            return ("reads secrets", permission.verb)
        }
        return nil
    }

    /// One line per reason, with its verbs: `reads secrets (get, list, watch)`.
    static func grouped(_ escalations: [(reason: String, verb: String)]) -> [String] {
        var order: [String] = []
        var verbs: [String: [String]] = [:]
        for (reason, verb) in escalations {
            if verbs[reason] == nil { order.append(reason) }
            if !verbs[reason, default: []].contains(verb) { verbs[reason, default: []].append(verb) }
        }
        return order.map { "\($0) (\(verbs[$0]!.joined(separator: ", ")))" }
    }

    /// The change of a role or binding, with the subjects bound to the role at the new side.
    public static func change(old: Resource?, new: Resource?, bindings: RoleBindings) -> RBACChange? {
        guard let any = new ?? old else { return nil }
        let id = any.id
        if roleKinds.contains(id.kind), id.group == "rbac.authorization.k8s.io" {
            let before = old.map { permissions(of: $0.object) } ?? []
            let after = new.map { permissions(of: $0.object) } ?? []
            let granted = after.subtracting(before).sorted()
            let revoked = before.subtracting(after).sorted()
            guard !granted.isEmpty || !revoked.isEmpty else { return nil }
            return RBACChange(
                kind: id.kind, namespace: id.namespace, name: id.name, granted: granted, revoked: revoked,
                subjects: bindings.subjects(of: id), escalations: grouped(granted.compactMap(escalation)))
        }
        if bindingKinds.contains(id.kind), id.group == "rbac.authorization.k8s.io" {
            var escalations: [String] = []
            let oldRef = old.flatMap { roleRef($0.object) }
            let newRef = new.flatMap { roleRef($0.object) }
            if let newRef, newRef.hasSuffix("/cluster-admin"), oldRef != newRef || subjectsOf(old) != subjectsOf(new) {
                escalations.append("binds cluster-admin to \(subjectsOf(new).joined(separator: ", "))")
            }
            if let oldRef, let newRef, oldRef != newRef {
                escalations.append("roleRef changed from \(oldRef) to \(newRef)")
            }
            guard !escalations.isEmpty else { return nil }
            return RBACChange(
                kind: id.kind, namespace: id.namespace, name: id.name, granted: [], revoked: [],
                subjects: subjectsOf(new), escalations: escalations)
        }
        return nil
    }

    static func subjectsOf(_ binding: Resource?) -> [String] {
        (binding?.object["subjects"]?.list ?? []).map { subject in
            let kind = subject["kind"]?.string ?? "?"
            let name = subject["name"]?.scalarText ?? "?"
            if let namespace = subject["namespace"]?.string { return "\(kind) \(namespace)/\(name)" }
            return "\(kind) \(name)"
        }.sorted()
    }

    static func roleRef(_ object: Value) -> String? {
        guard let ref = object["roleRef"], let kind = ref["kind"]?.string, let name = ref["name"]?.scalarText else { return nil }
        return "\(kind)/\(name)"
    }

    static func strings(_ value: Value?) -> [String] {
        value?.list?.compactMap(\.scalarText) ?? []
    }
}

/// Who is bound to which role, indexed once per comparison (a lookup per changed role would
/// otherwise walk every resource).
public struct RoleBindings: Sendable {
    private var subjects: [String: Set<String>] = [:]

    public init(_ resources: [Resource]) {
        for binding in resources where RBACAnalysis.bindingKinds.contains(binding.id.kind) {
            guard let ref = binding.object["roleRef"], let kind = ref["kind"]?.string, let name = ref["name"]?.scalarText else { continue }
            // A RoleBinding grants a Role of its own namespace; a ClusterRole is cluster-wide.
            let namespace = kind == "Role" ? binding.id.namespace ?? "" : ""
            subjects["\(kind)/\(namespace)/\(name)", default: []].formUnion(RBACAnalysis.subjectsOf(binding))
        }
    }

    /// The subjects bound to a role, sorted.
    public func subjects(of role: ResourceID) -> [String] {
        let namespace = role.kind == "Role" ? role.namespace ?? "" : ""
        return (subjects["\(role.kind)/\(namespace)/\(role.name)"] ?? []).sorted()
    }
}
