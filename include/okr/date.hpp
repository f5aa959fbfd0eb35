// okr — calendar dates as days since 1970-01-01 (proleptic Gregorian, no time zone).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace okr {

/// A calendar date. Cheap to copy and compare; `days` counts from 1970-01-01.
struct Date {
    std::int32_t days = 0;

    friend constexpr bool operator==(Date a, Date b) noexcept { return a.days == b.days; }
    friend constexpr auto operator<=>(Date a, Date b) noexcept { return a.days <=> b.days; }

    /// Builds a date from its parts; throws okr::Error(invalid_argument) if it does not exist.
    static Date from_ymd(int year, int month, int day);
    /// Parses exactly "YYYY-MM-DD"; throws okr::Error(invalid_argument) naming `field` otherwise.
    static Date parse(std::string_view text, std::string_view field = "date");
    /// Non-throwing parse: false if `text` is not a valid "YYYY-MM-DD" date.
    static bool try_parse(std::string_view text, Date& out) noexcept;
    /// Today's date in UTC.
    static Date today();

    /// "YYYY-MM-DD".
    std::string iso() const;
    void ymd(int& year, int& month, int& day) const noexcept;
};

}  // namespace okr
