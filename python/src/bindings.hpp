// Internal to the okr._core binding units (python/src/*.cpp): the includes they share, the
// argument converters more than one unit uses, and the bind_* function of each unit, which
// core.cpp's PYBIND11_MODULE calls in registration order. Not installed.
#pragma once

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <optional>
#include <string>

#include "../../src/memory.hpp"  // the library's huge-page hints, for large outputs
#include "okr/okr.hpp"

namespace py = pybind11;

namespace okr::python {

// ---- shared converters ----

inline okr::Date date_arg(const std::string& s, const char* field) { return okr::Date::parse(s, field); }

inline okr::Date as_of_arg(const std::optional<std::string>& s) {
    return s ? okr::Date::parse(*s, "as_of") : okr::Date::today();
}

// A new 1-D array of n elements, not initialised. The whole 2 MB pages inside a large one are
// asked to be huge pages before anything touches them (numpy asks only from 4 MiB on, so a
// million int32 codes would take a thousand page faults).
template <class T>
py::array_t<T> empty_array(std::size_t n) {
    py::array_t<T> out(static_cast<py::ssize_t>(n));
    okr::detail::advise_huge_pages(out.mutable_data(), n * sizeof(T));
    return out;
}

/// A document okr wrote (valid UTF-8) as a str; a large one is made in memory asked to be huge
/// pages (document_str.cpp).
py::str document_str(const std::string& text);

// ---- the units, in the order core.cpp registers them ----
// A type is registered before any signature that names it; _Graph's methods come from several
// units, each adding its own to the one py::class_ that bind_graph() creates.

void bind_errors(py::module_& m);                                 // errors.cpp: okr::Error → okr.errors
void bind_alignment_types(py::module_& m);                        // alignment.cpp: _AlignmentReport
void bind_correlation(py::module_& m);                            // correlation.cpp: _corr_matrix … _bh
void bind_regression(py::module_& m);                             // regression.cpp: _ols, _partial_corr, _rolling_corr
py::class_<okr::Graph> bind_graph(py::module_& m);                // graph.cpp: _Graph, JSON/CSV I/O, check-ins
void bind_scoring(py::class_<okr::Graph>& graph);                 // scoring.cpp: _score, _scores, _score_vector
void bind_graph_tables(py::class_<okr::Graph>& graph);            // graph.cpp: _nodes, _links, … _cycles
void bind_alignment(py::class_<okr::Graph>& graph);               // alignment.cpp: _alignment, _alignment_tables, _paths
void bind_series(py::class_<okr::Graph>& graph);                  // series.cpp: _kpi_matrix, _kpi_info, _measured_by
void bind_scorecard(py::class_<okr::Graph>& graph);               // scorecard.cpp: _scorecard
void bind_rocks(py::class_<okr::Graph>& graph);                   // rocks.cpp: _rocks, _report_rock, …
void bind_lint(py::module_& m, py::class_<okr::Graph>& graph);    // lint.cpp: _lint, _lint_default_rules, …
void bind_graph_properties(py::class_<okr::Graph>& graph);        // graph.cpp: counts, __contains__, __len__

}  // namespace okr::python
