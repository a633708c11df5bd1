import Manifests
import Reports

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The certificates a mesh's mTLS rests on: trust anchors (roots) and the identity issuer.
///
/// Replacing one without a rotation breaks mTLS for the whole mesh, so a change to them is
/// never noise: it is a `trust` change with a warning that names both certificates. Only
/// regenerated *webhook serving* material stays `noise.tls`.
public enum TrustAnalysis {
    /// What a certificate is for.
    enum Role: String {
        case anchor = "trust anchor"
        case issuer = "identity issuer"
    }

    /// Where a mesh keeps trust material: a resource (kind, name) and the key that holds it.
    struct Place {
        var mesh: String
        var role: Role
        var kind: String
        var name: String
        var keys: Set<String>
    }

    static let places: [Place] = [
        Place(mesh: "Linkerd", role: .anchor, kind: "ConfigMap", name: "linkerd-identity-trust-roots", keys: ["ca-bundle.crt"]),
        Place(
            mesh: "Linkerd", role: .anchor, kind: "ConfigMap", name: "linkerd-config",
            keys: ["identityTrustAnchorsPEM", "trustAnchorsPem"]),
        Place(mesh: "Linkerd", role: .issuer, kind: "Secret", name: "linkerd-identity-issuer", keys: ["crt.pem", "tls.crt"]),
        Place(mesh: "Istio", role: .anchor, kind: "ConfigMap", name: "istio-ca-root-cert", keys: ["root-cert.pem"]),
        Place(mesh: "Istio", role: .anchor, kind: "Secret", name: "cacerts", keys: ["root-cert.pem"]),
        Place(mesh: "Istio", role: .issuer, kind: "Secret", name: "cacerts", keys: ["ca-cert.pem"]),
    ]

    /// How close to expiry a certificate must be to be warned about.
    static let expiryWindow: TimeInterval = 30 * 24 * 3600

    /// Whether a field change at `keys` of resource `id` touches trust material.
    public static func isTrustPath(_ id: ResourceID, keys: [String]) -> Bool {
        guard let last = keys.last else { return false }
        return places.contains { $0.kind == id.kind && $0.name == id.name && $0.keys.contains(last) }
    }

    /// The place a certificate found at `path` of `resource` belongs to.
    static func place(of resource: Resource, path: String) -> Place? {
        places.first { place in
            place.kind == resource.id.kind && place.name == resource.id.name
                && place.keys.contains { path == "data.\($0)" || path == "stringData.\($0)" || path.hasSuffix(".\($0)") }
        }
    }

    /// One place's certificates at one side.
    struct Found {
        var place: Place
        var resource: ResourceID
        var location: String
        var der: [[UInt8]]
        /// The blocks that parse as X.509.
        var certificates: [X509Certificate] { der.compactMap(X509Certificate.init) }
        /// SHA-256 of each block, parseable or not.
        var fingerprints: [String] { der.map(X509Certificate.fingerprint) }
        /// Each block as a reader should see it.
        var descriptions: [String] {
            der.map {
                X509Certificate(der: $0)?.description ?? "a block not parseable as X.509 (sha256 \(X509Certificate.fingerprint(of: $0)))"
            }
        }
    }

    static func found(in resources: [Resource]) -> [Found] {
        resources.flatMap { resource in
            resource.certificates.compactMap { blocks -> Found? in
                guard let place = place(of: resource, path: blocks.path) else { return nil }
                let key = place.keys.first { blocks.path.hasSuffix($0) } ?? blocks.path
                return Found(place: place, resource: resource.id, location: "\(resource.id) (\(key))", der: blocks.der)
            }
        }
    }

    /// Warnings about trust material: a replaced anchor or issuer, an issuer its anchor did not
    /// issue, certificates expired or about to expire at `reference` (the new side's commit
    /// date, or now for the working tree). `changed` are the identities the report lists.
    public static func warnings(old: [Resource], new: [Resource], changed: Set<ResourceID>, reference: Date) -> [Warning] {
        var out: [Warning] = []
        // Only resources with certificates are found: asked first, it spares most lookups.
        let before = found(in: old.filter { !$0.certificates.isEmpty && changed.contains($0.id) })
        let after = found(in: new.filter { !$0.certificates.isEmpty && changed.contains($0.id) })
        // Replacements, said once per mesh and role even where the same anchor sits in two places.
        var said = Set<String>()
        for new in after {
            guard let old = before.first(where: { $0.location == new.location }) else { continue }
            let was = old.fingerprints
            let now = new.fingerprints
            guard was != now, !now.isEmpty else { continue }
            // Fingerprints are hex: joined, they name the change (an array's description is
            // written by reflection).
            let key = "\(new.place.mesh) \(new.place.role.rawValue) \(was.joined(separator: ",")) \(now.joined(separator: ","))"
            let places = after.filter { $0.place.mesh == new.place.mesh && $0.place.role == new.place.role }.map(\.location)
            guard said.insert(key).inserted else { continue }
            let from = old.descriptions.joined(separator: " + ")
            let to = new.descriptions.joined(separator: " + ")
            let kept = Set(was).isSubset(of: Set(now))
            let consequence =
                kept
                ? "the old certificate stays in the bundle: a rotation in progress; remove it only once every proxy trusts the new one"
                : new.place.role == .anchor
                    ? "proxies that trust only the old anchor reject identities from the new one: mTLS breaks across the mesh unless the anchor is rotated (old and new in the bundle first) or every meshed workload restarts"
                    : "identities issued from now on chain to this issuer: check that it was issued by the trust anchor every proxy holds"
            out.append(
                Warning(
                    kind: .trustAnchor,
                    message:
                        "\(new.place.mesh) \(new.place.role.rawValue) \(kept ? "gains a certificate" : "replaced") in \(places.joined(separator: ", ")): \(from.isEmpty ? "none" : from) → \(to); \(consequence)",
                    resource: new.resource.description))
        }
        // The issuer must chain to an anchor shipped beside it, where both are in the revision.
        let touched = Set(after.map(\.place.mesh))
        let all = touched.isEmpty ? [] : found(in: new)
        for mesh in touched.sorted() {
            let anchors = all.filter { $0.place.mesh == mesh && $0.place.role == .anchor }.flatMap(\.certificates)
            guard !anchors.isEmpty else { continue }
            for issuer in all where issuer.place.mesh == mesh && issuer.place.role == .issuer {
                guard let certificate = issuer.certificates.first, !anchors.contains(where: { certificate.isIssued(by: $0) }) else {
                    continue
                }
                let names = Set(anchors.map(\.description)).sorted().joined(separator: ", ")
                out.append(
                    Warning(
                        kind: .trustAnchor,
                        message:
                            "\(mesh) identity issuer in \(issuer.location) (\(certificate.subject), issued by \(certificate.issuer)) is not issued by the trust anchor shipped with it (\(names)): proxies will reject the identities it signs",
                        resource: issuer.resource.description))
            }
        }
        // Expiry, for the certificates of every changed resource at the new side.
        let day = ISODate.day(reference)
        let soon = ISODate.day(reference.addingTimeInterval(expiryWindow))
        for resource in new where !resource.certificates.isEmpty && changed.contains(resource.id) {
            for blocks in resource.certificates {
                for certificate in blocks.der.compactMap(X509Certificate.init) {
                    let place = "\(resource.id) (\(blocks.path))"
                    if certificate.notAfter < day {
                        out.append(
                            Warning(
                                kind: .certificateExpiry,
                                message:
                                    "\(place): certificate \(certificate.subject) expired on \(certificate.notAfter) (checked at \(day))"))
                    } else if certificate.notAfter < soon {
                        out.append(
                            Warning(
                                kind: .certificateExpiry,
                                message:
                                    "\(place): certificate \(certificate.subject) expires on \(certificate.notAfter), within 30 days of \(day)",
                                resource: resource.id.description))
                    }
                }
            }
        }
        return out
    }
}
