// okr._core bindings: the EOS scorecard — Graph._scorecard (okr::scorecard as plain arrays and rows;
// okr.Scorecard in python/okr/scorecard.py builds the DataFrames).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "okr/scorecard.hpp"

using namespace okr::python;

void okr::python::bind_scorecard(py::class_<okr::Graph>& graph) {
    graph.def(
        "_scorecard",
        [](const okr::Graph& g, const std::optional<std::string>& as_of, int periods, const std::optional<std::string>& freq,
           const std::string& team, const std::string& owner) {
            okr::ScorecardOptions o;
            o.periods = periods;
            if (freq) o.freq = okr::parse_freq(*freq);
            o.team = team;
            o.owner = owner;
            const okr::Date d = as_of_arg(as_of);
            okr::Scorecard sc;
            {
                py::gil_scoped_release release;
                sc = okr::scorecard(g, d, o);
            }
            const std::size_t np = sc.periods.size(), nr = sc.rows.size();
            std::vector<std::int64_t> days;
            for (okr::Date p : sc.periods) days.push_back(p.days);
            py::array_t<double> values({nr, np});
            py::array_t<std::int8_t> on_goal({nr, np});
            std::copy(sc.values.begin(), sc.values.end(), values.mutable_data());
            for (std::size_t i = 0; i < sc.on_goal.size(); ++i) on_goal.mutable_data()[i] = static_cast<std::int8_t>(sc.on_goal[i]);
            py::list rows;
            for (const okr::ScorecardRow& r : sc.rows) {
                const okr::Kpi& k = g.kpis()[r.kpi];
                rows.append(py::make_tuple(k.id, k.title, k.owner, k.team, k.unit, okr::goal_text(r.goal), r.avg_4, r.avg_13,
                                           r.total, r.on_goal_share, r.trend, r.off_goal_streak, okr::to_string(k.aggregation)));
            }
            return py::make_tuple(okr::to_string(sc.freq), days, values, on_goal, rows);
        },
        py::arg("as_of"), py::arg("periods"), py::arg("freq"), py::arg("team"), py::arg("owner"));
}
