import Foundation
import Testing
import _MeshDiffTestSupport

/// meshdiff outside a repository: two folders, two files, standard input, kubectl's external
/// differ and git's diff driver, each through the built binary.
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct OtherSourcesTests {
    let scenario = Paths.fixtures + "/scenarios/workload-upgrade"

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The facts of a report, without the sides' names.
    func facts(_ report: [String: Any]) throws -> String {
        var report = report
        report["from"] = nil
        report["to"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Whether the binary can be run as user nobody (root, setpriv, and a path nobody may
    /// traverse: a checkout under a private temporary folder is not).
    static var runsAsNobody: Bool {
        guard getuid() == 0, let binary = Paths.binary, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            return false
        }
        return (try? Shell.run(Self.asNobody + [binary, "--version"], check: false).status) == 0
    }

    static let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    @Test(
        "A subfolder that cannot be listed is an error naming it, not files silently left out",
        .enabled(if: runsAsNobody, "needs root, setpriv and a binary user nobody can run"))
    func unlistableSubfolder() throws {
        let root = try TempRepository.makeTemporaryDirectory()
        for folder in ["a", "b/locked"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n".write(
            toFile: root + "/b/locked/x.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: root + "/b/locked")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/b/locked") }
        let result = try Shell.run(Self.asNobody + [Paths.binary!, "diff", root + "/a", root + "/b"], check: false)
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot read '\(root)/b/locked': Permission denied"))
    }

    @Test("Two folders give the same JSON facts as the same trees in git")
    func foldersMatchGit() throws {
        let repo = try Scenario.repository("workload-upgrade")
        let git = try Shell.run([Paths.binary!, "diff", "before", "after", "--format", "json", "--repo", repo.path])
        let folders = try Shell.run([Paths.binary!, "diff", scenario + "/before", scenario + "/after", "--format", "json"])
        let fromGit = try json(git.stdout)
        let fromFolders = try json(folders.stdout)
        #expect(try facts(fromFolders) == facts(fromGit))
        #expect((fromFolders["from"] as? [String: Any])?["ref"] as? String == scenario + "/before")
    }

    @Test("Corpus: folders of two releases give the git mode's facts", .enabled(if: Corpus.isAvailable, "needs ../shared/corpus"))
    func corpusFoldersMatchGit() throws {
        let repo = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
        let folder = try TempRepository.makeTemporaryDirectory()
        for tag in ["stable-2.13.7", "stable-2.14.0"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + tag, withIntermediateDirectories: true)
            try Shell.run(["bash", "-c", "git -C \"$1\" archive \"$2\" | tar -x -C \"$3\"", "archive", repo, tag, folder + "/" + tag])
        }
        let git = try Shell.run([Paths.binary!, "diff", "stable-2.13.7", "stable-2.14.0", "--format", "json", "--repo", repo])
        let folders = try Shell.run([
            Paths.binary!, "diff", folder + "/stable-2.13.7", folder + "/stable-2.14.0", "--format", "json",
        ])
        #expect(try facts(json(folders.stdout)) == facts(json(git.stdout)))
    }

    @Test("A file against standard input: `linkerd upgrade | meshdiff diff linkerd.yaml -`")
    func fileAgainstStandardInput() throws {
        let script = "cat \"$2\" | \"$1\" diff \"$3\" - --format json"
        let result = try Shell.run([
            "bash", "-c", script, "pipe", Paths.binary!, scenario + "/after/web.yaml", scenario + "/before/web.yaml",
        ])
        let report = try json(result.stdout)
        #expect((report["to"] as? [String: Any])?["ref"] as? String == "standard input")
        let images = try #require(report["images"] as? [[String: Any]])
        #expect(images.contains { $0["to"] as? String == "registry.example.com/shop/web:1.5.0" })
        #expect((report["moves"] as? [Any])?.isEmpty == true)
    }

    @Test("kubectl's external differ: two folders of extension-less object files; exit 1 on a difference, 0 on none")
    func kubectlExternalDiff() throws {
        let root = try TempRepository.makeTemporaryDirectory()
        for side in ["LIVE", "MERGED"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(side)", withIntermediateDirectories: true)
        }
        let deployment =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: linkerd-destination, namespace: linkerd}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: destination, image: \"cr.l5d.io/linkerd/controller:stable-2.13.7\"}\n"
        let name = "apps.v1.Deployment.linkerd.linkerd-destination"
        try deployment.write(toFile: "\(root)/LIVE/\(name)", atomically: true, encoding: .utf8)
        try deployment.replacingOccurrences(of: "2.13.7", with: "2.14.0").write(
            toFile: "\(root)/MERGED/\(name)", atomically: true, encoding: .utf8)
        let environment = ["KUBECTL_EXTERNAL_DIFF": "meshdiff"]
        let changed = try Shell.run([Paths.binary!, "\(root)/LIVE", "\(root)/MERGED"], environment: environment, check: false)
        #expect(changed.status == 1, "\(changed.stderr)")
        #expect(changed.stdout.contains("cr.l5d.io/linkerd/controller:stable-2.13.7"))
        #expect(changed.stdout.contains("Linkerd stable-2.13.7 → stable-2.14.0, upgrade"))
        try deployment.write(toFile: "\(root)/MERGED/\(name)", atomically: true, encoding: .utf8)
        let same = try Shell.run([Paths.binary!, "\(root)/LIVE", "\(root)/MERGED"], environment: environment, check: false)
        #expect(same.status == 0)
    }

    @Test("git's diff driver: `git diff` with diff.meshdiff.command prints the semantic diff per file")
    func gitDiffDriver() throws {
        let repo = try TempRepository()
        try repo.replaceTree(with: scenario + "/before")
        try repo.write([".gitattributes": "*.yaml diff=meshdiff\n"])
        try repo.commit("before")
        try repo.replaceTree(with: scenario + "/after")
        try repo.write([".gitattributes": "*.yaml diff=meshdiff\n"])
        let result = try Shell.run(
            ["git", "-C", repo.path, "-c", "diff.meshdiff.command=\(Paths.binary!) --color never", "diff", "--", "web.yaml"])
        #expect(result.stdout.contains("a/web.yaml → b/web.yaml"))
        #expect(result.stdout.contains("registry.example.com/shop/web"))
        #expect(result.stdout.contains("1.4.2 → 1.5.0"))
        #expect(!result.stdout.contains("@@"))
    }
}
