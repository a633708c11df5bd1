import Foundation
import Insights
import Manifests
import Reports
import Testing
import _MeshDiffTestSupport

@Suite struct FlagSetTests {
    @Test("Flags follow DESIGN.md's rule")
    func rule() {
        let flags = FlagSet(tokens: [
            "/bin/app", "serve", "-log-level=info", "--addr", ":8080", "-v", "--tag", "a", "--tag=b", "-", "--", "extra",
        ])
        #expect(flags.values["log-level"] == "info")
        #expect(flags.values["addr"] == ":8080")
        #expect(flags.values["v"] == "")
        #expect(flags.values["tag"] == "a,b")
        #expect(flags.values[""] == "/bin/app serve - -- extra")
        #expect(flags.names == ["log-level", "addr", "v", "tag", ""])
    }

    @Test func flagFollowedByFlagHasEmptyValue() {
        let flags = FlagSet(tokens: ["--enable", "--port", "80"])
        #expect(flags.values == ["enable": "", "port": "80"])
    }
}

/// Image references as registries read them: Docker Hub's defaults, hosts named by a dot, a
/// port or `localhost`, a tag after the last slash, a digest after `@`.
@Suite struct ImageReferenceTests {
    @Test("Registry, path, name, tag and digest of every shape a manifest uses")
    func parts() {
        let cases: [(String, registry: String, path: String, name: String, location: String, tag: String?, digest: String?)] = [
            ("nginx", "docker.io", "library/nginx", "nginx", "", nil, nil),
            ("nginx:1.25", "docker.io", "library/nginx", "nginx", "", "1.25", nil),
            ("bitnami/nginx:1.2", "docker.io", "bitnami/nginx", "nginx", "bitnami", "1.2", nil),
            ("docker.io/nginx", "docker.io", "library/nginx", "nginx", "docker.io", nil, nil),
            ("docker.io/library/nginx:1", "docker.io", "library/nginx", "nginx", "docker.io/library", "1", nil),
            ("cr.l5d.io/linkerd/proxy:stable-2.14.0", "cr.l5d.io", "linkerd/proxy", "proxy", "cr.l5d.io/linkerd", "stable-2.14.0", nil),
            ("localhost:5000/app:dev", "localhost:5000", "app", "app", "localhost:5000", "dev", nil),
            ("localhost/app", "localhost", "app", "app", "localhost", nil, nil),
            ("ghcr.io/org/team/app@sha256:abc", "ghcr.io", "org/team/app", "app", "ghcr.io/org/team", nil, "sha256:abc"),
            ("registry:5000/ns/app:tag@sha256:def", "registry:5000", "ns/app", "app", "registry:5000/ns", "tag", "sha256:def"),
            ("ＲＥＧ.io/ä/b:ü", "ＲＥＧ.io", "ä/b", "b", "ＲＥＧ.io/ä", "ü", nil),
        ]
        for (text, registry, path, name, location, tag, digest) in cases {
            let image = ImageReference(text)
            #expect(
                [image.registry, image.path, image.name, image.location] == [registry, path, name, location], "\(text)")
            #expect(image.tag == tag && image.digest == digest, "\(text)")
            #expect(image.parts == ImageName(registry: registry, repository: path, tag: tag, digest: digest), "\(text)")
        }
    }
}

@Suite struct VersionTests {
    @Test func ordersLinkerdAndSemanticVersions() {
        func order(_ a: String, _ b: String) -> Version.Ordering? { Version(a)!.compare(to: Version(b)!) }
        #expect(order("stable-2.13.7", "stable-2.14.0") == .older)
        #expect(order("edge-24.11.8", "edge-24.5.1") == .newer)
        #expect(order("v2.2.3", "v2.2.1") == .newer)
        #expect(order("1.20.0-rc.1", "1.20.0") == .older)
        #expect(order("1.22.0-distroless", "1.22.0") == .same)
        #expect(order("stable-2.14.0", "edge-24.5.1") == nil)
        #expect(Version("latest") == nil)
    }

    @Test func imageDirections() {
        #expect(
            ImageDirection.between("cr.l5d.io/linkerd/proxy-init:v2.2.3", "cr.l5d.io/linkerd/proxy-init:v2.2.1").direction == "downgrade")
        let moved = ImageDirection.between("gcr.io/linkerd-io/proxy:stable-2.10.0", "cr.l5d.io/linkerd/proxy:stable-2.11.0")
        #expect(moved.direction == "upgrade")
        #expect(moved.note?.contains("registry moved") == true)
        let digest = ImageDirection.between("nginx:1.27@sha256:aaa", "nginx:1.27@sha256:bbb")
        #expect(digest.direction == "changed" && digest.note == "digest changed")
        let channel = ImageDirection.between("cr.l5d.io/linkerd/proxy:stable-2.14.10", "cr.l5d.io/linkerd/proxy:edge-24.5.1")
        #expect(channel.direction == "upgrade")
        #expect(channel.note?.contains("channel change") == true)
    }
}

@Suite struct RedactorTests {
    func resource(_ yaml: String) throws -> Resource {
        try #require(ManifestFile.parse(Array(yaml.utf8), path: "r.yaml", revision: "r").resources.first)
    }

    @Test func redactsSecretDataAndPrivateKeysAnywhere() throws {
        let secret = try resource("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {key.pem: c2VjcmV0}\n")
        let redacted = Redactor().redact(secret).object["data"]?["key.pem"]?.string
        #expect(redacted?.hasPrefix("<redacted: sha256 ") == true)
        #expect(redacted?.contains("c2VjcmV0") == false)
        let pem = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEE\\n-----END EC PRIVATE KEY-----\\n"
        let config = try resource("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {key: \"\(pem)\", plain: text}\n")
        let out = Redactor().redact(config)
        #expect(out.object["data"]?["key"]?.string?.contains("MHcCAQEE") == false)
        #expect(out.object["data"]?["plain"] == .string("text"))
        #expect(out.privateKeyPaths == ["data.key"])
        // --show-secrets keeps values but still notes the key for the warning.
        let shown = Redactor(showSecrets: true).redact(config)
        #expect(shown.object == config.object)
        #expect(shown.privateKeyPaths == ["data.key"])
    }

    @Test("The fingerprint is SHA-256 (FIPS 180-4 test vector)")
    func fingerprint() {
        #expect(Redactor.marker(for: "abc") == "<redacted: sha256 ba7816bf>")
    }
}

@Suite struct CertificateSummaryTests {
    @Test("A real X.509 certificate is summarized by subject and validity, never its body")
    func realCertificate() throws {
        let pem = try String(contentsOfFile: Paths.fixtures + "/certificates/identity.crt", encoding: .utf8)
        let summary = try #require(CertificateSummary.summary(of: pem))
        #expect(summary.contains("CN=identity.linkerd.cluster.local, valid 2026-11-26 → 2027-11-26"))
        #expect(!summary.contains("MII"))
        let base64 = Data(pem.utf8).base64EncodedString()
        #expect(CertificateSummary.summary(of: base64)?.contains("CN=identity.linkerd.cluster.local") == true)
    }

    @Test func randomBytesInPEMArmourAreNotParseable() {
        let fake = "-----BEGIN CERTIFICATE-----\nT2RuN3RNeXVhVVdYWXFMdit2cTE2b1ZhdWZJ\n-----END CERTIFICATE-----\n"
        #expect(CertificateSummary.summary(of: fake)?.contains("not parseable as X.509") == true)
        #expect(CertificateSummary.summary(of: "plain text") == nil)
    }
}

@Suite struct CRDAnalysisTests {
    func crd(_ schema: String) throws -> Resource {
        let yaml = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
            \(schema.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
            """
        return try #require(ManifestFile.parse(Array(yaml.utf8), path: "crd.yaml", revision: "r").resources.first)
    }

    /// A property that loses its `type` is retyped, not removed; an untyped property (an
    /// `anyOf`, `x-kubernetes-int-or-string`) added or removed is reported like any other.
    @Test func untypedPropertiesAreReportedAndNeverCalledRemoved() throws {
        let old = try crd(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  size: {type: integer}
                  mode: {type: string}
                  legacy: {anyOf: [{type: integer}, {type: string}]}
                  list: {type: array, items: {type: object, properties: {name: {type: string}}}}
            """)
        let new = try crd(
            """
            type: object
            properties:
              spec:
                properties:
                  size: {type: string}
                  mode: {type: string}
                  generation: {anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}
                  list: {type: array, items: {type: object, properties: {name: {type: string}, port: {type: integer}}}}
            """)
        let change = try #require(CRDAnalysis.change(old: old, new: new))
        let schema = try #require(change.schemas.first)
        #expect(schema.added == ["spec.generation", "spec.list[].port"])
        #expect(schema.removed == ["spec.legacy"])
        #expect(schema.typeChanged == ["spec: object → untyped", "spec.size: integer → string"])
        // Equal schemas: nothing to say.
        #expect(CRDAnalysis.change(old: old, new: old) == nil)
    }
}
