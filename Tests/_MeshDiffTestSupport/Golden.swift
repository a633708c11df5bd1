import Foundation

/// Compares output with a golden file under `fixtures/golden/`. With `MESHDIFF_RECORD=1` the
/// file is written anew and the check still fails, so that a recording is never a silent pass.
public enum Golden {
    public static func check(_ actual: String, name: String) -> String? {
        let path = Paths.fixtures + "/golden/" + name
        if ProcessInfo.processInfo.environment["MESHDIFF_RECORD"] == "1" {
            try? FileManager.default.createDirectory(atPath: Paths.fixtures + "/golden", withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return "recorded \(name); run again without MESHDIFF_RECORD to check it"
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "no golden file \(name): record it with MESHDIFF_RECORD=1"
        }
        guard expected != actual else { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        let want = line < a.count ? String(a[line]) : "<end>"
        let got = line < b.count ? String(b[line]) : "<end>"
        return
            "\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with MESHDIFF_RECORD=1 if the change is intended)"
    }
}
