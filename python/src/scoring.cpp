// okr._core bindings: scoring — Graph._score (one node), Graph._scores (every node, as columns)
// and Graph._score_vector (scores only, into a NumPy array); the GIL is released while scoring.
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>

#include "bindings.hpp"

using namespace okr::python;

namespace {

// The float columns of Graph.scores(), in its order, as the rows of one block: pandas keeps a
// 2-D array as one block without copying, where separate columns would be copied into one.
constexpr const char* kFloatColumns[] = {"score",         "expected",        "forecast", "forecast_low",
                                         "forecast_high", "p_target",        "overachievement", "value"};

py::dict scores_columns(const okr::Scores& s) {
    const std::size_t n = s.nodes.size();
    constexpr std::size_t k = std::size(kFloatColumns);
    py::array_t<double> block({static_cast<py::ssize_t>(k), static_cast<py::ssize_t>(n)});
    auto regressing = empty_array<bool>(n);
    auto status = empty_array<std::uint8_t>(n);
    auto checkins = empty_array<std::uint32_t>(n);
    {
        auto f = block.mutable_unchecked<2>();
        auto r = regressing.mutable_unchecked<1>();
        auto st = status.mutable_unchecked<1>();
        auto ck = checkins.mutable_unchecked<1>();
        for (std::size_t i = 0; i < n; ++i) {
            const okr::NodeScore& x = s.nodes[i];
            const auto j = static_cast<py::ssize_t>(i);
            f(0, j) = x.score;
            f(1, j) = x.expected;
            f(2, j) = x.forecast;
            f(3, j) = x.forecast_low;
            f(4, j) = x.forecast_high;
            f(5, j) = x.p_target;
            f(6, j) = x.overachievement;
            f(7, j) = x.value;
            r(j) = x.regressing;
            st(j) = static_cast<std::uint8_t>(x.status);
            ck(j) = x.checkins;
        }
    }
    py::dict out;
    py::tuple names(k);
    for (std::size_t c = 0; c < k; ++c) {
        names[c] = kFloatColumns[c];
        out[kFloatColumns[c]] = block[py::int_(c)];  // a view of row c
    }
    out["float_block"] = block;
    out["float_names"] = names;
    out["status_code"] = status;
    out["regressing"] = regressing;
    out["checkins"] = checkins;
    return out;
}

}  // namespace

void okr::python::bind_scoring(py::class_<okr::Graph>& graph) {
    graph
        .def(
            "_score",
            [](const okr::Graph& g, const std::string& id, std::optional<std::string> as_of) {
                const okr::NodeScore s = okr::score_node(g, g.at(id), as_of_arg(as_of));
                py::dict d;
                d["score"] = s.score;
                d["expected"] = s.expected;
                d["forecast"] = s.forecast;
                d["forecast_low"] = s.forecast_low;
                d["forecast_high"] = s.forecast_high;
                d["p_target"] = s.p_target;
                d["status"] = okr::to_string(s.status);
                d["overachievement"] = s.overachievement;
                d["regressing"] = s.regressing;
                d["value"] = s.value;
                d["checkins"] = s.checkins;
                return d;
            },
            py::arg("id"), py::arg("as_of") = py::none())
        .def(
            "_scores",
            [](const okr::Graph& g, std::optional<std::string> as_of) {
                const okr::Date d = as_of_arg(as_of);
                okr::Scores s;
                {
                    py::gil_scoped_release release;
                    s = okr::score_all(g, d);
                }
                return scores_columns(s);
            },
            py::arg("as_of") = py::none())
        .def(
            "_score_vector",
            [](const okr::Graph& g, std::optional<std::string> as_of) {
                const okr::Date d = as_of_arg(as_of);
                py::array_t<double> out(static_cast<py::ssize_t>(g.node_count()));
                const std::span<double> view(out.mutable_data(), g.node_count());
                {
                    py::gil_scoped_release release;
                    okr::score_vector(g, d, view);
                }
                return out;
            },
            py::arg("as_of") = py::none());
}
