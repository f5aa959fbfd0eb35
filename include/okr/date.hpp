/// @file
/// @brief okr — calendar dates as days since 1970-01-01 (proleptic Gregorian, no time zone).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace okr {

/// A calendar date. Cheap to copy and compare; `days` counts from 1970-01-01.
///
/// Dates are proleptic Gregorian with no time of day and no time zone. The constructors that
/// check their input (from_ymd(), parse(), try_parse()) accept the years 1 to 9999.
struct Date {
    std::int32_t days = 0;  ///< days since 1970-01-01 (negative before it); 0 is 1970-01-01

    /// Whether two dates are the same day.
    /// @param a the first date
    /// @param b the second date
    /// @return true if `a` and `b` are the same day
    friend constexpr bool operator==(Date a, Date b) noexcept { return a.days == b.days; }
    /// Orders dates chronologically.
    /// @param a the first date
    /// @param b the second date
    /// @return the ordering of `a.days` against `b.days` (earlier dates compare less)
    friend constexpr auto operator<=>(Date a, Date b) noexcept { return a.days <=> b.days; }

    /// Builds a date from its parts; throws okr::Error(invalid_argument) if it does not exist.
    /// @param year the year, 1 to 9999
    /// @param month the month, 1 to 12
    /// @param day the day of the month, 1 to the month's length (29 February only in leap years)
    /// @return the date
    /// @throws okr::Error ErrorCode::invalid_argument ("no such date: ...") if the date does not
    ///         exist or its year is outside 1 to 9999
    static Date from_ymd(int year, int month, int day);
    /// Parses exactly "YYYY-MM-DD"; throws okr::Error(invalid_argument) naming `field` otherwise.
    /// @param text the text: exactly ten characters, four-digit year (0001 to 9999), two-digit
    ///        month and day, separated by '-'; no surrounding space, time or zone
    /// @param field the name to put in the error message (the field or argument the text came from)
    /// @return the date
    /// @throws okr::Error ErrorCode::invalid_argument naming `field` if `text` is not of that form
    ///         or names a day that does not exist
    static Date parse(std::string_view text, std::string_view field = "date");
    /// Non-throwing parse: false if `text` is not a valid "YYYY-MM-DD" date.
    /// @param text the text, as for parse()
    /// @param[out] out receives the date on success; left unchanged on failure
    /// @return true if `text` is a valid date
    static bool try_parse(std::string_view text, Date& out) noexcept;
    /// Today's date in UTC.
    /// @return the current day of the system clock in UTC
    static Date today();

    /// "YYYY-MM-DD".
    /// @return the date as "YYYY-MM-DD", the form parse() reads
    std::string iso() const;
    /// Splits the date into year, month and day.
    /// @param[out] year receives the year
    /// @param[out] month receives the month, 1 to 12
    /// @param[out] day receives the day of the month, 1 to 31
    void ymd(int& year, int& month, int& day) const noexcept;
};

}  // namespace okr
