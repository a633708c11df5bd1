import Foundation

/// A fixture scenario, `fixtures/scenarios/<name>/{before,after}/`, committed as two tagged
/// commits (`before`, `after`) of a fresh repository.
public enum Scenario {
    public static func repository(_ name: String) throws -> TempRepository {
        let folder = Paths.fixtures + "/scenarios/" + name
        let repo = try TempRepository()
        try repo.replaceTree(with: folder + "/before")
        try repo.commit("before", tag: "before")
        try repo.replaceTree(with: folder + "/after")
        try repo.commit("after", tag: "after")
        return repo
    }
}
