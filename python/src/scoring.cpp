// okr._core bindings: scoring — Graph._score (one node), Graph._scores (every node, as columns)
// and Graph._score_vector (scores only, into a NumPy array); the GIL is released while scoring.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "bindings.hpp"

using namespace okr::python;

namespace {

py::dict scores_columns(const okr::Graph& g, const okr::Scores& s) {
    const std::size_t n = s.nodes.size();
    auto score = empty_array<double>(n), expected = empty_array<double>(n), forecast = empty_array<double>(n),
         flo = empty_array<double>(n), fhi = empty_array<double>(n), ptarget = empty_array<double>(n),
         over = empty_array<double>(n), value = empty_array<double>(n);
    auto regressing = empty_array<bool>(n);
    auto status = empty_array<std::uint8_t>(n);
    auto checkins = empty_array<std::uint32_t>(n);
    {
        auto a = score.mutable_unchecked<1>(), b = expected.mutable_unchecked<1>(), c = forecast.mutable_unchecked<1>(),
             d = flo.mutable_unchecked<1>(), e = fhi.mutable_unchecked<1>(), f = ptarget.mutable_unchecked<1>(),
             h = over.mutable_unchecked<1>(), k = value.mutable_unchecked<1>();
        auto r = regressing.mutable_unchecked<1>();
        auto st = status.mutable_unchecked<1>();
        auto ck = checkins.mutable_unchecked<1>();
        for (std::size_t i = 0; i < n; ++i) {
            const okr::NodeScore& x = s.nodes[i];
            const auto j = static_cast<py::ssize_t>(i);
            a(j) = x.score;
            b(j) = x.expected;
            c(j) = x.forecast;
            d(j) = x.forecast_low;
            e(j) = x.forecast_high;
            f(j) = x.p_target;
            h(j) = x.overachievement;
            k(j) = x.value;
            r(j) = x.regressing;
            st(j) = static_cast<std::uint8_t>(x.status);
            ck(j) = x.checkins;
        }
    }
    (void)g;
    py::dict out;
    out["score"] = score;
    out["expected"] = expected;
    out["forecast"] = forecast;
    out["forecast_low"] = flo;
    out["forecast_high"] = fhi;
    out["p_target"] = ptarget;
    out["status_code"] = status;
    out["overachievement"] = over;
    out["regressing"] = regressing;
    out["value"] = value;
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
                return scores_columns(g, s);
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
