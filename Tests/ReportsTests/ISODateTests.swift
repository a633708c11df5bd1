import Foundation
import Reports
import Testing
import _MeshDiffTestSupport

/// Dates in reports are the bytes `Date.ISO8601Format()` writes, computed without it.
@Suite struct ISODateTests {
    @Test("Random seconds from 1900 to 2300, and the days around leap days and centuries: the format style's bytes")
    func sameAsTheFormatStyle() {
        var random = SplitMix(seed: 8601)
        var seconds: [TimeInterval] = (0..<3000).map { _ in TimeInterval(Int64.random(in: -2_208_988_800...10_413_792_000, using: &random))
        }
        // 1900-03-01, 2000-02-29, 2000-03-01, 2100-02-28, 2100-03-01, the epoch and a second
        // either side of it, a fraction of a second, and the last second of 1999.
        seconds += [-2_203_891_200, 951_782_400, 951_868_800, 4_107_456_000, 4_107_542_400, 0, -1, 1, 1.75, -0.25, 946_684_799]
        for second in seconds {
            let date = Date(timeIntervalSince1970: second)
            #expect(ISODate.string(date) == date.ISO8601Format(), "\(second)")
            #expect(ISODate.day(date) == String(date.ISO8601Format().prefix(10)), "\(second)")
        }
    }

    @Test("Years the four-digit form cannot hold are left to the format style")
    func farDates() {
        for second in [-62_135_596_801.0, 253_402_300_800, -1e15, 1e15] {
            let date = Date(timeIntervalSince1970: second)
            #expect(ISODate.string(date) == date.ISO8601Format())
        }
    }
}
