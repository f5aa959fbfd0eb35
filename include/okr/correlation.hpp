/// @file
/// @brief okr — correlation engine: which leading indicator moves which outcome (docs/correlation.md).
///
/// Series are columns of a matrix (rows = periods, NaN = missing). ±Inf is a data error
/// (ErrorCode::invalid_argument naming the column and row), never silently dropped.
///
/// The matrix functions and the leading-indicator scans run on up to as many threads as the
/// machine has cores (the environment variable OKR_NUM_THREADS caps that), started and joined
/// inside the call; results do not depend on the thread count.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "okr/model.hpp"

namespace okr {

/// A correlation coefficient (docs/correlation.md, "Statistics").
enum class CorrMethod : std::uint8_t { pearson /**< Pearson's r */, spearman /**< Spearman's ρ: Pearson on average ranks */, kendall /**< Kendall's τ-b */ };
/// The name of a method.
/// @return "pearson", "spearman" or "kendall" (static storage)
const char* to_string(CorrMethod) noexcept;
/// Parses "pearson" | "spearman" | "kendall"; throws invalid_argument otherwise.
/// @param name the method's name (lower case)
/// @return the method
/// @throws okr::Error ErrorCode::invalid_argument for any other name
CorrMethod parse_corr_method(std::string_view name);

/// Why a correlation is NaN.
enum class CorrReason : std::uint8_t {
    ok = 0,        ///< r is a number
    too_few = 1,   ///< fewer than min_periods pairwise-complete observations
    constant = 2,  ///< one of the series is constant over the paired observations
};
/// The name of a reason.
/// @return "too_few", "constant", or "" for ok (static storage)
const char* to_string(CorrReason) noexcept;

/// One correlation with its significance.
struct PairStats {
    double r = nan;        ///< in [-1, 1]
    std::size_t n = 0;     ///< pairwise-complete observations used
    double p = nan;        ///< two-sided p-value (see docs/correlation.md for each method)
    double ci_low = nan;   ///< lower end of the Fisher-z confidence interval at the requested level
    double ci_high = nan;  ///< upper end of the confidence interval (NaN when n is too small for it)
    CorrReason reason = CorrReason::ok;  ///< why r is NaN (ok when it is not)
};

/// Correlation of two equally long series on their pairwise-complete observations.
/// `level` in (0, 1); `min_periods` >= 2 (Kendall: >= 2, CI needs n >= 5).
/// @param x the first series (NaN: missing)
/// @param y the second series, as long as `x`
/// @param method the coefficient
/// @param min_periods the fewest pairwise-complete observations for a result (else NaN, too_few)
/// @param level the confidence level of the interval
/// @return r, n, the two-sided p-value, the Fisher-z interval and the reason for a NaN
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2, `level` outside (0, 1),
///         series of different lengths, or an infinite value
PairStats correlate_pair(std::span<const double> x, std::span<const double> y, CorrMethod method, int min_periods = 3,
                         double level = 0.95);

/// Square, exactly symmetric matrix of r over the columns of `data` (NaN where too few pairs or a
/// constant series; the diagonal is 1 for a series with >= min_periods values that is not
/// constant, NaN otherwise), as pandas.DataFrame.corr does.
///
/// Kendall's diagonal is 1 for a series with >= min_periods values even when it is constant (as
/// pandas).
/// @param data periods × series (NaN: missing)
/// @param method the coefficient
/// @param min_periods the fewest pairwise-complete observations for a coefficient
/// @return the series × series matrix of r
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2 or an infinite value
///         (naming its column and row)
Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods = 3);

/// Multiple-testing correction across every test of one call.
enum class Correction : std::uint8_t {
    fdr_bh,      ///< Benjamini–Hochberg false discovery rate (q-values)
    bonferroni,  ///< min(1, m · p)
};
/// Parses the name of a correction.
/// @param name "fdr_bh" (or "bh") or "bonferroni"
/// @return the correction
/// @throws okr::Error ErrorCode::invalid_argument for any other name
Correction parse_correction(std::string_view name);  ///< "fdr_bh" | "bonferroni"
/// Adjusted p-values (NaN stays NaN and is not counted in m).
/// @param p p-values in [0, 1], or NaN
/// @param c the correction
/// @return one adjusted value per element of `p`, in the same order
/// @throws okr::Error ErrorCode::invalid_argument for a p-value outside [0, 1]
std::vector<double> adjust_pvalues(std::span<const double> p, Correction c);

/// Every unordered pair of columns (i < j, row-major order of the upper triangle).
struct PairTable {
    std::vector<std::uint32_t> x, /**< per pair: the first column's index */ y;  ///< per pair: the second column's index (> x)
    std::vector<PairStats> stats;  ///< per pair: r, n, p, interval and reason
    std::vector<double> q;  ///< adjusted p-values (Benjamini–Hochberg by default) across all pairs
};
/// Every unordered pair of columns with its statistics and adjusted p-values.
/// @param data periods × series (NaN: missing)
/// @param method the coefficient
/// @param min_periods the fewest pairwise-complete observations for a result
/// @param level the confidence level of the intervals
/// @param correction the multiple-testing correction across all pairs
/// @return the table, one row per pair
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2, `level` outside (0, 1)
///         or an infinite value (naming its column and row)
PairTable correlate_all(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods = 3,
                        double level = 0.95, Correction correction = Correction::fdr_bh);

/// `okr::correlate`, the C++ spelling of Python's `okr.correlate`: every unordered pair of
/// columns with r, n, p, interval and q (= correlate_all).
/// @param data periods × series (NaN: missing)
/// @param method the coefficient
/// @param min_periods the fewest pairwise-complete observations for a result
/// @param level the confidence level of the intervals
/// @param correction the multiple-testing correction across all pairs
/// @return the table, one row per pair
/// @throws okr::Error as correlate_all()
inline PairTable correlate(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method = CorrMethod::pearson,
                           int min_periods = 3, double level = 0.95, Correction correction = Correction::fdr_bh) {
    return correlate_all(data, method, min_periods, level, correction);
}
/// One pair of series (= correlate_pair).
/// @param x the first series (NaN: missing)
/// @param y the second series, as long as `x`
/// @param method the coefficient
/// @param min_periods the fewest pairwise-complete observations for a result
/// @param level the confidence level of the interval
/// @return r, n, p, interval and reason
/// @throws okr::Error as correlate_pair()
inline PairStats correlate(std::span<const double> x, std::span<const double> y, CorrMethod method = CorrMethod::pearson,
                           int min_periods = 3, double level = 0.95) {
    return correlate_pair(x, y, method, min_periods, level);
}

/// Lagged correlation. Lag k > 0 means the driver leads: driver at t − k against outcome at t.
/// r at each lag is the ordinary correlation of the overlapping, pairwise-complete pairs.
struct LagStats {
    int lag;          ///< the lag k, in periods (> 0: the driver leads)
    PairStats stats;  ///< the correlation at that lag
};
/// `ccf`: instead of r on the overlapping pairs, statsmodels' `ccf(outcome, driver, adjusted=True)`
/// normalisation — the lag-k cross-covariance with full-sample means over n − |k|, divided by the
/// full-sample standard deviations. It can exceed 1 and misplaces short lags; offered for
/// comparison only. Needs complete series (NaN is an error) and method pearson; p and the interval
/// use n − |k| pairs.
enum class LagNormalization : std::uint8_t { pairwise /**< r on the overlapping, pairwise-complete pairs (the default) */, ccf /**< statsmodels' ccf normalisation, for comparison only */ };
/// The correlation of a driver with an outcome at each of several lags.
/// @param driver the driver series (NaN: missing)
/// @param outcome the outcome series, as long as `driver`
/// @param lags the lags, in periods (> 0: the driver leads); |lag| must be below the length
/// @param method the coefficient (pearson only with `ccf`)
/// @param min_periods the fewest pairwise-complete pairs for a result
/// @param level the confidence level of the intervals
/// @param normalization pairwise, or ccf for comparison with statsmodels
/// @return one row per lag, in the order of `lags`
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2, `level` outside (0, 1),
///         series of different lengths, an infinite value, a lag that leaves no overlap, or
///         `ccf` with another method than pearson or with a missing value
std::vector<LagStats> lagged_correlation(std::span<const double> driver, std::span<const double> outcome,
                                         std::span<const int> lags, CorrMethod method, int min_periods = 3,
                                         double level = 0.95, LagNormalization normalization = LagNormalization::pairwise);

/// A transform applied to every series before the leading-indicator scan, against correlations
/// that only share a trend.
enum class Transform : std::uint8_t {
    none,     ///< the series as they are
    diff,     ///< first differences x[t] − x[t−1]
    detrend,  ///< residuals of a least-squares line through (t, x[t])
};
/// Parses the name of a transform.
/// @param name "" or "none", "diff", or "detrend"
/// @return the transform
/// @throws okr::Error ErrorCode::invalid_argument for any other name
Transform parse_transform(std::string_view name);  ///< "" / "none" | "diff" | "detrend"

/// Applies a transform (NaN stays missing: a difference touching a NaN is NaN).
///
/// `diff` makes the first element NaN; `detrend` leaves a series with fewer than 2 values as it is.
/// @param x the series (NaN: missing)
/// @param t the transform
/// @return the transformed series, as long as `x`
std::vector<double> transform_series(std::span<const double> x, Transform t);

/// Effective number of pairs for the correlation of two autocorrelated series (modified Chelton
/// estimator, Pyper & Peterman 1998): 1/n_eff = 1/n + (2/n) Σ_{j=1}^{⌊n/5⌋} ((n−j)/n) ρ_xx(j) ρ_yy(j),
/// over the pairwise-complete periods (ρ: sample autocorrelations over periods present at t and
/// t + j). Clamped to [2, n]. `x` and `y` are aligned period by period (NaN = missing).
/// @param x the first series
/// @param y the second series, as long as `x`
/// @return n_eff in [2, n], n being the number of pairwise-complete periods (n itself when
///         n < 3 or a series is constant over those periods)
/// @throws okr::Error ErrorCode::invalid_argument for series of different lengths
double effective_n(std::span<const double> x, std::span<const double> y);

/// Options of leading_indicators() (docs/correlation.md, "Leading indicators").
struct LeadOptions {
    std::vector<int> lags{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  ///< lags tested, in periods (> 0: the driver leads); not empty, each |lag| below the series length
    CorrMethod method = CorrMethod::spearman;  ///< the coefficient
    Transform transform = Transform::none;     ///< applied to every series first
    bool adjust = true;   ///< p-values and intervals use n_eff instead of n
    double alpha = 0.05;  ///< q below which the verdict says "leads", in (0, 1)
    double level = 0.95;  ///< confidence level of the intervals
    int min_periods = 3;  ///< the fewest pairwise-complete pairs for a result (>= 2)
    std::string period = "period";  ///< unit named in the verdict ("week", ...)
    double trend_threshold = 0.5;   ///< |Spearman ρ with time| of a raw series that flags `trending`
    Correction correction = Correction::fdr_bh;  ///< across every driver × lag
};

/// One row per driver: its best lag (smallest q, then largest |r|, then smallest |lag|).
struct LeadRow {
    std::size_t driver;  ///< column index
    int lag;             ///< the best lag, in periods (> 0: the driver leads)
    PairStats stats;     ///< p and CI use n_eff when adjust is on
    double q = nan;      ///< adjusted by LeadOptions::correction (Benjamini–Hochberg by default) across every driver × lag tested
    double n_eff = nan;  ///< effective number of pairs at the best lag (the pairs n when adjust is off or r is NaN)
    double slope = nan;  ///< least squares: outcome units per driver unit (transformed series)
    double slope_low = nan;   ///< lower end of the slope's t interval at LeadOptions::level
    double slope_high = nan;  ///< upper end of the slope's t interval
    bool trending = false;        ///< the raw driver or outcome trends strongly
    bool low_confidence = false;  ///< fewer than 20 pairs
    std::string verdict;  ///< a plain-text summary ("lessons leads escalations by 3 weeks: r = ...")
};

/// Scans every driver (column) against the outcome at every lag. Rows are sorted by q, then |r|.
///
/// Rows whose q is NaN come last.
/// @param drivers periods × drivers (NaN: missing)
/// @param outcome the outcome series, one value per row of `drivers`
/// @param driver_names one name per driver column, used in the verdicts
/// @param outcome_name the outcome's name, used in the verdicts
/// @param options lags, method, transform, adjustment and thresholds
/// @return one row per driver
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2, `level` or `alpha`
///         outside (0, 1), no lags, a lag that leaves no overlap, mismatched sizes or an
///         infinite value
std::vector<LeadRow> leading_indicators(const Eigen::Ref<const Eigen::MatrixXd>& drivers, std::span<const double> outcome,
                                        const std::vector<std::string>& driver_names, const std::string& outcome_name,
                                        const LeadOptions& options);

/// The same scan on the graph's KPIs, bucketed to `freq` (Graph KPIs in document order):
/// `outcome` is a KPI id; `drivers` the KPI ids to scan (empty: every other KPI). Unknown ids are
/// ErrorCode::not_found naming them. On return `driver_ids` holds the scanned ids (LeadRow::driver
/// indexes it). The period name in verdicts follows `freq` unless options.period was changed.
/// @param graph the graph whose KPIs are scanned
/// @param outcome the outcome KPI's id
/// @param drivers the driver KPIs' ids (empty: every KPI but the outcome)
/// @param freq the calendar the KPIs are bucketed to, as parse_freq() reads it ("W", "month", ...)
/// @param options as for the matrix form
/// @param[out] driver_ids receives the ids of the drivers scanned, in column order
/// @return one row per driver
/// @throws okr::Error ErrorCode::not_found for an unknown KPI id; ErrorCode::invalid_argument
///         for an unknown `freq`, a driver that is the outcome, no driver at all, or the
///         matrix form's reasons; ErrorCode::limit if the KPI matrix would be too large
///         (kMaxKpiMatrixCells)
std::vector<LeadRow> leading_indicators(const Graph& graph, std::string_view outcome, const std::vector<std::string>& drivers,
                                        std::string_view freq, LeadOptions options, std::vector<std::string>& driver_ids);

/// Benjamini–Hochberg q-values (NaN p-values stay NaN and are not counted), as statsmodels
/// multipletests(method="fdr_bh").
/// @param p p-values in [0, 1], or NaN
/// @return one q-value per element of `p`, in the same order
/// @throws okr::Error ErrorCode::invalid_argument for a p-value outside [0, 1]
std::vector<double> bh_qvalues(std::span<const double> p);

/// Average ranks (1-based; ties get the mean of their ranks), as scipy.stats.rankdata.
/// @param x the values (NaN is not treated as missing here: give complete values)
/// @return one rank per element of `x`, in the same order
std::vector<double> average_ranks(std::span<const double> x);

}  // namespace okr
