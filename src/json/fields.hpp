// JSON interchange, format version 1: what every reader of the document shares (internal to
// src/json): the element readers (one cycle, objective, key result, link, KPI, check-in or
// scoring policy from a simdjson On-Demand object), typed field access with messages that name
// the element and field, and the document's array names. The sequential loader (loader.hpp) and
// the speculative one (speculative.hpp) read every element through these, so both give the same
// values and the same errors.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <simdjson.h>

#include "okr/detail/text.hpp"
#include "okr/error.hpp"
#include "okr/model.hpp"

namespace okr::json {

using okr::detail::quote;
namespace od = simdjson::ondemand;

[[noreturn]] inline void fail(ErrorCode code, const std::string& msg) { okr::detail::throw_error(code, msg); }

// After simdjson rejects a document, find where and why, for a message a person can act on:
// scans tokens outside strings, remembering the last key, and reports the first bad one.
std::string diagnose(std::string_view s, simdjson::error_code err);


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
        if (std::string_view(array) == "document") return "document";  // the top level
        std::string s = std::string(array) + "[" + std::to_string(index) + "]";
        if (!id.empty()) s += " " + quote(id);
        return s;
    }
};

[[noreturn]] void type_error(const Where& w, std::string_view field, const char* expected, od::value& v);

inline od::json_type type_of(od::value& v) {
    od::json_type t;
    if (v.type().get(t)) return od::json_type::null;  // an invalid token: callers report it
    return t;
}

// The text between the quotes of a JSON string that starts at `raw` (just after its opening
// quote), when it has no escapes; else false. Stage 1 has already checked that the string is
// closed, is valid UTF-8 and holds no raw control characters, so the scan ends at its quote.
inline bool unescaped_span(const char* raw, std::string_view& out) noexcept {
    const char* p = raw;
    while (*p != '"' && *p != '\\') ++p;
    if (*p == '\\') return false;
    out = std::string_view(raw, static_cast<std::size_t>(p - raw));
    return true;
}

// A string value as a view: strings without escapes (nearly all) are read in place, without
// On-Demand's unescaping copy (a call into the parser per string); others are unescaped.
inline bool string_of(od::value& v, std::string_view& out) {
    const std::string_view tok = v.raw_json_token();  // does not consume the value
    if (tok.empty() || tok[0] != '"') return false;
    if (tok.size() >= 2 && unescaped_span(tok.data() + 1, out)) return true;
    return !v.get_string().get(out);
}

inline std::string get_string(const Where& w, std::string_view field, od::value v) {
    std::string_view s;
    if (!string_of(v, s)) type_error(w, field, "a string", v);
    return std::string(s);
}

inline double get_number(const Where& w, std::string_view field, od::value v) {
    double d;
    if (!v.get_double().get(d) && std::isfinite(d)) return d;
    if (type_of(v) != od::json_type::number) type_error(w, field, "a number", v);
    type_error(w, field, "a finite number", v);
}

inline bool get_bool(const Where& w, std::string_view field, od::value v) {
    bool b;
    if (type_of(v) != od::json_type::boolean || v.get_bool().get(b)) type_error(w, field, "true or false", v);
    return b;
}

inline Date get_date(const Where& w, std::string_view field, od::value v) {
    std::string_view s;
    if (!string_of(v, s)) type_error(w, field, "a date string YYYY-MM-DD", v);
    Date d;
    if (!Date::try_parse(s, d))
        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\": \"" +
                                              std::string(detail::utf8_prefix(s, 40)) + "\" is not a date (expected YYYY-MM-DD)");
    return d;
}

template <class E>
inline E get_enum(const Where& w, std::string_view field, od::value v, std::initializer_list<std::pair<const char*, E>> opts) {
    std::string_view s;
    std::string allowed;
    if (string_of(v, s))
        for (auto& [name, val] : opts)
            if (s == name) return val;
    for (auto& [name, val] : opts) allowed += (allowed.empty() ? "" : "|") + std::string(name);
    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\" must be one of " + allowed +
                                          (s.empty() ? "" : " (got " + quote(s) + ")"));
}

inline od::object get_object(const Where& w, std::string_view field, od::value v) {
    od::object o;
    if (type_of(v) != od::json_type::object || v.get_object().get(o)) type_error(w, field, "an object", v);
    return o;
}

inline od::array get_array(const Where& w, std::string_view field, od::value v) {
    od::array a;
    if (type_of(v) != od::json_type::array || v.get_array().get(a)) type_error(w, field, "an array", v);
    return a;
}

// Unknown fields are kept verbatim: checked with a small DOM parse (On-Demand does not validate
// what it skips) and stored minified.
struct ExtraKeeper {
    std::unique_ptr<simdjson::dom::parser> dom;
    std::size_t max_depth = 64;  // Limits::max_depth: nesting of a kept value counts from the document's top

    void keep(Extras& extras, std::string_view key, od::value v, const Where& w);
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

[[noreturn]] void duplicate_key(const Where& w, std::string_view within, std::string_view key);

// Calls fn(key, value) for each field of `o`. A key given twice is an error naming it and the
// object (`w`, and `within`: the sub-object's field path, e.g. "stages[0]"): ambiguous data is
// refused, not guessed. (Keys view the text or the parser's string buffer, which outlive the
// loop.)
template <class Fn>
void each_field(od::object o, const Where& w, Fn&& fn, std::string_view within = {}) {
    std::string_view seen[16];
    std::size_t n = 0;
    std::uint64_t hashes = 0;  // one bit per hash of a seen key: a key scans only on a collision
    std::unordered_set<std::string_view> more;  // past 16 keys: no quadratic scan
    for (auto f : o) {
        od::field field = take(std::move(f));
        std::string_view key;
        if (!unescaped_span(field.key().raw(), key)) key = take(field.unescaped_key());
        if (n < 16) {
            const unsigned bit = key.empty() ? 0u
                                             : static_cast<unsigned>(key.size() * 7u + static_cast<unsigned char>(key[0]) * 3u +
                                                                     static_cast<unsigned char>(key.back())) & 63u;
            if (hashes >> bit & 1u) {
                for (std::size_t i = 0; i < n; ++i)
                    if (seen[i] == key) duplicate_key(w, within, key);
            }
            hashes |= std::uint64_t{1} << bit;
            seen[n++] = key;
            if (n == 16) more.insert(seen, seen + 16);
        } else if (!more.insert(key).second) {
            duplicate_key(w, within, key);
        }
        fn(key, field.value());
    }
}

Cycle read_cycle(od::object o, std::size_t i, ExtraKeeper& xk);
Objective read_objective(od::object o, std::size_t i, ExtraKeeper& xk);
KeyResult read_key_result(od::object o, std::size_t i, ExtraKeeper& xk);
Link read_link(od::object o, std::size_t i, ExtraKeeper& xk);
Kpi read_kpi(od::object o, std::size_t i, ExtraKeeper& xk);
ScoringPolicy read_policy(od::object o);

inline std::string_view get_string_view(const Where& w, std::string_view field, od::value v) {
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

void read_checkin(od::object o, std::size_t i, ExtraKeeper& xk, CheckInView& c);

// The check-in without its key result (the loader looks that up from the view).
CheckIn to_checkin(CheckInView&& v);

// Throws the graph's error again with the array position added ("links[3]: ..."), of the
// same type (a LimitError stays one).
[[noreturn]] void rethrow_with_context(const Error& e, const char* array, std::size_t i);

// The document's arrays, in the order references resolve.
enum Part : int { s_cycles, s_objectives, s_key_results, s_kpis, s_links, s_checkins, s_count };
inline constexpr const char* stage_names[s_count] = {"cycles", "objectives", "key_results", "kpis", "links", "checkins"};

}  // namespace okr::json
