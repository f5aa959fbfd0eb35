// Effect sizes: ordinary least squares with classical or Newey–West (HAC) standard errors as
// statsmodels computes them, partial correlation by the residual method, and rolling correlation
// with pandas' window semantics. Linear algebra from Eigen, distributions from Boost.Math.
#include "okr/regression.hpp"
#include "okr/detail/text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <Eigen/QR>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "moments.hpp"

namespace okr {

namespace {

constexpr double eps = std::numeric_limits<double>::epsilon();

[[noreturn]] void fail(const std::string& message) { throw Error(ErrorCode::invalid_argument, message); }

void check_args(int min_periods, double level) {
    if (min_periods < 2) fail("min_periods must be >= 2 (got " + std::to_string(min_periods) + ")");
    if (!(level > 0 && level < 1)) fail("level must be in (0, 1)");
}

void check_finite(std::span<const double> v, const char* what) {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (std::isinf(v[i]))
            fail(std::string(what) + ": value at position " + std::to_string(i) + " is infinite (use NaN for a missing value)");
}

// `what` names the matrix; `names` (optional) the columns.
void check_finite(const Eigen::Ref<const Eigen::MatrixXd>& m, const char* what, const std::vector<std::string>* names) {
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            if (std::isinf(m(i, j))) {
                std::string col = std::string(what) + " column " + std::to_string(j);
                if (names) col += " (\"" + (*names)[static_cast<std::size_t>(j)] + "\")";
                fail(col + ", row " + std::to_string(i) + ": value is infinite (use NaN for a missing value)");
            }
}

double clip1(double r) { return std::clamp(r, -1.0, 1.0); }

double t_two_sided(double t, double df) {
    if (std::isnan(t)) return nan;
    if (std::isinf(t)) return 0.0;
    const boost::math::students_t_distribution<double> dist(df);
    return 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
}

// 2·Φ(−|z|), as scipy.stats.norm.sf(|z|) * 2.
double normal_two_sided(double z) {
    if (std::isnan(z)) return nan;
    return std::erfc(std::abs(z) / std::sqrt(2.0));
}

// Pearson r of complete data by two-pass sums; NaN when either series is exactly constant (or
// its centred sum of squares is 0).
double pearson(const double* a, const double* b, std::size_t n) {
    if (n < 2) return nan;
    const auto [amin, amax] = std::minmax_element(a, a + n);
    const auto [bmin, bmax] = std::minmax_element(b, b + n);
    if (*amin == *amax || *bmin == *bmax) return nan;
    const detail::Moments m = detail::centred_moments(a, b, n);
    const double saa = m.sxx, sbb = m.syy, sab = m.sxy;
    const double d = std::sqrt(saa) * std::sqrt(sbb);
    return d > 0 ? clip1(sab / d) : nan;
}

double centred_ss(const Eigen::VectorXd& v) { return (v.array() - v.mean()).square().sum(); }

// Column-pivoting Householder QR of a design matrix whose columns are first scaled to unit norm
// (A = Â D⁻¹, D = diag(scale)), which makes the rank decision and the solve independent of the
// units of the drivers. Rank threshold max(rows, cols)·ε relative to the largest pivot, as
// numpy.linalg.matrix_rank.
struct Design {
    Eigen::VectorXd scale;
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr;
    Eigen::Index rank = 0;

    explicit Design(const Eigen::MatrixXd& a) : scale(a.cols()) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            const double norm = a.col(j).norm();
            scale(j) = norm > 0 ? 1.0 / norm : 1.0;
        }
        qr.setThreshold(static_cast<double>(std::max(a.rows(), a.cols())) * eps);
        qr.compute(a * scale.asDiagonal());
        rank = qr.rank();
    }

    // Least-squares coefficients of `v` on the unscaled columns (full rank assumed).
    Eigen::VectorXd solve(const Eigen::VectorXd& v) const { return scale.cwiseProduct(Eigen::VectorXd(qr.solve(v))); }

    // Columns (original indices) that pivoting found to be linear combinations of the others.
    std::vector<Eigen::Index> dependent() const {
        std::vector<Eigen::Index> out;
        for (Eigen::Index j = rank; j < qr.cols(); ++j) out.push_back(qr.colsPermutation().indices()(j));
        std::sort(out.begin(), out.end());
        return out;
    }

    // (A'A)⁻¹ = D P R⁻¹ R⁻ᵀ Pᵀ D, from Â P = Q R (full rank assumed).
    Eigen::MatrixXd inverse_gram() const {
        const Eigen::Index p = qr.cols();
        const Eigen::MatrixXd r = qr.matrixR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
        const Eigen::MatrixXd rinv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
        const Eigen::MatrixXd prinv = qr.colsPermutation() * rinv;
        const Eigen::MatrixXd m = scale.asDiagonal() * prinv;
        return m * m.transpose();
    }
};

}  // namespace

OlsResult ols(const Eigen::Ref<const Eigen::MatrixXd>& X, std::span<const double> y, const std::vector<std::string>& names,
              bool add_intercept, const std::string& cov_type, int maxlags, bool use_correction) {
    const Eigen::Index T = X.rows(), K = X.cols();
    if (y.size() != static_cast<std::size_t>(T))
        fail("ols: y has " + std::to_string(y.size()) + " rows, X has " + std::to_string(T));
    if (names.size() != static_cast<std::size_t>(K))
        fail("ols: names has " + std::to_string(names.size()) + " entries for " + std::to_string(K) + " columns of X");
    bool hac = false;
    if (cov_type == "HAC" || cov_type == "hac") hac = true;
    else if (cov_type != "nonrobust")
        fail("cov_type: \"" + std::string(detail::utf8_prefix(cov_type, 40)) + "\" is not one of nonrobust|HAC");
    check_finite(y, "y");
    check_finite(X, "X", &names);

    // Listwise-complete rows.
    std::vector<Eigen::Index> rows;
    rows.reserve(static_cast<std::size_t>(T));
    for (Eigen::Index i = 0; i < T; ++i) {
        bool ok = !std::isnan(y[static_cast<std::size_t>(i)]);
        for (Eigen::Index j = 0; ok && j < K; ++j) ok = !std::isnan(X(i, j));
        if (ok) rows.push_back(i);
    }
    const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
    const Eigen::Index off = add_intercept ? 1 : 0;
    const Eigen::Index p = K + off;
    if (p == 0) fail("ols: no regressors (X has no columns and add_intercept is false)");
    if (n < p + 1)
        fail("ols: " + std::to_string(n) + " complete rows (y and every column non-NaN) for " + std::to_string(p) +
             " parameters; at least " + std::to_string(p + 1) + " are needed");

    OlsResult res;
    if (add_intercept) res.names.push_back("const");
    res.names.insert(res.names.end(), names.begin(), names.end());

    Eigen::MatrixXd A(n, p);
    Eigen::VectorXd b(n);
    for (Eigen::Index r = 0; r < n; ++r) {
        const Eigen::Index i = rows[static_cast<std::size_t>(r)];
        b(r) = y[static_cast<std::size_t>(i)];
        if (add_intercept) A(r, 0) = 1.0;
        for (Eigen::Index j = 0; j < K; ++j) A(r, off + j) = X(i, j);
    }

    const Design d(A);
    if (d.rank < p) {
        const std::vector<Eigen::Index> dep = d.dependent();
        std::string list;
        for (Eigen::Index j : dep) list += (list.empty() ? "\"" : ", \"") + res.names[static_cast<std::size_t>(j)] + "\"";
        fail("ols: the regressors are collinear over the " + std::to_string(n) + " complete rows (rank " +
             std::to_string(d.rank) + " of " + std::to_string(p) + "): " + list +
             (dep.size() == 1 ? " is a linear combination of the others" : " are linear combinations of the others") +
             " (is a driver constant, or a copy, multiple or sum of others?)");
    }

    res.params = d.solve(b);
    const Eigen::VectorXd resid = b - A * res.params;
    const double ssr = resid.squaredNorm();
    const Eigen::MatrixXd xtx_inv = d.inverse_gram();
    res.nobs = static_cast<std::size_t>(n);
    res.df_resid = static_cast<double>(n - p);
    res.use_correction = hac && use_correction;
    if (!hac) {
        res.cov_type = "nonrobust";
        res.maxlags = 0;
        res.cov_params = xtx_inv * (ssr / res.df_resid);
    } else {
        res.cov_type = "HAC";
        const int lags = maxlags >= 0 ? maxlags
                                      : static_cast<int>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
        res.maxlags = lags;
        // Scores x_t u_t (rows) and the Bartlett-weighted long-run covariance S, as statsmodels'
        // S_hac_simple.
        const Eigen::MatrixXd U = resid.asDiagonal() * A;
        Eigen::MatrixXd S = U.transpose() * U;
        for (Eigen::Index j = 1; j <= lags && j < n; ++j) {
            const double w = 1.0 - static_cast<double>(j) / (static_cast<double>(lags) + 1.0);
            const Eigen::MatrixXd s = U.bottomRows(n - j).transpose() * U.topRows(n - j);
            S += w * (s + s.transpose());
        }
        res.cov_params = xtx_inv * S * xtx_inv;
        if (use_correction) res.cov_params *= static_cast<double>(n) / static_cast<double>(n - p);
    }
    res.bse = res.cov_params.diagonal().cwiseSqrt();
    res.tvalues = res.params.cwiseQuotient(res.bse);
    res.pvalues.resize(p);
    for (Eigen::Index j = 0; j < p; ++j)
        res.pvalues(j) = hac ? normal_two_sided(res.tvalues(j)) : t_two_sided(res.tvalues(j), res.df_resid);

    // R²: centred when the model has a constant (explicit, or the ones vector in the column span,
    // as statsmodels' k_constant detection), uncentred otherwise.
    bool has_const = add_intercept;
    if (!has_const) {
        Eigen::MatrixXd aug(n, p + 1);
        aug.col(0).setOnes();
        aug.rightCols(p) = A;
        has_const = Design(aug).rank == d.rank;
    }
    const double tss = has_const ? centred_ss(b) : b.squaredNorm();
    res.rsquared = tss > 0 ? 1.0 - ssr / tss : nan;
    const double k_const = has_const ? 1.0 : 0.0;
    res.rsquared_adj = 1.0 - (static_cast<double>(n) - k_const) / res.df_resid * (1.0 - res.rsquared);
    return res;
}

PairStats partial_correlation(std::span<const double> x, std::span<const double> y,
                              const Eigen::Ref<const Eigen::MatrixXd>& covariates, CorrMethod method, int min_periods,
                              double level) {
    check_args(min_periods, level);
    if (method == CorrMethod::kendall) fail("method: partial correlation supports pearson|spearman, not kendall");
    const std::size_t T = x.size();
    if (y.size() != T || static_cast<std::size_t>(covariates.rows()) != T)
        fail("partial correlation: x, y and covariates differ in length (" + std::to_string(T) + ", " +
             std::to_string(y.size()) + " and " + std::to_string(covariates.rows()) + " rows)");
    check_finite(x, "x");
    check_finite(y, "y");
    check_finite(covariates, "covariates", nullptr);

    const Eigen::Index k = covariates.cols();
    std::vector<Eigen::Index> rows;
    for (std::size_t i = 0; i < T; ++i) {
        bool ok = !std::isnan(x[i]) && !std::isnan(y[i]);
        for (Eigen::Index j = 0; ok && j < k; ++j) ok = !std::isnan(covariates(static_cast<Eigen::Index>(i), j));
        if (ok) rows.push_back(static_cast<Eigen::Index>(i));
    }
    const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
    PairStats s;
    s.n = rows.size();
    if (n < min_periods || n < k + 3) {
        s.reason = CorrReason::too_few;
        return s;
    }

    Eigen::VectorXd a(n), b(n);
    Eigen::MatrixXd D(n, k + 1);
    D.col(0).setOnes();
    for (Eigen::Index r = 0; r < n; ++r) {
        const Eigen::Index i = rows[static_cast<std::size_t>(r)];
        a(r) = x[static_cast<std::size_t>(i)];
        b(r) = y[static_cast<std::size_t>(i)];
        for (Eigen::Index j = 0; j < k; ++j) D(r, j + 1) = covariates(i, j);
    }
    const auto un = static_cast<std::size_t>(n);
    if (method == CorrMethod::spearman) {
        auto rank_in_place = [un](double* v) {
            const std::vector<double> r = average_ranks(std::span<const double>(v, un));
            std::copy(r.begin(), r.end(), v);
        };
        rank_in_place(a.data());
        rank_in_place(b.data());
        for (Eigen::Index j = 1; j <= k; ++j) rank_in_place(D.col(j).data());
    }
    if (a.maxCoeff() == a.minCoeff() || b.maxCoeff() == b.minCoeff()) {
        s.reason = CorrReason::constant;
        return s;
    }

    const Design d(D);
    if (d.rank < k + 1) {
        std::string list;
        for (Eigen::Index j : d.dependent())
            list += (list.empty() ? "" : ", ") + (j == 0 ? std::string("the intercept") : "column " + std::to_string(j - 1));
        fail("covariates: collinear over the " + std::to_string(n) + " complete rows (rank " + std::to_string(d.rank) +
             " of " + std::to_string(k + 1) + " with the intercept; " + list +
             " is a combination of the others: is a covariate constant or a duplicate?)");
    }
    const Eigen::VectorXd ra = a - D * d.solve(a);
    const Eigen::VectorXd rb = b - D * d.solve(b);
    // x or y explained by the covariates (up to rounding): no variation left to correlate.
    if (ra.squaredNorm() <= 1e-24 * centred_ss(a) || rb.squaredNorm() <= 1e-24 * centred_ss(b)) {
        s.reason = CorrReason::constant;
        return s;
    }
    s.r = pearson(ra.data(), rb.data(), un);
    if (std::isnan(s.r)) {
        s.reason = CorrReason::constant;
        return s;
    }
    const double df = static_cast<double>(n - 2 - k);
    const double t = std::abs(s.r) >= 1 ? (s.r > 0 ? INFINITY : -INFINITY) : s.r * std::sqrt(df / ((1 + s.r) * (1 - s.r)));
    s.p = t_two_sided(t, df);
    const double se_num = method == CorrMethod::spearman ? 1.06 : 1.0;
    const double dof_ci = static_cast<double>(n) - 3.0 - static_cast<double>(k);
    if (dof_ci > 0) {
        const double zc = boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + level / 2);
        const double se = std::sqrt(se_num / dof_ci);
        const double z = std::atanh(s.r);
        s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
        s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
    }
    return s;
}

Eigen::VectorXd rolling_correlation(std::span<const double> x, std::span<const double> y, int window, int min_periods) {
    if (window < 2) fail("window must be >= 2 (got " + std::to_string(window) + ")");
    const int mp = min_periods < 0 ? window : min_periods;
    if (mp > window)
        fail("min_periods must be <= window (got min_periods " + std::to_string(mp) + ", window " + std::to_string(window) + ")");
    if (x.size() != y.size())
        fail("rolling correlation: x and y differ in length (" + std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
    check_finite(x, "x");
    check_finite(y, "y");
    const std::size_t T = x.size();
    const auto w = static_cast<std::size_t>(window);
    const auto need = static_cast<std::size_t>(std::max(mp, 2));
    Eigen::VectorXd out = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(T), nan);
    std::vector<double> a, b;
    a.reserve(std::min(w, T));
    b.reserve(std::min(w, T));
    for (std::size_t t = 0; t < T; ++t) {
        const std::size_t lo = t + 1 >= w ? t + 1 - w : 0;
        a.clear();
        b.clear();
        for (std::size_t s = lo; s <= t; ++s)
            if (!std::isnan(x[s]) && !std::isnan(y[s])) {
                a.push_back(x[s]);
                b.push_back(y[s]);
            }
        if (a.size() < need) continue;
        out(static_cast<Eigen::Index>(t)) = pearson(a.data(), b.data(), a.size());
    }
    return out;
}

}  // namespace okr
