import Manifests
import Reports

/// The settings of admission webhooks that decide what the API server does when they fail.
public struct WebhookAnalysis: Sendable {
    public init() {}

    static let kinds: Set<String> = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]
    static let settings = [
        "failurePolicy", "sideEffects", "timeoutSeconds", "matchPolicy", "namespaceSelector", "objectSelector", "rules",
        "admissionReviewVersions",
    ]

    public static func changes(old: Resource?, new: Resource?) -> [WebhookChange] {
        guard let any = new ?? old, kinds.contains(any.id.kind) else { return [] }
        let kind = any.id.kind
        let name = any.id.name
        func hooks(_ resource: Resource?) -> [(String, Value)] {
            (resource?.object["webhooks"]?.list ?? []).compactMap { hook in hook["name"]?.scalarText.map { ($0, hook) } }
        }
        let before = hooks(old)
        let after = hooks(new)
        let beforeByName = Dictionary(before, uniquingKeysWith: { x, _ in x })
        let afterByName = Dictionary(after, uniquingKeysWith: { x, _ in x })
        var out: [WebhookChange] = []
        for (hook, value) in after {
            guard let previous = beforeByName[hook] else {
                if old != nil {
                    out.append(WebhookChange(kind: kind, name: name, webhook: hook, setting: "webhook", from: nil, to: "added"))
                }
                continue
            }
            for setting in settings where previous[setting] != value[setting] {
                out.append(
                    WebhookChange(
                        kind: kind, name: name, webhook: hook, setting: setting,
                        from: text(previous[setting]), to: text(value[setting])))
            }
        }
        for (hook, _) in before where afterByName[hook] == nil && new != nil {
            out.append(WebhookChange(kind: kind, name: name, webhook: hook, setting: "webhook", from: "present", to: nil))
        }
        return out
    }

    static func text(_ value: Value?) -> String? {
        guard let value else { return nil }
        return value.scalarText ?? (try? JSONText.compact(value))
    }
}
