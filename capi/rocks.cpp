// C ABI: EOS Rocks — reports and state (okr_graph_report_rock, okr_graph_set_rock_state,
// okr_graph_set_carried_from), the okr_rocks result and completion rates.
#include "okr.h"

#include <memory>
#include <string>

#include "internal.hpp"
#include "okr/rocks.hpp"

using namespace okr::capi;

namespace {

okr::RockState rock_state(const okr_rock_state& s) {  // (by reference: a C caller may pass any int)
    const int v = enum_value(s);
    if (v < OKR_ROCK_OPEN || v > OKR_ROCK_CANCELED)
        throw okr::Error(okr::ErrorCode::invalid_argument,
                         "state: " + std::to_string(v) + " is not an okr_rock_state (open 0, done 1, not_done 2, canceled 3)");
    return static_cast<okr::RockState>(v);
}

okr::RockReportStatus report_status(const okr_rock_report_status& s) {
    const int v = enum_value(s);
    if (v != OKR_REPORT_ON_TRACK && v != OKR_REPORT_OFF_TRACK)
        throw okr::Error(okr::ErrorCode::invalid_argument,
                         "status: " + std::to_string(v) + " is not a report status (on_track 0, off_track 1)");
    return static_cast<okr::RockReportStatus>(v);
}

const char* or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

}  // namespace

extern "C" {

okr_status okr_graph_report_rock(okr_graph* g, const char* rock_id, const char* date, okr_rock_report_status status,
                                 const char* note) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(rock_id);
        OKR_REQUIRE(date);
        okr::RockReport r;
        r.date = okr::Date::parse(date, "date");
        r.status = report_status(status);
        if (note) r.note = note;
        g->graph.report_rock(node_of(g->graph, rock_id), std::move(r));
    });
}

okr_status okr_graph_set_rock_state(okr_graph* g, const char* rock_id, okr_rock_state state) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(rock_id);
        g->graph.set_rock_state(node_of(g->graph, rock_id), rock_state(state));
    });
}

okr_status okr_graph_set_carried_from(okr_graph* g, const char* rock_id, const char* from_id) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(rock_id);
        g->graph.set_carried_from(node_of(g->graph, rock_id), from_id ? from_id : "");
    });
}

okr_status okr_graph_rocks(const okr_graph* g, const char* as_of, okr_rocks** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const okr::Graph& gr = g->graph;
        auto res = std::make_unique<okr_rocks>();
        res->r = okr::rocks(gr, as_of_date(as_of));
        for (const okr::RockRow& row : res->r.rows) {
            res->reported_on.push_back(row.reported_on ? row.reported_on->iso() : std::string());
            auto& ms = res->milestone_text.emplace_back();
            for (const okr::Milestone& m : row.milestones) ms.push_back({gr.id(m.key_result), m.due ? m.due->iso() : std::string()});
        }
        for (const okr::RockFinding& f : res->r.findings) res->finding_codes.push_back(okr::to_string(f.code));
        *out = res.release();
    });
}

void okr_rocks_free(okr_rocks* r) { delete r; }

okr_status okr_rocks_count(const okr_rocks* r, size_t* rocks) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(rocks);
        *rocks = r->r.rows.size();
    });
}

okr_status okr_rocks_row_get(const okr_rocks* r, size_t i, okr_rock_row* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        require_version(out->version, OKR_ROCK_ROW_VERSION, "okr_rock_row", "OKR_ROCK_ROW_INIT");
        const okr::RockRow& row = r->r.rows[at_index(r->r.rows, i, "Rock")];
        out->id = row.id.c_str();
        out->title = row.title.c_str();
        out->owner = row.owner.c_str();
        out->team = row.team.c_str();
        out->cycle = row.cycle.c_str();
        out->state = static_cast<okr_rock_state>(row.state);
        out->status = static_cast<okr_rock_status>(row.status);
        out->reported = row.reported ? static_cast<okr_rock_report_status>(*row.reported) : OKR_REPORT_NONE;
        out->reported_on = or_null(r->reported_on[i]);
        out->score = row.score;
        out->forecast = row.forecast;
        out->milestones_done = row.milestones_done;
        out->milestones_total = static_cast<int>(row.milestones.size());
        out->overdue_milestones = row.overdue_milestones;
        out->carried_from = or_null(row.carried_from);
        out->times_carried = row.times_carried;
    });
}

okr_status okr_rocks_milestone_count(const okr_rocks* r, size_t i, size_t* count) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(count);
        *count = r->r.rows[at_index(r->r.rows, i, "Rock")].milestones.size();
    });
}

okr_status okr_rocks_milestone_get(const okr_rocks* r, size_t i, size_t j, okr_milestone* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        require_version(out->version, OKR_MILESTONE_VERSION, "okr_milestone", "OKR_MILESTONE_INIT");
        const okr::RockRow& row = r->r.rows[at_index(r->r.rows, i, "Rock")];
        const okr::Milestone& m = row.milestones[at_index(row.milestones, j, "milestone")];
        const auto& t = r->milestone_text[i][j];
        out->key_result = t[0].c_str();
        out->title = m.title.c_str();
        out->due = or_null(t[1]);
        out->progress = m.progress;
        out->done = m.done;
        out->overdue = m.overdue;
    });
}

okr_status okr_rocks_finding_count(const okr_rocks* r, size_t* count) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(count);
        *count = r->r.findings.size();
    });
}

okr_status okr_rocks_finding_get(const okr_rocks* r, size_t i, const char** code, const char** subject, const char** milestone,
                                 const char** message) {
    return guarded([&] {
        OKR_REQUIRE(r);
        const okr::RockFinding& f = r->r.findings[at_index(r->r.findings, i, "finding")];
        if (code) *code = r->finding_codes[i].c_str();
        if (subject) *subject = f.subject.c_str();
        if (milestone) *milestone = f.milestone.c_str();
        if (message) *message = f.message.c_str();
    });
}

okr_status okr_rocks_completion(const okr_rocks* r, const char* by, const char* cycle, okr_rock_completion** out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(by);
        OKR_REQUIRE(out);
        const std::string b = by;
        okr::RockGroup group;
        if (b == "owner") group = okr::RockGroup::owner;
        else if (b == "team") group = okr::RockGroup::team;
        else if (b == "company") group = okr::RockGroup::company;
        else throw okr::Error(okr::ErrorCode::invalid_argument, "by: \"" + b + "\" is not owner, team or company");
        auto res = std::make_unique<okr_rock_completion>();
        res->rows = okr::rock_completion(r->r, group, cycle ? cycle : "");
        *out = res.release();
    });
}

void okr_rock_completion_free(okr_rock_completion* c) { delete c; }

okr_status okr_rock_completion_count(const okr_rock_completion* c, size_t* rows) {
    return guarded([&] {
        OKR_REQUIRE(c);
        OKR_REQUIRE(rows);
        *rows = c->rows.size();
    });
}

okr_status okr_rock_completion_get(const okr_rock_completion* c, size_t i, const char** cycle, const char** group, size_t* rocks,
                                   size_t* done, size_t* not_done, size_t* open, size_t* canceled, double* rate) {
    return guarded([&] {
        OKR_REQUIRE(c);
        const okr::RockCompletion& rc = c->rows[at_index(c->rows, i, "row")];
        if (cycle) *cycle = rc.cycle.c_str();
        if (group) *group = rc.group.c_str();
        if (rocks) *rocks = rc.rocks;
        if (done) *done = rc.done;
        if (not_done) *not_done = rc.not_done;
        if (open) *open = rc.open;
        if (canceled) *canceled = rc.canceled;
        if (rate) *rate = rc.rate;
    });
}

}  // extern "C"
