import Foundation
import Testing
import _MeshDiffTestSupport

/// Plants unique secrets in every shape a repository can hold them, runs every command and
/// format of the built binary over it, and checks that no secret, no base64 of one and no
/// 24-character window of a key body reaches standard output or standard error.
///
/// A new shape is a new entry in `PlantedSecrets.shapes`; a new output is a new entry in
/// `invocations`. Both lists must grow with the product.
@Suite(.enabled(if: Paths.binary != nil && PlantedSecrets.keysAvailable, "needs the built binary and openssl"))
struct PlantedSecretTests {
    @Test("No planted secret appears in any output of any command")
    func noSecretLeaves() throws {
        var plant = try PlantedSecrets()
        let repo = try TempRepository()
        try repo.write(plant.files(side: 0))
        try repo.commit("before", tag: "before")
        try repo.clear()
        try repo.write(plant.files(side: 1))
        try repo.commit("after", tag: "after")
        try repo.git(["tag", "v2"])
        // The working tree goes on to a third side, so `diff` without revisions has changes too.
        try repo.clear()
        try repo.write(plant.files(side: 2))

        let template = try TempRepository.makeTemporaryDirectory() + "/all-fields.mustache"
        try PlantedSecrets.everyFieldTemplate.write(toFile: template, atomically: true, encoding: .utf8)
        var checked = 0
        for arguments in PlantedSecrets.invocations(template: template) {
            let result = try Shell.run([Paths.binary!] + arguments + ["--repo", repo.path], check: false)
            #expect([0, 1, 2].contains(result.status), "\(arguments): exit \(result.status): \(result.stderr)")
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                if let leak = plant.leak(in: text) {
                    Issue.record("\(arguments.joined(separator: " ")) prints \(leak) on \(stream)")
                }
            }
            checked += 1
        }
        #expect(checked >= 25)
        // The plant is real: with --show-secrets the values do appear.
        let shown = try Shell.run([Paths.binary!, "diff", "before", "after", "--format", "json", "--show-secrets", "--repo", repo.path])
        #expect(plant.leak(in: shown.stdout) != nil)
    }
}

/// The secrets of one run: random markers and freshly generated private keys.
struct PlantedSecrets {
    /// What `openssl` generates here.
    static let keysAvailable = (try? Shell.run(["openssl", "version"], check: false).status) == 0

    struct Key {
        var pem: String
        /// The base64 of the DER bytes (the PEM body without armour and line breaks).
        var body: String
        var base64PEM: String { Data(pem.utf8).base64EncodedString() }
    }

    /// Every value that must never be printed, with the strings that would betray it.
    private(set) var secrets: [String] = []
    private var keys: [Key] = []
    private var next = 0

    init() throws {
        for arguments in [
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
            ["genrsa", "-traditional", "1024"],
            ["genpkey", "-algorithm", "ED25519"],
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ] {
            let pem = try Shell.run(["openssl"] + arguments).stdout
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            keys.append(Key(pem: pem, body: body))
        }
    }

    /// A fresh secret value, remembered for the leak check.
    mutating func secret() -> String {
        next += 1
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let value = "Tr0ub4dor\(next)" + String((0..<14).map { _ in alphabet.randomElement()! })
        secrets.append(value)
        return value
    }

    /// A key for one shape and side: sides use different keys, so every key field changes.
    func key(_ shape: Int, _ side: Int) -> Key { keys[(shape + side) % keys.count] }

    /// The first string in `text` that betrays a secret or a key, if any.
    func leak(in text: String) -> String? {
        for secret in secrets {
            if text.contains(secret) { return "the secret \(secret)" }
            if text.contains(Data(secret.utf8).base64EncodedString()) { return "base64 of \(secret)" }
        }
        if text.contains("PRIVATE KEY-----") { return "a PEM private-key header" }
        for key in keys {
            for material in [key.body, key.base64PEM] {
                let characters = Array(material)
                for start in stride(from: 0, through: characters.count - 24, by: 4) {
                    let window = String(characters[start..<start + 24])
                    if text.contains(window) { return "a 24-character window of a key (\(window))" }
                }
            }
        }
        return nil
    }

    /// The repository's files at one side (0 before, 1 after, 2 the working tree).
    mutating func files(side: Int) -> [String: String] {
        var files: [String: String] = [:]
        for (index, shape) in Self.shapes.enumerated() {
            for (path, content) in shape(&self, index, side) { files[path, default: ""] += content }
        }
        return files
    }

    static func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// JSON string literal of `text`.
    static func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    /// YAML block scalar of `text`, indented by `indent` spaces.
    static func block(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return "|\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
    }

    typealias Shape = @Sendable (inout PlantedSecrets, _ index: Int, _ side: Int) -> [String: String]

    /// Every way a secret or a key can sit in a repository. Each returns the files of one side.
    static let shapes: [Shape] = [
        // Secret data and stringData, modified.
        { p, i, _ in
            let data = b64(p.secret())
            let string = p.secret()
            return [
                "secrets/db.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: app}\ndata:\n  password: \(data)\nstringData:\n  token: \(string)\n---\n"
            ]
        },
        // Added at one side, removed at the other (the Secret exists only at even sides).
        { p, i, side in
            guard side != 1 else { return [:] }
            return [
                "secrets/only-sometimes.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: sometimes, namespace: app}\nstringData: {pin: \(p.secret())}\n"
            ]
        },
        // Moved to another file, renamed key, numbers and lists under data.
        { p, i, side in
            let key = side == 1 ? "renamed" : "original"
            return [
                "moved-\(side)/api.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: api, namespace: app}\ndata:\n  \(key): \(b64(p.secret()))\nstringData:\n  nested: [\(p.secret())]\n"
            ]
        },
        // A named List and an unnamed one holding Secrets.
        { p, i, _ in
            let named =
                "apiVersion: v1\nkind: List\nmetadata: {name: bundle}\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: in-list, namespace: app}\n  stringData: {password: \(p.secret())}\n"
            let unnamed =
                "apiVersion: v1\nkind: SecretList\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: in-secret-list, namespace: app}\n  data: {password: \(b64(p.secret()))}\n"
            return ["lists/named.yaml": named, "lists/unnamed.yaml": unnamed]
        },
        // last-applied-configuration of a Secret, on the Secret and on a ConfigMap.
        { p, i, side in
            let applied = json(
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"applied\",\"namespace\":\"app\"},\"stringData\":{\"password\":\"\(p.secret())\"},\"data\":{\"key\":\"\(b64(p.secret()))\"}}"
            )
            let annotation = "    kubectl.kubernetes.io/last-applied-configuration: \(applied)\n"
            return [
                "applied.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\n  namespace: app\n  annotations:\n\(annotation)stringData: {password: \(p.secret())}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-elsewhere\n  namespace: app\n"
                    + (side == 0 ? "" : "  annotations:\n\(annotation)") + "data: {a: b}\n"
            ]
        },
        // Secrets written as text inside a ConfigMap: one YAML document, several, JSON.
        { p, i, _ in
            let one = "apiVersion: v1\nkind: Secret\nmetadata: {name: inner, namespace: app}\nstringData:\n  password: \(p.secret())\n"
            let several = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n" + one
            let asJSON =
                "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"j\"}, \"data\": {\"k\": \"\(b64(p.secret()))\"}}"
            return [
                "embedded.yaml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: embedded, namespace: app}\ndata:\n  secret.yaml: \(block(one, indent: 4))\n  several.yaml: \(block(several, indent: 4))\n  secret.json: \(json(asJSON))\n"
            ]
        },
        // An OpenShift Template's objects.
        { p, i, _ in
            [
                "template.yaml":
                    "apiVersion: template.openshift.io/v1\nkind: Template\nmetadata: {name: tpl, namespace: app}\nobjects:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: from-template}\n  stringData: {password: \(p.secret())}\n"
            ]
        },
        // One Secret defined twice, differently.
        { p, i, _ in
            let secret = { (value: String) in
                "apiVersion: v1\nkind: Secret\nmetadata: {name: twice, namespace: app}\nstringData: {password: \(value)}\n"
            }
            return ["twice-a.yaml": secret(p.secret()), "twice-b.yaml": secret(p.secret())]
        },
        // Malformed files: an unquoted value read as an alias, broken YAML after a value, bad JSON.
        { p, i, _ in
            [
                "broken/alias.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: alias, namespace: app}\nstringData:\n  password: *\(p.secret())\n",
                "broken/unclosed.yaml":
                    "apiVersion: v1\nkind: Secret\nmetadata: {name: unclosed}\nstringData:\n  password: \(p.secret())\n  more: [\n",
                "broken/bad.json": "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"stringData\": {\"p\": \"\(p.secret())\"}",
            ]
        },
        // Keys outside Secrets: PEM text, base64 PEM in binaryData, base64 DER, a kubeconfig.
        { p, i, side in
            let key = p.key(i, side)
            let kubeconfig =
                "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: \(key.base64PEM)\n    token: plain\n"
            return [
                "keys/configmap.yaml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: keys, namespace: app}\ndata:\n  key.pem: \(block(key.pem, indent: 4))\n  kubeconfig: \(block(kubeconfig, indent: 4))\nbinaryData:\n  key.b64: \(key.base64PEM)\n  key.der: \(key.body)\n"
            ]
        },
        // A key split into a list of lines, as JSON text and as YAML.
        { p, i, side in
            let lines = p.key(i, side).pem.split(separator: "\n").map(String.init)
            let jsonLines = "[" + lines.map(json).joined(separator: ", ") + "]"
            return [
                "keys/lines.yaml":
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lines, namespace: app}\ndata:\n  key.json: \(json(jsonLines))\n---\napiVersion: example.com/v1\nkind: KeyHolder\nmetadata: {name: lines}\nspec:\n  lines:\n"
                    + lines.map { "  - \(json($0))\n" }.joined()
            ]
        },
        // Keys in a container: env value, an args token, a --flag=value token, a command.
        { p, i, side in
            let key = p.key(i, side)
            return [
                "workload.yaml":
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: example.com/web:1.\(side)\n        command: [\"/bin/web\", \(json("--key=" + key.pem))]\n        args: [\"--tls-key\", \(json(key.pem)), \(json(key.base64PEM))]\n        env:\n        - {name: TLS_KEY, value: \(json(key.pem))}\n        - {name: DB_PASSWORD_B64, value: \(json(key.body))}\n"
            ]
        },
        // GitOps: Helm values that name a secret (Argo CD values text, valuesObject, parameters;
        // Flux values), a Helm values file, and a kustomize secretGenerator literal.
        { p, i, side in
            let argo =
                "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: grafana, namespace: argocd}\nspec:\n  source:\n    chart: grafana\n    targetRevision: 8.0.\(side)\n    helm:\n      values: |\n        adminPassword: \(p.secret())\n        replicas: \(side + 1)\n      valuesObject:\n        smtp: {password: \(p.secret())}\n      parameters:\n      - {name: auth.apiToken, value: \(p.secret())}\n"
            let flux =
                "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: db, namespace: app}\nspec:\n  chart: {spec: {chart: postgresql, version: 15.0.\(side)}}\n  values:\n    auth: {postgresPassword: \(p.secret()), clientSecret: \(p.secret())}\n"
            return [
                "gitops/argo.yaml": argo, "gitops/flux.yaml": flux,
                "charts/app/values.yaml": "replicas: \(side + 1)\ndatabase:\n  password: \(p.secret())\n",
                "overlays/prod/db-password.yaml":
                    "- op: replace\n  path: /data/password\n  value: \(b64(p.secret()))\n- op: add\n  path: /stringData\n  value: {token: \(p.secret())}\n",
                "overlays/prod/kustomization.yaml":
                    "resources: [../../gitops]\npatches:\n- target: {kind: Secret, name: db}\n  patch: |\n    - op: replace\n      path: /data/dbpass\n      value: \(b64(p.secret()))\nsecretGenerator:\n- name: creds\n  literals:\n  - password=\(p.secret())\n  - token=\(p.secret())\n",
            ]
        },
    ]

    /// Every command and format, in both directions, against the working tree, in full.
    static func invocations(template: String) -> [[String]] {
        var out: [[String]] = []
        for range in [["before", "after"], ["after", "before"], [], ["before"]] {
            for format in ["text", "markdown", "json", "html"] {
                out.append(["diff"] + range + ["--format", format, "--color", "always"])
                out.append(["diff"] + range + ["--format", format, "--show-noise"])
            }
        }
        out.append(["diff", "before", "after", "--format", "markdown", "--max-size", "2000"])
        for format in ["text", "markdown", "json", "html"] { out.append(["diff", "before", "after", "--summary", "--format", format]) }
        out.append(["diff", "before", "after", "--format", "json", "--all-files"])
        out.append(["diff", "before...after", "--format", "text", "--all-files", "--show-noise"])
        for policy in ["downgrade", "rbac-escalation", "privileged", "crd-removed", "any"] {
            out.append(["diff", "before", "after", "--fail-on", policy, "--exit-code"])
        }
        for format in ["markdown", "text", "json"] {
            out.append(["changelog", "--format", format])
            out.append(["changelog", "--tags", "--format", format])
        }
        out.append(["changelog", "--template", template])
        out.append(["changelog", "before..after", "--template", template])
        return out
    }

    /// A Mustache template that prints every field of the changelog's JSON model.
    static let everyFieldTemplate = """
        {{range}} {{commitsWalked}} {{commitsWithoutManifestChanges}}
        {{#entries}}
        {{kind}} {{commit}} {{fromCommit}} {{date}} {{author}} {{subject}} {{#tags}}{{.}} {{/tags}} {{layoutChange}}
        {{#meshes}}{{mesh}} {{from}} {{to}} {{direction}} {{note}} {{releaseNotes}}{{/meshes}}
        {{#summary}}{{added}} {{removed}} {{modified}} {{moved}} {{noiseChanges}}{{/summary}}
        {{#warnings}}{{kind}} {{message}}{{/warnings}}
        {{#images}}{{kind}} {{namespace}} {{name}} {{container}} {{from}} {{to}} {{direction}} {{note}}{{/images}}
        {{#flags}}{{kind}} {{namespace}} {{name}} {{container}} {{flag}} {{from}} {{to}}{{/flags}}
        {{#env}}{{kind}} {{namespace}} {{name}} {{container}} {{variable}} {{from}} {{to}}{{/env}}
        {{#rbac}}{{kind}} {{namespace}} {{name}} {{status}} {{#added}}{{.}} {{/added}}{{#removed}}{{.}} {{/removed}}{{#escalations}}{{.}} {{/escalations}}{{/rbac}}
        {{#crds}}{{name}} {{status}} {{#versionsAdded}}{{.}}{{/versionsAdded}}{{#versionsRemoved}}{{.}}{{/versionsRemoved}}{{/crds}}
        {{#webhooks}}{{kind}} {{name}} {{webhook}} {{setting}} {{from}} {{to}}{{/webhooks}}
        {{#security}}{{kind}} {{namespace}} {{name}} {{container}} {{setting}} {{from}} {{to}} {{loosened}}{{/security}}
        {{#added}}{{.}} {{/added}}{{#removed}}{{.}} {{/removed}}{{#modified}}{{.}} {{/modified}}
        {{/entries}}
        """
}
