import Foundation

/// Where the package, its fixtures, the shared corpus and the built binary are.
public enum Paths {
    /// The package root (the folder of `Package.swift`).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    public static var fixtures: String { packageRoot + "/fixtures" }

    /// `../shared/corpus` beside the checkout, or `MESHDIFF_CORPUS`; `nil` when absent.
    public static var corpus: String? {
        let candidates = [ProcessInfo.processInfo.environment["MESHDIFF_CORPUS"], packageRoot + "/../shared/corpus"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/make_repo.py") }
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The built `meshdiff` executable of the current build configuration.
    public static var binary: String? {
        let build = URL(fileURLWithPath: packageRoot).appendingPathComponent(".build")
        let candidates = ["debug/meshdiff", "release/meshdiff"].map { build.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
