// Fuzz target: dates and periods. The text is parsed as a date (parse and try_parse agree; a
// date that parses writes back to the same text and to the same year, month and day) and as a
// frequency; its first four bytes, as a day count within years 1 to 9999, give a date whose
// periods of every frequency hold it (start <= date < next start, start of a start is itself).
#include <cstdint>
#include <cstring>
#include <string_view>

#include "check.hpp"
#include "okr/okr.hpp"
#include "okr/series.hpp"

using namespace okr;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Date d{};
    const bool ok = Date::try_parse(text, d);
    bool threw = false;
    try {
        const Date p = Date::parse(text, "date");
        FUZZ_CHECK(ok && p == d);
    } catch (const Error& e) {
        threw = true;
        FUZZ_CHECK(e.code() == ErrorCode::invalid_argument);
    }
    FUZZ_CHECK(ok != threw);
    if (ok) {
        FUZZ_CHECK(d.iso() == text);
        int y = 0, m = 0, day = 0;
        d.ymd(y, m, day);
        FUZZ_CHECK(Date::from_ymd(y, m, day) == d);
    }
    try {
        const Freq f = parse_freq(text);
        FUZZ_CHECK(parse_freq(to_string(f)) == f);
    } catch (const Error& e) {
        FUZZ_CHECK(e.code() == ErrorCode::invalid_argument);
    }

    std::uint32_t raw = 0;
    std::memcpy(&raw, data, size < sizeof raw ? size : sizeof raw);
    static const std::int32_t first = Date::from_ymd(1, 1, 1).days + 366;  // room for a period start before it
    static const std::int32_t last = Date::from_ymd(9999, 12, 31).days - 366;
    const Date x{first + static_cast<std::int32_t>(raw % static_cast<std::uint32_t>(last - first + 1))};
    Date back{};
    FUZZ_CHECK(Date::try_parse(x.iso(), back) && back == x);
    for (const Freq f : {Freq::day, Freq::week, Freq::month, Freq::quarter}) {
        const Date s = period_start(x, f);
        const Date n = next_period(s, f);
        FUZZ_CHECK(s <= x && x < n);
        FUZZ_CHECK(period_start(s, f) == s);
        FUZZ_CHECK(period_start(n, f) == n);
        FUZZ_CHECK(n.days - s.days <= 92);
    }
    return 0;
}
