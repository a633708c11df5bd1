#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Dates as reports write them: ISO 8601 in UTC, `2024-05-01T12:34:56Z` (the bytes of
/// `Date.ISO8601Format()`) or the day alone.
///
/// Computed from the seconds since 1970, not through a format style: building one looked up a
/// time zone and a calendar each time (0.6M instructions a date; a changelog writes one per
/// entry, and every diff with certificates two).
public enum ISODate {
    /// `2024-05-01T12:34:56Z`: whole seconds, in UTC.
    public static func string(_ date: Date) -> String {
        guard let (year, month, day, seconds) = parts(date) else { return date.ISO8601Format() }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))Z"
    }

    /// `2024-05-01`: the day in UTC.
    public static func day(_ date: Date) -> String {
        guard let (year, month, day, _) = parts(date) else { return String(date.ISO8601Format().prefix(10)) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Year, month, day and the second of that day, for years 1 to 9999 (`nil` outside them:
    /// the format style says those).
    static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, seconds: Int)? {
        let since1970 = date.timeIntervalSince1970.rounded(.down)
        // 0001-01-01 and 10000-01-01 in seconds since 1970.
        guard since1970 >= -62_135_596_800, since1970 < 253_402_300_800 else { return nil }
        let total = Int(since1970)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let seconds = total - days * 86_400
        // Days since 1970 to the proleptic Gregorian calendar, by 400-year eras of 146,097 days,
        // counting years from March so that a leap day ends its year.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, seconds)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }
}
