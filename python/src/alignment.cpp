// okr._core bindings: alignment — the _AlignmentReport handle, Graph._alignment, its tables as
// plain columns, and Graph._paths (okr.alignment and okr.Graph wrap these).
#include <memory>
#include <string>

#include "bindings.hpp"

using namespace okr::python;

namespace {

// Every table of an alignment report as plain columns (the Python layer makes DataFrames).
py::dict alignment_tables(const okr::Graph& g, const okr::AlignmentReport& r) {
    py::dict out;
    py::list top;
    for (okr::NodeIndex v : r.top) top.append(g.id(v));
    out["top"] = top;
    py::list dep_ids, dep_values;
    for (okr::NodeIndex v = 0; v < g.node_count(); ++v)
        if (g.kind(v) == okr::NodeKind::objective) {
            dep_ids.append(g.id(v));
            dep_values.append(r.depth[v]);
        }
    out["depth"] = py::make_tuple(dep_ids, dep_values);
    py::list orphans;
    for (okr::NodeIndex v : r.orphans) orphans.append(g.id(v));
    out["orphans"] = orphans;
    py::list cov;
    for (const okr::Coverage& c : r.coverage) cov.append(py::make_tuple(c.group_by, c.group, c.objectives, c.aligned, c.share));
    out["coverage"] = cov;
    const std::size_t m = r.contributions.size();
    py::list ctop(m), cnode(m);
    auto cval = py::array_t<double>(static_cast<py::ssize_t>(m));
    auto cv = cval.mutable_unchecked<1>();
    for (std::size_t i = 0; i < m; ++i) {
        ctop[i] = g.id(r.contributions[i].top);
        cnode[i] = g.id(r.contributions[i].node);
        cv(static_cast<py::ssize_t>(i)) = r.contributions[i].value;
    }
    out["contributions"] = py::make_tuple(ctop, cnode, cval);
    py::list tc;
    for (std::size_t i = 0; i < r.top.size(); ++i)
        for (const auto& [v, w] : r.top_contributors[i]) tc.append(py::make_tuple(g.id(r.top[i]), g.id(v), w));
    out["top_contributors"] = tc;
    py::list f;
    for (const okr::Finding& x : r.findings)
        f.append(py::make_tuple(okr::to_string(x.code), x.subject, x.node == okr::npos ? std::string() : g.id(x.node), x.message));
    out["findings"] = f;
    py::list deps;
    for (const okr::TeamDependency& d : r.dependencies) deps.append(py::make_tuple(d.from, d.to, d.links, d.reciprocated));
    out["dependencies"] = deps;
    py::list cycles;
    for (const auto& c : r.dependency_cycles) cycles.append(py::cast(c));
    out["dependency_cycles"] = cycles;
    py::list cen;
    for (const okr::TeamCentrality& c : r.centrality) cen.append(py::make_tuple(c.team, c.dependents, c.links_in, c.betweenness));
    out["centrality"] = cen;
    py::list ex;
    for (const okr::Exposure& e : r.exposure) {
        py::list off;
        for (const auto& [v, w] : e.offenders) off.append(g.id(v));
        ex.append(py::make_tuple(g.id(e.top), e.at_risk_share, e.inputs, off));
    }
    out["exposure"] = ex;
    return out;
}

}  // namespace

void okr::python::bind_alignment_types(py::module_& m) {
    py::class_<okr::AlignmentReport, std::shared_ptr<okr::AlignmentReport>>(m, "_AlignmentReport")
        .def_property_readonly("as_of", [](const okr::AlignmentReport& r) { return r.as_of.iso(); });
}

void okr::python::bind_alignment(py::class_<okr::Graph>& graph) {
    graph
        .def(
            "_alignment",
            [](const okr::Graph& g, std::optional<std::string> as_of, int max_objectives, int min_key_results,
               int max_key_results, double min_bottom_up_share, int top_k) {
                okr::AlignmentOptions o;
                o.max_objectives = max_objectives;
                o.min_key_results = min_key_results;
                o.max_key_results = max_key_results;
                o.min_bottom_up_share = min_bottom_up_share;
                o.top_k = top_k;
                const okr::Date d = as_of_arg(as_of);
                std::shared_ptr<okr::AlignmentReport> r;
                {
                    py::gil_scoped_release release;
                    r = std::make_shared<okr::AlignmentReport>(okr::alignment(g, o, d));
                }
                return r;
            },
            py::arg("as_of"), py::arg("max_objectives"), py::arg("min_key_results"), py::arg("max_key_results"),
            py::arg("min_bottom_up_share"), py::arg("top_k"))
        .def("_alignment_tables", &alignment_tables)
        .def("_paths",
             [](const okr::Graph& g, const okr::AlignmentReport& r, const std::string& id, int max_paths) {
                 py::list out;
                 for (const auto& path : okr::paths_to_top(g, r, g.at(id), max_paths)) {
                     py::list p;
                     for (okr::NodeIndex v : path) p.append(g.id(v));
                     out.append(p);
                 }
                 return out;
             });
}
