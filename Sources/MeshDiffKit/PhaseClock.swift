import Foundation

/// Prints how long each phase took to standard error when `MESHDIFF_PROFILE` is set:
/// the benchmark's way to see where time goes, with no cost otherwise.
struct PhaseClock {
    /// Read once: a changelog starts a clock per phase of every step.
    private static let enabled = ProcessInfo.processInfo.environment["MESHDIFF_PROFILE"] != nil
    private var last = DispatchTime.now()

    mutating func mark(_ phase: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("meshdiff: \(phase()): \(String(format: "%.1f", ms)) ms\n".utf8))
        last = now
    }
}
