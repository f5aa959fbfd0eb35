// JSON interchange, format version 1. Parsing is simdjson On-Demand (no DOM tape: one pass over
// the text, building the graph as it goes); writing is hand-rolled.
#include "okr/io_json.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unordered_set>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#endif

#include <simdjson.h>

#include "okr/detail/text.hpp"
#include "parallel.hpp"

namespace okr {

using detail::quote;
namespace od = simdjson::ondemand;

namespace {

[[noreturn]] void fail(ErrorCode code, const std::string& msg) { throw Error(code, msg); }

// After simdjson rejects a document, find where and why, for a message a person can act on:
// scans tokens outside strings, remembering the last key, and reports the first bad one.
std::string diagnose(std::string_view s, simdjson::error_code err) {
    std::size_t line = 1, col = 1;
    std::string last_key;
    std::string pending;  // last string seen (becomes the key if a ':' follows)
    int depth = 0;
    auto at = [&](std::string_view what) {
        std::string m = "JSON parse error at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " +
                        std::string(what);
        if (!last_key.empty()) m += " (in field " + quote(last_key) + ")";
        return m;
    };
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\n') {
            ++line;
            col = 1;
            ++i;
            continue;
        }
        if (c == '"') {
            std::size_t j = i + 1;
            std::string buf;
            while (j < s.size() && s[j] != '"') {
                if (s[j] == '\\' && j + 1 < s.size()) ++j;
                if (static_cast<unsigned char>(s[j]) < 0x20) return at("control character in a string");
                buf.push_back(s[j]);
                ++j;
            }
            if (j >= s.size()) return at("unterminated string (the text is truncated?)");
            if (!detail::valid_utf8(std::string_view(s.data() + i + 1, j - i - 1))) return at("invalid UTF-8 in a string");
            pending = std::move(buf);
            col += j + 1 - i;
            i = j + 1;
            continue;
        }
        if (c == ':') last_key = pending;
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        if (c == '-' || (c >= '0' && c <= '9') || std::isalpha(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == '+' || s[j] == '.'))
                ++j;
            const std::string tok(s.substr(i, j - i));
            if (tok != "true" && tok != "false" && tok != "null") {
                if (!(c == '-' || (c >= '0' && c <= '9'))) return at("\"" + tok.substr(0, 20) + "\" is not a JSON value");
                char* endp = nullptr;
                const double v = std::strtod(tok.c_str(), &endp);
                if (endp != tok.c_str() + tok.size()) return at("\"" + tok.substr(0, 20) + "\" is not a JSON number");
                if (!std::isfinite(v)) return at("number " + tok.substr(0, 20) + " is out of range (numbers must be finite)");
            }
            col += j - i;
            i = j;
            continue;
        }
        ++col;
        ++i;
    }
    if (depth > 0 || err == simdjson::TAPE_ERROR || err == simdjson::INCOMPLETE_ARRAY_OR_OBJECT)
        if (depth > 0) return "JSON parse error: the text ends inside an object or array (truncated?)";
    return std::string("JSON parse error: ") + simdjson::error_message(err);
}


// Thrown (internally) when simdjson reports an error: the loader turns it into a message with a
// line and column by diagnose().
struct SyntaxError {
    simdjson::error_code code;
};

template <class T>
T take(simdjson::simdjson_result<T>&& r) {
    T v;
    if (auto e = std::move(r).get(v)) throw SyntaxError{e};
    return v;
}

// Context for messages: "key_results[12] \"kr-x\"". `id` is filled in once the id is read.
struct Where {
    const char* array;
    std::size_t index;
    std::string_view id;  // views the element's own id field, which outlives the Where
    std::string str() const {
        std::string s = std::string(array) + "[" + std::to_string(index) + "]";
        if (!id.empty()) s += " " + quote(id);
        return s;
    }
};

[[noreturn]] void type_error(const Where& w, std::string_view field, const char* expected, od::value& v) {
    std::string got;
    std::string_view raw = v.raw_json_token();
    {
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
            raw.remove_suffix(1);
        got = " (got " + std::string(raw.substr(0, 30)) + ")";
    }
    fail(ErrorCode::parse, w.str() + ": field \"" + std::string(field) + "\" must be " + expected + got);
}

od::json_type type_of(od::value& v) {
    od::json_type t;
    if (v.type().get(t)) return od::json_type::null;  // an invalid token: callers report it
    return t;
}

// The text between the quotes of a JSON string that starts at `raw` (just after its opening
// quote), when it has no escapes; else false. Stage 1 has already checked that the string is
// closed, is valid UTF-8 and holds no raw control characters, so the scan ends at its quote.
bool unescaped_span(const char* raw, std::string_view& out) noexcept {
    const char* p = raw;
    while (*p != '"' && *p != '\\') ++p;
    if (*p == '\\') return false;
    out = std::string_view(raw, static_cast<std::size_t>(p - raw));
    return true;
}

// A string value as a view: strings without escapes (nearly all) are read in place, without
// On-Demand's unescaping copy (a call into the parser per string); others are unescaped.
bool string_of(od::value& v, std::string_view& out) {
    const std::string_view tok = v.raw_json_token();  // does not consume the value
    if (tok.empty() || tok[0] != '"') return false;
    if (tok.size() >= 2 && unescaped_span(tok.data() + 1, out)) return true;
    return !v.get_string().get(out);
}

std::string get_string(const Where& w, std::string_view field, od::value v) {
    std::string_view s;
    if (!string_of(v, s)) type_error(w, field, "a string", v);
    return std::string(s);
}

double get_number(const Where& w, std::string_view field, od::value v) {
    double d;
    if (!v.get_double().get(d) && std::isfinite(d)) return d;
    if (type_of(v) != od::json_type::number) type_error(w, field, "a number", v);
    type_error(w, field, "a finite number", v);
}

bool get_bool(const Where& w, std::string_view field, od::value v) {
    bool b;
    if (type_of(v) != od::json_type::boolean || v.get_bool().get(b)) type_error(w, field, "true or false", v);
    return b;
}

Date get_date(const Where& w, std::string_view field, od::value v) {
    std::string_view s;
    if (!string_of(v, s)) type_error(w, field, "a date string YYYY-MM-DD", v);
    Date d;
    if (!Date::try_parse(s, d))
        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\": \"" +
                                              std::string(s.substr(0, 40)) + "\" is not a date (expected YYYY-MM-DD)");
    return d;
}

template <class E>
E get_enum(const Where& w, std::string_view field, od::value v, std::initializer_list<std::pair<const char*, E>> opts) {
    std::string_view s;
    std::string allowed;
    if (string_of(v, s))
        for (auto& [name, val] : opts)
            if (s == name) return val;
    for (auto& [name, val] : opts) allowed += (allowed.empty() ? "" : "|") + std::string(name);
    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\" must be one of " + allowed +
                                          (s.empty() ? "" : " (got " + quote(s) + ")"));
}

od::object get_object(const Where& w, std::string_view field, od::value v) {
    od::object o;
    if (type_of(v) != od::json_type::object || v.get_object().get(o)) type_error(w, field, "an object", v);
    return o;
}

od::array get_array(const Where& w, std::string_view field, od::value v) {
    od::array a;
    if (type_of(v) != od::json_type::array || v.get_array().get(a)) type_error(w, field, "an array", v);
    return a;
}

// Unknown fields are kept verbatim: checked with a small DOM parse (On-Demand does not validate
// what it skips) and stored minified.
struct ExtraKeeper {
    std::unique_ptr<simdjson::dom::parser> dom;

    void keep(Extras& extras, std::string_view key, od::value v, const Where& w) {
        std::string_view raw;
        if (simdjson::to_json_string(v).get(raw)) type_error(w, key, "valid JSON", v);
        if (!dom) dom = std::make_unique<simdjson::dom::parser>();
        simdjson::dom::element e;
        if (dom->parse(raw.data(), raw.size(), true).get(e))
            fail(ErrorCode::parse, w.str() + ": field " + quote(key) + " is not valid JSON");
        extras.push_back(Extra{std::string(key), simdjson::minify(e)});
    }
};

template <class Fn>
void each_object(od::array a, const char* name, Fn&& fn) {
    std::size_t i = 0;
    for (auto el : a) {
        od::value v = take(std::move(el));
        od::object o;
        if (type_of(v) != od::json_type::object || v.get_object().get(o))
            fail(ErrorCode::parse, std::string(name) + "[" + std::to_string(i) + "] must be an object");
        fn(o, i);
        ++i;
    }
}

template <class Fn>
void each_field(od::object o, Fn&& fn) {
    for (auto f : o) {
        od::field field = take(std::move(f));
        std::string_view key;
        if (!unescaped_span(field.key().raw(), key)) key = take(field.unescaped_key());
        fn(key, field.value());
    }
}

Cycle read_cycle(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"cycles", i, {}};
    Cycle c;
    bool has_start = false, has_end = false;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "id") c.id = get_string(w, key, v), w.id = c.id;
        else if (key == "start") c.start = get_date(w, key, v), has_start = true;
        else if (key == "end") c.end = get_date(w, key, v), has_end = true;
        else xk.keep(c.extras, key, v, w);
    });
    if (!has_start) fail(ErrorCode::invalid_argument, w.str() + ": field \"start\" is required");
    if (!has_end) fail(ErrorCode::invalid_argument, w.str() + ": field \"end\" is required");
    return c;
}

Objective read_objective(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"objectives", i, {}};
    Objective ob;
    bool has_id = false, has_title = false, has_cycle = false;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "id") ob.id = get_string(w, key, v), has_id = true, w.id = ob.id;
        else if (key == "title") ob.title = get_string(w, key, v), has_title = true;
        else if (key == "owner") ob.owner = get_string(w, key, v);
        else if (key == "team") ob.team = get_string(w, key, v);
        else if (key == "level")
            ob.level = get_enum<Level>(w, key, v, {{"company", Level::company}, {"department", Level::department},
                                                   {"team", Level::team}, {"individual", Level::individual}});
        else if (key == "cycle") ob.cycle = get_string(w, key, v), has_cycle = true;
        else if (key == "origin")
            ob.origin = get_enum<Origin>(w, key, v, {{"bottom_up", Origin::bottom_up}, {"top_down", Origin::top_down},
                                                     {"cross_functional", Origin::cross_functional}});
        else if (key == "why_now") ob.why_now = get_string(w, key, v);
        else if (key == "flavor") ob.flavor = get_enum<Flavor>(w, key, v, {{"okr", Flavor::okr}, {"rock", Flavor::rock}});
        else if (key == "weight") ob.weight = get_number(w, key, v);
        else if (key == "progress_source")
            ob.progress_source = get_enum<ProgressSource>(
                w, key, v, {{"key_results", ProgressSource::key_results}, {"aligned", ProgressSource::aligned},
                            {"both", ProgressSource::both}});
        else xk.keep(ob.extras, key, v, w);
    });
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (!has_title) fail(ErrorCode::invalid_argument, w.str() + ": field \"title\" is required");
    // "" would read as "no cycle" and be dropped when written: it names no cycle.
    if (has_cycle && ob.cycle.empty()) fail(ErrorCode::not_found, w.str() + ": field \"cycle\" names unknown cycle \"\"");
    return ob;
}

KeyResult read_key_result(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"key_results", i, {}};
    KeyResult k;
    bool has_id = false, has_type = false, has_title = false, has_stages = false;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "id") k.id = get_string(w, key, v), has_id = true, w.id = k.id;
        else if (key == "objective") k.objective = get_string(w, key, v);
        else if (key == "title") k.title = get_string(w, key, v), has_title = true;
        else if (key == "type")
            k.type = get_enum<KrType>(w, key, v, {{"metric", KrType::metric}, {"baseline", KrType::baseline},
                                                  {"milestone", KrType::milestone}, {"health", KrType::health}}),
            has_type = true;
        else if (key == "unit") k.unit = get_string(w, key, v);
        else if (key == "weight") k.weight = get_number(w, key, v);
        else if (key == "start") k.start = get_number(w, key, v);
        else if (key == "target") k.target = get_number(w, key, v);
        else if (key == "anchors") {
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "anchors[" + std::to_string(j++) + "]";
                od::object ao = get_object(w, f, take(std::move(el)));
                Anchor an{nan, nan};
                each_field(ao, [&](std::string_view ak, od::value av) {
                    if (ak == "score") an.score = get_number(w, f + ".score", av);
                    else if (ak == "value") an.value = get_number(w, f + ".value", av);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(ak));
                });
                if (std::isnan(an.score) || std::isnan(an.value))
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\" needs \"score\" and \"value\"");
                k.anchors.push_back(an);
            }
        } else if (key == "required") k.required = get_number(w, key, v);
        else if (key == "stages") {
            has_stages = true;
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "stages[" + std::to_string(j++) + "]";
                od::object so = get_object(w, f, take(std::move(el)));
                Stage st;
                each_field(so, [&](std::string_view sk, od::value sv) {
                    if (sk == "id") st.id = get_string(w, f + ".id", sv);
                    else if (sk == "title") st.title = get_string(w, f + ".title", sv);
                    else if (sk == "weight") st.weight = get_number(w, f + ".weight", sv);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(sk));
                });
                k.stages.push_back(std::move(st));
            }
        } else if (key == "threshold") k.threshold = get_number(w, key, v);
        else if (key == "direction")
            k.direction = get_enum<HealthDirection>(
                w, key, v, {{"at_least", HealthDirection::at_least}, {"at_most", HealthDirection::at_most}});
        else if (key == "band") {
            double b[2];
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                if (j >= 2) fail(ErrorCode::parse, w.str() + ": field \"band\" must be [low, high]");
                b[j++] = get_number(w, "band", take(std::move(el)));
            }
            if (j != 2) fail(ErrorCode::parse, w.str() + ": field \"band\" must be [low, high]");
            k.band_low = b[0];
            k.band_high = b[1];
        } else if (key == "tolerance") k.tolerance = get_number(w, key, v);
        else if (key == "aggregate")
            k.aggregate = get_enum<Aggregate>(w, key, v, {{"sum", Aggregate::sum}, {"mean", Aggregate::mean},
                                                          {"min", Aggregate::min}, {"max", Aggregate::max}});
        else xk.keep(k.extras, key, v, w);
    });
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (!has_type) fail(ErrorCode::invalid_argument, w.str() + ": field \"type\" is required");
    if (!has_title) fail(ErrorCode::invalid_argument, w.str() + ": field \"title\" is required");
    // The graph cannot tell an empty stage list from none (a plain milestone), nor write it back.
    // (A field of another type the graph rejects itself; a default value given explicitly,
    // such as "direction": "at_least", is the same as leaving it out.)
    if (has_stages && k.stages.empty())
        fail(ErrorCode::invalid_argument, w.str() + ": field \"stages\" must not be empty (leave it out for a plain milestone)");
    return k;
}

Link read_link(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"links", i, {}};
    Link l;
    bool has_type = false;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "from") l.from = get_string(w, key, v);
        else if (key == "to") l.to = get_string(w, key, v);
        else if (key == "type")
            l.type = get_enum<LinkType>(w, key, v, {{"contributes", LinkType::contributes}, {"depends_on", LinkType::depends_on},
                                                    {"measured_by", LinkType::measured_by}}),
            has_type = true;
        else if (key == "weight") l.weight = get_number(w, key, v);
        else xk.keep(l.extras, key, v, w);
    });
    if (!has_type) fail(ErrorCode::invalid_argument, w.str() + ": field \"type\" is required");
    return l;
}

Kpi read_kpi(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"kpis", i, {}};
    Kpi k;
    bool has_id = false;
    std::optional<std::pair<double, double>> range;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "id") k.id = get_string(w, key, v), has_id = true, w.id = k.id;
        else if (key == "title") k.title = get_string(w, key, v);
        else if (key == "owner") k.owner = get_string(w, key, v);
        else if (key == "team") k.team = get_string(w, key, v);
        else if (key == "unit") k.unit = get_string(w, key, v);
        else if (key == "comparison")
            k.comparison = get_enum<Comparison>(w, key, v, {{">=", Comparison::ge}, {"<=", Comparison::le}, {">", Comparison::gt},
                                                            {"<", Comparison::lt}, {"==", Comparison::eq},
                                                            {"in_range", Comparison::in_range}});
        else if (key == "goal") {
            if (type_of(v) == od::json_type::array) {
                double b[2];
                std::size_t j = 0;
                for (auto el : get_array(w, key, v)) {
                    if (j >= 2) fail(ErrorCode::parse, w.str() + ": field \"goal\" must be a number or [low, high]");
                    b[j++] = get_number(w, "goal", take(std::move(el)));
                }
                if (j != 2) fail(ErrorCode::parse, w.str() + ": field \"goal\" must be a number or [low, high]");
                range = std::pair{b[0], b[1]};
            } else {
                k.goal = get_number(w, key, v);
            }
        } else if (key == "aggregation")
            k.aggregation = get_enum<KpiAggregation>(w, key, v, {{"sum", KpiAggregation::sum}, {"mean", KpiAggregation::mean},
                                                                 {"last", KpiAggregation::last}});
        else if (key == "values") {
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "values[" + std::to_string(j++) + "]";
                od::object po = get_object(w, f, take(std::move(el)));
                KpiPoint pt{Date{}, nan};
                bool has_date = false, has_value = false;
                each_field(po, [&](std::string_view pk, od::value pv) {
                    if (pk == "date") pt.date = get_date(w, f + ".date", pv), has_date = true;
                    else if (pk == "value") {
                        has_value = true;
                        if (type_of(pv) != od::json_type::null || !pv.is_null()) pt.value = get_number(w, f + ".value", pv);
                    } else
                        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(pk));
                });
                if (!has_date || !has_value)
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\" needs \"date\" and \"value\"");
                k.values.push_back(pt);
            }
        } else xk.keep(k.extras, key, v, w);
    });
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (range) {
        if (k.comparison != Comparison::in_range)
            fail(ErrorCode::invalid_argument, w.str() + ": field \"goal\": [low, high] goes with \"comparison\": \"in_range\"");
        k.goal_low = range->first;
        k.goal_high = range->second;
    } else if (k.comparison == Comparison::in_range) {
        fail(ErrorCode::invalid_argument, w.str() + ": field \"goal\" must be [low, high] for \"in_range\"");
    }
    return k;
}

std::string_view get_string_view(const Where& w, std::string_view field, od::value v) {
    std::string_view s;
    if (!string_of(v, s)) type_error(w, field, "a string", v);
    return s;
}

// A check-in as the document gives it, before its key result is looked up. The strings view the
// text, or the parser's buffer for strings with escapes: valid while that parser lives.
struct CheckInView {
    std::string_view key_result, note, stage;
    Date date;
    double value = nan;
    double confidence = nan;
    Extras extras;
};

void read_checkin(od::object o, std::size_t i, ExtraKeeper& xk, CheckInView& c) {
    Where w{"checkins", i, {}};
    bool has_date = false, has_value = false;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "key_result") c.key_result = get_string_view(w, key, v), w.id = c.key_result;
        else if (key == "date") c.date = get_date(w, key, v), has_date = true;
        else if (key == "value") c.value = get_number(w, key, v), has_value = true;
        else if (key == "confidence") {
            if (type_of(v) != od::json_type::null || !v.is_null()) c.confidence = get_number(w, key, v);
        } else if (key == "note") c.note = get_string_view(w, key, v);
        else if (key == "stage") {
            c.stage = get_string_view(w, key, v);
            if (c.stage.empty()) fail(ErrorCode::invalid_argument, w.str() + ": field \"stage\" must not be empty");
        } else xk.keep(c.extras, key, v, w);
    });
    if (!has_date) fail(ErrorCode::invalid_argument, w.str() + ": field \"date\" is required");
    if (!has_value) fail(ErrorCode::invalid_argument, w.str() + ": field \"value\" is required");
}

// The check-in without its key result (the loader looks that up from the view).
CheckIn to_checkin(CheckInView&& v) {
    CheckIn c;
    c.date = v.date;
    c.value = v.value;
    c.confidence = v.confidence;
    c.note = std::string(v.note);
    c.stage = std::string(v.stage);
    c.extras = std::move(v.extras);
    return c;
}

struct Cancelled {};

// Below this text size a second thread does not pay for itself (8 MB ≈ 50,000 check-ins).
std::atomic<std::size_t> parallel_checkins_min{std::size_t{8} << 20};
std::atomic<std::size_t> parallel_checkins_used{0};  // loads that used the second thread's check-ins
std::atomic<std::size_t> parallel_links_used{0};     // ... and its links
std::atomic<std::size_t> adopted_runs{0};    // runs of check-ins taken over whole
std::atomic<std::size_t> skeleton_min{0};      // text size from which a skeleton read is tried
std::atomic<std::size_t> skeleton_used{0};     // loads read from a skeleton
std::atomic<std::size_t> chunk_bytes{std::size_t{256} << 10};  // ChunkReader's chunks

// Reads a JSON array of objects from the text in chunks of about chunk_bytes, each copied into
// a buffer between a "[" and a "]" and parsed there: the parser's structural index (four bytes
// per token, about one token per byte of the text) then stays small, reused and in cache,
// instead of taking fresh memory the size of the array, and each byte is scanned once.
//
// A chunk ends at a guessed element boundary: a '}' followed by ',' and '{'. A chunk that starts
// at an element and parses whole (every bracket and string it opens closed) ends at one, so the
// chunks together read exactly the array. A wrong guess (such bytes inside a string, or between
// the objects of a nested array) makes the element it cuts fail, or the chunk's scan when it cuts
// a string: the elements before it were read exactly as a reading of the whole array reads them,
// and reading resumes at the failed element with a chunk twice as long. A failure anywhere else,
// or in the last chunk (which ends at the array's last element), is the array's own.
struct ChunkReader {
    od::parser parser;
    std::vector<char> chunk;  // "[" + text[from, from + n) + "]" + padding
    const char* chunk_from = nullptr;
    std::deque<std::string> owned;  // strings with escapes read from chunks (they view the parser's buffer)
    const std::atomic<bool>* cancel = nullptr;  // checked before each element (throws Cancelled)

    static bool ws(char ch) noexcept { return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t'; }

    // One past the ']' that ends the array before the key at `key` (whitespace, ',' and
    // whitespace between), the array starting after `from`; npos if there is none.
    static std::size_t end_before(std::string_view t, std::size_t from, std::size_t key) {
        std::size_t r = key;
        while (r > from && ws(t[r - 1])) --r;
        if (r <= from || t[r - 1] != ',') return std::string_view::npos;
        --r;
        while (r > from && ws(t[r - 1])) --r;
        return r > from + 1 && t[r - 1] == ']' ? r : std::string_view::npos;
    }

    // A view of a string read from the current chunk that stays valid while the text does: a
    // string read in place views the chunk, whose bytes are those of the text at chunk_from.
    std::string_view lasting(std::string_view s) {
        if (s.empty()) return s;
        const char* const b = chunk.data() + 1;
        if (s.data() >= b && s.data() < chunk.data() + chunk.size()) return {chunk_from + (s.data() - b), s.size()};
        return owned.emplace_back(s);
    }

    // The end (one past the '}') of the first '}' at or after `from` that is followed by ',' and
    // '{' (whitespace between), the '{' before `end`; npos if there is none.
    static std::size_t boundary(std::string_view t, std::size_t from, std::size_t end) {
        for (std::size_t k = from; k < end;) {
            const void* hit = std::memchr(t.data() + k, '}', end - k);
            if (!hit) break;
            k = static_cast<std::size_t>(static_cast<const char*>(hit) - t.data()) + 1;
            std::size_t q = k;
            while (q < end && ws(t[q])) ++q;
            if (q >= end || t[q] != ',') continue;
            ++q;
            while (q < end && ws(t[q])) ++q;
            if (q < end && t[q] == '{') return k;
        }
        return std::string_view::npos;
    }

    // Reads the array text[b, e) (from its '[' to its ']'), calling read(object, index) for each
    // element. sized(n), if it is not null, is called once, after the first chunk, with an
    // estimate of the element count (an upper bound when elements are alike). True when the
    // array's ']' is the one at e - 1; false when a ']' before it closed the array (e was guessed
    // too far; what follows that ']' is not read).
    template <class Read, class Sized>
    bool read(std::string_view t, std::size_t b, std::size_t e, const char* name, Read&& read, Sized&& sized) {
        if (e <= b + 1 || t[b] != '[' || t[e - 1] != ']') throw SyntaxError{simdjson::TAPE_ERROR};
        std::size_t pos = b + 1, end = e - 1;  // the elements lie in [pos, end)
        while (pos < end && ws(t[pos])) ++pos;
        while (end > pos && ws(t[end - 1])) --end;
        if (pos == end) return true;  // []
        const std::size_t chunk_size = std::max<std::size_t>(1, chunk_bytes.load(std::memory_order_relaxed));
        const std::size_t first = pos;
        std::size_t index = 0, size = chunk_size;
        bool estimated = false;
        for (;;) {
            std::size_t g = pos + size < end ? boundary(t, pos + size, end) : std::string_view::npos;
            const bool last = g == std::string_view::npos;
            if (last) g = end;
            const std::size_t n = g - pos;
            if (chunk.size() < n + 2 + simdjson::SIMDJSON_PADDING) chunk.resize(n + 2 + simdjson::SIMDJSON_PADDING);
            chunk[0] = '[';
            std::memcpy(chunk.data() + 1, t.data() + pos, n);
            chunk[n + 1] = ']';
            // The parser looks at the byte after the text (a ']' or '}' there changes how it
            // reads a cut chunk): the padding is reset, not left as the previous chunk had it.
            std::memset(chunk.data() + n + 2, ' ', simdjson::SIMDJSON_PADDING);
            chunk_from = t.data() + pos;
            bool scanned = false, ended = false;
            const char* pending = nullptr;  // the start of the element being read
            try {
                od::document doc;
                if (auto err = parser.iterate(simdjson::padded_string_view(chunk.data(), n + 2, chunk.size())).get(doc))
                    throw SyntaxError{err};
                od::array a = take(doc.get_array());
                scanned = true;
                for (auto el : a) {
                    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled{};
                    od::value v = take(std::move(el));
                    pending = v.raw_json_token().data();
                    od::object o;
                    if (type_of(v) != od::json_type::object || v.get_object().get(o))
                        fail(ErrorCode::parse, std::string(name) + "[" + std::to_string(index) + "] must be an object");
                    read(o, index);
                    ++index;
                    pending = nullptr;
                }
                // Text after the chunk's array: its ']' was the array's own.
                const char* rest;
                ended = !doc.current_location().get(rest);
            } catch (const Cancelled&) {
                throw;
            } catch (...) {
                if (last || (scanned && !pending)) throw;
                if (pending) pos += static_cast<std::size_t>(pending - (chunk.data() + 1));
                size *= 2;
                continue;
            }
            if (!estimated) {
                estimated = true;
                if constexpr (!std::is_same_v<std::decay_t<Sized>, std::nullptr_t>)
                    if (!last && !ended && index > 0) {
                        // As many again per byte as in this chunk, and an eighth more; at most
                        // one per 16 bytes (no element of these arrays is shorter).
                        const std::size_t n_est = index + index * (end - g) / (g - first) + index / 8 + 16;
                        sized(std::min(n_est, (end - first) / 16 + 16));
                    }
            }
            if (last || ended) return !ended;
            pos = g;  // then ',' and '{', with whitespace between (as boundary() found)
            while (ws(t[pos])) ++pos;
            ++pos;
            while (ws(t[pos])) ++pos;
            size = chunk_size;
        }
    }
};

// The links and check-ins arrays parsed ahead, on another thread, while the main thread reads
// the objectives and key results (the two arrays are typically 60 % of a document). Where they
// are is a guess made without parsing: the first `"links"` / `"checkins"` key followed by `[`;
// the links end at the `]` before `, "checkins"`, the check-ins at the `]` before the
// document's final `}`. Both are read in chunks (ChunkReader). In a skeleton read (Skeleton) a
// result is used only if it was read without error and ended exactly at the guessed end; in a
// whole read, only if the top-level array the main thread reaches starts at that same byte and
// was read without error. Otherwise the main thread reads the array itself (which also reports
// any error exactly as a sequential read does).
struct ArraysAhead {
    // Links: read first, ready when `links_ready` is set.
    const char* links_start = nullptr;  // the '[' parsed
    std::vector<Link> links;
    std::exception_ptr links_error;  // the links are then read on the main thread
    std::atomic<bool> links_ready{false};

    // Check-ins, as runs of consecutive check-ins of one key result (exports group them so),
    // each run's records ready to be given to the graph whole (Graph::adopt_checkins). Record k
    // of a run has seq = its position in the array; the rare note, stage and unknown fields go
    // to `rich`.
    const char* start = nullptr;  // the '[' parsed
    ChunkReader reader;           // reads both arrays
    bool links_whole = false, checkins_whole = false;  // the arrays ended at the guessed ends
    // The views below view the text, or `owned` for strings with escapes.
    struct Run {
        std::string_view key_result;
        std::uint32_t first;  // position of its first check-in in the array
        bool rich;            // some check-in of it has a note, stage or unknown field
        std::uint32_t begin, count;  // its records: records[begin, begin + count)
    };
    struct Rich {
        std::uint32_t index;  // position in the array
        std::string_view note, stage;
        Extras extras;
    };
    std::vector<Run> runs;
    std::vector<CheckInRecord> records;  // every run's, in array order
    std::vector<Rich> rich;  // by increasing index
    std::exception_ptr error;  // the check-ins are then read on the main thread

    std::thread thread;
    std::atomic<bool> cancel{false};  // set when the results will not be used (an error elsewhere)

    ArraysAhead() { reader.cancel = &cancel; }
    ArraysAhead(const ArraysAhead&) = delete;
    ArraysAhead& operator=(const ArraysAhead&) = delete;
    ~ArraysAhead() {
        cancel.store(true, std::memory_order_relaxed);
        join();
    }
    void join() {
        if (thread.joinable()) thread.join();
    }
    void wait_links() const { links_ready.wait(false, std::memory_order_acquire); }

    // Where the arrays were found (before they are read): the '[' (links_start, start) and the
    // key's opening quote of each, and one past its guessed ']'; npos when not found.
    std::size_t links_key = std::string_view::npos, links_end = std::string_view::npos;
    std::size_t checkins_key = std::string_view::npos, checkins_end = std::string_view::npos;
    std::atomic<bool> found{false};
    void publish() {
        found.store(true, std::memory_order_release);
        found.notify_all();
    }
    void wait_found() const { found.wait(false, std::memory_order_acquire); }

    // Starts the search and parse on another thread if the text is large; false otherwise.
    bool start_on(simdjson::padded_string_view text) {
        if (text.size() < parallel_checkins_min.load(std::memory_order_relaxed) || detail::max_threads() < 2) return false;
        try {
            thread = std::thread([this, text] { run(text); });
        } catch (const std::system_error&) {
            return false;
        }
        return true;
    }

    static bool ws(char ch) noexcept { return ChunkReader::ws(ch); }

    // The first `needle` (3 bytes or more) in t[from, end), or npos. On x86 its second and
    // second-to-last bytes are compared at 16 positions at a time and only the positions where
    // both match are compared in full: ~5 GB/s, where a Boyer-Moore-Horspool search (a JSON key
    // starts with '"', the most frequent byte of the text) reaches ~1.2.
    static std::size_t find(std::string_view t, std::string_view needle, std::size_t from, std::size_t end) {
        constexpr std::size_t none = std::string_view::npos;
        const std::size_t m = needle.size();
        if (end > t.size()) end = t.size();
        if (from >= end || end - from < m) return none;
        const char* const d = t.data();
        std::size_t i = from;
#if defined(__SSE2__)
        const __m128i c1 = _mm_set1_epi8(needle[1]), c2 = _mm_set1_epi8(needle[m - 2]);
        for (; i + 16 + m <= end; i += 16) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 1));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + m - 2));
            auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, c1), _mm_cmpeq_epi8(b, c2))));
            while (mask) {
                const std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(mask));
                if (std::memcmp(d + k, needle.data(), m) == 0) return k;
                mask &= mask - 1;
            }
        }
#endif
        const std::boyer_moore_horspool_searcher search(needle.begin(), needle.end());
        const auto it = std::search(t.begin() + static_cast<std::ptrdiff_t>(i), t.begin() + static_cast<std::ptrdiff_t>(end), search);
        return it == t.begin() + static_cast<std::ptrdiff_t>(end) ? none : static_cast<std::size_t>(it - t.begin());
    }

    // The first `needle` in t[from, end) followed by `:` and `[`: {position of the `[`, of the
    // needle}, or npos twice.
    static std::pair<std::size_t, std::size_t> find_array(std::string_view t, std::string_view needle, std::size_t from,
                                                          std::size_t end) {
        constexpr std::size_t none = std::string_view::npos;
        for (std::size_t k = find(t, needle, from, end); k != none; k = find(t, needle, k + 1, end)) {
            std::size_t q = k + needle.size();
            while (q < end && ws(t[q])) ++q;
            if (q >= end || t[q] != ':') continue;
            ++q;
            while (q < end && ws(t[q])) ++q;
            if (q < end && t[q] == '[') return {q, k};
        }
        return {none, none};
    }

    void run(simdjson::padded_string_view text) noexcept {
        constexpr std::size_t none = std::string_view::npos;
        const std::string_view t(text.data(), text.size());
        // The end of the document's last value, which must be an array: "...]" ws "}" ws.
        std::size_t e = t.size();
        while (e > 0 && ws(t[e - 1])) --e;
        bool shape = e > 0 && t[e - 1] == '}';
        if (shape) {
            --e;
            while (e > 0 && ws(t[e - 1])) --e;
            shape = e > 0 && t[e - 1] == ']';
        }
        std::pair<std::size_t, std::size_t> l{none, none}, c{none, none};
        if (shape) {
            l = find_array(t, "\"links\"", 0, e);
            c = find_array(t, "\"checkins\"", l.first == none ? 0 : l.first, e);
        }
        // The links end at the ']' before ', "checkins"' when that is what follows them.
        std::size_t le = l.first != none && c.second != none ? ChunkReader::end_before(t, l.first, c.second) : none;
        if (le == none) le = e;
        if (l.first != none) {
            links_start = t.data() + l.first;
            links_key = l.second;
            links_end = le;
        }
        if (c.first != none) {
            start = t.data() + c.first;
            checkins_key = c.second;
            checkins_end = e;
        }
        publish();
        ExtraKeeper xk;
        try {
            if (l.first != none) {
                links_whole = reader.read(
                    t, l.first, le, "links", [&](od::object o, std::size_t i) { links.push_back(read_link(o, i, xk)); }, nullptr);
            }
        } catch (...) {
            links_error = std::current_exception();
        }
        links_ready.store(true, std::memory_order_release);
        links_ready.notify_all();
        try {
            if (c.first != none) {
                std::string_view key;
                std::uint32_t first = 0;
                std::size_t begin = 0;  // the current run's first record
                bool run_rich = false;
                auto close_run = [&] {
                    if (records.size() == begin) return;
                    runs.push_back(Run{key, first, run_rich, static_cast<std::uint32_t>(begin),
                                       static_cast<std::uint32_t>(records.size() - begin)});
                    begin = records.size();  // closed: an element read again after a failure cannot close it twice
                };
                // Virtual until used: ~4 check-ins of ~70 bytes per run.
                runs.reserve((e - c.first) / 256);
                records.reserve((e - c.first) / 64);
                checkins_whole = reader.read(
                    t, c.first, e, "checkins",
                    [&](od::object o, std::size_t i) {
                        CheckInView v;
                        read_checkin(o, i, xk, v);
                        if (i > 0xfffffff0u) throw Cancelled{};  // (read on the main thread)
                        const auto idx = static_cast<std::uint32_t>(i);
                        if (records.size() == begin || v.key_result != key) {
                            close_run();
                            key = reader.lasting(v.key_result);
                            first = idx;  // (close_run set begin)
                            run_rich = false;
                        }
                        if (!v.note.empty() || !v.stage.empty() || !v.extras.empty()) {
                            rich.push_back(Rich{idx, reader.lasting(v.note), reader.lasting(v.stage), std::move(v.extras)});
                            run_rich = true;
                        }
                        records.push_back(CheckInRecord{v.date, -1, idx, v.value, v.confidence});
                    },
                    nullptr);
                close_run();
            }
        } catch (...) {
            error = std::current_exception();
        }
    }
};

ScoringPolicy read_policy(od::object o) {
    Where w{"scoring", 0, {}};
    ScoringPolicy p;
    each_field(o, [&](std::string_view key, od::value v) {
        if (key == "status_rule")
            p.status_rule = get_enum<StatusRule>(w, key, v, {{"forecast", StatusRule::forecast}, {"pace", StatusRule::pace}});
        else if (key == "on_track") p.on_track = get_number(w, key, v);
        else if (key == "at_risk") p.at_risk = get_number(w, key, v);
        else if (key == "pace_on_track") p.pace_on_track = get_number(w, key, v);
        else if (key == "pace_at_risk") p.pace_at_risk = get_number(w, key, v);
        else if (key == "clamp") p.clamp = get_bool(w, key, v);
        else if (key == "partial_stages") p.partial_stages = get_bool(w, key, v);
        else if (key == "interval") p.interval = get_number(w, key, v);
        else if (key == "target_score") p.target_score = get_number(w, key, v);
        else if (key == "min_trend_checkins") {
            const double d = get_number(w, key, v);
            if (d != std::floor(d) || d < 3 || d > 1e6)
                fail(ErrorCode::invalid_argument, "scoring: field \"min_trend_checkins\" must be a whole number >= 3");
            p.min_trend_checkins = static_cast<int>(d);
        } else
            // A misspelt policy field would silently change every score: refuse it.
            fail(ErrorCode::invalid_argument, "scoring: unknown field " + quote(key));
    });
    return p;
}

Error with_context(const Error& e, const char* array, std::size_t i) {
    // Graph messages already name the element by id; add the array position for anonymous ones.
    return Error(e.code(), std::string(array) + "[" + std::to_string(i) + "]: " + e.what());
}

// The document's arrays, in the order references resolve.
enum Part : int { s_cycles, s_objectives, s_key_results, s_kpis, s_links, s_checkins, s_count };

// Thrown when a skeleton read cannot go on: the document is then read as a whole.
struct Fallback {};

// A large document in its usual shape, read without a structural index of the whole text: the
// top-level object is read from a copy of the text without the contents of its four big arrays
// (objectives, key_results, links, checkins: "[...]" becomes "[]"), and each of those arrays from
// the text, in chunks (ChunkReader): the first two on this thread, the others on the second
// thread (ArraysAhead). Where they are is guessed as the second thread guesses: each key followed
// by ':' and '[', the array ending at the ']' before the next one's key (or before a "kpis" key
// between the key results and the links; the check-ins at the ']' before the final '}'). The
// read holds only if each array ends exactly there and is reached, in the skeleton, as the value
// of its key in the top-level object; then every byte of the text has been read once, and the
// result is the whole read's. Anything else (another order or shape, or any error) is a Fallback.
struct Skeleton {
    struct Cut {
        int stage;
        std::size_t at, end;  // the array in the text: its '[' and one past its ']'
        std::size_t in_skeleton;  // its "[" in the skeleton
    };
    std::vector<Cut> cuts;
    std::string text;  // with SIMDJSON_PADDING bytes after `size`
    std::size_t size = 0;

    // Finds the arrays (waiting for the second thread's search); false if the text does not have
    // the usual shape.
    bool make(std::string_view t, ArraysAhead& ahead);
};


constexpr const char* stage_names[s_count] = {"cycles", "objectives", "key_results", "kpis", "links", "checkins"};

struct Loader {
    Graph g;
    ExtraKeeper xk;
    std::unordered_set<std::uint64_t> seen_links[2];
    std::string last_kr;
    NodeIndex last_v = npos;
    // The roll-up structure (and with it the cycle check) is fixed once the links are read, and
    // check-ins do not touch what it reads: it is built on another thread while the check-ins,
    // typically half the document, are parsed (OKR_NUM_THREADS=1: on this thread, in turn).
    std::thread acyclic;
    std::exception_ptr acyclic_error;
    ArraysAhead* ahead = nullptr;  // check-ins parsed on another thread, if started
    ChunkReader reader;            // the objectives and key results of a skeleton read

    // Skeleton read (parse_top with a Skeleton): the array `stage` from text[at, end). Throws
    // Fallback where the text is not as guessed or the second thread's arrays cannot be used.
    void cut(int stage, std::string_view text, std::size_t at, std::size_t end) {
        bool whole = true;
        const std::size_t no = g.objective_count(), nk = g.key_result_count();
        switch (stage) {
            case s_objectives:
                whole = reader.read(
                    text, at, end, "objectives", [&](od::object o, std::size_t i) { g.add_objective(read_objective(o, i, xk)); },
                    [&](std::size_t n) { g.reserve(no + n, nk, g.links().size()); });
                break;
            case s_key_results:
                whole = reader.read(
                    text, at, end, "key_results", [&](od::object o, std::size_t i) { g.add_key_result(read_key_result(o, i, xk)); },
                    [&](std::size_t n) { g.reserve(no, nk + n, g.links().size()); });
                break;
            case s_links:
                ahead->wait_links();
                if (ahead->links_error || !ahead->links_whole) throw Fallback{};
                g.reserve(no, nk, g.links().size() + ahead->links.size());
                seen_links[0].reserve(ahead->links.size());
                take_links();
                start_acyclic();
                break;
            case s_checkins:
                ahead->join();
                if (ahead->error || !ahead->checkins_whole) throw Fallback{};
                take_checkins();
                break;
            default: throw Fallback{};
        }
        if (!whole) throw Fallback{};
    }

    Loader() = default;
    Loader(const Loader&) = delete;
    Loader& operator=(const Loader&) = delete;
    ~Loader() {
        if (acyclic.joinable()) acyclic.join();
    }

    void start_acyclic() {
        if (detail::max_threads() > 1) {
            try {
                acyclic = std::thread([this] {
                    try {
                        g.check_acyclic();
                    } catch (...) {
                        acyclic_error = std::current_exception();
                    }
                });
                return;
            } catch (const std::system_error&) {
                // no thread to be had: check here
            }
        }
        g.check_acyclic();
    }

    // Waits for the check started by start_acyclic(); throws its error, if any.
    void finish_acyclic() {
        if (acyclic.joinable()) acyclic.join();
        if (acyclic_error) {
            const std::exception_ptr e = acyclic_error;
            acyclic_error = nullptr;
            std::rethrow_exception(e);
        }
    }

    void array(int stage, od::value v) {
        Where top{"document", 0, {}};
        const char* const a_start = v.raw_json_token().data();
        od::array a = get_array(top, stage_names[stage], v);
        // Size the containers once (counting is a fast skip): no rehashing or regrowth of
        // million-element tables while building.
        if (stage == s_objectives || stage == s_key_results || stage == s_links) {
            const std::size_t n = take(a.count_elements());
            const std::size_t no = g.objective_count(), nk = g.key_result_count(), nl = g.links().size();
            if (stage == s_objectives) g.reserve(no + n, nk, nl);
            if (stage == s_key_results) g.reserve(no, nk + n, nl);
            if (stage == s_links) {
                g.reserve(no, nk, nl + n);
                seen_links[0].reserve(n);
            }
        }
        switch (stage) {
            case s_cycles: each_object(a, "cycles", [&](od::object o, std::size_t i) { g.add_cycle(read_cycle(o, i, xk)); }); break;
            case s_objectives:
                each_object(a, "objectives", [&](od::object o, std::size_t i) { g.add_objective(read_objective(o, i, xk)); });
                break;
            case s_key_results:
                each_object(a, "key_results", [&](od::object o, std::size_t i) { g.add_key_result(read_key_result(o, i, xk)); });
                break;
            case s_kpis:
                each_object(a, "kpis", [&](od::object o, std::size_t i) {
                    try {
                        g.add_kpi(read_kpi(o, i, xk));
                    } catch (const Error& e) {
                        if (std::string_view(e.what()).starts_with("kpis[")) throw;
                        throw with_context(e, "kpis", i);
                    }
                });
                break;
            case s_links:
                if (ahead) ahead->wait_links();
                // A result with an error is not used: the guessed end may have cut the array
                // short. Reading it in turn gives the authoritative error (or none).
                if (ahead && ahead->links_start && a_start == ahead->links_start && !ahead->links_error) {
                    take_links();
                } else {
                    each_object(a, "links", [&](od::object o, std::size_t i) { link(read_link(o, i, xk), i); });
                }
                start_acyclic();
                break;
            case s_checkins:
                if (ahead) ahead->join();
                if (ahead && ahead->start && a_start == ahead->start && !ahead->error) {  // (as for links)
                    take_checkins();
                } else {
                    each_object(a, "checkins", [&](od::object o, std::size_t i) {
                        CheckInView c;
                        read_checkin(o, i, xk, c);
                        checkin(c.key_result, to_checkin(std::move(c)), i);
                    });
                }
                break;
        }
    }

    // The links read by the second thread, recorded as a sequential read records them.
    void take_links() {
        parallel_links_used.fetch_add(1, std::memory_order_relaxed);
        for (std::size_t i = 0; i < ahead->links.size(); ++i) link(std::move(ahead->links[i]), i);
        ahead->links = {};
    }

    // The check-ins read by the second thread: runs taken over whole where they can be, others
    // recorded one by one, as a sequential read records them (which reports any error).
    void take_checkins() {
        parallel_checkins_used.fetch_add(1, std::memory_order_relaxed);
        std::vector<ArraysAhead::Rich>& rich = ahead->rich;
        auto r = rich.begin();
        g.reserve_checkins(ahead->records.size());  // the lists side by side, in document order
        for (ArraysAhead::Run& run : ahead->runs) {
            const std::span<CheckInRecord> records(ahead->records.data() + run.begin, run.count);
            if (!run.rich) {
                const NodeIndex v = resolve(run.key_result);
                if (v != npos && g.adopt_checkins(v, records, run.first)) {
                    adopted_runs.fetch_add(1, std::memory_order_relaxed);
                    continue;
                }
            }
            // One by one, as a sequential read does (which reports any error).
            for (const CheckInRecord& rec : records) {
                CheckIn c;
                c.date = rec.date;
                c.value = rec.value;
                c.confidence = rec.confidence;
                while (r != rich.end() && r->index < rec.seq) ++r;
                if (r != rich.end() && r->index == rec.seq) {
                    c.note = std::string(r->note);
                    c.stage = std::string(r->stage);
                    c.extras = std::move(r->extras);
                }
                checkin(run.key_result, std::move(c), rec.seq);
            }
        }
        ahead->runs = {};
        ahead->records = {};
        ahead->rich = {};
    }

    void link(Link l, std::size_t i) {
        const bool measured = l.type == LinkType::measured_by;
        try {
            g.add_link_unchecked(std::move(l));
        } catch (const Error& e) {
            throw with_context(e, "links", i);
        }
        if (measured) return;
        const LinkRecord& r = g.links().back();
        const std::uint64_t key = (static_cast<std::uint64_t>(r.from) << 32) | r.to;
        if (!seen_links[r.type == LinkType::depends_on].insert(key).second)
            fail(ErrorCode::duplicate, "links[" + std::to_string(i) + "]: duplicate " + to_string(r.type) + " link " +
                                           quote(g.id(r.from)) + " -> " + quote(g.id(r.to)));
    }

    // The key result named `key`, or npos. Exports list check-ins grouped by key result, and
    // in the order the key results were declared: the last one found, then the next one, are
    // tried before a lookup.
    NodeIndex resolve(std::string_view key) {
        if (last_v != npos && key == last_kr) return last_v;
        const NodeIndex next = last_v == npos ? npos : last_v + 1;
        last_v = npos;
        NodeIndex v = npos;
        if (next < g.node_count() && g.id(next) == key) v = next;
        else if (!key.empty()) v = g.find(key);
        if (v != npos) {
            last_kr.assign(key);
            last_v = v;
        }
        return v;
    }

    // Records check-in `i` for key result `key` (c.key_result is not read).
    void checkin(std::string_view key, CheckIn c, std::size_t i) {
        try {
            const NodeIndex v = resolve(key);
            if (v != npos) {
                g.check_in(v, std::move(c));
            } else {
                c.key_result = std::string(key);
                g.check_in(std::move(c));  // reports the missing or empty id
            }
        } catch (const Error& e) {
            throw with_context(e, "checkins", i);
        }
    }
};

bool Skeleton::make(std::string_view t, ArraysAhead& ahead) {
    constexpr std::size_t none = std::string_view::npos;
    ahead.wait_found();
    if (!ahead.links_start || !ahead.start) return false;
    const auto la = static_cast<std::size_t>(ahead.links_start - t.data()), lk = ahead.links_key, le = ahead.links_end;
    const auto ca = static_cast<std::size_t>(ahead.start - t.data()), ck = ahead.checkins_key, ce = ahead.checkins_end;
    if (le == none || ce == none || le > ck) return false;
    const auto o = ArraysAhead::find_array(t, "\"objectives\"", 0, lk);
    if (o.first == none) return false;
    const auto k = ArraysAhead::find_array(t, "\"key_results\"", o.first, lk);
    if (k.first == none) return false;
    const auto kp = ArraysAhead::find_array(t, "\"kpis\"", k.first, lk);
    const std::size_t oe = ChunkReader::end_before(t, o.first, k.second), ke = ChunkReader::end_before(t, k.first, kp.first == none ? lk : kp.second);
    if (oe == none || ke == none) return false;
    cuts = {{s_objectives, o.first, oe, 0}, {s_key_results, k.first, ke, 0}, {s_links, la, le, 0}, {s_checkins, ca, ce, 0}};
    std::size_t from = 0;
    for (Cut& c : cuts) {
        text.append(t.data() + from, c.at + 1 - from);
        c.in_skeleton = text.size() - 1;
        from = c.end - 1;
    }
    text.append(t.data() + from, t.size() - from);
    size = text.size();
    text.append(simdjson::SIMDJSON_PADDING, ' ');
    return true;
}

// Reads the document `text`; with `sk`, `text` is its skeleton and `whole` the document.
Graph parse_top(const simdjson::padded_string_view text, ArraysAhead* ahead, Skeleton* sk, std::string_view whole) {
    od::parser parser;
    od::document doc;
    if (auto err = parser.iterate(text).get(doc)) throw SyntaxError{err};
    od::object root;
    {
        od::json_type t;
        if (auto err = doc.type().get(t)) throw SyntaxError{err};
        if (t != od::json_type::object) {
            std::string start(text.substr(0, 20));
            fail(ErrorCode::parse, "JSON parse error: the top level must be a JSON object (the text starts with " +
                                       quote(start) + ")");
        }
        root = take(doc.get_object());
    }
    Loader L;
    L.ahead = ahead;
    std::size_t cuts_read = 0;
    try {
        bool has_format = false, has_version = false, format_ok = false;
        double version = 0;
        std::string version_text;
        bool present[s_count] = {}, done[s_count] = {};
        Where top{"document", 0, {}};
        // A skeleton is small: which arrays it has is known before it is read (an array absent
        // from it is one nothing waits for).
        bool absent[s_count] = {};
        if (sk) {
            std::fill(std::begin(absent), std::end(absent), true);
            each_field(root, [&](std::string_view key, od::value) {
                for (int k = 0; k < s_count; ++k)
                    if (key == stage_names[k]) absent[k] = false;
            });
            doc.rewind();
            root = take(doc.get_object());
        }
        auto ready = [&](int s) {
            if (!(has_format && has_version)) return false;
            for (int k = 0; k < s; ++k)
                if (!done[k] && !absent[k]) return false;
            return true;
        };
        auto check_format = [&] {
            if (!has_format) fail(ErrorCode::version, "document: field \"format\" is required (\"okr\")");
            if (!format_ok) fail(ErrorCode::version, "document: field \"format\" must be \"okr\"");
            if (!has_version) fail(ErrorCode::version, "document: field \"version\" is required");
            if (version != json_format_version)
                fail(ErrorCode::version, "document: field \"version\": unsupported version " + version_text +
                                             " (this library reads version " + std::to_string(json_format_version) + ")");
        };
        // One pass in document order; an array whose prerequisites come later is revisited below.
        each_field(root, [&](std::string_view key, od::value v) {
            if (key == "format") {
                std::string_view s;
                has_format = true;
                format_ok = type_of(v) == od::json_type::string && !v.get_string().get(s) && s == "okr";
                if (!format_ok) check_format();
            } else if (key == "version") {
                has_version = true;
                version_text = std::string(v.raw_json_token().substr(0, 20));
                while (!version_text.empty() && std::isspace(static_cast<unsigned char>(version_text.back()))) version_text.pop_back();
                if (type_of(v) != od::json_type::number || v.get_double().get(version)) version = -1;
                if (has_format) check_format();
            } else if (key == "scoring") {
                L.g.set_policy(read_policy(get_object(top, key, v)), true);
            } else {
                int s = -1;
                for (int k = 0; k < s_count; ++k)
                    if (key == stage_names[k]) s = k;
                if (s < 0) {
                    L.xk.keep(L.g.document_extras(), key, v, top);
                } else if (present[s]) {
                    fail(ErrorCode::parse, "document: field " + quote(key) + " is given twice");
                } else {
                    present[s] = true;
                    const Skeleton::Cut* cut = nullptr;
                    if (sk) {
                        const char* const at = v.raw_json_token().data();
                        for (const Skeleton::Cut& c : sk->cuts)
                            if (sk->text.data() + c.in_skeleton == at) cut = &c;
                        if (cut ? cut->stage != s || !ready(s)
                                : s == s_objectives || s == s_key_results || s == s_links || s == s_checkins)
                            throw Fallback{};
                    }
                    if (cut) {
                        L.cut(s, whole, cut->at, cut->end);
                        done[s] = true;
                        ++cuts_read;
                    } else if (ready(s)) {
                        L.array(s, v);
                        done[s] = true;
                    }
                }
            }
            // An array is read in this pass only when every array it depends on was read before it;
            // otherwise (another order, or an earlier array absent) it is read again below, after a
            // rewind, which costs a second pass over that array.
        });
        {
            const char* rest;
            if (!doc.current_location().get(rest)) fail(ErrorCode::parse, "JSON parse error: unexpected content after the document");
        }
        check_format();
        if (sk) {
            if (cuts_read != sk->cuts.size()) throw Fallback{};
            for (int s = 0; s < s_count; ++s)
                if (present[s] && !done[s]) throw Fallback{};
        }
        for (int s = 0; s < s_count; ++s) {
            if (done[s] || !present[s]) {
                done[s] = true;
                continue;
            }
            doc.rewind();
            od::object again = take(doc.get_object());
            od::value v = take(again.find_field_unordered(stage_names[s]));
            L.array(s, v);
            done[s] = true;
        }
        L.finish_acyclic();
    } catch (...) {
        // Whatever failed after the links were read, a cycle among them is reported first, as
        // when the cycle check ran before anything else (and as with OKR_NUM_THREADS=1).
        L.finish_acyclic();
        throw;
    }
    return std::move(L.g);
}

Graph parse_document(const simdjson::padded_string_view text) {
    // Declared before the loader: its thread is joined after the loader's.
    std::unique_ptr<ArraysAhead> ahead = std::make_unique<ArraysAhead>();
    if (!ahead->start_on(text)) ahead.reset();
    // (Not beyond what a whole read can index, so that no document loads only on two threads.)
    if (ahead && skeleton_min.load(std::memory_order_relaxed) <= text.size() && text.size() <= simdjson::SIMDJSON_MAXSIZE_BYTES) {
        const std::string_view t(text.data(), text.size());
        bool tried = false;
        try {
            Skeleton sk;
            if (sk.make(t, *ahead)) {
                tried = true;
                Graph g = parse_top(simdjson::padded_string_view(sk.text.data(), sk.size, sk.text.size()), ahead.get(), &sk, t);
                skeleton_used.fetch_add(1, std::memory_order_relaxed);
                return g;
            }
        } catch (...) {
            // Not as guessed, or an error: the whole read below gives the authoritative result.
            tried = true;
        }
        if (tried) ahead.reset();
    }
    return parse_top(text, ahead.get(), nullptr, {});
}

}  // namespace

namespace {

// On-Demand reads up to SIMDJSON_PADDING bytes past the end of the text (their content does not
// matter). When those bytes lie on the page of the text's last byte they can be read without a
// fault, and the text is parsed in place; only text that ends near a page boundary is copied
// into a padded buffer (simdjson's "free padding", doc/performance.md upstream). A copy of a
// 400 MB document costs ~100,000 first-touch page faults. Builds with AddressSanitizer always
// copy: it reports the (harmless) reads past the end.
// Only on x86: Arm's memory tagging (MTE) faults on a read past an allocation even within its
// page. Never under sanitizers, which report such reads (or, for TSan, could see a race with a
// writer of the bytes after the text).
#if !(defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86))
constexpr bool read_past_end_ok = false;
#elif defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_HWADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool read_past_end_ok = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(hwaddress_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
constexpr bool read_past_end_ok = false;
#else
constexpr bool read_past_end_ok = true;
#endif
#else
constexpr bool read_past_end_ok = true;
#endif

bool padding_on_same_page(std::string_view text) {
    static const std::uintptr_t page = [] {
#if defined(__unix__) || defined(__APPLE__)
        const long p = ::sysconf(_SC_PAGESIZE);
        if (p >= 4096) return static_cast<std::uintptr_t>(p);
#endif
        return std::uintptr_t{4096};  // the smallest page size of the platforms we build for
    }();
    const auto last = reinterpret_cast<std::uintptr_t>(text.data() + text.size() - 1);
    return last % page + simdjson::SIMDJSON_PADDING < page;
}

}  // namespace

std::size_t detail::parallel_checkins_threshold(std::size_t bytes) noexcept {
    return parallel_checkins_min.exchange(bytes);
}

std::size_t detail::parallel_checkins_loads() noexcept { return parallel_checkins_used.load(); }
std::size_t detail::parallel_links_loads() noexcept { return parallel_links_used.load(); }
std::size_t detail::adopted_checkin_runs() noexcept { return adopted_runs.load(); }
std::size_t detail::json_chunk_bytes(std::size_t bytes) noexcept { return chunk_bytes.exchange(bytes); }
std::size_t detail::skeleton_threshold(std::size_t bytes) noexcept { return skeleton_min.exchange(bytes); }
std::size_t detail::skeleton_loads() noexcept { return skeleton_used.load(); }

Graph load_json(std::string_view text) {
    if (text.empty()) fail(ErrorCode::parse, "JSON parse error: empty text");
    simdjson::padded_string copy;
    simdjson::padded_string_view view;
    if (read_past_end_ok && padding_on_same_page(text)) {
        view = simdjson::padded_string_view(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING);
    } else {
        copy = simdjson::padded_string(text);
        view = copy;
    }
    try {
        return parse_document(view);
    } catch (const SyntaxError& e) {
        if (e.code == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory parsing JSON");
        fail(ErrorCode::parse, diagnose(text, e.code));
    } catch (const simdjson::simdjson_error& e) {
        fail(ErrorCode::parse, diagnose(text, e.error()));
    }
}

Graph load_json_file(const std::string& path) {
    simdjson::padded_string text;
    if (auto err = simdjson::padded_string::load(path).get(text)) {
        if (err == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory reading " + quote(path));
        fail(ErrorCode::not_found, "cannot open " + quote(path));
    }
    if (text.size() == 0) fail(ErrorCode::parse, "JSON parse error: empty text");
    try {
        return parse_document(text);
    } catch (const SyntaxError& e) {
        if (e.code == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory parsing JSON");
        fail(ErrorCode::parse, diagnose(std::string_view(text.data(), text.size()), e.code));
    } catch (const simdjson::simdjson_error& e) {
        fail(ErrorCode::parse, diagnose(std::string_view(text.data(), text.size()), e.error()));
    }
}

namespace {

struct Writer {
    std::string out;
    bool first = true;

    void open() {
        out.push_back('{');
        first = true;
    }
    void close() { out.push_back('}'); }
    void key(std::string_view k) {
        if (!first) out.push_back(',');
        first = false;
        detail::append_json_string(out, k);
        out.push_back(':');
    }
    void str(std::string_view k, std::string_view v) {
        key(k);
        detail::append_json_string(out, v);
    }
    void opt_str(std::string_view k, std::string_view v) {
        if (!v.empty()) str(k, v);
    }
    void num(double v) {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, r.ptr);
    }
    void num(std::string_view k, double v) {
        key(k);
        num(v);
    }
    void boolean(std::string_view k, bool v) {
        key(k);
        out += v ? "true" : "false";
    }
    void extras(const Extras& xs) {
        for (const Extra& x : xs) {
            key(x.name);
            out += x.json;
        }
    }
    void array_begin(std::string_view k) {
        key(k);
        out += "[";
    }
    void item(bool first_item) { out += first_item ? "\n" : ",\n"; }
};

}  // namespace

std::string to_json(const Graph& g) {
    Writer w;
    w.out.reserve(256 + g.node_count() * 160 + g.checkin_count() * 64);
    w.open();
    w.str("format", "okr");
    w.num("version", json_format_version);
    if (g.policy_is_explicit()) {
        const ScoringPolicy& p = g.policy();
        w.key("scoring");
        w.open();
        w.str("status_rule", to_string(p.status_rule));
        w.num("on_track", p.on_track);
        w.num("at_risk", p.at_risk);
        w.num("pace_on_track", p.pace_on_track);
        w.num("pace_at_risk", p.pace_at_risk);
        w.boolean("clamp", p.clamp);
        w.boolean("partial_stages", p.partial_stages);
        w.num("interval", p.interval);
        w.num("target_score", p.target_score);
        w.num("min_trend_checkins", p.min_trend_checkins);
        w.close();
        w.first = false;
    }
    w.array_begin("cycles");
    bool fi = true;
    for (const Cycle& c : g.cycles()) {
        w.item(fi);
        fi = false;
        w.open();
        w.str("id", c.id);
        w.str("start", c.start.iso());
        w.str("end", c.end.iso());
        w.extras(c.extras);
        w.close();
    }
    w.out += "]";
    // Objectives, then key results, each in node order.
    w.array_begin("objectives");
    fi = true;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.kind(v) != NodeKind::objective) continue;
        const Objective& o = g.objective(v);
        w.item(fi);
        fi = false;
        w.open();
        w.str("id", o.id);
        w.str("title", o.title);
        w.opt_str("owner", o.owner);
        w.opt_str("team", o.team);
        w.opt_str("level", to_string(o.level));
        w.opt_str("cycle", o.cycle);
        w.opt_str("origin", to_string(o.origin));
        w.opt_str("why_now", o.why_now);
        if (o.flavor != Flavor::okr) w.str("flavor", to_string(o.flavor));
        if (o.weight != 1.0) w.num("weight", o.weight);
        w.opt_str("progress_source", to_string(o.progress_source));
        w.extras(o.extras);
        w.close();
    }
    w.out += "]";
    w.array_begin("key_results");
    fi = true;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.kind(v) != NodeKind::key_result) continue;
        const KeyResult& k = g.key_result(v);
        w.item(fi);
        fi = false;
        w.open();
        w.str("id", k.id);
        w.str("objective", k.objective);
        w.str("title", k.title);
        w.str("type", to_string(k.type));
        w.opt_str("unit", k.unit);
        if (k.weight != 1.0) w.num("weight", k.weight);
        if (!std::isnan(k.start)) w.num("start", k.start);
        if (!std::isnan(k.target)) w.num("target", k.target);
        if (!k.anchors.empty()) {
            w.key("anchors");
            w.out += "[";
            for (std::size_t i = 0; i < k.anchors.size(); ++i) {
                if (i) w.out += ",";
                w.out += "{\"score\":";
                w.num(k.anchors[i].score);
                w.out += ",\"value\":";
                w.num(k.anchors[i].value);
                w.out += "}";
            }
            w.out += "]";
        }
        if (!std::isnan(k.required)) w.num("required", k.required);
        if (!k.stages.empty()) {
            w.key("stages");
            w.out += "[";
            for (std::size_t i = 0; i < k.stages.size(); ++i) {
                if (i) w.out += ",";
                Writer s;
                s.open();
                s.opt_str("id", k.stages[i].id);
                s.opt_str("title", k.stages[i].title);
                s.num("weight", k.stages[i].weight);
                s.close();
                w.out += s.out;
            }
            w.out += "]";
        }
        if (k.type == KrType::health) {
            if (k.has_band()) {
                w.key("band");
                w.out += "[";
                w.num(k.band_low);
                w.out += ",";
                w.num(k.band_high);
                w.out += "]";
            } else {
                w.num("threshold", k.threshold);
                w.str("direction", to_string(k.direction));
            }
            if (k.tolerance != 0) w.num("tolerance", k.tolerance);
        }
        if (k.aggregate != Aggregate::none) w.str("aggregate", to_string(k.aggregate));
        w.extras(k.extras);
        w.close();
    }
    w.out += "]";
    w.array_begin("kpis");
    fi = true;
    for (const Kpi& k : g.kpis()) {
        w.item(fi);
        fi = false;
        w.open();
        w.str("id", k.id);
        w.opt_str("title", k.title);
        w.opt_str("owner", k.owner);
        w.opt_str("team", k.team);
        w.opt_str("unit", k.unit);
        if (k.comparison != Comparison::none) {
            w.str("comparison", to_string(k.comparison));
            if (k.comparison == Comparison::in_range) {
                w.key("goal");
                w.out += "[";
                w.num(k.goal_low);
                w.out += ",";
                w.num(k.goal_high);
                w.out += "]";
            } else {
                w.num("goal", k.goal);
            }
        }
        w.str("aggregation", to_string(k.aggregation));
        w.key("values");
        w.out += "[";
        for (std::size_t i = 0; i < k.values.size(); ++i) {
            if (i) w.out += ",";
            w.out += "{\"date\":\"" + k.values[i].date.iso() + "\",\"value\":";
            if (std::isnan(k.values[i].value)) w.out += "null";
            else w.num(k.values[i].value);
            w.out += "}";
        }
        w.out += "]";
        w.extras(k.extras);
        w.close();
    }
    w.out += "]";
    w.array_begin("links");
    fi = true;
    for (std::size_t i = 0; i < g.links().size(); ++i) {
        const LinkRecord& l = g.links()[i];
        w.item(fi);
        fi = false;
        w.open();
        w.str("from", g.id(l.from));
        w.str("to", g.id(l.to));
        w.str("type", to_string(l.type));
        if (l.weight != 1.0) w.num("weight", l.weight);
        w.extras(g.link_extras(i));
        w.close();
    }
    for (const Graph::MeasuredBy& m : g.measured_by()) {
        w.item(fi);
        fi = false;
        w.open();
        w.str("from", g.id(m.key_result));
        w.str("to", g.kpis()[m.kpi].id);
        w.str("type", "measured_by");
        w.extras(m.extras);
        w.close();
    }
    w.out += "]";
    // Check-ins in recorded order (global insertion order), so history reads as it was written.
    std::vector<std::pair<std::uint32_t, std::pair<NodeIndex, std::uint32_t>>> order;
    order.reserve(g.checkin_count());
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        auto cs = g.checkins(v);
        for (std::uint32_t i = 0; i < cs.size(); ++i) order.push_back({cs[i].seq, {v, i}});
    }
    std::sort(order.begin(), order.end());
    w.array_begin("checkins");
    fi = true;
    for (auto& [seq, pos] : order) {
        const NodeIndex v = pos.first;
        const CheckInRecord& c = g.checkins(v)[pos.second];
        w.item(fi);
        fi = false;
        w.open();
        w.str("key_result", g.id(v));
        w.str("date", c.date.iso());
        w.num("value", c.value);
        if (!std::isnan(c.confidence)) w.num("confidence", c.confidence);
        w.opt_str("note", g.checkin_note(c));
        if (c.stage >= 0) {
            const Stage& s = g.key_result(v).stages[static_cast<std::size_t>(c.stage)];
            w.str("stage", s.id.empty() ? s.title : s.id);
        }
        w.extras(g.checkin_extras(c));
        w.close();
    }
    w.out += "]";
    w.extras(g.document_extras());
    w.out += "}\n";
    return std::move(w.out);
}

}  // namespace okr
