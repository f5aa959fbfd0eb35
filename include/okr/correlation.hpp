// okr — correlation engine: which leading indicator moves which outcome (docs/correlation.md).
//
// Series are columns of a matrix (rows = periods, NaN = missing). ±Inf is a data error
// (ErrorCode::invalid_argument naming the column and row), never silently dropped.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "okr/model.hpp"

namespace okr {

enum class CorrMethod : std::uint8_t { pearson, spearman, kendall };
const char* to_string(CorrMethod) noexcept;
/// Parses "pearson" | "spearman" | "kendall"; throws invalid_argument otherwise.
CorrMethod parse_corr_method(std::string_view name);

/// Why a correlation is NaN.
enum class CorrReason : std::uint8_t {
    ok = 0,
    too_few = 1,   ///< fewer than min_periods pairwise-complete observations
    constant = 2,  ///< one of the series is constant over the paired observations
};
const char* to_string(CorrReason) noexcept;

/// One correlation with its significance.
struct PairStats {
    double r = nan;        ///< in [-1, 1]
    std::size_t n = 0;     ///< pairwise-complete observations used
    double p = nan;        ///< two-sided p-value (see docs/correlation.md for each method)
    double ci_low = nan;   ///< Fisher-z confidence interval at the requested level
    double ci_high = nan;
    CorrReason reason = CorrReason::ok;
};

/// Correlation of two equally long series on their pairwise-complete observations.
/// `level` in (0, 1); `min_periods` >= 2 (Kendall: >= 2, CI needs n >= 5).
PairStats correlate_pair(std::span<const double> x, std::span<const double> y, CorrMethod method, int min_periods = 3,
                         double level = 0.95);

/// Square, exactly symmetric matrix of r over the columns of `data` (NaN where too few pairs or a
/// constant series; the diagonal is 1 for a series with >= min_periods values that is not
/// constant, NaN otherwise), as pandas.DataFrame.corr does.
Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods = 3);

/// Multiple-testing correction across every test of one call.
enum class Correction : std::uint8_t {
    fdr_bh,      ///< Benjamini–Hochberg false discovery rate (q-values)
    bonferroni,  ///< min(1, m · p)
};
Correction parse_correction(std::string_view name);  ///< "fdr_bh" | "bonferroni"
/// Adjusted p-values (NaN stays NaN and is not counted in m).
std::vector<double> adjust_pvalues(std::span<const double> p, Correction c);

/// Every unordered pair of columns (i < j, row-major order of the upper triangle).
struct PairTable {
    std::vector<std::uint32_t> x, y;
    std::vector<PairStats> stats;
    std::vector<double> q;  ///< adjusted p-values (Benjamini–Hochberg by default) across all pairs
};
PairTable correlate_all(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods = 3,
                        double level = 0.95, Correction correction = Correction::fdr_bh);

/// `okr::correlate`, the C++ spelling of Python's `okr.correlate`: every unordered pair of
/// columns with r, n, p, interval and q (= correlate_all).
inline PairTable correlate(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method = CorrMethod::pearson,
                           int min_periods = 3, double level = 0.95, Correction correction = Correction::fdr_bh) {
    return correlate_all(data, method, min_periods, level, correction);
}
/// One pair of series (= correlate_pair).
inline PairStats correlate(std::span<const double> x, std::span<const double> y, CorrMethod method = CorrMethod::pearson,
                           int min_periods = 3, double level = 0.95) {
    return correlate_pair(x, y, method, min_periods, level);
}

/// Lagged correlation. Lag k > 0 means the driver leads: driver at t − k against outcome at t.
/// r at each lag is the ordinary correlation of the overlapping, pairwise-complete pairs.
struct LagStats {
    int lag;
    PairStats stats;
};
/// `ccf`: instead of r on the overlapping pairs, statsmodels' `ccf(outcome, driver, adjusted=True)`
/// normalisation — the lag-k cross-covariance with full-sample means over n − |k|, divided by the
/// full-sample standard deviations. It can exceed 1 and misplaces short lags; offered for
/// comparison only. Needs complete series (NaN is an error) and method pearson; p and the interval
/// use n − |k| pairs.
enum class LagNormalization : std::uint8_t { pairwise, ccf };
std::vector<LagStats> lagged_correlation(std::span<const double> driver, std::span<const double> outcome,
                                         std::span<const int> lags, CorrMethod method, int min_periods = 3,
                                         double level = 0.95, LagNormalization normalization = LagNormalization::pairwise);

enum class Transform : std::uint8_t {
    none,
    diff,     ///< first differences x[t] − x[t−1]
    detrend,  ///< residuals of a least-squares line through (t, x[t])
};
Transform parse_transform(std::string_view name);  ///< "" / "none" | "diff" | "detrend"

/// Applies a transform (NaN stays missing: a difference touching a NaN is NaN).
std::vector<double> transform_series(std::span<const double> x, Transform t);

/// Effective number of pairs for the correlation of two autocorrelated series (modified Chelton
/// estimator, Pyper & Peterman 1998): 1/n_eff = 1/n + (2/n) Σ_{j=1}^{⌊n/5⌋} ((n−j)/n) ρ_xx(j) ρ_yy(j),
/// over the pairwise-complete periods (ρ: sample autocorrelations over periods present at t and
/// t + j). Clamped to [2, n]. `x` and `y` are aligned period by period (NaN = missing).
double effective_n(std::span<const double> x, std::span<const double> y);

struct LeadOptions {
    std::vector<int> lags{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    CorrMethod method = CorrMethod::spearman;
    Transform transform = Transform::none;
    bool adjust = true;   ///< p-values and intervals use n_eff instead of n
    double alpha = 0.05;  ///< q below which the verdict says "leads"
    double level = 0.95;  ///< confidence level of the intervals
    int min_periods = 3;
    std::string period = "period";  ///< unit named in the verdict ("week", ...)
    double trend_threshold = 0.5;   ///< |Spearman ρ with time| of a raw series that flags `trending`
    Correction correction = Correction::fdr_bh;  ///< across every driver × lag
};

/// One row per driver: its best lag (smallest q, then largest |r|, then smallest |lag|).
struct LeadRow {
    std::size_t driver;  ///< column index
    int lag;
    PairStats stats;     ///< p and CI use n_eff when adjust is on
    double q = nan;      ///< Benjamini–Hochberg across every driver × lag tested
    double n_eff = nan;
    double slope = nan;  ///< least squares: outcome units per driver unit (transformed series)
    double slope_low = nan;
    double slope_high = nan;
    bool trending = false;        ///< the raw driver or outcome trends strongly
    bool low_confidence = false;  ///< fewer than 20 pairs
    std::string verdict;
};

/// Scans every driver (column) against the outcome at every lag. Rows are sorted by q, then |r|.
std::vector<LeadRow> leading_indicators(const Eigen::Ref<const Eigen::MatrixXd>& drivers, std::span<const double> outcome,
                                        const std::vector<std::string>& driver_names, const std::string& outcome_name,
                                        const LeadOptions& options);

/// The same scan on the graph's KPIs, bucketed to `freq` (Graph KPIs in document order):
/// `outcome` is a KPI id; `drivers` the KPI ids to scan (empty: every other KPI). Unknown ids are
/// ErrorCode::not_found naming them. On return `driver_ids` holds the scanned ids (LeadRow::driver
/// indexes it). The period name in verdicts follows `freq` unless options.period was changed.
std::vector<LeadRow> leading_indicators(const Graph& graph, std::string_view outcome, const std::vector<std::string>& drivers,
                                        std::string_view freq, LeadOptions options, std::vector<std::string>& driver_ids);

/// Benjamini–Hochberg q-values (NaN p-values stay NaN and are not counted), as statsmodels
/// multipletests(method="fdr_bh").
std::vector<double> bh_qvalues(std::span<const double> p);

/// Average ranks (1-based; ties get the mean of their ranks), as scipy.stats.rankdata.
std::vector<double> average_ranks(std::span<const double> x);

}  // namespace okr
