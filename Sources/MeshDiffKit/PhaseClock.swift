import Snapshots

#if canImport(Glibc)
    import Glibc
#endif

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Prints how long each phase took to standard error when `MESHDIFF_PROFILE` is set:
/// the benchmark's way to see where time goes, with no cost otherwise.
struct PhaseClock {
    /// Read once: a changelog starts a clock per phase of every step. One variable, read as
    /// such: the whole environment as a dictionary cost a no-op diff 2% of its instructions.
    private static let enabled = getenv("MESHDIFF_PROFILE") != nil
    private var last = ContinuousClock.now
    private var lastFaults = PhaseClock.pageFaults()

    mutating func mark(_ phase: @autoclosure () -> String) {
        guard Self.enabled else { return }
        let now = ContinuousClock.now
        let faults = Self.pageFaults()
        let tenths = (now - last) / .microseconds(100)
        FileSystem.writeStandardError(
            "meshdiff: \(phase()): \(Int(tenths) / 10).\(Int(tenths) % 10) ms, \(faults - lastFaults) page faults\n")
        last = now
        lastFaults = faults
    }

    /// The process's minor page faults so far: each first touch of a page of memory costs
    /// about 1.5 µs on the benchmark machine, a tenth of a corpus diff in all.
    private static func pageFaults() -> Int {
        guard enabled else { return 0 }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_minflt
    }
}
