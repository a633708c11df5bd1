import Diffing
import Manifests
import Reports

/// Sorts field changes into categories, so that reports can lead with what matters and fold
/// what only restates a release (regenerated certificates, checksums, version labels).
public enum ChangeClassifier {
    /// Keys whose values are certificates or keys that installers regenerate on every run.
    public static let tlsKeys: Set<String> = [
        "caBundle", "tls.crt", "tls.key", "ca.crt", "crt.pem", "key.pem", "ca-bundle.crt", "root-cert.pem", "cert-chain.pem", "ca-cert.pem",
        "ca-key.pem",
    ]

    /// Labels and annotations that restate the version and change with every release.
    public static let versionLabels: Set<String> = [
        "linkerd.io/created-by", "linkerd.io/proxy-version", "app.kubernetes.io/version", "helm.sh/chart",
        "chart", "linkerd.io/control-plane-version", "operator.istio.io/version", "install.operator.istio.io/chart-owner",
    ]

    public static func category(of change: Change, id: ResourceID) -> ChangeCategory {
        let keys = change.path.keys
        let kind = id.kind
        // A mesh's trust anchor or identity issuer: never noise, whatever its key is called.
        if TrustAnalysis.isTrustPath(id, keys: keys) { return .trust }
        if keys.contains(where: { $0.hasPrefix("checksum/") }) || keys.last.map({ $0.hasSuffix("/checksum") || $0 == "checksum" }) == true {
            return .noiseChecksum
        }
        if let label = keys.last, versionLabels.contains(label), keys.dropLast().last.map({ $0 == "labels" || $0 == "annotations" }) == true
        {
            return .noiseVersionLabel
        }
        // A private key outside a Secret is no regenerated serving certificate: never folded.
        if kind != "Secret" && [change.from, change.to].contains(where: isRedacted) { return .secret }
        if let key = keys.last, tlsKeys.contains(key) { return .noiseTLS }
        if isCertificate(change.from) && isCertificate(change.to) { return .noiseTLS }
        if Redactor.isSecretPath(kind: kind, keys: keys) || [change.from, change.to].contains(where: isRedacted) { return .secret }
        // A Kustomize `images:` override is the image its workloads run.
        if id.group == "kustomize.config.k8s.io", keys.first == "images" { return .image }
        if let field = Workload.containerField(kind: kind, path: change.path) {
            switch field {
            case "image": return .image
            case "args", "command": return .flag
            case "env", "envFrom": return .env
            default: break
            }
        }
        return .other
    }

    /// A certificate, as `KeyMaterial` reads it.
    static func isCertificate(_ value: Value?) -> Bool {
        value?.string.flatMap(KeyMaterial.of) == .certificate
    }

    /// A value the redactor replaced (a private key outside a Secret, a Secret in a document).
    static func isRedacted(_ value: Value?) -> Bool {
        value?.string.map(Redactor.isMarker) ?? false
    }
}
