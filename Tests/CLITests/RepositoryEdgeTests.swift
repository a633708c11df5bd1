import Foundation
import Testing
import _MeshDiffTestSupport

/// Repositories as CI has them: shallow, owned by another user, bare; and options that match
/// nothing. Each must say what is wrong and what to do, with the right exit status.
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct RepositoryEdgeTests {
    func meshdiff(_ arguments: [String]) throws -> ShellResult {
        try Shell.run([Paths.binary!] + arguments, check: false)
    }

    /// Three commits of one ConfigMap, each changing it.
    func history() throws -> TempRepository {
        let repo = try TempRepository()
        for step in 1...3 {
            try repo.write(["cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {step: \"\(step)\"}\n"])
            try repo.commit("step \(step)", tag: "v\(step)")
        }
        return repo
    }

    @Test("changelog in a shallow clone covers the history there and says where it is cut")
    func shallowChangelog() throws {
        let repo = try history()
        let clone = try TempRepository.makeTemporaryDirectory() + "/shallow"
        try Shell.run(["git", "clone", "-q", "--depth", "2", "file://" + repo.path, clone])
        let result = try meshdiff(["changelog", "--repo", clone, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["entries"] as? [Any])?.count == 1)
        #expect((json["historyCut"] as? String)?.contains("shallow clone") == true)
        let text = try meshdiff(["changelog", "--repo", clone, "--format", "text"])
        #expect(text.stdout.contains("history is cut at"))
    }

    @Test("A repository owned by another user: the real reason and the fix", .enabled(if: geteuid() == 0, "needs root to chown"))
    func ownedByAnotherUser() throws {
        let repo = try history()
        try Shell.run(["chown", "-R", "65534", repo.path])
        let result = try meshdiff(["diff", "v1", "v2", "--repo", repo.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("belongs to another user"))
        #expect(result.stderr.contains("git config --global --add safe.directory"))
    }

    @Test("A symlinked manifest and a file name that is not UTF-8 are findings; the run goes on")
    func symlinksAndUndecodableNames() throws {
        let repo = try history()
        try Shell.run(["ln", "-s", "cm.yaml", repo.path + "/link.yaml"])
        try repo.commit("link", tag: "linked")
        // A Latin-1 file name, written byte for byte.
        let name = repo.path + "/caf\u{E9}.yaml"
        var bytes = Array(repo.path.utf8) + Array("/caf".utf8) + [0xE9] + Array(".yaml".utf8)
        bytes.append(0)
        let created = bytes.withUnsafeBufferPointer { creat(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 0o644) }
        #expect(created >= 0, "cannot create \(name)")
        close(created)
        for arguments in [["diff", "v3", "linked"], ["diff", "v3"]] {
            let result = try meshdiff(arguments + ["--repo", repo.path, "--format", "json"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("a symbolic link: meshdiff reads regular files only"))
        }
        let working = try meshdiff(["diff", "--repo", repo.path])
        #expect(working.stdout.contains("its name is not valid UTF-8"))
    }

    @Test func pathsMeshesAndBareRepositories() throws {
        let repo = try history()
        let nothing = try meshdiff(["diff", "v1", "v3", "--repo", repo.path, "--path", "no/such/dir"])
        #expect(nothing.status == 3)
        #expect(nothing.stderr.contains("--path no/such/dir matches no manifest file at either side"))
        let unknownMesh = try meshdiff(["diff", "v1", "v3", "--repo", repo.path, "--mesh", "linkred"])
        #expect(unknownMesh.status == 64)
        #expect(unknownMesh.stderr.contains("choose from: linkerd"))
        // `--path .` is the whole tree, for the working tree as for commits.
        try repo.write(["cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {step: \"4\"}\n"])
        let dot = try meshdiff(["diff", "--repo", repo.path, "--path", ".", "--format", "json"])
        #expect(dot.status == 0)
        #expect(dot.stdout.contains("\"modified\" : 1"))
        let bare = try TempRepository.makeTemporaryDirectory() + "/bare.git"
        try Shell.run(["git", "clone", "-q", "--bare", repo.path, bare])
        for revisions in [[], ["v1"]] {
            let result = try meshdiff(["diff"] + revisions + ["--repo", bare])
            #expect(result.status == 3)
            #expect(result.stderr.contains("bare repository and has no working tree"))
        }
        #expect(try meshdiff(["diff", "v1", "v3", "--repo", bare]).status == 0)
    }
}
