// C ABI: the EOS scorecard (okr_graph_scorecard) and the okr_scorecard accessors.
#include "okr.h"

#include <memory>
#include <string>

#include "internal.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/scorecard.hpp"
#include "okr/series.hpp"

using namespace okr::capi;

extern "C" {

void okr_scorecard_options_init(okr_scorecard_options* opts) {
    if (opts) *opts = okr_scorecard_options OKR_SCORECARD_OPTIONS_INIT;
}

okr_status okr_graph_scorecard(const okr_graph* g, const char* as_of, const okr_scorecard_options* opts, okr_scorecard** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        okr::ScorecardOptions o;
        if (opts) {
            require_version(opts->version, OKR_SCORECARD_OPTIONS_VERSION, "okr_scorecard_options", "OKR_SCORECARD_OPTIONS_INIT");
            o.periods = opts->periods;
            if (opts->freq) o.freq = okr::parse_freq(opts->freq);
            if (opts->team) o.team = opts->team;
            if (opts->owner) o.owner = opts->owner;
        }
        const okr::Date d = as_of ? okr::Date::parse(as_of, "as_of") : okr::Date::today();
        auto res = std::make_unique<okr_scorecard>();
        res->sc = okr::scorecard(g->graph, d, o);
        for (const okr::ScorecardRow& r : res->sc.rows) {
            res->ids.push_back(g->graph.kpis()[r.kpi].id);
            res->goals.push_back(okr::goal_text(r.goal));
        }
        for (okr::Date p : res->sc.periods) res->starts.push_back(p.iso());
        *out = res.release();
    });
}

void okr_scorecard_free(okr_scorecard* sc) { delete sc; }

okr_status okr_scorecard_shape(const okr_scorecard* sc, size_t* kpis, size_t* periods) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        if (kpis) *kpis = sc->ids.size();
        if (periods) *periods = sc->starts.size();
    });
}

okr_status okr_scorecard_kpi(const okr_scorecard* sc, size_t i, const char** id) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        OKR_REQUIRE(id);
        *id = sc->ids[at_index(sc->ids, i, "KPI")].c_str();
    });
}

okr_status okr_scorecard_period(const okr_scorecard* sc, size_t j, const char** start) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        OKR_REQUIRE(start);
        *start = sc->starts[at_index(sc->starts, j, "period")].c_str();
    });
}

okr_status okr_scorecard_values(const okr_scorecard* sc, const double** values) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        OKR_REQUIRE(values);
        *values = sc->sc.values.data();
    });
}

okr_status okr_scorecard_on_goal(const okr_scorecard* sc, size_t i, size_t j, int* on_goal) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        OKR_REQUIRE(on_goal);
        const std::size_t r = at_index(sc->ids, i, "KPI"), p = at_index(sc->starts, j, "period");
        *on_goal = static_cast<int>(sc->sc.on_goal[r * sc->starts.size() + p]);
    });
}

okr_status okr_scorecard_row_get(const okr_scorecard* sc, size_t i, okr_scorecard_row* out) {
    return guarded([&] {
        OKR_REQUIRE(sc);
        OKR_REQUIRE(out);
        require_version(out->version, OKR_SCORECARD_ROW_VERSION, "okr_scorecard_row", "OKR_SCORECARD_ROW_INIT");
        const std::size_t r = at_index(sc->ids, i, "KPI");
        const okr::ScorecardRow& row = sc->sc.rows[r];
        out->goal = sc->goals[r].c_str();
        out->avg_4 = row.avg_4;
        out->avg_13 = row.avg_13;
        out->total = row.total;
        out->on_goal_share = row.on_goal_share;
        out->trend = row.trend;
        out->off_goal_streak = row.off_goal_streak;
    });
}

}  // extern "C"
