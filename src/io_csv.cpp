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

[[noreturn]] void fail(ErrorCode code, const std::string& msg) { throw Error(code, msg); }

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

// A finite number: optional sign, thousands separators in groups of three ("18,000,000"), a
// trailing percent sign ("45%" reads 45). false if `s` is anything else.
bool parse_number(std::string_view s, double& out) {
    s = trim(s);
    if (!s.empty() && s.back() == '%') s = trim(s.substr(0, s.size() - 1));
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    std::string buf;
    if (s.find(',') != std::string_view::npos) {
        // Only well-formed groups: 1-3 digits, then ",ddd" groups, then the rest.
        std::size_t i = (!s.empty() && s.front() == '-') ? 1 : 0;
        std::size_t lead = 0;
        while (i + lead < s.size() && s[i + lead] >= '0' && s[i + lead] <= '9') ++lead;
        if (lead < 1 || lead > 3) return false;
        std::size_t j = i + lead;
        while (j < s.size() && s[j] == ',') {
            for (std::size_t d = 1; d <= 3; ++d)
                if (j + d >= s.size() || s[j + d] < '0' || s[j + d] > '9') return false;
            j += 4;
        }
        if (j < s.size() && s[j] != '.' && s[j] != 'e' && s[j] != 'E') return false;
        for (char c : s)
            if (c != ',') buf += c;
        s = buf;
    }
    if (s.empty()) return false;
    const char* b = s.data();
    const char* e = b + s.size();
    const auto r = std::from_chars(b, e, out);
    return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

// "2026-03-02", or a timestamp starting with one ("2026-03-02T10:15:00Z", "2026-03-02 10:15").
bool parse_date_cell(std::string_view s, Date& out) {
    s = trim(s);
    if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
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
Columns map_columns(const std::vector<std::string>& header,
                    std::initializer_list<std::pair<const char*, std::initializer_list<const char*>>> names,
                    std::vector<char>* unknown) {
    Columns c;
    if (unknown) unknown->assign(header.size(), 1);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = normalise_header(header[i]);
        for (const auto& [canonical, aliases] : names) {
            bool match = h == canonical;
            for (const char* a : aliases) match = match || h == a;
            if (!match) continue;
            if (!c.at.emplace(canonical, i).second)
                fail(ErrorCode::parse, "line 1: columns " + quote(header[c.at[canonical]]) + " and " + quote(header[i]) +
                                           " both give \"" + canonical + "\"");
            if (unknown) (*unknown)[i] = 0;
        }
    }
    return c;
}

}  // namespace

CsvTable parse_csv(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (!detail::valid_utf8(text)) fail(ErrorCode::parse, "CSV text is not valid UTF-8");
    // Delimiter: a comma, else a semicolon or tab if the header line has one.
    char delim = ',';
    {
        const std::string_view first = text.substr(0, text.find('\n'));
        if (first.find(',') == std::string_view::npos) {
            if (first.find(';') != std::string_view::npos) delim = ';';
            else if (first.find('\t') != std::string_view::npos) delim = '\t';
        }
    }
    CsvTable t;
    std::vector<std::string> row;
    std::string field;
    std::size_t line = 1, row_line = 1, i = 0;
    bool quoted = false, in_quotes = false, any = false;
    auto end_field = [&] {
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

std::vector<CheckIn> checkins_from(const CsvTable& t) {
    const Columns c = map_columns(t.header,
                                  {{"key_result", {"key_result_id", "kr", "kr_id", "keyresult", "keyresult_id"}},
                                   {"date", {"check_in_date", "checkin_date", "updated_at", "updated", "created_at"}},
                                   {"value", {"current_value", "current", "actual"}},
                                   {"confidence", {}},
                                   {"note", {"notes", "comment", "comments"}},
                                   {"stage", {"milestone_stage", "phase"}}},
                                  nullptr);
    for (const char* need : {"key_result", "date", "value"})
        if (!c.at.count(need)) fail(ErrorCode::parse, std::string("line 1: no \"") + need + "\" column (check-ins CSV)");
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
        if (!parse_date_cell(row[static_cast<std::size_t>(cd)], ci.date))
            fail(ErrorCode::invalid_argument, where + ": column \"date\": " + quote(row[static_cast<std::size_t>(cd)]) +
                                                  " is not a date (expected YYYY-MM-DD)");
        if (!parse_number(row[static_cast<std::size_t>(cv)], ci.value))
            fail(ErrorCode::invalid_argument, where + ": column \"value\": " + quote(row[static_cast<std::size_t>(cv)]) +
                                                  " is not a finite number");
        if (cc >= 0 && !trim(row[static_cast<std::size_t>(cc)]).empty()) {
            const std::string& cell = row[static_cast<std::size_t>(cc)];
            if (!parse_number(cell, ci.confidence))
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

std::vector<CheckIn> read_checkins_csv(std::string_view text) { return checkins_from(parse_csv(text)); }

void load_checkins_csv(Graph& graph, std::string_view text) {
    const CsvTable t = parse_csv(text);
    graph.check_in_batch(checkins_from(t), [&](std::size_t i) { return at_line(t.lines[i]); });
}

namespace {

// Goal cell: "", ">= 5", "≥ 5", "<= 3", "≤3", "> 2", "< 2", "= 4", "== 4", "5" (at least), "3-5",
// "3 – 5" or "3..5" (a range).
void parse_goal(std::string_view cell, Kpi& k, const std::string& where) {
    std::string_view s = trim(cell);
    if (s.empty()) return;
    struct Op {
        std::string_view text;
        Comparison cmp;
    };
    static const Op ops[] = {{">=", Comparison::ge}, {"\xE2\x89\xA5", Comparison::ge}, {"<=", Comparison::le},
                             {"\xE2\x89\xA4", Comparison::le}, {"==", Comparison::eq}, {">", Comparison::gt},
                             {"<", Comparison::lt},            {"=", Comparison::eq}};
    for (const Op& op : ops)
        if (s.substr(0, op.text.size()) == op.text) {
            if (!parse_number(s.substr(op.text.size()), k.goal))
                fail(ErrorCode::invalid_argument, where + ": column \"goal\": " + quote(cell) + " is not a goal");
            k.comparison = op.cmp;
            return;
        }
    if (parse_number(s, k.goal)) {
        k.comparison = Comparison::ge;
        return;
    }
    // A range: two numbers around "..", an en dash, or a hyphen that is not a sign.
    for (std::string_view sep : {"..", "\xE2\x80\x93", " - ", "-"}) {
        for (std::size_t at = s.find(sep, 1); at != std::string_view::npos; at = s.find(sep, at + 1)) {
            double lo = 0, hi = 0;
            if (parse_number(s.substr(0, at), lo) && parse_number(s.substr(at + sep.size()), hi)) {
                if (lo > hi) fail(ErrorCode::invalid_argument, where + ": column \"goal\": range " + quote(cell) + " has low > high");
                k.comparison = Comparison::in_range;
                k.goal = nan;
                k.goal_low = lo;
                k.goal_high = hi;
                return;
            }
        }
    }
    fail(ErrorCode::invalid_argument, where + ": column \"goal\": " + quote(cell) +
                                          " is not a goal (e.g. \">= 5\", \"<= 3\", \"5\", \"3-5\")");
}

std::string slug(std::string_view s) {
    std::string out;
    bool gap = false;
    for (unsigned char c : s) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (!alnum) {
            gap = !out.empty();
            continue;
        }
        if (gap) out += '_';
        gap = false;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

std::vector<Kpi> kpis_from(const CsvTable& t) {
    std::vector<char> unknown;
    const Columns c = map_columns(t.header,
                                  {{"id", {"kpi_id", "measurable_id"}},
                                   {"team", {"department", "seat", "group"}},
                                   {"owner", {"who", "accountable"}},
                                   {"title", {"kpi", "measurable", "metric", "name"}},
                                   {"goal", {"target"}},
                                   {"unit", {"units"}},
                                   {"aggregation", {}}},
                                  &unknown);
    if (!c.at.count("title") && !c.at.count("id")) fail(ErrorCode::parse, "line 1: no \"kpi\" (title) or \"id\" column (scorecard CSV)");
    std::vector<std::pair<std::size_t, Date>> weeks;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (!unknown[i]) continue;
        Date d;
        if (!parse_week_header(t.header[i], d))
            fail(ErrorCode::parse, "line 1: column " + quote(t.header[i]) +
                                       " is neither a scorecard column nor a week (YYYY-MM-DD, a date range or YYYY-Www)");
        weeks.emplace_back(i, d);
    }
    std::sort(weeks.begin(), weeks.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    for (std::size_t w = 1; w < weeks.size(); ++w)
        if (weeks[w].second == weeks[w - 1].second)
            fail(ErrorCode::parse, "line 1: columns " + quote(t.header[weeks[w - 1].first]) + " and " + quote(t.header[weeks[w].first]) +
                                       " are the same week");
    auto cell = [&](const std::vector<std::string>& row, const char* name) -> std::string {
        const auto it = c.at.find(name);
        return it == c.at.end() ? std::string() : row[it->second];
    };
    std::vector<Kpi> out;
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
        parse_goal(cell(row, "goal"), k, where);
        const std::string agg = normalise_header(cell(row, "aggregation"));
        if (agg == "mean" || agg == "average") k.aggregation = KpiAggregation::mean;
        else if (agg == "last") k.aggregation = KpiAggregation::last;
        else if (agg.empty() || agg == "sum") k.aggregation = KpiAggregation::sum;
        else fail(ErrorCode::invalid_argument, where + ": column \"aggregation\": " + quote(agg) + " is not one of sum|mean|last");
        for (const auto& [col, date] : weeks) {
            const std::string& v = row[col];
            double x = nan;
            if (!trim(v).empty() && !parse_number(v, x))
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
        const auto [it, fresh] = used.emplace(k.id, t.lines[r]);
        if (!fresh)
            fail(ErrorCode::duplicate, at_line(t.lines[r]) + ": KPI id " + quote(k.id) + " repeats " + at_line(it->second) +
                                           " (add an \"id\" column)");
    }
    return out;
}

}  // namespace

std::vector<Kpi> read_scorecard_csv(std::string_view text) { return kpis_from(parse_csv(text)); }

void load_scorecard_csv(Graph& graph, std::string_view text) {
    const CsvTable t = parse_csv(text);
    graph.add_kpis(kpis_from(t), [&](std::size_t i) { return at_line(t.lines[i]); });
}

}  // namespace okr
