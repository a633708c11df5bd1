import Manifests
import Reports

/// The two versions of a resource that an analyzer reads (one may be absent: added or removed).
public struct ResourcePair: Sendable {
    public var old: Resource?
    public var new: Resource?
    public var id: ResourceID
    /// The new side's role bindings: who holds a changed role.
    public var bindings: RoleBindings

    public init(old: Resource?, new: Resource?, id: ResourceID, bindings: RoleBindings) {
        self.old = old
        self.new = new
        self.id = id
        self.bindings = bindings
    }
}

/// One analysis of a changed resource: it reads the pair and adds its typed facts to the
/// comparison. Registered once, in `ResourceComparer.analyzers`; nothing else calls it.
public protocol ResourceAnalyzer: Sendable {
    func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison)
}

extension RBACAnalysis: ResourceAnalyzer {
    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        comparison.rbac = Self.change(old: pair.old, new: pair.new, bindings: pair.bindings)
    }
}

extension CRDAnalysis: ResourceAnalyzer {
    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        comparison.crd = Self.change(old: pair.old, new: pair.new)
    }
}

extension WebhookAnalysis: ResourceAnalyzer {
    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        comparison.webhooks = Self.changes(old: pair.old, new: pair.new)
    }
}

extension PodSecurityAnalysis: ResourceAnalyzer {
    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        comparison.security = Self.changes(old: pair.old, new: pair.new)
    }
}

extension GitOpsAnalysis: ResourceAnalyzer {
    public func analyze(_ pair: ResourcePair, into comparison: inout ResourceComparison) {
        comparison.settings = Self.changes(old: pair.old, new: pair.new)
    }
}
