import Foundation
import Testing
import _MeshDiffTestSupport

/// What a platform engineer meets in the first five minutes: --version, shell completion, and
/// CI recipes that lint and use only documented variables.
@Suite(.enabled(if: Paths.binary != nil, "the meshdiff binary is not built: run `swift build` first"))
struct ShippingTests {
    @Test func versionNamesReleaseAndCommit() throws {
        let result = try Shell.run([Paths.binary!, "--version"])
        #expect(result.stdout.range(of: #"^meshdiff \d+\.\d+\.\d+ \(commit [0-9a-f]{12}|unknown\)\n$"#, options: .regularExpression) != nil)
    }

    @Test("The binary leaves the full Foundation (CoreFoundation, ICU) out: it cost every run start-up time and memory")
    func foundationEssentialsOnly() throws {
        let result = try Shell.run(["ldd", Paths.binary!])
        let libraries = result.stdout.split(separator: "\n").compactMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
        }
        #expect(libraries.contains { $0.hasPrefix("libFoundationEssentials") } || libraries.allSatisfy { !$0.contains("swift") })
        #expect(
            !libraries.contains { $0.hasPrefix("libFoundation.") || $0.contains("FoundationInternationalization") || $0.contains("ICU") })
    }

    @Test("bash completes formats, policies and the repository's revisions")
    func bashCompletion() throws {
        let folder = try TempRepository.makeTemporaryDirectory()
        let script = folder + "/meshdiff.bash"
        try Shell.run([Paths.binary!, "--generate-completion-script", "bash"]).stdout.write(
            toFile: script, atomically: true, encoding: .utf8)
        let repo = try TempRepository()
        try repo.write(["a.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"])
        try repo.commit("one", tag: "stable-2.13.7")
        try repo.commit("two", tag: "stable-2.14.0")
        try repo.git(["branch", "staging"])
        let driver = """
            source "$1"
            complete_line() {
                COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"
                [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMPREPLY=()
                _meshdiff meshdiff "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s ' "${COMPREPLY[@]}"; echo
            }
            complete_line "meshdiff diff --format "
            complete_line "meshdiff diff sta"
            complete_line "meshdiff diff --fail-on "
            complete_line "meshdiff changelog --mesh "
            """
        let binaries = URL(fileURLWithPath: Paths.binary!).deletingLastPathComponent().path
        let result = try Shell.run(
            ["bash", "-c", driver, "driver", script], in: repo.path,
            environment: ["PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stdout) \(result.stderr)")
        #expect(lines.first == "text markdown json html ")
        #expect(lines.dropFirst().first == "stable-2.13.7 stable-2.14.0 staging ")
        #expect(lines.dropFirst(2).first?.contains("downgrade rbac-escalation") == true)
        #expect(lines.dropFirst(3).first?.contains("linkerd linkerd-viz") == true)
    }

    @Test(
        "The GitHub Actions workflow passes actionlint",
        .enabled(if: (try? Shell.run(["actionlint", "--version"], check: false).status) == 0, "actionlint is not installed"))
    func githubWorkflowLints() throws {
        let result = try Shell.run(["actionlint", Paths.packageRoot + "/ci/github/meshdiff.yml"], check: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test("The GitLab recipe is YAML and uses only the predefined variables the README lists")
    func gitlabRecipe() throws {
        let path = Paths.packageRoot + "/ci/gitlab/meshdiff.gitlab-ci.yml"
        try Shell.run(["python3", "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", path])
        let recipe = try String(contentsOfFile: path, encoding: .utf8)
        let readme = try String(contentsOfFile: Paths.packageRoot + "/README.md", encoding: .utf8)
        let used = Set(recipe.matches(of: /\$\{?(CI_[A-Z0-9_]+)/).map { String($0.1) })
        #expect(!used.isEmpty)
        for variable in used.sorted() { #expect(readme.contains("`\(variable)`"), "README does not list \(variable)") }
    }
}
