/// @file
/// @brief okr — effect sizes: ordinary least squares with classical or Newey–West (HAC) standard
/// errors, partial correlation and rolling correlation (docs/correlation.md, "Effect size,
/// partial and rolling correlation").
///
/// As everywhere in okr: NaN is missing, ±Inf is a data error (ErrorCode::invalid_argument naming
/// the column and row), never silently dropped.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "okr/correlation.hpp"
#include "okr/error.hpp"

namespace okr {

/// Least-squares fit, named and computed as statsmodels' OLS results.
struct OlsResult {
    std::vector<std::string> names;  ///< "const" first when an intercept was added, then the columns' names
    Eigen::VectorXd params;          ///< coefficients
    Eigen::VectorXd bse;             ///< standard errors (square roots of the diagonal of cov_params)
    Eigen::VectorXd tvalues;         ///< params / bse
    Eigen::VectorXd pvalues;         ///< two-sided: t with df_resid (nonrobust), standard normal (HAC)
    double rsquared = nan;           ///< 1 − SSR/TSS (TSS centred when the model has a constant); NaN if TSS = 0
    double rsquared_adj = nan;       ///< 1 − (nobs − k_constant)/df_resid · (1 − R²)
    std::size_t nobs = 0;            ///< complete rows used
    double df_resid = nan;           ///< nobs − number of parameters
    std::string cov_type;            ///< "nonrobust" or "HAC"
    int maxlags = 0;                 ///< HAC: the Bartlett window's maximum lag actually used; 0 for nonrobust
    bool use_correction = false;     ///< HAC: whether the n/(n − k) small-sample factor was applied
    Eigen::MatrixXd cov_params;      ///< covariance matrix of the coefficients (order of `names`)
};

/// Ordinary least squares of `y` on the columns of `X` (rows = periods), as
/// `statsmodels.api.OLS(y, sm.add_constant(X), missing="drop").fit()`.
///
/// - Rows where `y` or any column of `X` is NaN are dropped (listwise); the remaining rows are
///   treated as consecutive (also by the HAC kernel, as statsmodels with missing="drop").
/// - `add_intercept`: a column of ones named "const" is put first. Without it the model still
///   counts as having a constant (centred R², statsmodels' k_constant = 1) when a column of X is
///   constant and non-zero over the complete rows or the ones vector lies in the span of X.
/// - Solved by column-pivoting Householder QR of the column-equilibrated design. A rank-deficient
///   design (a constant driver next to the intercept, a driver that is a linear combination of
///   others, an all-zero column) is an invalid_argument error naming the offending column(s); so
///   are fewer complete rows than parameters + 1, mismatched sizes and ±Inf.
/// - `cov_type` "nonrobust": cov = s² (X'X)⁻¹ with s² = SSR/df_resid; p-values from Student t with
///   df_resid degrees of freedom (statsmodels' use_t = True).
///   `cov_type` "HAC" (or "hac"): Newey–West, cov = (X'X)⁻¹ S (X'X)⁻¹ with
///   S = Σ_t u_t² x_t x_t' + Σ_{j=1}^{L} (1 − j/(L+1)) Σ_t u_t u_{t−j} (x_t x_{t−j}' + x_{t−j} x_t'),
///   as `fit(cov_type="HAC", cov_kwds={"maxlags": L})`; `maxlags` < 0 picks
///   L = ⌊4 (nobs/100)^(2/9)⌋ (Newey & West 1994). statsmodels' default for HAC results is
///   use_correction = False (no small-sample factor); `use_correction` = true multiplies cov by
///   nobs/(nobs − k) as `cov_kwds={"maxlags": L, "use_correction": True}`. p-values from the
///   standard normal (statsmodels' default use_t = False for robust covariances); df_resid is
///   still nobs − k.
/// @param X the regressors, periods × columns (NaN: missing)
/// @param y the outcome, one value per row of `X`
/// @param names one name per column of `X` (the result's names follow "const" if added)
/// @param add_intercept whether a column of ones named "const" is put first
/// @param cov_type "nonrobust", or "HAC" / "hac" for Newey–West
/// @param maxlags HAC: the Bartlett window's maximum lag L (< 0: ⌊4 (nobs/100)^(2/9)⌋); unused
///        for nonrobust
/// @param use_correction HAC: whether cov is multiplied by nobs/(nobs − k)
/// @return the fit
/// @throws okr::Error ErrorCode::invalid_argument for mismatched sizes, an unknown `cov_type`,
///         an infinite value, no regressor at all, fewer complete rows than parameters + 1, or a
///         rank-deficient design (naming the offending columns)
OlsResult ols(const Eigen::Ref<const Eigen::MatrixXd>& X, std::span<const double> y, const std::vector<std::string>& names,
              bool add_intercept = true, const std::string& cov_type = "nonrobust", int maxlags = -1,
              bool use_correction = false);

/// Partial correlation of `x` and `y` given the columns of `covariates` (k of them, k may be 0),
/// by the residual method:
///
/// 1. Complete rows: those where x, y and every covariate are non-NaN (listwise); n of them.
///    NaN with reason too_few when n < min_periods or n < k + 3 (no degree of freedom left).
/// 2. spearman: x, y and each covariate are replaced by their average ranks over the complete
///    rows (as scipy.stats.rankdata); pearson: used as they are. Kendall is not supported
///    (invalid_argument).
/// 3. x and y are each regressed by least squares on [1, covariates] (column-pivoting QR);
///    covariates that are collinear with each other or with the intercept over the complete
///    rows are an invalid_argument error.
/// 4. r = the Pearson correlation of the two residual vectors, clipped to [−1, 1]. NaN with
///    reason constant when x or y is constant over the complete rows, or is explained by the
///    covariates up to rounding (residual sum of squares ≤ 1e−24 × its centred sum of squares).
/// 5. p: two-sided, Student t with df = n − 2 − k, t = r √(df / (1 − r²)) (p = 0 when |r| = 1).
/// 6. Interval: Fisher z, tanh(atanh(r) ± z_{(1+level)/2} · SE) with SE = 1/√(n − 3 − k)
///    (pearson) and √(1.06/(n − 3 − k)) (spearman, the Fieller–Hartley–Pearson factor used by
///    correlate_pair); NaN when n ≤ 3 + k.
/// With k = 0 this is correlate_pair on the complete rows.
/// @param x the first series (NaN: missing)
/// @param y the second series, as long as `x`
/// @param covariates the covariates held fixed, one row per element of `x` (k columns, k >= 0)
/// @param method pearson or spearman
/// @param min_periods the fewest complete rows for a result (>= 2)
/// @param level the confidence level of the interval, in (0, 1)
/// @return r, n, p, interval and the reason for a NaN
/// @throws okr::Error ErrorCode::invalid_argument for `min_periods` < 2, `level` outside (0, 1),
///         kendall, mismatched lengths, an infinite value, or collinear covariates
PairStats partial_correlation(std::span<const double> x, std::span<const double> y,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariates, CorrMethod method, int min_periods = 3,
                              double level = 0.95);

/// Rolling Pearson correlation, as pandas `x.rolling(window, min_periods=min_periods).corr(y)`:
/// element t is the correlation of the pairs (x[s], y[s]), s in [max(0, t − window + 1), t],
/// where both are non-NaN. NaN when there are fewer than max(min_periods, 2) such pairs or when
/// x or y is constant over them. `min_periods` < 0 means `window` (the pandas default);
/// otherwise 0 ≤ min_periods ≤ window. `window` ≥ 2.
///
/// Computed per window with two-pass sums, so r is exact to rounding and clipped to [−1, 1].
/// pandas 1.5 uses online (add/remove) moments instead: it agrees to ~1e−12 on ordinary data but
/// returns ±inf or a spurious value for some constant windows and loses accuracy for large
/// offsets; okr returns NaN for every constant window.
/// @param x the first series (NaN: missing)
/// @param y the second series, as long as `x`
/// @param window the window's length in periods (>= 2)
/// @param min_periods the fewest pairs for a value (< 0: `window`)
/// @return one correlation per period, as long as `x`
/// @throws okr::Error ErrorCode::invalid_argument for `window` < 2, `min_periods` > `window`,
///         series of different lengths or an infinite value
Eigen::VectorXd rolling_correlation(std::span<const double> x, std::span<const double> y, int window, int min_periods = -1);

}  // namespace okr
