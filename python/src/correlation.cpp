// okr._core bindings: the correlation engine — correlation matrix, all pairs, lagged correlation,
// leading indicators, bucketing a series by period, effective n and BH q-values (okr.correlation
// wraps these). Conversion only; the GIL is released for the numeric work.
#include <cstdint>
#include <string>
#include <vector>

#include "bindings.hpp"

using namespace okr::python;

namespace {

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

void okr::python::bind_correlation(py::module_& m) {
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
}
