import Diffing
import Manifests
import Reports

/// Everything the report says about one resource that differs between two revisions.
public struct ResourceComparison: Sendable {
    public var resource: ResourceChange
    public var images: [ImageChange] = []
    public var flags: [FlagChange] = []
    public var env: [EnvChange] = []
    public var rbac: RBACChange?
    public var crd: CRDChange?
    public var webhooks: [WebhookChange] = []
    public var security: [SecurityChange] = []
    public var settings: [SettingChange] = []
}

/// Compares the two versions of a resource: field changes (categorized), and the image, flag
/// and env facts of its containers. Resources arrive redacted (`Redactor`): secret values are
/// markers by now, so nothing here can print one.
public struct ResourceComparer: Sendable {
    let differ = StructuralDiff()

    /// Every analysis a changed resource goes through, in the order their facts are listed.
    /// A new analysis is a new `ResourceAnalyzer`, added here and nowhere else.
    static let analyzers: [any ResourceAnalyzer] = [
        ContainerAnalysis(), RBACAnalysis(), CRDAnalysis(), WebhookAnalysis(), PodSecurityAnalysis(), GitOpsAnalysis(),
    ]

    public init() {}

    /// Compares `old` and `new` (one may be `nil`: added or removed). Returns `nil` when the
    /// objects are equal.
    /// `bindings` index the new side's role bindings, to name who is bound to a changed role.
    public func compare(old: Resource?, new: Resource?, bindings: RoleBindings = RoleBindings([])) -> ResourceComparison? {
        guard let any = new ?? old else { return nil }
        let id = any.id
        var comparison: ResourceComparison
        switch (old, new) {
        case (let old?, let new?):
            if old.object == new.object { return nil }
            let changes = differ.changes(from: old.object, to: new.object).map { fieldChange($0, id: id) }
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: new.apiVersion, status: .modified, fromPath: old.path, toPath: new.path, changes: changes))
        case (let old?, nil):
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: old.apiVersion, status: .removed, fromPath: old.path, toPath: nil, changes: []))
        case (nil, let new?):
            comparison = ResourceComparison(
                resource: ResourceChange(
                    id: id, apiVersion: new.apiVersion, status: .added, fromPath: nil, toPath: new.path, changes: []))
        case (nil, nil):
            return nil
        }
        let pair = ResourcePair(old: old, new: new, id: id, bindings: bindings)
        for analyzer in Self.analyzers { analyzer.analyze(pair, into: &comparison) }
        if let scope = id.scope {
            for index in comparison.images.indices { comparison.images[index].scope = scope }
            for index in comparison.flags.indices { comparison.flags[index].scope = scope }
            for index in comparison.env.indices { comparison.env[index].scope = scope }
            for index in comparison.security.indices { comparison.security[index].scope = scope }
        }
        return comparison
    }

    private func fieldChange(_ change: Change, id: ResourceID) -> FieldChange {
        let category = ChangeClassifier.category(of: change, id: id)
        // Certificates, public but long and meaningless to read, are summarized by subject
        // and validity, never shown line by line.
        let from = change.from.map(CertificateSummary.summarizing)
        let to = change.to.map(CertificateSummary.summarizing)
        let certificates = from?.summarized == true || to?.summarized == true
        return FieldChange(
            path: change.path.description,
            op: change.op,
            from: from?.value,
            to: to?.value,
            category: category,
            lines: certificates ? nil : change.lines?.map { LineDiffEntry(op: $0.kind, text: $0.text) },
            note: change.note,
            steps: change.path.steps
        )
    }
}
