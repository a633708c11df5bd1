import MeshDiffKit
import Testing
import _MeshDiffTestSupport

/// A library caller gets a session's memory back when it lets go of it; the CLI, which exits
/// right after printing, asks for its sessions to be left for the exit to reclaim.
@Suite struct SessionLifetimeTests {
    @Test("A session is freed when let go, unless it is kept until exit")
    func keptOnlyWhenAsked() throws {
        let repo = try TempRepository()
        try repo.write(["app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"])
        try repo.commit("base")

        weak var freed: ComparisonSession?
        do {
            let session = try ComparisonSession(DiffOptions(repository: repo.path))
            _ = try session.compare(.empty, .commit(try session.repository.resolve("HEAD"), ref: "HEAD"))
            freed = session
        }
        #expect(freed == nil)

        weak var kept: ComparisonSession?
        do {
            var options = DiffOptions(repository: repo.path)
            options.keepsSessionsUntilExit = true
            kept = try ComparisonSession(options)
        }
        #expect(kept != nil)
    }
}
