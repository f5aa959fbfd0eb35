// CSV readers: check-ins and weekly scorecards (docs/format.md#csv).
#include "okr/io_csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "okr/detail/text.hpp"
#include "okr/series.hpp"

namespace okr {

namespace {

using detail::quote;

[[noreturn]] void fail(ErrorCode code, const std::string& msg) { okr::detail::throw_error(code, msg); }

std::string at_line(std::size_t line) { return "line " + std::to_string(line); }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "Key Result ID" -> "key_result_id"
std::string normalise_header(std::string_view h) {
    std::string out;
    for (char c : trim(h)) {
        if (c == ' ' || c == '-') c = '_';
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

// A finite number: a JSON-style decimal (digits, optional fraction, optional exponent) with an
// optional sign, an optional trailing percent sign ("45%" reads 45) and, when `thousands` (files
// delimited by commas, where such a field is quoted), separators in groups of three
// ("18,000,000"). false for anything else: "1.234,56", ".5", "5.", "+-5", "inf".
bool parse_number(std::string_view s, double& out, bool thousands = true) {
    s = trim(s);
    if (!s.empty() && s.back() == '%') s = trim(s.substr(0, s.size() - 1));
    std::string digits;  // s without separators and without a leading '+'
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        if (s[i] == '-') digits += '-';
        ++i;
    }
    auto is_digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    const std::size_t int_start = i;
    while (is_digit(i)) digits += s[i++];
    const std::size_t lead = i - int_start;
    if (lead == 0) return false;
    if (i < s.size() && s[i] == ',') {
        if (!thousands || lead > 3) return false;
        while (i < s.size() && s[i] == ',') {
            if (!(is_digit(i + 1) && is_digit(i + 2) && is_digit(i + 3)) || is_digit(i + 4)) return false;
            digits.append(s.substr(i + 1, 3));
            i += 4;
        }
    }
    if (i < s.size() && s[i] == '.') {
        digits += s[i++];
        if (!is_digit(i)) return false;
        while (is_digit(i)) digits += s[i++];
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        digits += s[i++];
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) digits += s[i++];
        if (!is_digit(i)) return false;
        while (is_digit(i)) digits += s[i++];
    }
    if (i != s.size()) return false;
    const char* b = digits.data();
    const char* e = b + digits.size();
    const auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

// A time of day after a date: "10:15", "10:15:00", "10:15:00.250Z", "10:15:00+02:00".
bool time_of_day(std::string_view t) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (t.size() < 5 || !digit(t[0]) || !digit(t[1]) || t[2] != ':' || !digit(t[3]) || !digit(t[4])) return false;
    for (const char c : t.substr(5))
        if (!digit(c) && c != ':' && c != '.' && c != '+' && c != '-' && c != 'Z') return false;
    return true;
}

// "2026-03-02", or a timestamp starting with one ("2026-03-02T10:15:00Z", "2026-03-02 10:15").
bool parse_date_cell(std::string_view s, Date& out) {
    s = trim(s);
    if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) {
        if (!time_of_day(s.substr(11))) return false;
        s = s.substr(0, 10);
    }
    return Date::try_parse(s, out);
}

// ISO week "2026-W02" -> its Monday.
bool parse_iso_week(std::string_view s, Date& out) {
    if (s.size() != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w')) return false;
    int year = 0, week = 0;
    if (std::from_chars(s.data(), s.data() + 4, year).ptr != s.data() + 4) return false;
    if (std::from_chars(s.data() + 6, s.data() + 8, week).ptr != s.data() + 8) return false;
    if (year < 2 || year > 9998 || week < 1 || week > 53) return false;
    const Date jan4 = Date::from_ymd(year, 1, 4);
    const Date monday{period_start(jan4, Freq::week).days + (week - 1) * 7};
    // Week 53 exists only in long years: its Thursday must still be in `year`.
    int y = 0, m = 0, d = 0;
    Date{monday.days + 3}.ymd(y, m, d);
    if (y != year) return false;
    out = monday;
    return true;
}

// A week column's header: a date, a date range (its first date) or an ISO week.
bool parse_week_header(std::string_view h, Date& out) {
    h = trim(h);
    if (parse_iso_week(h, out)) return true;
    if (h.size() >= 10 && Date::try_parse(h.substr(0, 10), out)) {
        std::string_view rest = trim(h.substr(10));
        if (rest.empty()) return true;
        for (std::string_view sep : {"-", "..", "to", "\xE2\x80\x93" /* en dash */}) {
            if (rest.substr(0, sep.size()) == sep) {
                Date end;
                return Date::try_parse(trim(rest.substr(sep.size())), end) && !(end < out);
            }
        }
    }
    return false;
}

struct Columns {
    std::unordered_map<std::string, std::size_t> at;  // canonical name -> column index
};

// Maps header cells to canonical names through an alias table; duplicates are an error.
Columns map_columns(const CsvTable& t,
                    std::initializer_list<std::pair<const char*, std::initializer_list<const char*>>> names,
                    std::vector<char>* unknown) {
    const std::vector<std::string>& header = t.header;
    Columns c;
    if (unknown) unknown->assign(header.size(), 1);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = normalise_header(header[i]);
        for (const auto& [canonical, aliases] : names) {
            bool match = h == canonical;
            for (const char* a : aliases) match = match || h == a;
            if (!match) continue;
            if (!c.at.emplace(canonical, i).second)
                fail(ErrorCode::parse, at_line(t.header_line) + ": columns " + quote(header[c.at[canonical]]) + " and " + quote(header[i]) +
                                           " both give \"" + canonical + "\"");
            if (unknown) (*unknown)[i] = 0;
        }
    }
    return c;
}

}  // namespace

CsvTable parse_csv(std::string_view text, const Limits& limits) {
    limits.validate();
    if (text.size() > limits.max_document_bytes)
        fail(ErrorCode::limit, "CSV text: " + std::to_string(text.size()) + " bytes, more than max_document_bytes (" +
                                   std::to_string(limits.max_document_bytes) + ")");
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (!detail::valid_utf8(text)) fail(ErrorCode::parse, "CSV text is not valid UTF-8");
    // Delimiter: a comma, else a semicolon or tab if the header line (the first line that is not
    // blank) has one outside quotes.
    char delim = ',';
    {
        std::size_t k = 0;
        bool q = false, seen_comma = false, seen_semicolon = false, seen_tab = false, content = false;
        for (; k < text.size(); ++k) {
            const char c = text[k];
            if (c == '"') q = !q;
            if (q) continue;
            if (c == '\n' || c == '\r') {
                if (content) break;
                continue;
            }
            if (c != ' ' && c != '\t') content = true;
            seen_comma |= c == ',';
            seen_semicolon |= c == ';';
            seen_tab |= c == '\t';
        }
        if (!seen_comma) {
            if (seen_semicolon) delim = ';';
            else if (seen_tab) delim = '\t';
        }
    }
    CsvTable t;
    t.delimiter = delim;
    std::vector<std::string> row;
    std::string field;
    std::size_t line = 1, row_line = 1, i = 0;
    bool quoted = false, in_quotes = false, any = false;
    auto end_field = [&] {
        if (field.size() > limits.max_text_bytes) {
            const std::size_t j = row.size();
            const std::string column = j < t.header.size() ? quote(t.header[j]) : std::to_string(j + 1);
            fail(ErrorCode::limit, at_line(row_line) + ", column " + column + ": " + std::to_string(field.size()) +
                                       " bytes, more than max_text_bytes (" + std::to_string(limits.max_text_bytes) + ")");
        }
        row.push_back(quoted ? field : std::string(trim(field)));
        field.clear();
        quoted = false;
    };
    auto end_row = [&] {
        end_field();
        const bool blank = std::all_of(row.begin(), row.end(), [](const std::string& f) { return f.empty(); });
        if (!blank) {
            if (t.header.empty() && t.rows.empty() && !any) {
                t.header = std::move(row);
                t.header_line = row_line;
                any = true;
            } else {
                if (row.size() != t.header.size())
                    fail(ErrorCode::parse, at_line(row_line) + ": " + std::to_string(row.size()) + " fields, the header has " +
                                               std::to_string(t.header.size()));
                t.rows.push_back(std::move(row));
                t.lines.push_back(row_line);
            }
        }
        row.clear();
    };
    while (i < text.size()) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    i += 2;
                    continue;
                }
                in_quotes = false;
                ++i;
                // Only spaces may follow a closing quote before the delimiter or line end.
                while (i < text.size() && (text[i] == ' ' || text[i] == '\t') && text[i] != delim) ++i;
                if (i < text.size() && text[i] != delim && text[i] != '\n' && text[i] != '\r')
                    fail(ErrorCode::parse, at_line(line) + ": text after a closing quote");
                continue;
            }
            if (c == '\n') ++line;
            field += c;
            ++i;
            continue;
        }
        if (c == '"') {
            if (!trim(field).empty()) fail(ErrorCode::parse, at_line(line) + ": a quote inside an unquoted field");
            field.clear();
            quoted = in_quotes = true;
            ++i;
        } else if (c == delim) {
            end_field();
            ++i;
        } else if (c == '\r' || c == '\n') {
            end_row();
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++i;
            ++line;
            row_line = line;
        } else {
            field += c;
            ++i;
        }
    }
    if (in_quotes) fail(ErrorCode::parse, at_line(row_line) + ": unterminated quoted field");
    if (!field.empty() || quoted || !row.empty()) end_row();
    if (t.header.empty()) fail(ErrorCode::parse, "CSV text has no header row");
    return t;
}

namespace {

std::vector<CheckIn> checkins_from(const CsvTable& t, const Limits& limits, std::size_t already = 0) {
    if (already + t.rows.size() > limits.max_checkins)
        fail(ErrorCode::limit, "CSV text: " + std::to_string(already + t.rows.size()) +
                                   " check-ins, more than max_checkins (" + std::to_string(limits.max_checkins) + ")");
    const Columns c = map_columns(t,
                                  {{"key_result", {"key_result_id", "kr", "kr_id", "keyresult", "keyresult_id"}},
                                   {"date", {"check_in_date", "checkin_date", "updated_at", "updated", "created_at"}},
                                   {"value", {"current_value", "current", "actual"}},
                                   {"confidence", {}},
                                   {"note", {"notes", "comment", "comments"}},
                                   {"stage", {"milestone_stage", "phase"}}},
                                  nullptr);
    for (const char* need : {"key_result", "date", "value"})
        if (!c.at.count(need)) fail(ErrorCode::parse, at_line(t.header_line) + ": no \"" + need + "\" column (check-ins CSV)");
    auto col = [&](const char* name) { return c.at.count(name) ? static_cast<std::ptrdiff_t>(c.at.at(name)) : -1; };
    const std::ptrdiff_t ck = col("key_result"), cd = col("date"), cv = col("value"), cc = col("confidence"), cn = col("note"),
                         cs = col("stage");
    std::vector<CheckIn> out;
    out.reserve(t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        const std::string where = at_line(t.lines[r]);
        CheckIn ci;
        ci.key_result = row[static_cast<std::size_t>(ck)];
        if (ci.key_result.empty()) fail(ErrorCode::invalid_argument, where + ": column \"key_result\" is empty");
        if (ci.key_result.size() > limits.max_id_bytes)
            fail(ErrorCode::limit, where + ": column \"key_result\": " + std::to_string(ci.key_result.size()) +
                                       " bytes, more than max_id_bytes (" + std::to_string(limits.max_id_bytes) + ")");
        if (!parse_date_cell(row[static_cast<std::size_t>(cd)], ci.date))
            fail(ErrorCode::invalid_argument, where + ": column \"date\": " + quote(row[static_cast<std::size_t>(cd)]) +
                                                  " is not a date (expected YYYY-MM-DD)");
        if (!parse_number(row[static_cast<std::size_t>(cv)], ci.value, t.delimiter == ','))
            fail(ErrorCode::invalid_argument, where + ": column \"value\": " + quote(row[static_cast<std::size_t>(cv)]) +
                                                  " is not a finite number");
        if (cc >= 0 && !trim(row[static_cast<std::size_t>(cc)]).empty()) {
            const std::string& cell = row[static_cast<std::size_t>(cc)];
            if (!parse_number(cell, ci.confidence, false))
                fail(ErrorCode::invalid_argument, where + ": column \"confidence\": " + quote(cell) + " is not a number");
            if (trim(cell).back() == '%') ci.confidence /= 100.0;  // "70%" reads 0.7
        }
        if (cn >= 0) ci.note = row[static_cast<std::size_t>(cn)];
        if (cs >= 0) ci.stage = row[static_cast<std::size_t>(cs)];
        out.push_back(std::move(ci));
    }
    return out;
}

}  // namespace

std::vector<CheckIn> read_checkins_csv(std::string_view text, const Limits& limits) {
    return checkins_from(parse_csv(text, limits), limits);
}

void load_checkins_csv(Graph& graph, std::string_view text, const Limits& limits) {
    const CsvTable t = parse_csv(text, limits);
    graph.check_in_batch(checkins_from(t, limits, graph.checkin_count()), [&](std::size_t i) { return at_line(t.lines[i]); });
}

namespace {

// Goal cell: "", ">= 5", "≥ 5", "<= 3", "≤3", "> 2", "< 2", "= 4", "== 4", "5" (at least), "3-5",
// "3 – 5" or "3..5" (a range), "< 3 or > 5" (outside a range).
void parse_goal(std::string_view cell, Kpi& k, const std::string& where, bool thousands) {
    std::string_view s = trim(cell);
    if (s.empty()) return;
    const auto set_range = [&](Comparison c, double lo, double hi) {
        if (lo > hi) fail(ErrorCode::invalid_argument, where + ": column \"goal\": range " + quote(cell) + " has low > high");
        k.comparison = c;
        k.goal = nan;
        k.goal_low = lo;
        k.goal_high = hi;
    };
    // Outside a range (not_in_range, exclusive): "< 3 or > 5", as goal_text writes it.
    if (const std::size_t at = s.find(" or "); at != std::string_view::npos) {
        const std::string_view a = trim(s.substr(0, at)), b = trim(s.substr(at + 4));
        double lo = 0, hi = 0;
        if (a.substr(0, 1) == "<" && b.substr(0, 1) == ">" && parse_number(a.substr(1), lo, thousands) &&
            parse_number(b.substr(1), hi, thousands)) {
            set_range(Comparison::not_in_range, lo, hi);
            return;
        }
        fail(ErrorCode::invalid_argument, where + ": column \"goal\": " + quote(cell) + " is not a goal");
    }
    struct Op {
        std::string_view text;
        Comparison cmp;
    };
    static const Op ops[] = {{">=", Comparison::ge}, {"\xE2\x89\xA5", Comparison::ge}, {"<=", Comparison::le},
                             {"\xE2\x89\xA4", Comparison::le}, {"==", Comparison::eq}, {">", Comparison::gt},
                             {"<", Comparison::lt},            {"=", Comparison::eq}};
    for (const Op& op : ops)
        if (s.substr(0, op.text.size()) == op.text) {
            if (!parse_number(s.substr(op.text.size()), k.goal, thousands))
                fail(ErrorCode::invalid_argument, where + ": column \"goal\": " + quote(cell) + " is not a goal");
            k.comparison = op.cmp;
            return;
        }
    if (parse_number(s, k.goal, thousands)) {
        k.comparison = Comparison::ge;
        return;
    }
    // A range: two numbers around "..", an en dash, or a hyphen that is not a sign.
    for (std::string_view sep : {"..", "\xE2\x80\x93", " - ", "-"}) {
        for (std::size_t at = s.find(sep, 1); at != std::string_view::npos; at = s.find(sep, at + 1)) {
            double lo = 0, hi = 0;
            if (parse_number(s.substr(0, at), lo, thousands) && parse_number(s.substr(at + sep.size()), hi, thousands)) {
                set_range(Comparison::in_range, lo, hi);
                return;
            }
        }
    }
    fail(ErrorCode::invalid_argument, where + ": column \"goal\": " + quote(cell) +
                                          " is not a goal (e.g. \">= 5\", \"<= 3\", \"5\", \"3-5\")");
}

// Length of the separator character at s[i] (0 if it is a letter or digit): ASCII other than
// letters and digits, and the non-letter blocks a title is likely to hold (Latin-1 punctuation
// and symbols incl. NBSP, general punctuation such as dashes, currency signs).
std::size_t separator_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ? 0 : 1;
    auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    if (c == 0xC2 && at(i + 1) >= 0xA0 && at(i + 1) <= 0xBF) return 2;                       // U+00A0-U+00BF
    if (c == 0xC3 && (at(i + 1) == 0x97 || at(i + 1) == 0xB7)) return 2;                     // × ÷
    if (c == 0xE2 && (at(i + 1) == 0x80 || at(i + 1) == 0x81)) return 3;                     // U+2000-U+207F
    if (c == 0xE2 && at(i + 1) == 0x82 && at(i + 2) >= 0xA0) return 3;                       // U+20A0-U+20BF
    return 0;
}

std::string slug(std::string_view s) {
    std::string out;
    bool gap = false;
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = separator_at(s, i)) {
            gap = !out.empty();
            i += n;
            continue;
        }
        if (gap) out += '_';
        gap = false;
        const char c = s[i++];
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

std::vector<Kpi> kpis_from(const CsvTable& t, const Limits& limits) {
    std::vector<char> unknown;
    const Columns c = map_columns(t,
                                  {{"id", {"kpi_id", "measurable_id"}},
                                   {"team", {"department", "seat", "group"}},
                                   {"owner", {"who", "accountable"}},
                                   {"title", {"kpi", "measurable", "metric", "name"}},
                                   {"goal", {"target"}},
                                   {"unit", {"units"}},
                                   {"aggregation", {}}},
                                  &unknown);
    if (!c.at.count("title") && !c.at.count("id")) fail(ErrorCode::parse, at_line(t.header_line) + ": no \"kpi\" (title) or \"id\" column (scorecard CSV)");
    std::vector<std::pair<std::size_t, Date>> weeks;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (!unknown[i]) continue;
        Date d;
        if (!parse_week_header(t.header[i], d))
            fail(ErrorCode::parse, at_line(t.header_line) + ": column " + quote(t.header[i]) +
                                       " is neither a scorecard column nor a week (YYYY-MM-DD, a date range or YYYY-Www)");
        weeks.emplace_back(i, d);
    }
    std::sort(weeks.begin(), weeks.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (std::size_t w = 1; w < weeks.size(); ++w)
        if (period_start(weeks[w].second, Freq::week) == period_start(weeks[w - 1].second, Freq::week))
            fail(ErrorCode::parse, at_line(t.header_line) + ": columns " + quote(t.header[weeks[w - 1].first]) + " and " +
                                       quote(t.header[weeks[w].first]) + " are the same week");
    auto cell = [&](const std::vector<std::string>& row, const char* name) -> std::string {
        const auto it = c.at.find(name);
        return it == c.at.end() ? std::string() : row[it->second];
    };
    std::vector<Kpi> out;
    if (t.rows.size() * weeks.size() > limits.max_kpi_values)
        fail(ErrorCode::limit, "CSV text: " + std::to_string(t.rows.size() * weeks.size()) +
                                   " KPI values, more than max_kpi_values (" + std::to_string(limits.max_kpi_values) + ")");
    out.reserve(t.rows.size());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        const std::string where = at_line(t.lines[r]);
        Kpi k;
        k.id = cell(row, "id");
        k.title = cell(row, "title");
        k.team = cell(row, "team");
        k.owner = cell(row, "owner");
        k.unit = cell(row, "unit");
        if (k.id.empty() && k.title.empty()) fail(ErrorCode::invalid_argument, where + ": the KPI has neither an id nor a title");
        parse_goal(cell(row, "goal"), k, where, t.delimiter == ',');
        const std::string agg = normalise_header(cell(row, "aggregation"));
        if (agg == "mean" || agg == "average") k.aggregation = KpiAggregation::mean;
        else if (agg == "last") k.aggregation = KpiAggregation::last;
        else if (agg.empty() || agg == "sum") k.aggregation = KpiAggregation::sum;
        else fail(ErrorCode::invalid_argument, where + ": column \"aggregation\": " + quote(agg) + " is not one of sum|mean|last");
        for (const auto& [col, date] : weeks) {
            const std::string& v = row[col];
            double x = nan;
            if (!trim(v).empty() && !parse_number(v, x, t.delimiter == ','))
                fail(ErrorCode::invalid_argument, where + ": column " + quote(t.header[col]) + ": " + quote(v) + " is not a number");
            k.values.push_back(KpiPoint{date, x});
        }
        out.push_back(std::move(k));
    }
    // Ids from titles where no id is given: the title's slug, or team + title where titles repeat.
    std::unordered_map<std::string, std::size_t> title_count;
    for (const Kpi& k : out)
        if (k.id.empty()) ++title_count[slug(k.title)];
    std::unordered_map<std::string, std::size_t> used;
    for (std::size_t r = 0; r < out.size(); ++r) {
        Kpi& k = out[r];
        if (k.id.empty()) {
            const std::string s = slug(k.title);
            k.id = title_count[s] > 1 && !k.team.empty() ? slug(k.team) + "." + s : s;
            if (k.id.empty()) fail(ErrorCode::invalid_argument, at_line(t.lines[r]) + ": cannot make an id from title " + quote(k.title));
        }
        if (k.id.size() > limits.max_id_bytes)
            fail(ErrorCode::limit, at_line(t.lines[r]) + ": KPI id is " + std::to_string(k.id.size()) +
                                       " bytes, more than max_id_bytes (" + std::to_string(limits.max_id_bytes) + ")");
        const auto [it, fresh] = used.emplace(k.id, t.lines[r]);
        if (!fresh)
            fail(ErrorCode::duplicate, at_line(t.lines[r]) + ": KPI id " + quote(k.id) + " repeats " + at_line(it->second) +
                                           " (add an \"id\" column)");
    }
    return out;
}

}  // namespace

std::vector<Kpi> read_scorecard_csv(std::string_view text, const Limits& limits) {
    return kpis_from(parse_csv(text, limits), limits);
}

void load_scorecard_csv(Graph& graph, std::string_view text, const Limits& limits) {
    const CsvTable t = parse_csv(text, limits);
    graph.add_kpis(kpis_from(t, limits), [&](std::size_t i) { return at_line(t.lines[i]); });
}

}  // namespace okr
