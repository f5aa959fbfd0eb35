// okr._core bindings: KPI series — Graph._kpi_matrix (every KPI bucketed by period), Graph._kpi_info
// and Graph._measured_by (which KPI measures which key result).
#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"

using namespace okr::python;

void okr::python::bind_series(py::class_<okr::Graph>& graph) {
    graph
        .def("_kpi_matrix",
             [](const okr::Graph& g, const std::string& freq) {
                 const okr::Freq f = okr::parse_freq(freq);
                 okr::KpiMatrix m;
                 {
                     py::gil_scoped_release release;
                     m = okr::kpi_matrix(g, f);
                 }
                 std::vector<std::int64_t> days;
                 for (okr::Date d : m.periods) days.push_back(d.days);
                 return py::make_tuple(days, m.ids, Eigen::MatrixXd(m.values));
             })
        .def("_kpi_info",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const okr::Kpi& k : g.kpis())
                     out.append(py::make_tuple(k.id, k.title, k.owner, k.team, k.unit, okr::to_string(k.comparison), k.goal,
                                               k.goal_low, k.goal_high, okr::to_string(k.aggregation), k.values.size(),
                                               okr::to_string(k.frequency), k.goals.size()));
                 return out;
             })
        .def("_measured_by",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const auto& m : g.measured_by()) out.append(py::make_tuple(g.id(m.key_result), g.kpis()[m.kpi].id));
                 return out;
             });
}
