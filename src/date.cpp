// Calendar dates: ISO parsing and formatting, civil-date arithmetic, today.
#include "okr/date.hpp"
#include "okr/detail/text.hpp"

#include <chrono>
#include <cstdio>

#include "okr/error.hpp"

namespace okr {
namespace {

// Howard Hinnant's civil-date algorithms (public domain).
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

constexpr bool is_leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : table[m - 1];
}

}  // namespace

Date Date::from_ymd(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)))
        throw Error(ErrorCode::invalid_argument, "no such date: " + std::to_string(year) + "-" +
                                                     std::to_string(month) + "-" + std::to_string(day));
    return Date{days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))};
}

bool Date::try_parse(std::string_view s, Date& out) noexcept {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    int v[3] = {0, 0, 0};
    const int start[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int k = 0; k < 3; ++k)
        for (int i = 0; i < len[k]; ++i) {
            const char c = s[static_cast<std::size_t>(start[k] + i)];
            if (c < '0' || c > '9') return false;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
        static_cast<unsigned>(v[2]) > days_in_month(v[0], static_cast<unsigned>(v[1])))
        return false;
    out = Date{days_from_civil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]))};
    return true;
}

Date Date::parse(std::string_view text, std::string_view field) {
    Date d;
    if (!try_parse(text, d))
        throw Error(ErrorCode::invalid_argument, std::string(field) + ": \"" + std::string(detail::utf8_prefix(text, 40)) +
                                                     "\" is not a date (expected YYYY-MM-DD)");
    return d;
}

Date Date::today() {
    const auto now = std::chrono::system_clock::now();
    const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
    return Date{static_cast<std::int32_t>(days)};
}

void Date::ymd(int& year, int& month, int& day) const noexcept {
    // Inverse of days_from_civil.
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    year = y + (m <= 2);
    month = static_cast<int>(m);
    day = static_cast<int>(d);
}

std::string Date::iso() const {
    int y, m, d;
    ymd(y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

}  // namespace okr
