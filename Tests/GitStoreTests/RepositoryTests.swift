import Foundation
import GitStore
import Manifests
import MeshDiffKit
import Snapshots
import Testing
import _MeshDiffTestSupport

@Suite struct RepositoryTests {
    func history() throws -> TempRepository {
        let repo = try TempRepository()
        try repo.write(["m/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '1'}\n", "README.md": "hi\n"])
        try repo.commit("one", tag: "v1")
        try repo.write(["m/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '2'}\n"])
        try repo.commit("two")
        try repo.git(["tag", "-a", "v2", "-m", "annotated"])
        try repo.write(["m/b.yml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n", "README.md": "changed\n"])
        try repo.commit("three")
        return repo
    }

    @Test("Trees kept from one tree diff for the next never change an answer, in any order of diffs")
    func treesKeptBetweenDiffs() throws {
        // Folders that change, move, repeat the same content at two paths, and turn into a
        // file and back: every case where a kept tree could stand in for the wrong one.
        let repo = try TempRepository()
        let manifest = { (name: String, value: Int) in "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name)}\ndata: {v: '\(value)'}\n"
        }
        var commits: [String] = []
        for step in 0..<8 {
            try repo.clear()
            var files: [String: String] = [:]
            for app in 0..<6 { files["apps/app-\(app)/deploy.yaml"] = manifest("app-\(app)", app == step % 6 ? step : 0) }
            files["apps/copy-\(step % 2)/deploy.yaml"] = manifest("app-0", 0)  // same content as app-0 at times
            files[step % 3 == 0 ? "shared" : "shared/config.yaml"] = manifest("shared", step / 3)
            if step.isMultiple(of: 2) { files["moved/deep/x.yaml"] = manifest("x", 1) } else { files["deep/x.yaml"] = manifest("x", 1) }
            try repo.write(files)
            commits.append(try repo.commit("step \(step)"))
        }
        let kept = try Repository(discoveringFrom: repo.path)
        kept.keepsTreesBetweenDiffs = true
        let resolved = try commits.map { try kept.resolve($0) }
        // History order, backwards, skipping, and whole listings in between.
        var pairs: [(Int?, Int)] = (1..<8).map { ($0 - 1, $0) }
        pairs += (1..<8).reversed().map { ($0, $0 - 1) } + [(nil, 3), (0, 7), (nil, 7), (7, 0), (2, 5), (5, 5), (nil, 0)]
        for (from, to) in pairs {
            let fresh = try Repository(discoveringFrom: repo.path)
            let include = { (path: String) in path.hasSuffix(".yaml") }
            let expected = try fresh.changes(from: from.map { resolved[$0] }, to: resolved[to], paths: [], include: include)
            let answer = try kept.changes(from: from.map { resolved[$0] }, to: resolved[to], paths: [], include: include)
            #expect(answer == expected, "\(String(describing: from)) → \(to)")
            let restricted = try kept.changes(from: from.map { resolved[$0] }, to: resolved[to], paths: ["apps"], include: include)
            #expect(
                restricted == expected.filter { ($0.old ?? $0.new)!.path.hasPrefix("apps/") || ($0.new ?? $0.old)!.path.hasPrefix("apps/") }
            )
        }
    }

    @Test("A blob's content key names its id: equal ids, equal keys; the description is its hex")
    func contentKeyOfABlob() throws {
        let repo = try history()
        let store = try Repository(discoveringFrom: repo.path + "/m")
        let versions = try store.changes(from: nil, to: store.resolve("HEAD"), paths: [], include: { _ in true }).compactMap(\.new)
        let ids = versions.compactMap { version -> ObjectID? in
            if case .blob(let id) = version.source { return id }
            return nil
        }
        try #require(ids.count >= 2)
        for id in ids {
            #expect(id.contentKey.description == "blob " + id.hex)
            #expect(id.contentKey == ObjectID(hex: id.hex)?.contentKey)
        }
        #expect(Set(ids.map(\.contentKey)).count == Set(ids).count)
        #expect(ContentKey.digest(of: Array("a".utf8)).description == "sha256 " + SHA256.hex(Array("a".utf8)))
    }

    @Test func resolvesRevspecs() throws {
        let repo = try history()
        let store = try Repository(discoveringFrom: repo.path + "/m")
        let head = try store.resolve("HEAD")
        #expect(try store.resolve("v2").id == store.resolve("HEAD~1").id)
        #expect(try store.resolve(String(head.id.hex.prefix(7))).id == head.id)
        #expect(head.id.hex == (try repo.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)))
        var random = SplitMix(seed: 40)
        for _ in 0..<200 {
            let hex = String((0..<40).map { _ in Array("0123456789abcdef")[Int(random.next() % 16)] })
            #expect(ObjectID(hex: hex)?.hex == hex)
        }
        #expect(ObjectID(hex: "0123456789abcdef0123456789abcdef0123456") == nil && ObjectID(hex: String(repeating: "g", count: 40)) == nil)
        #expect(try store.resolve("main").id == head.id)
        #expect(head.subject == "three")
        #expect(throws: GitStoreError.self) { try store.resolve("no-such-tag") }
    }

    @Test func unknownRevisionAndNotARepositoryAreClearErrors() throws {
        let repo = try history()
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["v9", "HEAD"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("unknown revision 'v9'"))
        }
        let plain = try TempRepository.makeTemporaryDirectory()
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: plain))
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("not a git repository"))
            #expect(error.localizedDescription.contains("--repo"))
        }
    }

    @Test func aRepositoryWithoutCommitsSaysSo() throws {
        let repo = try TempRepository()
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: repo.path))
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("has no commits yet"))
        }
    }

    @Test func changedFilesAreOnlyManifestsUnderThePath() throws {
        let repo = try history()
        let store = try Repository(discoveringFrom: repo.path)
        let changes = try store.changes(
            from: store.resolve("v1"), to: store.resolve("HEAD"), paths: [], include: { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") })
        #expect(Set(changes.compactMap { $0.new?.path }) == ["m/a.yaml", "m/b.yml"])
        let limited = try store.changes(from: store.resolve("v1"), to: store.resolve("HEAD"), paths: ["m/b.yml"], include: { _ in true })
        #expect(limited.compactMap { $0.new?.path } == ["m/b.yml"])
    }

    @Test("No revision compares HEAD with the working tree, untracked files included")
    func workingTree() throws {
        let repo = try history()
        try repo.write([
            "m/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '3'}\n",
            "m/new.yaml": "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
        ])
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path))
        #expect(report.to.ref == "working tree" && report.to.commit == nil)
        #expect(Set(report.resources.map { "\($0.name) \($0.status.rawValue)" }) == ["a modified", "s added"])
        let one = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["v1"]))
        #expect(Set(one.resources.map(\.name)) == ["a", "b", "s"])
    }

    @Test("A...B compares the merge base of A and B with B")
    func mergeBase() throws {
        let repo = try history()
        try repo.git(["checkout", "-q", "-b", "feature", "v2"])
        try repo.write(["m/c.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"])
        try repo.commit("feature")
        let report = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["main...feature"]))
        #expect(report.resources.map(\.name) == ["c"])
        #expect(report.from.commit == (try repo.git(["rev-parse", "v2^{commit}"])).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("A blob's size limit holds without its header read first: loose, packed, deltas, and a base over the limit")
    func blobSizeLimit() throws {
        let repo = try TempRepository()
        let lines = (0..<40_000).map { "line \($0): \(String(repeating: "x", count: 40))\n" }.joined()  // 2.1 MB
        let zeros = [UInt8](repeating: 0x30, count: 8 << 20)  // inflates 1000:1, as a bomb does
        try repo.write(["big.txt": lines, "head.txt": String(lines.prefix(10_000))])
        try repo.writeBytes("zeros.txt", zeros)
        try repo.commit("one")
        try repo.write(["big.txt": lines + "one more\n", "head.txt": String(lines.prefix(10_000)) + "one more\n"])
        try repo.commit("two")
        func id(_ revision: String, _ path: String) throws -> ObjectID {
            ObjectID(hex: try repo.git(["rev-parse", "\(revision):\(path)"]).trimmingCharacters(in: .whitespacesAndNewlines))!
        }
        let blobs = try [("HEAD~", "big.txt"), ("HEAD", "big.txt"), ("HEAD~", "head.txt"), ("HEAD", "head.txt"), ("HEAD", "zeros.txt")]
            .map { (try id($0.0, $0.1), try repo.git(["cat-file", "blob", "\($0.0):\($0.1)"])) }
        func check(_ state: String) throws {
            let repository = try Repository(discoveringFrom: repo.path)
            for (blob, text) in blobs {
                let bytes = Array(text.utf8)
                for limit in [100, 10_000, bytes.count - 1, bytes.count, 3 << 20, 16 << 20] {
                    let read = try repository.blob(blob, limit: limit)
                    #expect(read == (bytes.count > limit ? nil : bytes), "\(state): \(bytes.count) bytes under a \(limit)-byte limit")
                    #expect(try repository.blob(blob, limit: limit, size: repository.blobSize(blob)) == read)
                }
            }
        }
        try check("loose")
        // Packed: the small file and the second version become deltas, maybe of the big file.
        _ = try repo.git(["gc", "-q", "--aggressive"])
        try check("packed")
    }

    @Test("A pack larger than one mapped window (16 MiB) reads the same bytes on both sides of a window's edge")
    func packLargerThanAWindow() throws {
        let repo = try TempRepository()
        var random = SplitMix(seed: 14)
        // Incompressible, so that the pack is as large as the files: three of 7 MiB, then small ones.
        var files: [String: [UInt8]] = [:]
        for index in 0..<3 {
            var bytes = [UInt8](repeating: 0, count: 7 << 20)
            bytes.withUnsafeMutableBytes { raw in
                for word in 0..<(raw.count / 8) { raw.storeBytes(of: random.next(), toByteOffset: word * 8, as: UInt64.self) }
            }
            files["blob-\(index).bin"] = bytes
        }
        for index in 0..<20 { files["small-\(index).yaml"] = Array("kind: ConfigMap\nmetadata: {name: c\(index)}\n".utf8) }
        for (path, bytes) in files { try repo.writeBytes(path, bytes) }
        try repo.commit("one")
        _ = try repo.git(["repack", "-a", "-d", "-q"])
        let repository = try Repository(discoveringFrom: repo.path)
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let id = ObjectID(hex: try repo.git(["rev-parse", "HEAD:\(path)"]).trimmingCharacters(in: .whitespacesAndNewlines))!
            #expect(try repository.blob(id, limit: 8 << 20) == bytes, "\(path)")
        }
    }

    @Test("An object missing from the old side's unchanged files, listed on another core, is an error naming it")
    func missingObjectInTheEarlyListing() throws {
        let repo = try TempRepository()
        let config = { (name: String, level: String) in
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name), namespace: n}\ndata: {level: \(level)}\n"
        }
        try repo.write(["apps/a.yaml": config("a", "info"), "infra/b.yaml": config("b", "info")])
        try repo.commit("one", tag: "one")
        try repo.write(["apps/a.yaml": config("a", "debug")])
        try repo.commit("two", tag: "two")
        // The folder that did not change: the tree diff skips it, the whole listing reads it.
        let tree = try repo.git(["rev-parse", "one:infra"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.remove(".git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["one", "two"]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(String(tree.prefix(12))), "\(error)")
        }
    }

    @Test func bareRepositoriesWork() throws {
        let repo = try history()
        let bare = try TempRepository.makeTemporaryDirectory() + "/bare.git"
        try Shell.run(["git", "clone", "-q", "--bare", repo.path, bare])
        let report = try MeshDiff.diff(DiffOptions(repository: bare, revisions: ["v1", "main"]))
        #expect(Set(report.resources.map(\.name)) == ["a", "b"])
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: bare))
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("bare repository"))
        }
    }

    @Test("A linked worktree is a repository of its own working tree; --path restricts")
    func worktreeAndPaths() throws {
        let repo = try history()
        let worktree = try TempRepository.makeTemporaryDirectory() + "/wt"
        try repo.git(["worktree", "add", "-q", worktree, "v1"])
        try "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: w}\n".write(
            toFile: worktree + "/m/w.yaml", atomically: true, encoding: .utf8)
        let report = try MeshDiff.diff(DiffOptions(repository: worktree))
        #expect(report.resources.map(\.name) == ["w"])
        #expect(report.from.commit == (try repo.git(["rev-parse", "v1"])).trimmingCharacters(in: .whitespacesAndNewlines))
        let limited = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["v1", "HEAD"], paths: ["m/b.yml"]))
        #expect(limited.resources.map(\.name) == ["b"])
    }

    @Test("A shallow clone without the merge base says to fetch more history")
    func shallowClone() throws {
        let repo = try history()
        try repo.git(["checkout", "-q", "-b", "side", "v1"])
        try repo.write(["m/s.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n"])
        try repo.commit("side")
        let shallow = try TempRepository.makeTemporaryDirectory() + "/shallow"
        try Shell.run(["git", "clone", "-q", "--depth", "1", "--no-tags", "--branch", "main", "file://" + repo.path, shallow])
        try Shell.run(["git", "-C", shallow, "fetch", "-q", "--depth", "1", "--no-tags", "origin", "side:side"])
        do {
            _ = try MeshDiff.diff(DiffOptions(repository: shallow, revisions: ["main...side"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("shallow"))
            #expect(error.localizedDescription.contains("--unshallow") || error.localizedDescription.contains("--deepen"))
        }
    }

    @Test("meshdiff never writes to the repository it reads")
    func readOnly() throws {
        let repo = try history()
        try repo.write(["m/a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: '9'}\n", "m/u.yaml": "kind: X\n"])
        let before = try Self.snapshot(repo.path + "/.git")
        _ = try MeshDiff.diff(DiffOptions(repository: repo.path))
        _ = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["v1", "HEAD"]))
        _ = try MeshDiff.diff(DiffOptions(repository: repo.path, revisions: ["v1...HEAD"]))
        let after = try Self.snapshot(repo.path + "/.git")
        #expect(before == after)
    }

    /// Every file under a folder with its size, modification time and content hash.
    static func snapshot(_ folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: folder)
        while let relative = walker?.nextObject() as? String {
            let path = folder + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let data = FileManager.default.contents(atPath: path) ?? Data()
            out[relative] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "") \(data.hashValue)"
        }
        return out
    }
}
