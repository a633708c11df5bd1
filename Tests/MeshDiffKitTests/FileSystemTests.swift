import Foundation
import Testing
import _MeshDiffTestSupport

@testable import Snapshots

@Suite struct FileSystemTests {
    @Test("A folder's regular files in path order; .git not entered, symbolic links neither read nor followed")
    func regularFiles() throws {
        let root = try TempRepository.makeTemporaryDirectory()
        let manager = FileManager.default
        for folder in ["b/deep", ".git/objects", "a"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        for file in ["b/deep/z.yaml", "b/a.yaml", "a/x.json", ".git/objects/o.yaml", "top.yml", "b-c.yaml"] {
            try "kind: X\n".write(toFile: root + "/" + file, atomically: true, encoding: .utf8)
        }
        try manager.createSymbolicLink(atPath: root + "/link.yaml", withDestinationPath: root + "/top.yml")
        try manager.createSymbolicLink(atPath: root + "/loop", withDestinationPath: root)
        let files = try FileSystem.regularFiles(under: root, skipping: [".git"])
        #expect(files == ["a/x.json", "b-c.yaml", "b/a.yaml", "b/deep/z.yaml", "top.yml"])
        let entries = try FileSystem.files(under: root, skipping: [".git"])
        #expect(entries.filter(\.isSymbolicLink).map(\.path) == ["link.yaml", "loop"])
        // A folder source says a manifest-named link is not read, as a repository does.
        let folder = try FolderSource(root).files(every: false, limit: 1 << 20)
        #expect(folder.map(\.path) == ["a/x.json", "b-c.yaml", "b/a.yaml", "b/deep/z.yaml", "link.yaml", "top.yml"])
        #expect(folder.first { $0.path == "link.yaml" }?.content == .unreadable(FolderSource.symbolicLink))
        #expect(FileSystem.kind(of: root + "/link.yaml") == .file)
        #expect(FileSystem.kind(of: root + "/loop") == .directory)
        #expect(FileSystem.kind(of: root + "/absent") == nil)
        #expect(throws: SourceError.self) { try FileSystem.regularFiles(under: root + "/top.yml") }
    }

    @Test("A file's bytes up to the limit, oversized past it; a missing file is an error naming it")
    func contents() throws {
        let file = try TempRepository.makeTemporaryDirectory() + "/f.yaml"
        let text = String(repeating: "0123456789", count: 10_000)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try FileSystem.contents(of: file, limit: 100_000) == .bytes(Array(text.utf8)))
        #expect(try FileSystem.contents(of: file, limit: 99_999) == .oversized)
        #expect(throws: SourceError.unreadable(path: file + ".no", reason: "no such file, or it cannot be opened")) {
            try FileSystem.contents(of: file + ".no", limit: 10)
        }
    }

    @Test("A report file is created or replaced, at its first piece; one that cannot be written says why")
    func outputFile() throws {
        let file = try TempRepository.makeTemporaryDirectory() + "/out.md"
        func write(_ pieces: [String], to path: String) throws {
            let output = FileSystem.Output(file: path)
            for var piece in pieces { try piece.withUTF8 { try output.write(UnsafeRawBufferPointer($0)) } }
            try output.finish()
        }
        try write(["a longer ", "first text\n"], to: file)
        try write(["é", "\n"], to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "é\n")
        // Nothing written yet: the file is as it was until its first piece or its end.
        _ = FileSystem.Output(file: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "é\n")
        try write([], to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "")
        #expect(throws: FileSystem.SystemError.self) { try write(["x"], to: file + "/no/such/folder") }
    }
}
