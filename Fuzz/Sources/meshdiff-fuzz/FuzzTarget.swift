import Diffing
import Foundation
import Insights
@_spi(Fuzzing) import Manifests
import Rendering
import Reports

/// libFuzzer entry point: the input is two manifest files separated by the first `\0---\0`
/// (or split in half), scanned, parsed (each document by both YAML readers, which must agree),
/// redacted, paired by identity, compared (every analyzer, GitOps settings included) and rendered
/// in every format — every stage that untrusted bytes reach, without a repository.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let separator: [UInt8] = [0, 45, 45, 45, 0]
    var old = Array(bytes[..<(size / 2)])
    var new = Array(bytes[(size / 2)...])
    if let cut = (0..<max(0, size - separator.count + 1)).first(where: { bytes[$0..<$0 + separator.count].elementsEqual(separator) }) {
        old = Array(bytes[..<cut])
        new = Array(bytes[(cut + separator.count)...])
    }
    // The bytes-only YAML reader must read what libyaml reads, wherever it reads at all.
    for file in [old, new] {
        if let document = YAMLFastPathCheck.disagreement(in: file) {
            fatalError("the YAML fast path and libyaml disagree on:\n\(document)")
        }
    }
    // The byte scan every unchanged file goes through (unsafe pointers inside).
    let markers = MeshDetector.byteMarkers.map { Array($0.utf8) }
    _ = ManifestScan(old, markers: markers)
    _ = ManifestScan(new, markers: markers)
    let redactor = Redactor()
    // Odd sizes read both files as Helm values files (documents without a kind are values).
    let paths = size % 2 == 1 ? ("old/values.yaml", "new/values.yaml") : ("old.yaml", "new.yaml")
    let before = redactor.redact(ManifestFile.parse(old, path: paths.0, revision: "old"))
    let after = redactor.redact(ManifestFile.parse(new, path: paths.1, revision: "new"))
    let oldByID = Dictionary(before.resources.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    let newByID = Dictionary(after.resources.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    let ids = Set(oldByID.keys).union(newByID.keys).sorted()
    let comparer = ResourceComparer()
    let comparisons = ids.compactMap { comparer.compare(old: oldByID[$0], new: newByID[$0]) }
    var report = Report(
        from: RevisionInfo(ref: "old", commit: nil), to: RevisionInfo(ref: "new", commit: nil),
        meshes: MeshDetector.changes(old: before.resources, new: after.resources), resources: comparisons.map(\.resource),
        images: comparisons.flatMap(\.images), flags: comparisons.flatMap(\.flags), env: comparisons.flatMap(\.env),
        rbac: comparisons.compactMap(\.rbac), crds: comparisons.compactMap(\.crd), webhooks: comparisons.flatMap(\.webhooks),
        security: comparisons.flatMap(\.security), findings: before.findings + after.findings)
    report.settings = comparisons.flatMap(\.settings)
    report.warnings = Warnings.of(
        report, oldResources: before.resources, newResources: after.resources, reference: Date(timeIntervalSince1970: 1_800_000_000))
    for renderer in Renderers.all {
        _ = try? renderer.render(report, options: RenderOptions(showNoise: true, maxSize: 4096))
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point under this name; libFuzzer's driver takes over.
@_cdecl("meshdiff_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
