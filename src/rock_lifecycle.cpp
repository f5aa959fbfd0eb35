// Rocks in the model: their lifecycle fields (state, carried_from lineage, the owner's weekly
// reports) and the checks that keep them consistent (docs/rocks.md).
#include <algorithm>
#include <vector>

#include "model_checks.hpp"
#include "okr/model.hpp"

namespace okr {

using namespace model;

const Objective& Graph::rock_at(NodeIndex v, const char* what) const {
    if (v >= nodes_.size()) fail(ErrorCode::not_found, std::string(what) + ": node index out of range");
    const Node& n = nodes_[v];
    if (n.kind != NodeKind::objective || objectives_[n.sub].flavor != Flavor::rock)
        fail(ErrorCode::invalid_argument, std::string(what) + ": " + quote(*n.id) + " is not a Rock (an objective with flavor \"rock\")");
    return objectives_[n.sub];
}

// Checks a Rock's lifecycle fields; `cycle`: index of its cycle or -1; `self`: its node index
// (npos while it is being added).
void Graph::validate_rock(const Objective& o, int cycle, NodeIndex self) const {
    const Who who{Who::named, "objective", &o.id};
    if (o.flavor != Flavor::rock) {
        const char* field = o.state != RockState::open ? "state"
                            : !o.carried_from.empty()  ? "carried_from"
                            : !o.reports.empty()       ? "reports"
                                                       : nullptr;
        if (field)
            fail(ErrorCode::invalid_argument,
                 who + ": field \"" + field + "\" applies to Rocks only (objectives with flavor \"rock\")");
        return;
    }
    if (static_cast<unsigned>(o.state) > static_cast<unsigned>(RockState::canceled))
        fail(ErrorCode::invalid_argument, who + ": field \"state\" must be open, done, not_done or canceled");
    for (std::size_t i = 0; i < o.reports.size(); ++i) {
        const RockReport& r = o.reports[i];
        const std::string field = "reports[" + std::to_string(i) + "]";
        if (static_cast<unsigned>(r.status) > static_cast<unsigned>(RockReportStatus::off_track))
            fail(ErrorCode::invalid_argument, who + ": field \"" + field + ".status\" must be on_track or off_track");
        require_text(r.note, who, (field + ".note").c_str());
    }
    require_text(o.carried_from, who, "carried_from");
    if (o.carried_from.empty()) return;
    const NodeIndex from = find(o.carried_from);
    if (from == npos)
        fail(ErrorCode::not_found, who + ": field \"carried_from\" names unknown Rock " + quote(o.carried_from));
    const Node& fn = nodes_[from];
    if (fn.kind != NodeKind::objective || objectives_[fn.sub].flavor != Flavor::rock)
        fail(ErrorCode::invalid_argument, who + ": field \"carried_from\" names " + quote(o.carried_from) +
                                              ", which is not a Rock (an objective with flavor \"rock\")");
    // The lineage must not come back to this Rock: o → from → ... → o.
    {
        std::vector<std::string> chain{o.id, o.carried_from};
        NodeIndex at = from;
        auto loop = [&] {
            std::string path;
            for (const std::string& c : chain) path += (path.empty() ? "" : " -> ") + quote(c);
            fail(ErrorCode::cycle, who + ": field \"carried_from\" makes the lineage a cycle: " + path);
        };
        for (std::size_t steps = 0; steps <= objectives_.size(); ++steps) {
            if (at == self) loop();  // back at this Rock (whose stored lineage is being replaced)
            const Objective& a = objectives_[nodes_[at].sub];
            if (a.carried_from.empty()) break;
            chain.push_back(a.carried_from);
            if (a.carried_from == o.id) loop();
            at = find(a.carried_from);
            if (at == npos) break;
        }
    }
    const int fc = objective_cycle_[fn.sub];
    if (cycle < 0 || fc < 0)
        fail(ErrorCode::invalid_argument, who + ": field \"carried_from\": both Rocks need a cycle (" +
                                              quote(cycle < 0 ? o.id : o.carried_from) + " has none)");
    const Cycle& mine = cycles_[static_cast<std::size_t>(cycle)];
    const Cycle& theirs = cycles_[static_cast<std::size_t>(fc)];
    if (!(theirs.start < mine.start))
        fail(ErrorCode::invalid_argument, who + ": field \"carried_from\" names Rock " + quote(o.carried_from) + " of cycle " +
                                              quote(theirs.id) + ", which does not start before this Rock's cycle " +
                                              quote(mine.id) + " (a Rock is carried into a later cycle)");
}

void Graph::set_rock_state(NodeIndex rock, RockState state) {
    const Objective& o = rock_at(rock, "set_rock_state");
    if (static_cast<unsigned>(state) > static_cast<unsigned>(RockState::canceled))
        fail(ErrorCode::invalid_argument, "objective " + quote(o.id) + ": field \"state\" must be open, done, not_done or canceled");
    objectives_[nodes_[rock].sub].state = state;
}

void Graph::set_carried_from(NodeIndex rock, std::string from) {
    const Objective& o = rock_at(rock, "set_carried_from");
    Objective probe;
    probe.id = o.id;
    probe.flavor = Flavor::rock;
    probe.carried_from = std::move(from);
    validate_rock(probe, objective_cycle_[nodes_[rock].sub], rock);
    objectives_[nodes_[rock].sub].carried_from = std::move(probe.carried_from);
}

void Graph::report_rock(NodeIndex rock, RockReport report) {
    const Objective& o = rock_at(rock, "report_rock");
    Objective probe;
    probe.id = o.id;
    probe.flavor = Flavor::rock;
    probe.reports.push_back(std::move(report));
    validate_rock(probe, -1, rock);
    std::vector<RockReport>& list = objectives_[nodes_[rock].sub].reports;
    const auto at = std::upper_bound(list.begin(), list.end(), probe.reports[0].date,
                                     [](Date d, const RockReport& r) { return d < r.date; });
    list.insert(at, std::move(probe.reports[0]));
}

int Graph::times_carried(NodeIndex rock) const {
    const Objective* o = &rock_at(rock, "times_carried");
    int n = 0;
    // The lineage is acyclic (checked when set), so the walk ends; the bound is a safeguard.
    while (!o->carried_from.empty() && n <= static_cast<int>(objectives_.size())) {
        const NodeIndex from = find(o->carried_from);
        if (from == npos) break;
        o = &objectives_[nodes_[from].sub];
        ++n;
    }
    return n;
}

}  // namespace okr
