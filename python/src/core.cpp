// okr._core — the private native module behind the `okr` Python package. Conversion and error
// mapping only; the public Python API lives in python/okr/. This unit only creates the module: each
// area binds itself in python/src/<area>.cpp (declared in bindings.hpp), called here in the order
// the types must be registered.
#include "bindings.hpp"

using namespace okr::python;

PYBIND11_MODULE(_core, m) {
    m.doc() = "okr native core (private: use the `okr` package)";
    m.attr("__version__") = OKR_VERSION_STRING;

    bind_errors(m);           // first: every later binding may throw okr::Error
    bind_alignment_types(m);  // _AlignmentReport, before the _Graph methods that take or return it
    bind_correlation(m);
    bind_regression(m);

    m.attr("STATUS_NAMES") = py::make_tuple("no_data", "not_started", "off_track", "at_risk", "on_track", "done", "planned");

    // _Graph is one class; each area adds its methods to it, in this order.
    py::class_<okr::Graph> graph = bind_graph(m);
    bind_scoring(graph);
    bind_graph_tables(graph);
    bind_alignment(graph);
    bind_series(graph);
    bind_scorecard(graph);
    bind_rocks(graph);
    bind_lint(m, graph);
    bind_graph_properties(graph);
}
