// JSON interchange, format version 1: the element readers and the syntax-error diagnosis.
#include "fields.hpp"
#include "okr/detail/text.hpp"

#include <algorithm>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <vector>

namespace okr::json {

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
        if (depth > 0) return at("the text ends inside an object or array (truncated?)");
    return std::string("JSON parse error: ") + simdjson::error_message(err);
}

[[noreturn]] void type_error(const Where& w, std::string_view field, const char* expected, od::value& v) {
    std::string got;
    std::string_view raw = v.raw_json_token();
    {
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
            raw.remove_suffix(1);
        got = " (got " + std::string(detail::utf8_prefix(raw, 30)) + ")";
    }
    fail(ErrorCode::parse, w.str() + ": field \"" + std::string(field) + "\" must be " + expected + got);
}

void duplicate_key(const Where& w, std::string_view within, std::string_view key) {
    const std::string field = within.empty() ? std::string(key) : std::string(within) + "." + std::string(key);
    fail(ErrorCode::parse, w.str() + ": field " + quote(field) + " is given twice (ambiguous: which one counts?)");
}

namespace {

// A key given twice in any object of a kept value is refused, as in the format's own objects.
// `path` is the field path so far ("x_meta.owners[2]"); depth is bounded by the DOM parse.
void check_unique_keys(simdjson::dom::element e, const Where& w, std::string& path) {
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (e.get(object) == simdjson::SUCCESS) {
        std::vector<std::string_view> sorted;
        for (auto field : object) sorted.push_back(field.key);
        std::sort(sorted.begin(), sorted.end());
        const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
        if (twice != sorted.end()) duplicate_key(w, path, *twice);
        for (auto field : object) {
            const std::size_t at = path.size();
            path.append(".").append(field.key);
            check_unique_keys(field.value, w, path);
            path.resize(at);
        }
    } else if (e.get(array) == simdjson::SUCCESS) {
        std::size_t i = 0;
        for (simdjson::dom::element item : array) {
            const std::size_t at = path.size();
            path.append("[").append(std::to_string(i++)).append("]");
            check_unique_keys(item, w, path);
            path.resize(at);
        }
    }
}

// How many arrays and objects nest in a JSON text at the deepest point (strings skipped): the
// value a depth error reports, which simdjson does not give.
std::size_t nesting_of(std::string_view json) noexcept {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

void ExtraKeeper::keep(Extras& extras, std::string_view key, od::value v, const Where& w) {
    std::string_view raw;
    if (simdjson::to_json_string(v).get(raw)) type_error(w, key, "valid JSON", v);
    if (!dom) {
        dom = std::make_unique<simdjson::dom::parser>();
        // The value sits two levels down (an element of a top-level array) or one (the top level).
        if (dom->allocate(std::max<std::size_t>(raw.size(), 4096), max_depth > 2 ? max_depth - 2 : 1))
            fail(ErrorCode::no_memory, "out of memory parsing JSON");
    }
    simdjson::dom::element e;
    if (auto err = dom->parse(raw.data(), raw.size(), true).get(e)) {
        if (err == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory parsing JSON");
        if (err == simdjson::DEPTH_ERROR)
            fail(ErrorCode::limit, w.str() + ": field " + quote(key) + " nests deeper than max_depth (" +
                                       std::to_string(max_depth) + "): its value holds " +
                                       std::to_string(nesting_of(raw)) + " levels of arrays and objects");
        fail(ErrorCode::parse, w.str() + ": field " + quote(key) + " is not valid JSON");
    }
    if (e.is_object() || e.is_array()) {
        std::string path(key);
        check_unique_keys(e, w, path);
    }
    extras.push_back(Extra{std::string(key), simdjson::minify(e)});
}

Cycle read_cycle(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"cycles", i, {}};
    Cycle c;
    bool has_start = false, has_end = false;
    each_field(o, w, [&](std::string_view key, od::value v) {
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
    bool has_id = false, has_title = false, has_cycle = false, has_carried = false;
    each_field(o, w, [&](std::string_view key, od::value v) {
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
        else if (key == "state")
            ob.state = get_enum<RockState>(w, key, v, {{"open", RockState::open}, {"done", RockState::done},
                                                       {"not_done", RockState::not_done}, {"canceled", RockState::canceled}});
        else if (key == "carried_from") ob.carried_from = get_string(w, key, v), has_carried = true;
        else if (key == "reports") {
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "reports[" + std::to_string(j++) + "]";
                od::object ro = get_object(w, f, take(std::move(el)));
                RockReport r;
                bool has_date = false, has_status = false;
                each_field(ro, w, [&](std::string_view rk, od::value rv) {
                    if (rk == "date") r.date = get_date(w, f + ".date", rv), has_date = true;
                    else if (rk == "status")
                        r.status = get_enum<RockReportStatus>(w, f + ".status", rv, {{"on_track", RockReportStatus::on_track},
                                                                                    {"off_track", RockReportStatus::off_track}}),
                        has_status = true;
                    else if (rk == "note") r.note = get_string(w, f + ".note", rv);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(rk));
                }, f);
                if (!has_date) fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + ".date\" is required");
                if (!has_status) fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + ".status\" is required");
                ob.reports.push_back(std::move(r));
            }
        } else xk.keep(ob.extras, key, v, w);
    });
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (!has_title) fail(ErrorCode::invalid_argument, w.str() + ": field \"title\" is required");
    // "" would read as "no cycle" and be dropped when written: it names no cycle.
    if (has_cycle && ob.cycle.empty()) fail(ErrorCode::not_found, w.str() + ": field \"cycle\" names unknown cycle \"\"");
    if (has_carried && ob.carried_from.empty())
        fail(ErrorCode::not_found, w.str() + ": field \"carried_from\" names unknown Rock \"\"");
    return ob;
}

KeyResult read_key_result(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"key_results", i, {}};
    KeyResult k;
    bool has_id = false, has_type = false, has_title = false, has_stages = false;
    each_field(o, w, [&](std::string_view key, od::value v) {
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
                each_field(ao, w, [&](std::string_view ak, od::value av) {
                    if (ak == "score") an.score = get_number(w, f + ".score", av);
                    else if (ak == "value") an.value = get_number(w, f + ".value", av);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(ak));
                }, f);
                if (std::isnan(an.score) || std::isnan(an.value))
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\" needs \"score\" and \"value\"");
                k.anchors.push_back(an);
            }
        } else if (key == "required") k.required = get_number(w, key, v);
        else if (key == "due") k.due = get_date(w, key, v);
        else if (key == "stages") {
            has_stages = true;
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "stages[" + std::to_string(j++) + "]";
                od::object so = get_object(w, f, take(std::move(el)));
                Stage st;
                each_field(so, w, [&](std::string_view sk, od::value sv) {
                    if (sk == "id") st.id = get_string(w, f + ".id", sv);
                    else if (sk == "title") st.title = get_string(w, f + ".title", sv);
                    else if (sk == "weight") st.weight = get_number(w, f + ".weight", sv);
                    else if (sk == "due") st.due = get_date(w, f + ".due", sv);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(sk));
                }, f);
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
    each_field(o, w, [&](std::string_view key, od::value v) {
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

namespace {

Comparison get_comparison(const Where& w, std::string_view field, od::value v) {
    return get_enum<Comparison>(w, field, v, {{">=", Comparison::ge}, {"<=", Comparison::le}, {">", Comparison::gt},
                                              {"<", Comparison::lt}, {"==", Comparison::eq}, {"in_range", Comparison::in_range},
                                              {"not_in_range", Comparison::not_in_range}});
}

// A "goal" value as given: a number, or [low, high].
struct GoalText {
    double goal = nan;
    std::optional<std::pair<double, double>> range;
};

void read_goal_value(const Where& w, const std::string& field, od::value v, GoalText& out) {
    if (type_of(v) == od::json_type::array) {
        double b[2];
        std::size_t j = 0;
        for (auto el : get_array(w, field, v)) {
            if (j >= 2) fail(ErrorCode::parse, w.str() + ": field \"" + field + "\" must be a number or [low, high]");
            b[j++] = get_number(w, field, take(std::move(el)));
        }
        if (j != 2) fail(ErrorCode::parse, w.str() + ": field \"" + field + "\" must be a number or [low, high]");
        out.range = std::pair{b[0], b[1]};
    } else {
        out.goal = get_number(w, field, v);
    }
}

// Checks the goal's form against its comparison ([low, high] goes with the range comparisons,
// a number with the others) and stores it.
void place_goal(const Where& w, const std::string& field, Comparison c, const GoalText& g, double& goal, double& low,
                double& high) {
    const bool ranged = c == Comparison::in_range || c == Comparison::not_in_range;
    if (g.range) {
        if (!ranged)
            fail(ErrorCode::invalid_argument,
                 w.str() + ": field \"" + field + "\": [low, high] goes with \"comparison\": \"in_range\" or \"not_in_range\"");
        low = g.range->first;
        high = g.range->second;
    } else if (ranged) {
        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + field + "\" must be [low, high] for \"" + to_string(c) + "\"");
    } else {
        goal = g.goal;
    }
}

}  // namespace

Kpi read_kpi(od::object o, std::size_t i, ExtraKeeper& xk) {
    Where w{"kpis", i, {}};
    Kpi k;
    bool has_id = false;
    GoalText goal;
    std::vector<GoalText> goals;
    each_field(o, w, [&](std::string_view key, od::value v) {
        if (key == "id") k.id = get_string(w, key, v), has_id = true, w.id = k.id;
        else if (key == "title") k.title = get_string(w, key, v);
        else if (key == "owner") k.owner = get_string(w, key, v);
        else if (key == "team") k.team = get_string(w, key, v);
        else if (key == "unit") k.unit = get_string(w, key, v);
        else if (key == "comparison") k.comparison = get_comparison(w, key, v);
        else if (key == "goal") read_goal_value(w, "goal", v, goal);
        else if (key == "goals") {
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "goals[" + std::to_string(j++) + "]";
                od::object go = get_object(w, f, take(std::move(el)));
                KpiGoal g;
                GoalText gt;
                bool has_from = false, has_goal = false;
                each_field(go, w, [&](std::string_view gk, od::value gv) {
                    if (gk == "from") g.from = get_date(w, f + ".from", gv), has_from = true;
                    else if (gk == "comparison") g.comparison = get_comparison(w, f + ".comparison", gv);
                    else if (gk == "goal") read_goal_value(w, f + ".goal", gv, gt), has_goal = true;
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(gk));
                }, f);
                if (!has_from) fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + ".from\" is required");
                if (g.comparison == Comparison::none)
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + ".comparison\" is required");
                if (!has_goal) fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + ".goal\" is required");
                place_goal(w, f + ".goal", g.comparison, gt, g.goal, g.goal_low, g.goal_high);
                k.goals.push_back(g);
            }
        } else if (key == "frequency")
            k.frequency = get_enum<KpiFrequency>(w, key, v, {{"week", KpiFrequency::week}, {"month", KpiFrequency::month},
                                                             {"quarter", KpiFrequency::quarter}});
        else if (key == "aggregation")
            k.aggregation = get_enum<KpiAggregation>(w, key, v, {{"sum", KpiAggregation::sum}, {"mean", KpiAggregation::mean},
                                                                 {"last", KpiAggregation::last}});
        else if (key == "values") {
            std::size_t j = 0;
            for (auto el : get_array(w, key, v)) {
                const std::string f = "values[" + std::to_string(j++) + "]";
                od::object po = get_object(w, f, take(std::move(el)));
                KpiPoint pt{Date{}, nan};
                bool has_date = false, has_value = false;
                each_field(po, w, [&](std::string_view pk, od::value pv) {
                    if (pk == "date") pt.date = get_date(w, f + ".date", pv), has_date = true;
                    else if (pk == "value") {
                        has_value = true;
                        if (type_of(pv) != od::json_type::null || !pv.is_null()) pt.value = get_number(w, f + ".value", pv);
                    } else
                        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(pk));
                }, f);
                if (!has_date || !has_value)
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\" needs \"date\" and \"value\"");
                k.values.push_back(pt);
            }
        } else xk.keep(k.extras, key, v, w);
    });
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (goal.range || !std::isnan(goal.goal) || k.comparison == Comparison::in_range || k.comparison == Comparison::not_in_range)
        place_goal(w, "goal", k.comparison, goal, k.goal, k.goal_low, k.goal_high);
    return k;
}

void read_checkin(od::object o, std::size_t i, ExtraKeeper& xk, CheckInView& c) {
    Where w{"checkins", i, {}};
    bool has_date = false, has_value = false;
    each_field(o, w, [&](std::string_view key, od::value v) {
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

ScoringPolicy read_policy(od::object o) {
    Where w{"scoring", 0, {}};
    ScoringPolicy p;
    each_field(o, w, [&](std::string_view key, od::value v) {
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

void rethrow_with_context(const Error& e, const char* array, std::size_t i) {
    // Graph messages already name the element by id; add the array position for anonymous ones.
    okr::detail::throw_error(e.code(), std::string(array) + "[" + std::to_string(i) + "]: " + e.what());
}

}  // namespace okr::json
