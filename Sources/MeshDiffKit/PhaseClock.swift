import Snapshots

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Prints how long each phase took to standard error when `MESHDIFF_PROFILE` is set:
/// the benchmark's way to see where time goes, with no cost otherwise.
struct PhaseClock {
    /// Read once: a changelog starts a clock per phase of every step.
    private static let enabled = ProcessInfo.processInfo.environment["MESHDIFF_PROFILE"] != nil
    private var last = ContinuousClock.now

    mutating func mark(_ phase: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = ContinuousClock.now
        let tenths = (now - last) / .microseconds(100)
        FileSystem.writeStandardError("meshdiff: \(phase()): \(Int(tenths) / 10).\(Int(tenths) % 10) ms\n")
        last = now
    }
}
