// JSON interchange, format version 1: the writer (hand-rolled; load_json(to_json(g)) equals g).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "../memory.hpp"
#include "okr/detail/text.hpp"
#include "okr/io_json.hpp"

namespace okr::detail {

namespace {

// True for the bytes a JSON string must escape: the quote, the backslash and control characters.
// A table rather than comparisons: the scan below is one load and one branch per byte.
constexpr std::array<bool, 256> needs_escape = [] {
    std::array<bool, 256> t{};
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
    t['"'] = true;
    t['\\'] = true;
    return t;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Bytes that need no escape are appended a run at a time.
    const char* run = s.data();
    const char* const end = s.data() + s.size();
    for (const char* p = run; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (!needs_escape[c]) continue;
        out.append(run, p);
        run = p + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
        }
    }
    out.append(run, end);
    out.push_back('"');
}

}  // namespace okr::detail

namespace okr {

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
    // Before each array item, room for it: a document of hundreds of MB grows onto huge pages
    // (std::string's own growth would take a page fault per 4 KB of it). The room kept is a
    // quarter of the capacity, at most 64 KB, so that a small graph's text stays small.
    void item(bool first_item) {
        if (out.capacity() - out.size() < room()) grow(out.capacity() * 2);
        out += first_item ? "\n" : ",\n";
    }
    std::size_t room() const { return std::min(max_room, out.capacity() / 4); }
    void grow(std::size_t capacity) {
        std::string bigger;
        bigger.reserve(std::max(capacity, out.size() + room()));
        detail::advise_huge_pages(bigger.data(), bigger.capacity());
        bigger.append(out);
        out.swap(bigger);
    }
    static constexpr std::size_t max_room = std::size_t{64} << 10;
};

// "goal": a number, or [low, high] for the range comparisons.
void goal(Writer& w, Comparison c, double goal, double low, double high) {
    if (c == Comparison::in_range || c == Comparison::not_in_range) {
        w.key("goal");
        w.out += "[";
        w.num(low);
        w.out += ",";
        w.num(high);
        w.out += "]";
    } else {
        w.num("goal", goal);
    }
}

}  // namespace

std::string to_json(const Graph& g) {
    Writer w;
    w.grow(256 + g.node_count() * 160 + g.checkin_count() * 64);
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
        if (o.state != RockState::open) w.str("state", to_string(o.state));
        w.opt_str("carried_from", o.carried_from);
        if (!o.reports.empty()) {
            w.key("reports");
            w.out += "[";
            for (std::size_t i = 0; i < o.reports.size(); ++i) {
                if (i) w.out += ",";
                Writer r;
                r.open();
                r.str("date", o.reports[i].date.iso());
                r.str("status", to_string(o.reports[i].status));
                r.opt_str("note", o.reports[i].note);
                r.close();
                w.out += r.out;
            }
            w.out += "]";
        }
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
        if (k.due) w.str("due", k.due->iso());
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
                if (k.stages[i].due) s.str("due", k.stages[i].due->iso());
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
            goal(w, k.comparison, k.goal, k.goal_low, k.goal_high);
        }
        if (!k.goals.empty()) {
            w.array_begin("goals");
            for (std::size_t i = 0; i < k.goals.size(); ++i) {
                const KpiGoal& g = k.goals[i];
                if (i) w.out += ",";
                w.open();
                w.str("from", g.from.iso());
                w.str("comparison", to_string(g.comparison));
                goal(w, g.comparison, g.goal, g.goal_low, g.goal_high);
                w.close();
            }
            w.out += "]";
        }
        if (k.frequency != KpiFrequency::week) w.str("frequency", to_string(k.frequency));
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
