import Foundation
import Testing
import _MeshDiffTestSupport

/// Same inputs, same bytes: every format of `diff` and `changelog`, run again and again with
/// hashing seeded differently each run (SWIFT_DETERMINISTIC_HASHING unset).
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct DeterminismTests {
    @Test("Repeated runs print identical bytes")
    func sameBytesEveryRun() throws {
        let fixture = try Scenario.repository("workload-upgrade")
        var cases: [(repo: String, arguments: [String])] = [
            (fixture.path, ["diff", "before", "after"]), (fixture.path, ["changelog"]),
        ]
        if Corpus.isAvailable {
            let corpus = try Corpus.repository(["--layout", "mixed", "--noise", "--downgrade"])
            cases += [(corpus, ["diff", "stable-2.10.0", "edge-26.8.3"]), (corpus, ["changelog"]), (corpus, ["changelog", "--tags"])]
        }
        for (repo, arguments) in cases {
            for format in ["text", "markdown", "json"] {
                // Shell runs /usr/bin/env, which unsets the variable for the child.
                let command = ["-u", "SWIFT_DETERMINISTIC_HASHING", Paths.binary!] + arguments + ["--format", format, "--repo", repo]
                let first = try Shell.run(command).stdout
                for _ in 0..<2 {
                    let again = try Shell.run(command).stdout
                    #expect(again == first, "\(arguments.joined(separator: " ")) --format \(format) differs between runs")
                    if again != first { break }
                }
            }
        }
    }
}
