// JSON interchange, format version 1. Parsing is simdjson (DOM); writing is hand-rolled.
#include "okr/io_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>

#include <simdjson.h>

#include "okr/detail/text.hpp"

namespace okr {

using detail::quote;
namespace dom = simdjson::dom;

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

// Context for messages: "key_results[12] \"kr-x\"".
struct Where {
    const char* array;
    std::size_t index;
    std::string_view id;
    std::string str() const {
        std::string s = std::string(array) + "[" + std::to_string(index) + "]";
        if (!id.empty()) s += " " + quote(id);
        return s;
    }
};

[[noreturn]] void type_error(const Where& w, std::string_view field, const char* expected) {
    fail(ErrorCode::parse, w.str() + ": field \"" + std::string(field) + "\" must be " + expected);
}

std::string get_string(const Where& w, std::string_view field, dom::element v) {
    std::string_view s;
    if (v.get_string().get(s)) type_error(w, field, "a string");
    return std::string(s);
}

double get_number(const Where& w, std::string_view field, dom::element v) {
    double d;
    if (!v.is_number() || v.get_double().get(d)) type_error(w, field, "a number");
    if (!std::isfinite(d)) fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\" must be finite");
    return d;
}

bool get_bool(const Where& w, std::string_view field, dom::element v) {
    bool b;
    if (v.get_bool().get(b)) type_error(w, field, "true or false");
    return b;
}

Date get_date(const Where& w, std::string_view field, dom::element v) {
    std::string_view s;
    if (v.get_string().get(s)) type_error(w, field, "a date string YYYY-MM-DD");
    Date d;
    if (!Date::try_parse(s, d))
        fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\": \"" +
                                              std::string(s.substr(0, 40)) + "\" is not a date (expected YYYY-MM-DD)");
    return d;
}

template <class E>
E get_enum(const Where& w, std::string_view field, dom::element v, std::initializer_list<std::pair<const char*, E>> opts) {
    std::string_view s;
    std::string allowed;
    if (!v.get_string().get(s))
        for (auto& [name, val] : opts)
            if (s == name) return val;
    for (auto& [name, val] : opts) allowed += (allowed.empty() ? "" : "|") + std::string(name);
    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + std::string(field) + "\" must be one of " + allowed +
                                          (s.empty() ? "" : " (got " + quote(s) + ")"));
}

dom::object get_object(const Where& w, std::string_view field, dom::element v) {
    dom::object o;
    if (v.get_object().get(o)) type_error(w, field, "an object");
    return o;
}

dom::array get_array(const Where& w, std::string_view field, dom::element v) {
    dom::array a;
    if (v.get_array().get(a)) type_error(w, field, "an array");
    return a;
}

std::string_view peek_id(dom::object o, std::string_view key = "id") {
    std::string_view s;
    if (o[key].get_string().get(s)) return {};
    return s;
}

void keep_extra(Extras& extras, std::string_view key, dom::element v) {
    extras.push_back(Extra{std::string(key), simdjson::minify(v)});
}

Cycle read_cycle(dom::object o, std::size_t i) {
    Where w{"cycles", i, peek_id(o)};
    Cycle c;
    bool has_start = false, has_end = false;
    for (auto [key, v] : o) {
        if (key == "id") c.id = get_string(w, key, v);
        else if (key == "start") c.start = get_date(w, key, v), has_start = true;
        else if (key == "end") c.end = get_date(w, key, v), has_end = true;
        else keep_extra(c.extras, key, v);
    }
    if (!has_start) fail(ErrorCode::invalid_argument, w.str() + ": field \"start\" is required");
    if (!has_end) fail(ErrorCode::invalid_argument, w.str() + ": field \"end\" is required");
    return c;
}

Objective read_objective(dom::object o, std::size_t i) {
    Where w{"objectives", i, peek_id(o)};
    Objective ob;
    bool has_id = false;
    for (auto [key, v] : o) {
        if (key == "id") ob.id = get_string(w, key, v), has_id = true;
        else if (key == "title") ob.title = get_string(w, key, v);
        else if (key == "owner") ob.owner = get_string(w, key, v);
        else if (key == "team") ob.team = get_string(w, key, v);
        else if (key == "level")
            ob.level = get_enum<Level>(w, key, v, {{"company", Level::company}, {"department", Level::department},
                                                   {"team", Level::team}, {"individual", Level::individual}});
        else if (key == "cycle") ob.cycle = get_string(w, key, v);
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
        else keep_extra(ob.extras, key, v);
    }
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    return ob;
}

KeyResult read_key_result(dom::object o, std::size_t i) {
    Where w{"key_results", i, peek_id(o)};
    KeyResult k;
    bool has_id = false, has_type = false;
    for (auto [key, v] : o) {
        if (key == "id") k.id = get_string(w, key, v), has_id = true;
        else if (key == "objective") k.objective = get_string(w, key, v);
        else if (key == "title") k.title = get_string(w, key, v);
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
            for (dom::element a : get_array(w, key, v)) {
                const std::string f = "anchors[" + std::to_string(j++) + "]";
                dom::object ao = get_object(w, f, a);
                Anchor an{nan, nan};
                for (auto [ak, av] : ao) {
                    if (ak == "score") an.score = get_number(w, f + ".score", av);
                    else if (ak == "value") an.value = get_number(w, f + ".value", av);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(ak));
                }
                if (std::isnan(an.score) || std::isnan(an.value))
                    fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\" needs \"score\" and \"value\"");
                k.anchors.push_back(an);
            }
        } else if (key == "required") k.required = get_number(w, key, v);
        else if (key == "stages") {
            std::size_t j = 0;
            for (dom::element a : get_array(w, key, v)) {
                const std::string f = "stages[" + std::to_string(j++) + "]";
                dom::object so = get_object(w, f, a);
                Stage st;
                for (auto [sk, sv] : so) {
                    if (sk == "id") st.id = get_string(w, f + ".id", sv);
                    else if (sk == "title") st.title = get_string(w, f + ".title", sv);
                    else if (sk == "weight") st.weight = get_number(w, f + ".weight", sv);
                    else fail(ErrorCode::invalid_argument, w.str() + ": field \"" + f + "\": unknown field " + quote(sk));
                }
                k.stages.push_back(std::move(st));
            }
        } else if (key == "threshold") k.threshold = get_number(w, key, v);
        else if (key == "direction")
            k.direction = get_enum<HealthDirection>(
                w, key, v, {{"at_least", HealthDirection::at_least}, {"at_most", HealthDirection::at_most}});
        else if (key == "band") {
            dom::array a = get_array(w, key, v);
            if (a.size() != 2) type_error(w, key, "[low, high]");
            k.band_low = get_number(w, "band", a.at(0).value_unsafe());
            k.band_high = get_number(w, "band", a.at(1).value_unsafe());
        } else if (key == "tolerance") k.tolerance = get_number(w, key, v);
        else if (key == "aggregate")
            k.aggregate = get_enum<Aggregate>(w, key, v, {{"sum", Aggregate::sum}, {"mean", Aggregate::mean},
                                                          {"min", Aggregate::min}, {"max", Aggregate::max}});
        else keep_extra(k.extras, key, v);
    }
    if (!has_id) fail(ErrorCode::invalid_argument, w.str() + ": field \"id\" is required");
    if (!has_type) fail(ErrorCode::invalid_argument, w.str() + ": field \"type\" is required");
    return k;
}

Link read_link(dom::object o, std::size_t i) {
    Where w{"links", i, {}};
    Link l;
    bool has_type = false;
    for (auto [key, v] : o) {
        if (key == "from") l.from = get_string(w, key, v);
        else if (key == "to") l.to = get_string(w, key, v);
        else if (key == "type")
            l.type = get_enum<LinkType>(w, key, v, {{"contributes", LinkType::contributes}, {"depends_on", LinkType::depends_on}}),
            has_type = true;
        else if (key == "weight") l.weight = get_number(w, key, v);
        else keep_extra(l.extras, key, v);
    }
    if (!has_type) fail(ErrorCode::invalid_argument, w.str() + ": field \"type\" is required");
    return l;
}

CheckIn read_checkin(dom::object o, std::size_t i) {
    Where w{"checkins", i, peek_id(o, "key_result")};
    CheckIn c;
    bool has_date = false, has_value = false;
    for (auto [key, v] : o) {
        if (key == "key_result") c.key_result = get_string(w, key, v);
        else if (key == "date") c.date = get_date(w, key, v), has_date = true;
        else if (key == "value") c.value = get_number(w, key, v), has_value = true;
        else if (key == "confidence") {
            if (!v.is_null()) c.confidence = get_number(w, key, v);
        } else if (key == "note") c.note = get_string(w, key, v);
        else if (key == "stage") c.stage = get_string(w, key, v);
        else keep_extra(c.extras, key, v);
    }
    if (!has_date) fail(ErrorCode::invalid_argument, w.str() + ": field \"date\" is required");
    if (!has_value) fail(ErrorCode::invalid_argument, w.str() + ": field \"value\" is required");
    return c;
}

ScoringPolicy read_policy(dom::object o) {
    Where w{"scoring", 0, {}};
    ScoringPolicy p;
    auto unit = [&](std::string_view key, dom::element v) { return get_number(w, key, v); };
    for (auto [key, v] : o) {
        if (key == "status_rule")
            p.status_rule = get_enum<StatusRule>(w, key, v, {{"forecast", StatusRule::forecast}, {"pace", StatusRule::pace}});
        else if (key == "on_track") p.on_track = unit(key, v);
        else if (key == "at_risk") p.at_risk = unit(key, v);
        else if (key == "pace_on_track") p.pace_on_track = unit(key, v);
        else if (key == "pace_at_risk") p.pace_at_risk = unit(key, v);
        else if (key == "clamp") p.clamp = get_bool(w, key, v);
        else if (key == "partial_stages") p.partial_stages = get_bool(w, key, v);
        else if (key == "interval") p.interval = unit(key, v);
        else if (key == "target_score") p.target_score = unit(key, v);
        else if (key == "min_trend_checkins") {
            const double d = get_number(w, key, v);
            if (d != std::floor(d) || d < 3 || d > 1e6)
                fail(ErrorCode::invalid_argument, "scoring: field \"min_trend_checkins\" must be a whole number >= 3");
            p.min_trend_checkins = static_cast<int>(d);
        } else
            // A misspelt policy field would silently change every score: refuse it.
            fail(ErrorCode::invalid_argument, "scoring: unknown field " + quote(key));
    }
    return p;
}

Error with_context(const Error& e, const Where& w) {
    // Graph messages already name the element by id; add the array position for anonymous ones.
    return Error(e.code(), w.str() + ": " + e.what());
}

}  // namespace

Graph load_json(std::string_view text) {
    dom::parser parser;
    dom::element root;
    if (auto err = parser.parse(text.data(), text.size(), true).get(root)) {
        if (err == simdjson::MEMALLOC) fail(ErrorCode::no_memory, "out of memory parsing JSON");
        fail(ErrorCode::parse, text.empty() ? "JSON parse error: empty text" : diagnose(text, err));
    }
    dom::object doc;
    if (root.get_object().get(doc)) fail(ErrorCode::parse, "document: the top level must be a JSON object");

    // Format and version first, so a foreign document gets the right error.
    {
        std::string_view fmt;
        dom::element fv;
        if (doc["format"].get(fv)) fail(ErrorCode::version, "document: field \"format\" is required (\"okr\")");
        if (fv.get_string().get(fmt) || fmt != "okr")
            fail(ErrorCode::version, "document: field \"format\" must be \"okr\"");
        dom::element vv;
        if (doc["version"].get(vv)) fail(ErrorCode::version, "document: field \"version\" is required");
        double ver;
        if (!vv.is_number() || vv.get_double().get(ver) || ver != json_format_version)
            fail(ErrorCode::version, "document: field \"version\": unsupported version " + simdjson::minify(vv) +
                                         " (this library reads version " + std::to_string(json_format_version) + ")");
    }

    Graph g;
    std::optional<dom::array> cycles, objectives, krs, links, checkins;
    dom::object scoring;
    bool has_scoring = false;
    Where top{"document", 0, {}};
    for (auto [key, v] : doc) {
        if (key == "format" || key == "version") continue;
        if (key == "cycles") cycles = get_array(top, key, v);
        else if (key == "objectives") objectives = get_array(top, key, v);
        else if (key == "key_results") krs = get_array(top, key, v);
        else if (key == "links") links = get_array(top, key, v);
        else if (key == "checkins") checkins = get_array(top, key, v);
        else if (key == "scoring") scoring = get_object(top, key, v), has_scoring = true;
        else keep_extra(g.document_extras(), key, v);
    }
    auto objects = [](const std::optional<dom::array>& a, const char* name, auto&& fn) {
        if (!a) return;
        std::size_t i = 0;
        for (dom::element e : *a) {
            dom::object o;
            if (e.get_object().get(o)) fail(ErrorCode::parse, std::string(name) + "[" + std::to_string(i) + "] must be an object");
            fn(o, i);
            ++i;
        }
    };
    const std::size_t n_obj = objectives ? objectives->size() : 0, n_kr = krs ? krs->size() : 0,
                      n_links = links ? links->size() : 0;
    g.reserve(n_obj, n_kr, n_links);
    if (has_scoring) g.set_policy(read_policy(scoring), true);
    objects(cycles, "cycles", [&](dom::object o, std::size_t i) { g.add_cycle(read_cycle(o, i)); });
    objects(objectives, "objectives", [&](dom::object o, std::size_t i) { g.add_objective(read_objective(o, i)); });
    objects(krs, "key_results", [&](dom::object o, std::size_t i) { g.add_key_result(read_key_result(o, i)); });
    std::unordered_set<std::uint64_t> seen[2];
    seen[0].reserve(n_links);
    objects(links, "links", [&](dom::object o, std::size_t i) {
        Link l = read_link(o, i);
        try {
            g.add_link_unchecked(std::move(l));
        } catch (const Error& e) {
            throw with_context(e, Where{"links", i, {}});
        }
        const LinkRecord& r = g.links().back();
        const std::uint64_t key = (static_cast<std::uint64_t>(r.from) << 32) | r.to;
        if (!seen[r.type == LinkType::depends_on].insert(key).second)
            fail(ErrorCode::duplicate, "links[" + std::to_string(i) + "]: duplicate " + to_string(r.type) + " link " +
                                           quote(g.id(r.from)) + " -> " + quote(g.id(r.to)));
    });
    g.check_acyclic();
    // Exports list check-ins grouped by key result: remember the last one looked up.
    std::string last_kr;
    NodeIndex last_v = npos;
    objects(checkins, "checkins", [&](dom::object o, std::size_t i) {
        CheckIn c = read_checkin(o, i);
        try {
            if (last_v == npos || c.key_result != last_kr) {
                last_v = npos;
                const NodeIndex v = c.key_result.empty() ? npos : g.find(c.key_result);
                if (v != npos) {
                    last_kr = c.key_result;
                    last_v = v;
                }
            }
            if (last_v != npos)
                g.check_in(last_v, std::move(c));
            else
                g.check_in(std::move(c));  // reports the missing or empty id
        } catch (const Error& e) {
            throw with_context(e, Where{"checkins", i, {}});
        }
    });
    return g;
}

Graph load_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorCode::not_found, "cannot open " + quote(path));
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_json(ss.str());
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
