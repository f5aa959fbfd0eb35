// EOS Rocks: computed status, milestones, findings and completion rates (docs/rocks.md).
#include "okr/rocks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include "okr/detail/text.hpp"
#include "okr/scoring.hpp"

namespace okr {

using detail::quote;

const char* to_string(RockStatus s) noexcept {
    switch (s) {
        case RockStatus::planned: return "planned";
        case RockStatus::on_track: return "on_track";
        case RockStatus::off_track: return "off_track";
        case RockStatus::done: return "done";
        case RockStatus::not_done: return "not_done";
        case RockStatus::canceled: return "canceled";
    }
    return "";
}

const char* to_string(RockFindingCode c) noexcept {
    switch (c) {
        case RockFindingCode::rock_status_disputed: return "rock_status_disputed";
        case RockFindingCode::due_outside_cycle: return "due_outside_cycle";
        case RockFindingCode::too_many_rocks: return "too_many_rocks";
    }
    return "";
}

namespace {

// The milestones of key result `kr` as of `as_of`, appended to `out`.
void milestones_of(const Graph& g, NodeIndex kr, Date as_of, std::vector<Milestone>& out) {
    const KeyResult& k = g.key_result(kr);
    if (k.type != KrType::milestone) return;
    const auto cs = g.checkins(kr);
    if (k.stages.empty()) {
        Milestone m;
        m.key_result = kr;
        m.title = k.title.empty() ? k.id : k.title;
        m.due = k.due;
        for (const CheckInRecord& c : cs)
            if (c.date <= as_of) m.progress = c.value;
        out.push_back(std::move(m));
        return;
    }
    const std::size_t first = out.size();
    for (std::size_t s = 0; s < k.stages.size(); ++s) {
        Milestone m;
        m.key_result = kr;
        m.stage = static_cast<std::int32_t>(s);
        m.title = k.stages[s].title.empty() ? k.stages[s].id : k.stages[s].title;
        m.due = k.stages[s].due;
        out.push_back(std::move(m));
    }
    for (const CheckInRecord& c : cs)  // sorted by date: the last one seen wins
        if (c.date <= as_of && c.stage >= 0) out[first + static_cast<std::size_t>(c.stage)].progress = c.value;
}

std::string list_titles(const std::vector<const Milestone*>& ms) {
    std::string s;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (i) s += ", ";
        s += quote(ms[i]->title) + " (due " + ms[i]->due->iso() + ")";
    }
    return s;
}

}  // namespace

Rocks rocks(const Graph& g, Date as_of, const RocksOptions& options) {
    if (options.max_rocks < 1) throw Error(ErrorCode::invalid_argument, "rocks: max_rocks must be >= 1");
    Rocks out;
    out.as_of = as_of;
    for (const Cycle& c : g.cycles()) out.cycles.push_back(c.id);
    std::unordered_map<NodeIndex, std::size_t> row_of;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.kind(v) != NodeKind::objective || g.objective(v).flavor != Flavor::rock) continue;
        row_of.emplace(v, out.rows.size());
        RockRow r;
        r.rock = v;
        out.rows.push_back(std::move(r));
    }
    if (out.rows.empty()) return out;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.kind(v) != NodeKind::key_result) continue;
        const auto it = row_of.find(g.objective_of(v));
        if (it != row_of.end()) milestones_of(g, v, as_of, out.rows[it->second].milestones);
    }
    const Scores scores = score_all(g, as_of);
    // (cycle, owner) → Rocks, for the focus finding.
    std::map<std::pair<int, std::string>, std::vector<NodeIndex>> per_owner;
    for (RockRow& r : out.rows) {
        const Objective& o = g.objective(r.rock);
        const int cyc = g.cycle_of(r.rock);
        const Cycle* cycle = cyc >= 0 ? &g.cycles()[static_cast<std::size_t>(cyc)] : nullptr;
        r.id = o.id;
        r.title = o.title;
        r.owner = o.owner;
        r.team = o.team;
        r.carried_from = o.carried_from;
        if (cycle) {
            r.cycle = cycle->id;
            r.cycle_start = cycle->start;
            r.cycle_end = cycle->end;
        }
        r.state = o.state;
        r.times_carried = g.times_carried(r.rock);
        const NodeScore& ns = scores[r.rock];
        r.score = ns.score;
        r.forecast = ns.forecast;
        for (auto it = o.reports.rbegin(); it != o.reports.rend(); ++it)
            if (it->date <= as_of) {
                r.reported = it->status;
                r.reported_on = it->date;
                break;
            }
        std::vector<const Milestone*> overdue, outside;
        for (Milestone& m : r.milestones) {
            m.done = m.progress >= 1.0;
            m.overdue = m.due && *m.due < as_of && !m.done;
            r.milestones_done += m.done;
            if (m.overdue) overdue.push_back(&m);
            if (m.due && cycle && (*m.due < cycle->start || *m.due > cycle->end)) outside.push_back(&m);
        }
        r.overdue_milestones = static_cast<int>(overdue.size());
        // "Will not finish": the forecast of the Rock's score at the cycle end is below 1 (done).
        // A Rock with no check-in yet has no forecast to speak of: its due dates judge it.
        const bool started = ns.status != Status::not_started && ns.status != Status::no_data;
        const bool short_of_done = started && !std::isnan(ns.forecast) && ns.forecast < 1.0 && ns.score < 1.0;
        switch (o.state) {
            case RockState::done: r.status = RockStatus::done; break;
            case RockState::not_done: r.status = RockStatus::not_done; break;
            case RockState::canceled: r.status = RockStatus::canceled; break;
            case RockState::open:
                if (cycle && as_of < cycle->start) r.status = RockStatus::planned;
                else if (cycle && cycle->end < as_of)  // the quarter is over: done or not done, no partial credit
                    r.status = ns.score >= 1.0 ? RockStatus::done : RockStatus::not_done;
                else if (!overdue.empty() || short_of_done) r.status = RockStatus::off_track;
                else r.status = RockStatus::on_track;
                break;
        }
        const std::string& id = g.id(r.rock);
        // Disputed: reported on track on or after the due date of a milestone that is overdue
        // (a report made before a milestone was due was not contradicted by it).
        std::vector<const Milestone*> contradicted;
        if (r.reported && *r.reported == RockReportStatus::on_track)
            for (const Milestone* m : overdue)
                if (*m->due <= *r.reported_on) contradicted.push_back(m);
        if (o.state == RockState::open && (r.status == RockStatus::on_track || r.status == RockStatus::off_track) &&
            !contradicted.empty()) {
            out.findings.push_back({RockFindingCode::rock_status_disputed, r.rock, id, contradicted[0]->title,
                                    "Rock " + quote(id) + " was reported on track on " + r.reported_on->iso() + ", but " +
                                        (contradicted.size() == 1 ? "milestone " : "milestones ") + list_titles(contradicted) +
                                        (contradicted.size() == 1 ? " was" : " were") + " due by then and " +
                                        (contradicted.size() == 1 ? "is" : "are") + " still not done"});
        }
        for (const Milestone* m : outside)
            out.findings.push_back({RockFindingCode::due_outside_cycle, r.rock, id, m->title,
                                    "Rock " + quote(id) + ": milestone " + quote(m->title) + " is due " + m->due->iso() +
                                        ", outside its cycle " + quote(cycle->id) + " (" + cycle->start.iso() + " to " +
                                        cycle->end.iso() + ")"});
        if (o.state != RockState::canceled) per_owner[{cyc, o.owner}].push_back(r.rock);
    }
    for (const auto& [key, list] : per_owner) {
        if (static_cast<int>(list.size()) <= options.max_rocks || key.second.empty()) continue;
        const std::string cycle_id = key.first >= 0 ? g.cycles()[static_cast<std::size_t>(key.first)].id : std::string();
        out.findings.push_back({RockFindingCode::too_many_rocks, npos, key.second, "",
                                "owner " + quote(key.second) + " has " + std::to_string(list.size()) + " Rocks" +
                                    (cycle_id.empty() ? std::string() : " in cycle " + quote(cycle_id)) + " (at most " +
                                    std::to_string(options.max_rocks) + "; fewer is better)"});
    }
    return out;
}

std::vector<RockCompletion> rock_completion(const Rocks& rocks, RockGroup by, std::string_view cycle) {
    if (!cycle.empty() && std::find(rocks.cycles.begin(), rocks.cycles.end(), cycle) == rocks.cycles.end())
        throw Error(ErrorCode::not_found, "rock_completion: unknown cycle " + quote(std::string(cycle)));
    // Key: (cycle order: start date, Rocks without a cycle last), cycle id, group.
    using Key = std::tuple<bool, std::int32_t, std::string, std::string>;
    std::map<Key, RockCompletion> acc;
    for (const RockRow& r : rocks.rows) {
        if (!cycle.empty() && r.cycle != cycle) continue;
        std::string group = by == RockGroup::owner ? r.owner : by == RockGroup::team ? r.team : "company";
        const bool none = !r.cycle_start;
        const Key key{none, none ? 0 : r.cycle_start->days, r.cycle, group};
        RockCompletion& rc = acc[key];
        if (rc.rocks == 0) {
            rc.cycle = r.cycle;
            rc.group = std::move(group);
        }
        ++rc.rocks;
        switch (r.status) {  // (an open Rock of an ended cycle has status done or not_done)
            case RockStatus::done: ++rc.done; break;
            case RockStatus::not_done: ++rc.not_done; break;
            case RockStatus::canceled: ++rc.canceled; break;
            default: ++rc.open; break;
        }
    }
    std::vector<RockCompletion> out;
    out.reserve(acc.size());
    for (auto& [key, rc] : acc) {
        const std::size_t counted = rc.rocks - rc.canceled;
        rc.rate = counted ? static_cast<double>(rc.done) / static_cast<double>(counted) : nan;
        out.push_back(std::move(rc));
    }
    return out;
}

}  // namespace okr
