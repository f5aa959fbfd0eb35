// C ABI: correlation (matrix, pair, lagged, partial, rolling, all pairs), BH q-values, leading indicators.
#include "okr.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "internal.hpp"
#include "okr/correlation.hpp"
#include "okr/error.hpp"
#include "okr/regression.hpp"

using namespace okr::capi;

namespace {

okr::CorrMethod corr_method(const okr_corr_method& method) {
    const int m = enum_value(method);
    switch (m) {
        case OKR_CORR_PEARSON: return okr::CorrMethod::pearson;
        case OKR_CORR_SPEARMAN: return okr::CorrMethod::spearman;
        case OKR_CORR_KENDALL: return okr::CorrMethod::kendall;
    }
    throw okr::Error(okr::ErrorCode::invalid_argument, "method: unknown okr_corr_method " + std::to_string(m));
}

void fill(okr_pair_stats* out, const okr::PairStats& s) {
    require_version(out->version, OKR_PAIR_STATS_VERSION, "okr_pair_stats", "OKR_PAIR_STATS_INIT");
    out->r = s.r;
    out->n = s.n;
    out->p = s.p;
    out->ci_low = s.ci_low;
    out->ci_high = s.ci_high;
    out->reason = static_cast<int>(s.reason);
}

okr::LeadOptions lead_options(const okr_lead_options* opts) {
    okr::LeadOptions o;
    if (!opts) return o;
    require_version(opts->version, OKR_LEAD_OPTIONS_VERSION, "okr_lead_options", "OKR_LEAD_OPTIONS_INIT");
    if (opts->nlags) {
        if (!opts->lags) null_arg("opts->lags");
        o.lags.assign(opts->lags, opts->lags + opts->nlags);
    }
    o.method = corr_method(opts->method);
    const int tr = enum_value(opts->transform);
    if (tr < 0 || tr > 2) throw okr::Error(okr::ErrorCode::invalid_argument, "transform: unknown okr_transform " + std::to_string(tr));
    o.transform = static_cast<okr::Transform>(tr);
    o.adjust = opts->adjust != 0;
    o.alpha = opts->alpha;
    o.level = opts->level;
    o.min_periods = opts->min_periods;
    if (opts->period) o.period = opts->period;
    if (opts->version >= 2) {
        const int c = enum_value(opts->correction);
        if (c < 0 || c > 1) throw okr::Error(okr::ErrorCode::invalid_argument, "correction: unknown okr_correction " + std::to_string(c));
        o.correction = static_cast<okr::Correction>(c);
    }
    return o;
}

}  // namespace

extern "C" {

okr_status okr_corr_matrix(const double* data, size_t rows, size_t cols, okr_corr_method method, int min_periods, double* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(data, rows, cols, "data");
        check_matrix(out, cols, cols, "out");
        const auto m = corr_method(method);
        const Eigen::Map<const Eigen::MatrixXd> d(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        const Eigen::MatrixXd r = okr::corr_matrix(d, m, min_periods);
        std::copy(r.data(), r.data() + r.size(), out);
    });
}

okr_status okr_correlate_pair(const double* x, const double* y, size_t n, okr_corr_method method, int min_periods, double level,
                              okr_pair_stats* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        if (n && !x) null_arg("x");
        if (n && !y) null_arg("y");
        const okr::PairStats s = okr::correlate_pair({x, n}, {y, n}, corr_method(method), min_periods, level);
        fill(out, s);
    });
}

okr_status okr_lagged_correlation(const double* driver, const double* outcome, size_t n, const int* lags, size_t nlags,
                                  okr_corr_method method, int min_periods, double level, okr_pair_stats* out) {
    return okr_lagged_correlation_ex(driver, outcome, n, lags, nlags, method, min_periods, level, OKR_LAG_PAIRWISE, out);
}

okr_status okr_lagged_correlation_ex(const double* driver, const double* outcome, size_t n, const int* lags, size_t nlags,
                                     okr_corr_method method, int min_periods, double level, okr_lag_normalization normalization,
                                     okr_pair_stats* out) {
    return guarded([&] {
        if (n && !driver) null_arg("driver");
        if (n && !outcome) null_arg("outcome");
        if (nlags && !lags) null_arg("lags");
        if (nlags && !out) null_arg("out");
        const int nv = enum_value(normalization);
        if (nv != OKR_LAG_PAIRWISE && nv != OKR_LAG_CCF)
            throw okr::Error(okr::ErrorCode::invalid_argument, "normalization: unknown okr_lag_normalization " + std::to_string(nv));
        const auto norm = nv == OKR_LAG_CCF ? okr::LagNormalization::ccf : okr::LagNormalization::pairwise;
        const auto rows = okr::lagged_correlation({driver, n}, {outcome, n}, {lags, nlags}, corr_method(method), min_periods, level, norm);
        for (std::size_t i = 0; i < nlags; ++i)
            if (out[i].version < 1 || out[i].version > OKR_PAIR_STATS_VERSION)
                throw okr::Error(okr::ErrorCode::version, "okr_pair_stats out[" + std::to_string(i) + "]: unknown version");
        for (std::size_t i = 0; i < nlags; ++i) fill(&out[i], rows[i].stats);
    });
}

okr_status okr_bh_qvalues(const double* p, size_t n, double* q) {
    return guarded([&] {
        if (n && !p) null_arg("p");
        if (n && !q) null_arg("q");
        const auto r = okr::bh_qvalues({p, n});
        std::copy(r.begin(), r.end(), q);
    });
}

void okr_lead_options_init(okr_lead_options* opts) {
    if (opts) *opts = okr_lead_options OKR_LEAD_OPTIONS_INIT;
}

okr_status okr_leading_indicators(const double* drivers, size_t rows, size_t cols, const double* outcome,
                                  const char* const* names, const char* outcome_name, const okr_lead_options* opts,
                                  okr_lead_result** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(drivers, rows, cols, "drivers");
        check_matrix(outcome, rows, 1, "outcome");
        const okr::LeadOptions o = lead_options(opts);
        auto res = std::make_unique<okr_lead_result>();
        for (std::size_t j = 0; j < cols; ++j) {
            if (names && !names[j]) null_arg("names[j]");
            res->names.emplace_back(names ? std::string(names[j]) : "x" + std::to_string(j));
        }
        const Eigen::Map<const Eigen::MatrixXd> d(drivers, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        res->rows = okr::leading_indicators(d, {outcome, rows}, res->names, outcome_name ? outcome_name : "outcome", o);
        *out = res.release();
    });
}

void okr_lead_result_free(okr_lead_result* r) { delete r; }

okr_status okr_lead_result_count(const okr_lead_result* r, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        *out = r->rows.size();
    });
}

okr_status okr_lead_result_get(const okr_lead_result* r, size_t i, okr_lead_row* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        require_version(out->version, OKR_LEAD_ROW_VERSION, "okr_lead_row", "OKR_LEAD_ROW_INIT");
        const okr::LeadRow& row = r->rows[at_index(r->rows, i, "row")];
        fill(&out->stats, row.stats);
        out->driver = row.driver;
        out->name = r->names[row.driver].c_str();
        out->lag = row.lag;
        out->q = row.q;
        out->n_eff = row.n_eff;
        out->slope = row.slope;
        out->slope_low = row.slope_low;
        out->slope_high = row.slope_high;
        out->trending = row.trending ? 1 : 0;
        out->low_confidence = row.low_confidence ? 1 : 0;
        out->verdict = row.verdict.c_str();
    });
}

okr_status okr_graph_leading_indicators(const okr_graph* g, const char* outcome, const char* const* drivers, size_t n_drivers,
                                        const char* freq, const okr_lead_options* opts, okr_lead_result** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(outcome);
        OKR_REQUIRE(out);
        if (n_drivers && !drivers) null_arg("drivers");
        std::vector<std::string> ds;
        for (std::size_t i = 0; i < n_drivers; ++i) {
            if (!drivers[i]) null_arg("drivers[i]");
            ds.emplace_back(drivers[i]);
        }
        const okr::LeadOptions o = lead_options(opts);
        auto res = std::make_unique<okr_lead_result>();
        res->rows = okr::leading_indicators(g->graph, outcome, ds, freq ? freq : "W", o, res->names);
        *out = res.release();
    });
}

okr_status okr_partial_correlation(const double* x, const double* y, size_t n, const double* covariates, size_t k,
                                   okr_corr_method method, int min_periods, double level, okr_pair_stats* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(x, n, 1, "x");
        check_matrix(y, n, 1, "y");
        check_matrix(covariates, n, k, "covariates");
        const Eigen::Map<const Eigen::MatrixXd> c(k ? covariates : nullptr, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
        fill(out, okr::partial_correlation({x, n}, {y, n}, c, corr_method(method), min_periods, level));
    });
}

okr_status okr_rolling_correlation(const double* x, const double* y, size_t n, int window, int min_periods, double* out) {
    return guarded([&] {
        if (n && !x) null_arg("x");
        if (n && !y) null_arg("y");
        if (n && !out) null_arg("out");
        const Eigen::VectorXd r = okr::rolling_correlation({x, n}, {y, n}, window, min_periods);
        std::copy(r.data(), r.data() + r.size(), out);
    });
}

okr_status okr_correlate_all(const double* data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                             double level, okr_correction correction, okr_pair_table** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(data, rows, cols, "data");
        const int c = enum_value(correction);
        if (c < 0 || c > 1) throw okr::Error(okr::ErrorCode::invalid_argument, "correction: unknown okr_correction " + std::to_string(c));
        const Eigen::Map<const Eigen::MatrixXd> d(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        auto res = std::make_unique<okr_pair_table>();
        res->t = okr::correlate_all(d, corr_method(method), min_periods, level, static_cast<okr::Correction>(c));
        *out = res.release();
    });
}

void okr_pair_table_free(okr_pair_table* t) { delete t; }

okr_status okr_pair_table_count(const okr_pair_table* t, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(t);
        OKR_REQUIRE(out);
        *out = t->t.stats.size();
    });
}

okr_status okr_pair_table_get(const okr_pair_table* t, size_t i, size_t* x, size_t* y, okr_pair_stats* stats, double* q) {
    return guarded([&] {
        OKR_REQUIRE(t);
        at_index(t->t.stats, i, "pair");
        if (stats) fill(stats, t->t.stats[i]);
        if (x) *x = t->t.x[i];
        if (y) *y = t->t.y[i];
        if (q) *q = t->t.q[i];
    });
}

}  // extern "C"
