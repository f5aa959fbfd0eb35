// okr._core — the private native module behind the `okr` Python package. Conversion and error
// mapping only; the public Python API lives in python/okr/.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <span>
#include <string>

#include "okr/okr.hpp"

namespace py = pybind11;

namespace {

okr::Date date_arg(const std::string& s, const char* field) { return okr::Date::parse(s, field); }

okr::Date as_of_arg(const std::optional<std::string>& s) {
    return s ? okr::Date::parse(*s, "as_of") : okr::Date::today();
}

template <class T>
py::array_t<T> empty_array(std::size_t n) {
    return py::array_t<T>(static_cast<py::ssize_t>(n));
}

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

py::dict node_columns(const okr::Graph& g) {
    const std::size_t n = g.node_count();
    py::list id(n), kind(n), type(n), title(n), owner(n), team(n), level(n), objective(n), cycle(n), unit(n), flavor(n),
        origin(n);
    auto weight = empty_array<double>(n);
    auto w = weight.mutable_unchecked<1>();
    for (okr::NodeIndex v = 0; v < n; ++v) {
        id[v] = g.id(v);
        if (g.kind(v) == okr::NodeKind::objective) {
            const okr::Objective& o = g.objective(v);
            kind[v] = "objective";
            type[v] = "";
            title[v] = o.title;
            owner[v] = o.owner;
            team[v] = o.team;
            level[v] = okr::to_string(o.level);
            objective[v] = "";
            cycle[v] = o.cycle;
            unit[v] = "";
            flavor[v] = okr::to_string(o.flavor);
            origin[v] = okr::to_string(o.origin);
            w(v) = o.weight;
        } else {
            const okr::KeyResult& k = g.key_result(v);
            const okr::Objective& o = g.objective(g.objective_of(v));
            kind[v] = "key_result";
            type[v] = okr::to_string(k.type);
            title[v] = k.title;
            owner[v] = o.owner;
            team[v] = o.team;
            level[v] = okr::to_string(o.level);
            objective[v] = k.objective;
            cycle[v] = o.cycle;
            unit[v] = k.unit;
            flavor[v] = "";
            origin[v] = "";
            w(v) = k.weight;
        }
    }
    py::dict out;
    out["id"] = id;
    out["kind"] = kind;
    out["type"] = type;
    out["title"] = title;
    out["owner"] = owner;
    out["team"] = team;
    out["level"] = level;
    out["objective"] = objective;
    out["cycle"] = cycle;
    out["unit"] = unit;
    out["flavor"] = flavor;
    out["origin"] = origin;
    out["weight"] = weight;
    return out;
}

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

py::dict pair_columns(const std::vector<okr::PairStats>& st) {
    const std::size_t m = st.size();
    auto r = py::array_t<double>(static_cast<py::ssize_t>(m)), p = py::array_t<double>(static_cast<py::ssize_t>(m)),
         lo = py::array_t<double>(static_cast<py::ssize_t>(m)), hi = py::array_t<double>(static_cast<py::ssize_t>(m));
    auto n = py::array_t<std::int64_t>(static_cast<py::ssize_t>(m));
    py::list reason(m);
    auto R = r.mutable_unchecked<1>(), P = p.mutable_unchecked<1>(), L = lo.mutable_unchecked<1>(), H = hi.mutable_unchecked<1>();
    auto N = n.mutable_unchecked<1>();
    for (std::size_t i = 0; i < m; ++i) {
        const auto k = static_cast<py::ssize_t>(i);
        R(k) = st[i].r;
        N(k) = static_cast<std::int64_t>(st[i].n);
        P(k) = st[i].p;
        L(k) = st[i].ci_low;
        H(k) = st[i].ci_high;
        reason[i] = okr::to_string(st[i].reason);
    }
    py::dict d;
    d["r"] = r;
    d["n"] = n;
    d["p"] = p;
    d["ci_low"] = lo;
    d["ci_high"] = hi;
    d["reason"] = reason;
    return d;
}

using ColMatrix = Eigen::Ref<const Eigen::MatrixXd>;

}  // namespace

#include "regression_bindings.inc"

PYBIND11_MODULE(_core, m) {
    m.doc() = "okr native core (private: use the `okr` package)";
    m.attr("__version__") = OKR_VERSION_STRING;

    // okr::Error → the okr.errors class for its code (imported lazily: okr.errors is pure Python).
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const okr::Error& e) {
            py::object cls = py::module_::import("okr.errors").attr("_class_for_code")(static_cast<int>(e.code()));
            PyErr_SetString(cls.ptr(), e.what());
        }
    });

    py::class_<okr::AlignmentReport, std::shared_ptr<okr::AlignmentReport>>(m, "_AlignmentReport")
        .def_property_readonly("as_of", [](const okr::AlignmentReport& r) { return r.as_of.iso(); });

    // ---- correlation engine (the okr.correlation module wraps these) ----
    m.def(
        "_corr_matrix",
        [](ColMatrix data, const std::string& method, int min_periods) {
            const okr::CorrMethod mth = okr::parse_corr_method(method);
            py::gil_scoped_release release;
            return Eigen::MatrixXd(okr::corr_matrix(data, mth, min_periods));
        },
        py::arg("data").noconvert(), py::arg("method"), py::arg("min_periods"));
    m.def(
        "_correlate_all",
        [](ColMatrix data, const std::string& method, int min_periods, double level, const std::string& correction) {
            const okr::CorrMethod mth = okr::parse_corr_method(method);
            const okr::Correction corr = okr::parse_correction(correction);
            okr::PairTable t;
            {
                py::gil_scoped_release release;
                t = okr::correlate_all(data, mth, min_periods, level, corr);
            }
            py::dict d = pair_columns(t.stats);
            d["x"] = py::array_t<std::uint32_t>(static_cast<py::ssize_t>(t.x.size()), t.x.data());
            d["y"] = py::array_t<std::uint32_t>(static_cast<py::ssize_t>(t.y.size()), t.y.data());
            d["q"] = py::array_t<double>(static_cast<py::ssize_t>(t.q.size()), t.q.data());
            return d;
        },
        py::arg("data").noconvert(), py::arg("method"), py::arg("min_periods"), py::arg("level"),
        py::arg("correction") = "fdr_bh");
    m.def(
        "_lagged",
        [](const std::vector<double>& driver, const std::vector<double>& outcome, const std::vector<int>& lags,
           const std::string& method, int min_periods, double level, const std::string& normalization) {
            const okr::CorrMethod mth = okr::parse_corr_method(method);
            okr::LagNormalization norm;
            if (normalization == "pairwise") norm = okr::LagNormalization::pairwise;
            else if (normalization == "ccf") norm = okr::LagNormalization::ccf;
            else throw okr::Error(okr::ErrorCode::invalid_argument, "normalization: \"" + normalization + "\" is not one of pairwise|ccf");
            const auto rows = okr::lagged_correlation(driver, outcome, lags, mth, min_periods, level, norm);
            std::vector<okr::PairStats> st;
            for (const auto& r : rows) st.push_back(r.stats);
            return pair_columns(st);
        },
        py::arg("driver"), py::arg("outcome"), py::arg("lags"), py::arg("method"), py::arg("min_periods"), py::arg("level"),
        py::arg("normalization") = "pairwise");
    m.def(
        "_leading_indicators",
        [](ColMatrix drivers, const std::vector<double>& outcome, const std::vector<std::string>& names,
           const std::string& outcome_name, const std::vector<int>& lags, const std::string& method,
           const std::string& transform, bool adjust, double alpha, double level, int min_periods, const std::string& period,
           const std::string& correction) {
            okr::LeadOptions o;
            o.correction = okr::parse_correction(correction);
            o.lags = lags;
            o.method = okr::parse_corr_method(method);
            o.transform = okr::parse_transform(transform);
            o.adjust = adjust;
            o.alpha = alpha;
            o.level = level;
            o.min_periods = min_periods;
            o.period = period;
            std::vector<okr::LeadRow> rows;
            {
                py::gil_scoped_release release;
                rows = okr::leading_indicators(drivers, outcome, names, outcome_name, o);
            }
            std::vector<okr::PairStats> st;
            const auto m = static_cast<py::ssize_t>(rows.size());
            py::array_t<std::int64_t> driver(m), lag(m);
            py::array_t<double> q(m), n_eff(m), slope(m), slo(m), shi(m);
            py::array_t<bool> trending(m), low(m);
            py::list verdict(rows.size());
            auto D = driver.mutable_unchecked<1>(), L = lag.mutable_unchecked<1>();
            auto Q = q.mutable_unchecked<1>(), NE = n_eff.mutable_unchecked<1>(), S = slope.mutable_unchecked<1>(),
                 SL = slo.mutable_unchecked<1>(), SH = shi.mutable_unchecked<1>();
            auto TR = trending.mutable_unchecked<1>(), LO = low.mutable_unchecked<1>();
            st.reserve(rows.size());
            for (py::ssize_t i = 0; i < m; ++i) {
                const okr::LeadRow& r = rows[static_cast<std::size_t>(i)];
                st.push_back(r.stats);
                D(i) = static_cast<std::int64_t>(r.driver);
                L(i) = r.lag;
                Q(i) = r.q;
                NE(i) = r.n_eff;
                S(i) = r.slope;
                SL(i) = r.slope_low;
                SH(i) = r.slope_high;
                TR(i) = r.trending;
                LO(i) = r.low_confidence;
                verdict[static_cast<std::size_t>(i)] = py::str(r.verdict);
            }
            py::dict d = pair_columns(st);
            d["driver"] = driver;
            d["lag"] = lag;
            d["q"] = q;
            d["n_eff"] = n_eff;
            d["slope"] = slope;
            d["slope_low"] = slo;
            d["slope_high"] = shi;
            d["trending"] = trending;
            d["low_confidence"] = low;
            d["verdict"] = verdict;
            return d;
        },
        py::arg("drivers").noconvert(), py::arg("outcome"), py::arg("names"), py::arg("outcome_name"), py::arg("lags"),
        py::arg("method"), py::arg("transform"), py::arg("adjust"), py::arg("alpha"), py::arg("level"),
        py::arg("min_periods"), py::arg("period"), py::arg("correction") = "fdr_bh");
    m.def(
        "_bucket",
        [](const std::vector<std::int64_t>& days, const std::vector<double>& values, const std::string& freq,
           const std::string& aggregation) {
            if (days.size() != values.size()) throw okr::Error(okr::ErrorCode::invalid_argument, "dates and values differ in length");
            okr::KpiAggregation agg;
            if (aggregation == "sum") agg = okr::KpiAggregation::sum;
            else if (aggregation == "mean") agg = okr::KpiAggregation::mean;
            else if (aggregation == "last") agg = okr::KpiAggregation::last;
            else throw okr::Error(okr::ErrorCode::invalid_argument, "aggregation: \"" + aggregation + "\" is not one of sum|mean|last");
            std::vector<okr::KpiPoint> pts(days.size());
            for (std::size_t i = 0; i < days.size(); ++i) pts[i] = {okr::Date{static_cast<std::int32_t>(days[i])}, values[i]};
            const okr::Bucketed b = okr::bucket(pts, okr::parse_freq(freq), agg);
            std::vector<std::int64_t> out_days;
            for (okr::Date d : b.periods) out_days.push_back(d.days);
            return py::make_tuple(out_days, b.values);
        },
        py::arg("days"), py::arg("values"), py::arg("freq"), py::arg("aggregation"));
    m.def(
        "_freq_alias", [](const std::string& f) { return std::string(okr::to_string(okr::parse_freq(f))); }, py::arg("freq"));
    m.def(
        "_effective_n",
        [](const std::vector<double>& x, const std::vector<double>& y) { return okr::effective_n(x, y); }, py::arg("x"),
        py::arg("y"));
    m.def(
        "_bh",
        [](const std::vector<double>& p) { return okr::bh_qvalues(p); }, py::arg("p"));

    bind_regression(m);

    m.attr("STATUS_NAMES") = py::make_tuple("no_data", "not_started", "off_track", "at_risk", "on_track", "done");

    py::class_<okr::Graph>(m, "_Graph")
        .def(py::init<>())
        .def_static(
            "_loads",
            [](const py::object& text) {
                // Parse the str's UTF-8 form or the bytes where they are (no copy of the text);
                // both are immutable and `text` keeps them alive while the GIL is released.
                std::string_view view;
                if (PyUnicode_Check(text.ptr())) {
                    Py_ssize_t n = 0;
                    const char* p = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
                    if (!p) {
                        PyErr_Clear();
                        throw okr::Error(okr::ErrorCode::parse, "document is not valid UTF-8 (the str holds lone surrogates)");
                    }
                    view = std::string_view(p, static_cast<std::size_t>(n));
                } else if (PyBytes_Check(text.ptr())) {
                    char* p = nullptr;
                    Py_ssize_t n = 0;
                    if (PyBytes_AsStringAndSize(text.ptr(), &p, &n) != 0) throw py::error_already_set();
                    view = std::string_view(p, static_cast<std::size_t>(n));
                } else {
                    throw py::type_error("loads() expects str or bytes");
                }
                py::gil_scoped_release release;
                return okr::load_json(view);
            },
            py::arg("text"))
        .def_static(
            "_load", [](const std::string& path) { return okr::load_json_file(path); }, py::arg("path"),
            py::call_guard<py::gil_scoped_release>())
        .def("_dumps", [](const okr::Graph& g) { return okr::to_json(g); }, py::call_guard<py::gil_scoped_release>())
        .def("_replace", [](okr::Graph& g, okr::Graph& other) { g.swap(other); })
        .def(
            "_check_in",
            [](okr::Graph& g, const std::string& kr, const std::string& date, double value, std::optional<double> confidence,
               std::optional<std::string> note, std::optional<std::string> stage) {
                okr::CheckIn c;
                c.key_result = kr;
                c.date = date_arg(date, "date");
                c.value = value;
                c.confidence = confidence ? *confidence : okr::nan;
                if (confidence && std::isnan(*confidence))
                    throw okr::Error(okr::ErrorCode::invalid_argument, "check-in: field \"confidence\" must be in [0, 1]");
                if (note) c.note = *note;
                if (stage) c.stage = *stage;
                g.check_in(std::move(c));
            },
            py::arg("key_result"), py::arg("date"), py::arg("value"), py::arg("confidence") = py::none(),
            py::arg("note") = py::none(), py::arg("stage") = py::none())
        .def(
            "_check_in_batch",
            [](okr::Graph& g, const std::vector<std::string>& krs, const std::vector<std::string>& dates,
               const std::vector<double>& values, const std::vector<double>& confidence,
               const std::vector<std::optional<std::string>>& notes, const std::vector<std::optional<std::string>>& stages) {
                const std::size_t n = krs.size();
                if (dates.size() != n || values.size() != n || confidence.size() != n || notes.size() != n || stages.size() != n)
                    throw okr::Error(okr::ErrorCode::invalid_argument, "check-in columns differ in length");
                std::vector<okr::CheckIn> batch(n);
                for (std::size_t i = 0; i < n; ++i) {
                    okr::CheckIn& c = batch[i];
                    c.key_result = krs[i];
                    try {
                        c.date = date_arg(dates[i], "date");
                    } catch (const okr::Error& e) {
                        throw okr::Error(e.code(), "check-ins[" + std::to_string(i) + "]: " + e.what());
                    }
                    c.value = values[i];
                    c.confidence = confidence[i];
                    if (notes[i]) c.note = *notes[i];
                    if (stages[i]) c.stage = *stages[i];
                }
                py::gil_scoped_release release;
                g.check_in_batch(std::move(batch));
            })
        .def("_load_checkins_csv", [](okr::Graph& g, const std::string& text) { okr::load_checkins_csv(g, text); },
             py::call_guard<py::gil_scoped_release>())
        .def("_load_scorecard_csv", [](okr::Graph& g, const std::string& text) { okr::load_scorecard_csv(g, text); },
             py::call_guard<py::gil_scoped_release>())
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
            py::arg("as_of") = py::none())
        .def("_nodes", &node_columns)
        .def("_links",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const okr::LinkRecord& l : g.links())
                     out.append(py::make_tuple(g.id(l.from), g.id(l.to), okr::to_string(l.type), l.weight));
                 return out;
             })
        .def("_top_order",
             [](const okr::Graph& g) {
                 // Topological order of the roll-up (children before parents), as ids.
                 py::list out;
                 for (okr::NodeIndex v : g.topology().order) out.append(g.id(v));
                 return out;
             })
        .def("_objective_info",
             [](const okr::Graph& g, const std::string& id) {
                 const okr::Objective& o = g.objective(g.at(id));
                 py::dict d;
                 d["why_now"] = o.why_now;
                 d["progress_source"] = okr::to_string(o.progress_source);
                 return d;
             })
        .def("_cycles",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const okr::Cycle& c : g.cycles()) out.append(py::make_tuple(c.id, c.start.iso(), c.end.iso()));
                 return out;
             })
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
             })
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
                                               k.goal_low, k.goal_high, okr::to_string(k.aggregation), k.values.size()));
                 return out;
             })
        .def("_measured_by",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const auto& m : g.measured_by()) out.append(py::make_tuple(g.id(m.key_result), g.kpis()[m.kpi].id));
                 return out;
             })
        .def_property_readonly("node_count", &okr::Graph::node_count)
        .def_property_readonly("objective_count", &okr::Graph::objective_count)
        .def_property_readonly("key_result_count", &okr::Graph::key_result_count)
        .def_property_readonly("checkin_count", &okr::Graph::checkin_count)
        .def("__contains__", [](const okr::Graph& g, const std::string& id) { return g.find(id) != okr::npos; })
        .def("__len__", &okr::Graph::node_count);
}
