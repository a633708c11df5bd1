import Foundation
import Testing
import _MeshDiffTestSupport

/// The built binary, end to end: output, files and exit codes.
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct CLITests {
    func meshdiff(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ShellResult {
        try Shell.run([Paths.binary!] + arguments, in: directory, environment: environment, check: false)
    }

    @Test func jsonReportAndExitZero() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let result = try meshdiff(["diff", "before", "after", "--format", "json"], in: repo.path)
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["schemaVersion"] as? Int == 1)
        #expect((json?["from"] as? [String: Any])?["ref"] as? String == "before")
        #expect(((json?["to"] as? [String: Any])?["commit"] as? String)?.count == 40)
        for key in ["summary", "meshes", "resources", "images", "flags", "env", "findings"] {
            #expect(json?[key] != nil, "missing \(key)")
        }
    }

    @Test func diffIsTheDefaultSubcommandAndRepoFlagWorks() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let result = try meshdiff(["before", "after", "--repo", repo.path, "--color", "never"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Deployment.apps shop/web"))
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test func exitCodes() throws {
        let repo = try Scenario.repository("workload-upgrade")
        #expect(try meshdiff(["diff", "before", "after", "--exit-code"], in: repo.path).status == 1)
        #expect(try meshdiff(["diff", "after", "after", "--exit-code"], in: repo.path).status == 0)

        let unknown = try meshdiff(["diff", "nope", "after"], in: repo.path)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("unknown revision 'nope'"))

        let notRepo = try meshdiff(["diff", "--repo", try TempRepository.makeTemporaryDirectory()])
        #expect(notRepo.status == 3)
        #expect(notRepo.stderr.contains("not a git repository"))

        let usage = try meshdiff(["diff", "--format", "yaml"], in: repo.path)
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("unknown format"))
        #expect(try meshdiff(["diff", "a", "b", "c"], in: repo.path).status == 64)
    }

    @Test func closedPipeIsAQuietNormalEnd() throws {
        let repo = try Scenario.repository("workload-upgrade")
        // The reader is gone before meshdiff writes (`true` reads nothing); meshdiff must not
        // die of SIGPIPE (141), nor complain: `make demo` pipes into `head` under pipefail.
        for reader in ["true", "head -1"] {
            let script = "set -o pipefail; '\(Paths.binary!)' diff before after --format json | \(reader)"
            let result = try Shell.run(["bash", "-c", script], in: repo.path, check: false)
            #expect(result.status == 0, "\(reader): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test("A report standard output cannot take (a full disk) is an error, not a quiet end")
    func fullStandardOutput() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let repo = try Scenario.repository("workload-upgrade")
        for command in ["diff before after --format json", "diff before after", "changelog --format json"] {
            let script = "'\(Paths.binary!)' \(command) > /dev/full"
            let result = try Shell.run(["bash", "-c", script], in: repo.path, check: false)
            #expect(result.status == 3, "\(command)")
            #expect(result.stderr.contains("cannot write the report to standard output: No space left on device"), "\(result.stderr)")
        }
    }

    @Test func outputFileAndHelp() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let file = try TempRepository.makeTemporaryDirectory() + "/report.json"
        let result = try meshdiff(["diff", "before", "after", "--format", "json", "--output", file], in: repo.path)
        #expect(result.status == 0 && result.stdout.isEmpty)
        // Written piece by piece, the file holds what standard output shows.
        let shown = try meshdiff(["diff", "before", "after", "--format", "json"], in: repo.path)
        #expect(FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } == shown.stdout)
        let nowhere = try meshdiff(["diff", "before", "after", "--format", "json", "--output", file + "/no/such.json"], in: repo.path)
        #expect(nowhere.status != 0 && nowhere.stdout.isEmpty)
        #expect(nowhere.stderr.contains("cannot write the report to '\(file)/no/such.json'"), "\(nowhere.stderr)")
        let help = try meshdiff(["diff", "--help"])
        #expect(help.stdout.contains("A...B"))
        #expect(help.stdout.contains("Exit status"))
    }

    @Test func showSecretsWarns() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let result = try meshdiff(["diff", "before", "after", "--show-secrets", "--format", "json"], in: repo.path)
        #expect(result.stderr.contains("--show-secrets prints secret values"))
        #expect(result.stdout.contains("aHVudGVyMi1uZXctdmFsdWU="))
    }
}

@Suite(.enabled(if: Paths.binary != nil && SchemaCheck.available, "needs the built binary and check-jsonschema"))
struct SchemaTests {
    @Test("The JSON report and changelog validate against schema/")
    func validates() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let report = try Shell.run([Paths.binary!, "diff", "before", "after", "--format", "json", "--repo", repo.path]).stdout
        let file = try TempRepository.makeTemporaryDirectory() + "/r.json"
        try report.write(toFile: file, atomically: true, encoding: .utf8)
        try SchemaCheck.validate(file)
        let bad = try Scenario.repository("bad-input")
        try Shell.run([Paths.binary!, "diff", "before", "after", "--format", "json", "--repo", bad.path]).stdout
            .write(toFile: file, atomically: true, encoding: .utf8)
        try SchemaCheck.validate(file)
        try Shell.run([Paths.binary!, "changelog", "--format", "json", "--repo", repo.path]).stdout
            .write(toFile: file, atomically: true, encoding: .utf8)
        try SchemaCheck.validate(file, schema: "changelog.schema.json")
        // Tag steps that moved a mesh carry the commits that did (`changedBy`).
        if Corpus.isAvailable {
            let corpus = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
            let tagged = try Shell.run([
                Paths.binary!, "changelog", "stable-2.13.7..stable-2.14.10", "--tags", "--format", "json", "--repo", corpus,
            ])
            #expect(tagged.stdout.contains("\"changedBy\""))
            try tagged.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            try SchemaCheck.validate(file, schema: "changelog.schema.json")
        }
    }
}

enum SchemaCheck {
    static let available: Bool = (try? Shell.run(["check-jsonschema", "--version"], check: false).status) == 0

    /// Validates a JSON file against `schema/<name>` with check-jsonschema, offline: the
    /// changelog schema's `$ref`s to the report schema resolve as files beside it.
    static func validate(_ file: String, schema name: String = "report.schema.json") throws {
        try Shell.run(["check-jsonschema", "--no-cache", "--schemafile", Paths.packageRoot + "/schema/" + name, file])
    }
}

@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct ChangelogCLITests {
    @Test func changelogFormatsAndErrors() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let markdown = try Shell.run([Paths.binary!, "changelog", "--repo", repo.path], check: false)
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# Release notes"))
        let json = try Shell.run([Paths.binary!, "changelog", "before..after", "--repo", repo.path, "--format", "json"], check: false)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["schemaVersion"] as? Int == 1)
        #expect((object?["entries"] as? [Any])?.count == 1)
        let bad = try Shell.run([Paths.binary!, "changelog", "nope..after", "--repo", repo.path], check: false)
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("unknown revision 'nope'"))
        let missing = try Shell.run([Paths.binary!, "changelog", "--template", "/no/such/file", "--repo", repo.path], check: false)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/no/such/file"))
    }
}

@Suite(.enabled(if: Paths.binary != nil && Corpus.isAvailable, "needs the built binary and ../shared/corpus"))
struct PolicyCLITests {
    @Test("make_repo.py --downgrade: the accidental downgrade exits 2 with --fail-on downgrade")
    func downgradeFails() throws {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        let result = try Shell.run([Paths.binary!, "diff", "HEAD~2", "HEAD", "--repo", repo, "--fail-on", "downgrade"], check: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("policy violated: downgrade: linkerd is downgraded: edge-26.8.3 → edge-25.11.1"))
        #expect(result.stdout.contains("DOWNGRADE"))
        let upgrade = try Shell.run(
            [Paths.binary!, "diff", "stable-2.13.7", "stable-2.14.0", "--repo", repo, "--fail-on", "crd-removed,privileged"], check: false)
        #expect(upgrade.status == 0)
        let unknown = try Shell.run([Paths.binary!, "diff", "--repo", repo, "--fail-on", "nonsense"], check: false)
        #expect(unknown.status == 64)
    }
}
