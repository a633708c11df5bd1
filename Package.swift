// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "meshdiff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "meshdiff", targets: ["meshdiff"]),
        .library(name: "MeshDiffKit", targets: ["MeshDiffKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev), found with pkg-config.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // Revisions, trees, blobs and history, read through libgit2. The only importer of CLibGit2.
        .target(name: "GitStore", dependencies: ["CLibGit2", "CGitReadLimit", "Snapshots", "Manifests"]),
        // A per-thread ceiling on libgit2's allocations: blobs read without their header first.
        // DWARF 4: valgrind cannot read the DWARF 5 of its thread-local variables.
        .target(name: "CGitReadLimit", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // libyaml from the system (Debian: libyaml-dev): its event stream feeds Manifests directly.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // YAML → normalized values → Kubernetes resources, with positioned findings; the
        // concurrency every stage uses (Lock, ParallelMap).
        .target(name: "Manifests", dependencies: ["CLibYAML"]),
        // Structural diff of two values.
        .target(name: "Diffing", dependencies: ["Manifests"]),
        // Kubernetes and mesh knowledge: images, flags, env, noise, secrets, versions.
        .target(name: "Insights", dependencies: ["Manifests", "Diffing", "Reports"]),
        // The report model: plain Codable data every stage fills in and every renderer reads.
        .target(name: "Reports", dependencies: ["Manifests", "Diffing"]),
        // The shared digest (wording, grouping, tones) and one renderer per format.
        .target(name: "Rendering", dependencies: ["Reports", "Manifests", "Diffing"]),
        // Where manifests come from: the ManifestSource protocol, content keys, folder / file /
        // stdin sources (files through the C library: FileSystem), and the parse cache every
        // source shares.
        .target(name: "Snapshots", dependencies: ["Manifests"]),
        // Resources of each side indexed by identity and paired: changes, moves, renames.
        .target(name: "Pairing", dependencies: ["Manifests", "Reports"]),
        // The facade: options in, report out.
        .target(name: "MeshDiffKit", dependencies: ["GitStore", "Snapshots", "Manifests", "Pairing", "Diffing", "Insights", "Reports"]),
        // History → release notes, reusing the diff pipeline; Mustache templates of the user's own.
        .target(
            name: "Changelog",
            dependencies: [
                "MeshDiffKit", "GitStore", "Reports", "Manifests", "Snapshots",
            ]),
        // The commit a build was made from (the Makefile defines it), for --version.
        .target(name: "CBuildInfo"),
        // Thin executable: arguments, one library call, output, exit status.
        .executableTarget(
            name: "meshdiff",
            dependencies: [
                "MeshDiffKit", "Changelog", "Insights", "Reports", "Rendering", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "_MeshDiffTestSupport", dependencies: ["MeshDiffKit"], path: "Tests/_MeshDiffTestSupport"),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests", "_MeshDiffTestSupport"]),
        .testTarget(name: "DiffingTests", dependencies: ["Diffing", "_MeshDiffTestSupport"]),
        .testTarget(name: "InsightsTests", dependencies: ["Insights", "_MeshDiffTestSupport"]),
        .testTarget(name: "GitStoreTests", dependencies: ["GitStore", "Snapshots", "Manifests", "MeshDiffKit", "_MeshDiffTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Rendering", "Manifests", "MeshDiffKit", "_MeshDiffTestSupport"]),
        .testTarget(
            name: "MeshDiffKitTests",
            dependencies: ["MeshDiffKit", "Manifests", "Reports", "Rendering", "Snapshots", "_MeshDiffTestSupport"]),
        .testTarget(name: "ChangelogTests", dependencies: ["Changelog", "Reports", "Rendering", "_MeshDiffTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["_MeshDiffTestSupport"]),
    ]
)

// The libFuzzer target (Fuzz/run.sh sets MESHDIFF_FUZZ): libFuzzer brings its own `main`, so
// the target exists only for that build.
if ProcessInfo.processInfo.environment["MESHDIFF_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "meshdiff-fuzz", dependencies: ["Manifests", "Diffing", "Insights", "Reports", "Rendering"],
            path: "Fuzz/Sources/meshdiff-fuzz"))
}
