// Correlation engine: Pearson, Spearman and Kendall tau-b on pairwise-complete observations,
// p-values as scipy.stats computes them, Fisher-z intervals, Benjamini-Hochberg q-values and
// lagged correlation. Distributions come from Boost.Math.
#include "okr/correlation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>
#include "okr/series.hpp"
#include <boost/math/distributions/students_t.hpp>

namespace okr {

const char* to_string(CorrMethod m) noexcept {
    switch (m) {
        case CorrMethod::pearson: return "pearson";
        case CorrMethod::spearman: return "spearman";
        case CorrMethod::kendall: return "kendall";
    }
    return "";
}

CorrMethod parse_corr_method(std::string_view name) {
    if (name == "pearson") return CorrMethod::pearson;
    if (name == "spearman") return CorrMethod::spearman;
    if (name == "kendall") return CorrMethod::kendall;
    throw Error(ErrorCode::invalid_argument,
                "method: \"" + std::string(name.substr(0, 40)) + "\" is not one of pearson|spearman|kendall");
}

const char* to_string(CorrReason r) noexcept {
    switch (r) {
        case CorrReason::ok: return "";
        case CorrReason::too_few: return "too_few";
        case CorrReason::constant: return "constant";
    }
    return "";
}

namespace {

void check_args(int min_periods, double level) {
    if (min_periods < 2) throw Error(ErrorCode::invalid_argument, "min_periods must be >= 2 (got " + std::to_string(min_periods) + ")");
    if (!(level > 0 && level < 1)) throw Error(ErrorCode::invalid_argument, "level must be in (0, 1)");
}

void check_finite(std::span<const double> x, const char* what) {
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isinf(x[i]))
            throw Error(ErrorCode::invalid_argument, std::string(what) + ": value at position " + std::to_string(i) +
                                                         " is infinite (use NaN for a missing value)");
}

void check_finite(const Eigen::Ref<const Eigen::MatrixXd>& m) {
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            if (std::isinf(m(i, j)))
                throw Error(ErrorCode::invalid_argument, "column " + std::to_string(j) + ", row " + std::to_string(i) +
                                                             ": value is infinite (use NaN for a missing value)");
}

double clip1(double r) { return std::clamp(r, -1.0, 1.0); }

// Pearson r on complete data; NaN when a series is constant.
double pearson_r(const double* x, const double* y, std::size_t n) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    const double d = std::sqrt(sxx * syy);
    return d != 0 ? clip1(sxy / d) : nan;
}

double t_two_sided(double t, double df) {
    if (std::isinf(t)) return 0.0;
    const boost::math::students_t_distribution<double> dist(df);
    return 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
}

// scipy.stats.mstats_basic._kendall_p_exact (two-sided), after Kendall (1970).
double kendall_p_exact(std::size_t n, std::int64_t c_in) {
    const std::int64_t tot = static_cast<std::int64_t>(n * (n - 1) / 2);
    const std::int64_t c = std::min(c_in, tot - c_in);
    if (n <= 2) return 1.0;
    auto factorial = [](std::size_t k) {
        double f = 1;
        for (std::size_t i = 2; i <= k; ++i) f *= static_cast<double>(i);
        return f;
    };
    double prob;
    if (c == 0) {
        prob = n < 171 ? 2.0 / factorial(n) : 0.0;
    } else if (c == 1) {
        prob = n < 172 ? 2.0 / factorial(n - 1) : 0.0;
    } else if (4 * c == static_cast<std::int64_t>(n * (n - 1))) {
        prob = 1.0;
    } else {
        std::vector<double> cur(static_cast<std::size_t>(c) + 1, 0.0);
        cur[0] = cur[1] = 1.0;
        const bool big = n >= 171;
        for (std::size_t j = 3; j <= n; ++j) {
            // cumulative sum (divided by j when n is large, to stay in range)
            double acc = 0;
            for (double& v : cur) {
                acc += v;
                v = big ? acc / static_cast<double>(j) : acc;
            }
            if (static_cast<std::int64_t>(j) <= c) {
                std::vector<double> prev(cur);
                for (std::size_t k = j; k <= static_cast<std::size_t>(c); ++k) cur[k] -= prev[k - j];
            }
        }
        const double sum = std::accumulate(cur.begin(), cur.end(), 0.0);
        prob = big ? sum : 2.0 * sum / factorial(n);
    }
    return std::clamp(prob, 0.0, 1.0);
}

struct KendallOut {
    double tau = nan;
    double p = nan;
};

// Kendall tau-b and scipy's default p-value (exact without ties for n <= 33, else asymptotic).
KendallOut kendall(const double* x, const double* y, std::size_t n) {
    std::int64_t con = 0, dis = 0, xtie = 0, ytie = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dx = x[i] - x[j], dy = y[i] - y[j];
            if (dx == 0) ++xtie;
            if (dy == 0) ++ytie;
            if (dx == 0 || dy == 0) continue;
            ((dx > 0) == (dy > 0) ? con : dis) += 1;
        }
    const std::int64_t tot = static_cast<std::int64_t>(n * (n - 1) / 2);
    KendallOut out;
    if (xtie == tot || ytie == tot) return out;
    const double cmd = static_cast<double>(con - dis);
    out.tau = clip1(cmd / std::sqrt(static_cast<double>(tot - xtie)) / std::sqrt(static_cast<double>(tot - ytie)));
    // Tie-group statistics, as scipy's count_rank_tie.
    auto ties = [n](const double* v, double& t0, double& t1) {
        std::vector<double> s(v, v + n);
        std::sort(s.begin(), s.end());
        t0 = t1 = 0;
        for (std::size_t i = 0; i < n;) {
            std::size_t j = i + 1;
            while (j < n && s[j] == s[i]) ++j;
            const double c = static_cast<double>(j - i);
            if (c > 1) {
                t0 += c * (c - 1) * (c - 2);
                t1 += c * (c - 1) * (2 * c + 5);
            }
            i = j;
        }
    };
    // scipy's "dis" counts discordant pairs with no tie; exact method is for no ties at all.
    if (xtie == 0 && ytie == 0 && (n <= 33 || std::min(dis, tot - dis) <= 1)) {
        out.p = kendall_p_exact(n, tot - dis);
    } else {
        double x0, x1, y0, y1;
        ties(x, x0, x1);
        ties(y, y0, y1);
        const double size = static_cast<double>(n);
        const double m = size * (size - 1);
        const double var = (m * (2 * size + 5) - x1 - y1) / 18 + (2.0 * static_cast<double>(xtie) * static_cast<double>(ytie)) / m +
                           x0 * y0 / (9 * m * (size - 2));
        const double z = cmd / std::sqrt(var);
        out.p = std::erfc(std::abs(z) / std::sqrt(2.0));
    }
    return out;
}

// Statistics of complete, paired data (no NaN).
// z quantile of a two-sided interval, cached for the last level asked (it is almost always 0.95).
double z_crit(double level) {
    thread_local double last_level = -1, last_z = 0;
    if (level != last_level) {
        last_z = boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + level / 2);
        last_level = level;
    }
    return last_z;
}

// Average ranks (1-based) of the values x[t] for the t that `keep(t)` accepts, visiting them in
// the precomputed sorted `order` of x's non-missing values: O(T) instead of a sort per pair.
template <class Keep>
void rank_subset(const std::vector<std::uint32_t>& order, const double* x, Keep&& keep, double* ranks,
                 std::vector<std::uint32_t>& kept) {
    kept.clear();
    for (std::uint32_t t : order)
        if (keep(t)) kept.push_back(t);
    for (std::size_t i = 0; i < kept.size();) {
        std::size_t j = i + 1;
        while (j < kept.size() && x[kept[j]] == x[kept[i]]) ++j;
        const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k) ranks[kept[k]] = avg;
        i = j;
    }
}

// Indices of the non-missing values of x, sorted by value (stable).
std::vector<std::uint32_t> sort_order(const double* x, std::size_t n) {
    std::vector<std::uint32_t> o;
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(x[t])) o.push_back(static_cast<std::uint32_t>(t));
    std::stable_sort(o.begin(), o.end(), [x](std::uint32_t a, std::uint32_t b) { return x[a] < x[b]; });
    return o;
}

// `ranked`: for Spearman, x and y are already the average ranks of the paired observations.
PairStats pair_stats(const double* x, const double* y, std::size_t n, CorrMethod method, int min_periods, double level,
                     bool ranked = false) {
    PairStats s;
    s.n = n;
    if (n < static_cast<std::size_t>(min_periods) || n < 2) {
        s.reason = CorrReason::too_few;
        return s;
    }
    double se_num = 1.0, se_off = 3.0;
    if (method == CorrMethod::kendall) {
        const KendallOut k = kendall(x, y, n);
        s.r = k.tau;
        s.p = k.p;
        se_num = 0.437;
        se_off = 4.0;
    } else {
        std::vector<double> rx, ry;
        const double* a = x;
        const double* b = y;
        if (method == CorrMethod::spearman) {
            if (!ranked) {
                rx = average_ranks({x, n});
                ry = average_ranks({y, n});
                a = rx.data();
                b = ry.data();
            }
            se_num = 1.06;
        }
        s.r = pearson_r(a, b, n);
        if (!std::isnan(s.r) && n > 2) {
            const double df = static_cast<double>(n - 2);
            const double t = std::abs(s.r) >= 1 ? INFINITY : s.r * std::sqrt(df / ((1 + s.r) * (1 - s.r)));
            s.p = t_two_sided(t, df);
        } else if (!std::isnan(s.r) && method == CorrMethod::pearson) {
            s.p = 1.0;  // two points always lie on a line: scipy.stats.pearsonr gives p = 1
        }
    }
    if (std::isnan(s.r)) {
        s.reason = CorrReason::constant;
        s.p = nan;
        return s;
    }
    // Fisher z interval (Fieller, Hartley & Pearson 1957 standard errors for the rank methods).
    if (static_cast<double>(n) > se_off) {
        const double zc = z_crit(level);
        const double se = std::sqrt(se_num / (static_cast<double>(n) - se_off));
        const double z = std::atanh(s.r);
        s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
        s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
    }
    return s;
}

// Gathers the pairwise-complete observations of two columns.
std::size_t gather(const double* x, const double* y, std::size_t n, std::vector<double>& a, std::vector<double>& b) {
    a.clear();
    b.clear();
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(x[i]) && !std::isnan(y[i])) {
            a.push_back(x[i]);
            b.push_back(y[i]);
        }
    return a.size();
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> x) {
    const std::size_t n = x.size();
    std::vector<std::size_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i + 1;
        while (j < n && x[idx[j]] == x[idx[i]]) ++j;
        const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k) r[idx[k]] = avg;
        i = j;
    }
    return r;
}

PairStats correlate_pair(std::span<const double> x, std::span<const double> y, CorrMethod method, int min_periods, double level) {
    check_args(min_periods, level);
    if (x.size() != y.size())
        throw Error(ErrorCode::invalid_argument, "x and y differ in length (" + std::to_string(x.size()) + " and " +
                                                     std::to_string(y.size()) + ")");
    check_finite(x, "x");
    check_finite(y, "y");
    std::vector<double> a, b;
    const std::size_t n = gather(x.data(), y.data(), x.size(), a, b);
    return pair_stats(a.data(), b.data(), n, method, min_periods, level);
}

namespace {

// Pearson for every pair at once from matrix products (the cost is four K×T×K products rather
// than K² passes over T). Columns are centred on their own mean first, so the one-pass sums lose
// little to cancellation; pairs where they would (a series nearly constant on the pair's periods)
// are recomputed exactly with two passes, so results match pandas' two-pass algorithm.
Eigen::MatrixXd pearson_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, int min_periods) {
    const Eigen::Index T = data.rows(), K = data.cols();
    Eigen::MatrixXd X(T, K), M(T, K);
    bool missing = false;
    for (Eigen::Index j = 0; j < K; ++j) {
        double sum = 0;
        Eigen::Index cnt = 0;
        for (Eigen::Index t = 0; t < T; ++t)
            if (!std::isnan(data(t, j))) {
                sum += data(t, j);
                ++cnt;
            }
        const double mean = cnt ? sum / static_cast<double>(cnt) : 0.0;
        for (Eigen::Index t = 0; t < T; ++t) {
            const bool ok = !std::isnan(data(t, j));
            missing |= !ok;
            M(t, j) = ok ? 1.0 : 0.0;
            X(t, j) = ok ? data(t, j) - mean : 0.0;
        }
    }
    Eigen::MatrixXd R(K, K);
    Eigen::MatrixXd Sxy(K, K);
    Sxy.setZero();
    Sxy.selfadjointView<Eigen::Upper>().rankUpdate(X.transpose());
    Eigen::MatrixXd N, Sx, Sxx;
    if (missing) {
        N.setZero(K, K);
        N.selfadjointView<Eigen::Upper>().rankUpdate(M.transpose());
        Sx.noalias() = X.transpose() * M;              // Σ x_i over the periods where j is present
        Sxx.noalias() = X.cwiseAbs2().transpose() * M;  // Σ x_i² likewise
    }
    std::vector<double> a, b;
    const std::size_t Tn = static_cast<std::size_t>(T);
    for (Eigen::Index j = 0; j < K; ++j)
        for (Eigen::Index i = 0; i <= j; ++i) {
            double n, sx = 0, sy = 0, sxx, syy;
            if (missing) {
                n = N(i, j);
                sx = Sx(i, j);
                sy = Sx(j, i);
                sxx = Sxx(i, j);
                syy = Sxx(j, i);
            } else {
                n = static_cast<double>(T);
                sxx = Sxy(i, i);
                syy = Sxy(j, j);
            }
            double r;
            if (n < min_periods || n < 2) {
                r = nan;
            } else {
                const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
                if (!(vx > 1e-4 * sxx) || !(vy > 1e-4 * syy)) {
                    // Nearly constant on these periods: decide exactly, with two passes.
                    const std::size_t m = gather(data.data() + i * data.outerStride(), data.data() + j * data.outerStride(), Tn, a, b);
                    r = pearson_r(a.data(), b.data(), m);
                } else {
                    r = clip1((Sxy(i, j) - sx * sy / n) / std::sqrt(vx * vy));
                }
                if (i == j && !std::isnan(r)) r = 1.0;
            }
            R(i, j) = R(j, i) = r;
        }
    return R;
}

}  // namespace

Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods) {
    check_args(min_periods, 0.95);
    check_finite(data);
    if (method == CorrMethod::pearson) return pearson_matrix(data, min_periods);
    const Eigen::Index k = data.cols();
    const std::size_t t = static_cast<std::size_t>(data.rows());
    Eigen::MatrixXd out(k, k);
    std::vector<double> a, b;
    auto col = [&](Eigen::Index j) { return data.data() + j * data.outerStride(); };
    // Spearman: rank each pair's complete observations through each series' sort order.
    std::vector<std::vector<std::uint32_t>> orders;
    std::vector<double> ri(t), rj(t);
    std::vector<std::uint32_t> kept;
    if (method == CorrMethod::spearman)
        for (Eigen::Index j = 0; j < k; ++j) orders.push_back(sort_order(col(j), t));
    for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = i; j < k; ++j) {
            const double *xi = col(i), *xj = col(j);
            const std::size_t n = gather(xi, xj, t, a, b);
            double r;
            if (n < static_cast<std::size_t>(min_periods) || n < 2) {
                r = nan;
            } else if (i == j) {
                // pandas: Kendall's diagonal is 1 whenever there is data; Spearman's is NaN for a
                // constant series.
                r = method == CorrMethod::kendall ? 1.0 : (std::isnan(pearson_r(a.data(), b.data(), n)) ? nan : 1.0);
            } else if (method == CorrMethod::kendall) {
                r = kendall(a.data(), b.data(), n).tau;
            } else {
                rank_subset(orders[static_cast<std::size_t>(i)], xi, [&](std::uint32_t s) { return !std::isnan(xj[s]); }, ri.data(), kept);
                rank_subset(orders[static_cast<std::size_t>(j)], xj, [&](std::uint32_t s) { return !std::isnan(xi[s]); }, rj.data(), kept);
                std::size_t m = 0;
                for (std::size_t s = 0; s < t; ++s)
                    if (!std::isnan(xi[s]) && !std::isnan(xj[s])) {
                        a[m] = ri[s];
                        b[m] = rj[s];
                        ++m;
                    }
                r = pearson_r(a.data(), b.data(), m);
            }
            out(i, j) = out(j, i) = r;
        }
    return out;
}

Correction parse_correction(std::string_view name) {
    if (name == "fdr_bh" || name == "bh") return Correction::fdr_bh;
    if (name == "bonferroni") return Correction::bonferroni;
    throw Error(ErrorCode::invalid_argument, "correction: \"" + std::string(name.substr(0, 40)) + "\" is not one of fdr_bh|bonferroni");
}

std::vector<double> adjust_pvalues(std::span<const double> p, Correction c) {
    if (c == Correction::fdr_bh) return bh_qvalues(p);
    std::size_t m = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) {
            if (p[i] < 0 || p[i] > 1) throw Error(ErrorCode::invalid_argument, "p-value at position " + std::to_string(i) + " is outside [0, 1]");
            ++m;
        }
    std::vector<double> q(p.size(), nan);
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) q[i] = std::min(1.0, p[i] * static_cast<double>(m));
    return q;
}

PairTable correlate_all(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods, double level,
                        Correction correction) {
    check_args(min_periods, level);
    check_finite(data);
    const Eigen::Index k = data.cols();
    const std::size_t t = static_cast<std::size_t>(data.rows());
    PairTable out;
    std::vector<double> a, b;
    for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = i + 1; j < k; ++j) {
            const std::size_t n = gather(data.data() + i * data.outerStride(), data.data() + j * data.outerStride(), t, a, b);
            out.x.push_back(static_cast<std::uint32_t>(i));
            out.y.push_back(static_cast<std::uint32_t>(j));
            out.stats.push_back(pair_stats(a.data(), b.data(), n, method, min_periods, level));
        }
    std::vector<double> p(out.stats.size());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = out.stats[i].p;
    out.q = adjust_pvalues(p, correction);
    return out;
}

std::vector<LagStats> lagged_correlation(std::span<const double> driver, std::span<const double> outcome,
                                         std::span<const int> lags, CorrMethod method, int min_periods, double level,
                                         LagNormalization normalization) {
    check_args(min_periods, level);
    if (driver.size() != outcome.size())
        throw Error(ErrorCode::invalid_argument, "driver and outcome differ in length (" + std::to_string(driver.size()) +
                                                     " and " + std::to_string(outcome.size()) + ")");
    check_finite(driver, "driver");
    check_finite(outcome, "outcome");
    const std::int64_t n = static_cast<std::int64_t>(driver.size());
    if (normalization == LagNormalization::ccf) {
        if (method != CorrMethod::pearson)
            throw Error(ErrorCode::invalid_argument, "normalization \"ccf\" is defined for method pearson only");
        for (std::size_t t = 0; t < driver.size(); ++t)
            if (std::isnan(driver[t]) || std::isnan(outcome[t]))
                throw Error(ErrorCode::invalid_argument, "normalization \"ccf\" needs complete series (missing value at position " +
                                                             std::to_string(t) + ")");
    }
    std::vector<LagStats> out;
    std::vector<double> a, b;
    for (int lag : lags) {
        if (std::abs(static_cast<std::int64_t>(lag)) >= n)
            throw Error(ErrorCode::invalid_argument, "lag " + std::to_string(lag) + " leaves no overlap with series of length " +
                                                         std::to_string(n));
        // Pairs (driver[t - lag], outcome[t]) for every t where both indices exist.
        a.clear();
        b.clear();
        for (std::int64_t t = std::max<std::int64_t>(0, lag); t < n && t - lag < n; ++t) {
            const double d = driver[static_cast<std::size_t>(t - lag)], o = outcome[static_cast<std::size_t>(t)];
            if (!std::isnan(d) && !std::isnan(o)) {
                a.push_back(d);
                b.push_back(o);
            }
        }
        PairStats st = pair_stats(a.data(), b.data(), a.size(), method, min_periods, level);
        if (normalization == LagNormalization::ccf && st.reason == CorrReason::ok) {
            // statsmodels ccf(outcome, driver, adjusted=True): full-sample means and deviations.
            const double nn = static_cast<double>(n);
            double md = 0, mo = 0;
            for (std::int64_t t = 0; t < n; ++t) {
                md += driver[static_cast<std::size_t>(t)];
                mo += outcome[static_cast<std::size_t>(t)];
            }
            md /= nn;
            mo /= nn;
            double vd = 0, vo = 0, c = 0;
            for (std::int64_t t = 0; t < n; ++t) {
                vd += (driver[static_cast<std::size_t>(t)] - md) * (driver[static_cast<std::size_t>(t)] - md);
                vo += (outcome[static_cast<std::size_t>(t)] - mo) * (outcome[static_cast<std::size_t>(t)] - mo);
            }
            for (std::int64_t t = std::max<std::int64_t>(0, lag); t < n && t - lag < n; ++t)
                c += (driver[static_cast<std::size_t>(t - lag)] - md) * (outcome[static_cast<std::size_t>(t)] - mo);
            const double m = nn - std::abs(static_cast<double>(lag));
            st.r = (c / m) / std::sqrt((vd / nn) * (vo / nn));
            const double df = m - 2;
            const double rr = std::clamp(st.r, -1.0, 1.0);
            const double tt = std::abs(rr) >= 1 ? INFINITY : rr * std::sqrt(df / ((1 + rr) * (1 - rr)));
            st.p = df > 0 ? t_two_sided(tt, df) : nan;
            st.ci_low = st.ci_high = nan;
            if (m > 3 && std::abs(st.r) < 1) {
                const double zc = z_crit(level), se = 1 / std::sqrt(m - 3), z = std::atanh(st.r);
                st.ci_low = std::tanh(z - zc * se);
                st.ci_high = std::tanh(z + zc * se);
            }
        }
        out.push_back({lag, st});
    }
    return out;
}

std::vector<double> bh_qvalues(std::span<const double> p) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) {
            if (p[i] < 0 || p[i] > 1) throw Error(ErrorCode::invalid_argument, "p-value at position " + std::to_string(i) + " is outside [0, 1]");
            idx.push_back(i);
        }
    std::vector<double> q(p.size(), nan);
    const std::size_t m = idx.size();
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    double running = 1.0;
    for (std::size_t k = m; k-- > 0;) {
        running = std::min(running, p[idx[k]] * static_cast<double>(m) / static_cast<double>(k + 1));
        q[idx[k]] = std::min(running, 1.0);
    }
    return q;
}

}  // namespace okr

namespace okr {

Transform parse_transform(std::string_view name) {
    if (name.empty() || name == "none") return Transform::none;
    if (name == "diff") return Transform::diff;
    if (name == "detrend") return Transform::detrend;
    throw Error(ErrorCode::invalid_argument, "transform: \"" + std::string(name.substr(0, 40)) + "\" is not one of none|diff|detrend");
}

std::vector<double> transform_series(std::span<const double> x, Transform t) {
    std::vector<double> out(x.begin(), x.end());
    if (t == Transform::diff) {
        for (std::size_t i = out.size(); i-- > 0;) out[i] = i == 0 ? nan : x[i] - x[i - 1];
    } else if (t == Transform::detrend) {
        double n = 0, mt = 0, mx = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!std::isnan(x[i])) {
                n += 1;
                mt += static_cast<double>(i);
                mx += x[i];
            }
        if (n < 2) return out;
        mt /= n;
        mx /= n;
        double stt = 0, stx = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!std::isnan(x[i])) {
                stt += (static_cast<double>(i) - mt) * (static_cast<double>(i) - mt);
                stx += (static_cast<double>(i) - mt) * (x[i] - mx);
            }
        const double b = stt > 0 ? stx / stt : 0.0;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!std::isnan(x[i])) out[i] = x[i] - (mx + b * (static_cast<double>(i) - mt));
    }
    return out;
}

namespace {

// Sample autocorrelation at lag j over the periods in `mask` (present at t and t + j): the mean
// cross-product at lag j over the variance (the per-lag, "unbiased" autocovariance; the usual
// estimator that divides by n is biased towards 0 in short series and makes n_eff too large).
double acf(const std::vector<double>& v, const std::vector<std::uint8_t>& mask, double mean, double var, std::size_t j) {
    double s = 0;
    std::size_t m = 0;
    for (std::size_t t = 0; t + j < v.size(); ++t)
        if (mask[t] && mask[t + j]) {
            s += (v[t] - mean) * (v[t + j] - mean);
            ++m;
        }
    return m ? s / static_cast<double>(m) / var : 0.0;
}

}  // namespace

double effective_n(std::span<const double> x, std::span<const double> y) {
    if (x.size() != y.size()) throw Error(ErrorCode::invalid_argument, "effective_n: series differ in length");
    std::vector<std::uint8_t> mask(x.size());
    std::vector<double> a(x.begin(), x.end()), b(y.begin(), y.end());
    double n = 0, ma = 0, mb = 0;
    for (std::size_t t = 0; t < x.size(); ++t) {
        mask[t] = !std::isnan(x[t]) && !std::isnan(y[t]);
        if (mask[t]) {
            n += 1;
            ma += x[t];
            mb += y[t];
        }
    }
    if (n < 3) return n;
    ma /= n;
    mb /= n;
    double da = 0, db = 0;
    for (std::size_t t = 0; t < x.size(); ++t)
        if (mask[t]) {
            da += (a[t] - ma) * (a[t] - ma);
            db += (b[t] - mb) * (b[t] - mb);
        }
    if (!(da > 0) || !(db > 0)) return n;
    const std::size_t nn = static_cast<std::size_t>(n);
    double sum = 0;
    for (std::size_t j = 1; j <= nn / 5; ++j)
        sum += (n - static_cast<double>(j)) / n * acf(a, mask, ma, da / n, j) * acf(b, mask, mb, db / n, j);
    const double inv = 1.0 / n + 2.0 / n * sum;
    return std::clamp(inv > 0 ? 1.0 / inv : n, 2.0, n);
}

namespace {

// p-value and CI of r recomputed with an effective sample size.
void adjust_stats(PairStats& s, CorrMethod method, double n_eff, double level) {
    if (std::isnan(s.r)) return;
    if (method == CorrMethod::kendall) {
        const double z = 3 * s.r * std::sqrt(n_eff * (n_eff - 1)) / std::sqrt(2 * (2 * n_eff + 5));
        s.p = std::erfc(std::abs(z) / std::sqrt(2.0));
    } else if (n_eff > 2) {
        const double t = std::abs(s.r) >= 1 ? INFINITY : s.r * std::sqrt((n_eff - 2) / ((1 + s.r) * (1 - s.r)));
        s.p = t_two_sided(t, n_eff - 2);
    } else {
        s.p = nan;
    }
    const double se_num = method == CorrMethod::kendall ? 0.437 : method == CorrMethod::spearman ? 1.06 : 1.0;
    const double se_off = method == CorrMethod::kendall ? 4.0 : 3.0;
    s.ci_low = s.ci_high = nan;
    if (n_eff > se_off) {
        const double zc = boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + level / 2);
        const double se = std::sqrt(se_num / (n_eff - se_off));
        const double z = std::atanh(s.r);
        s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
        s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
    }
}

std::string fmt(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string fmt_q(double q) {
    if (std::isnan(q)) return "n/a";
    char buf[64];
    if (q < 0.001) std::snprintf(buf, sizeof buf, "%.1e", q);
    else std::snprintf(buf, sizeof buf, "%.3f", q);
    return buf;
}

}  // namespace

std::vector<LeadRow> leading_indicators(const Eigen::Ref<const Eigen::MatrixXd>& drivers, std::span<const double> outcome,
                                        const std::vector<std::string>& names, const std::string& outcome_name,
                                        const LeadOptions& o) {
    check_args(o.min_periods, o.level);
    if (!(o.alpha > 0 && o.alpha < 1)) throw Error(ErrorCode::invalid_argument, "alpha must be in (0, 1)");
    if (o.lags.empty()) throw Error(ErrorCode::invalid_argument, "lags must not be empty");
    const std::size_t T = static_cast<std::size_t>(drivers.rows()), K = static_cast<std::size_t>(drivers.cols());
    if (outcome.size() != T)
        throw Error(ErrorCode::invalid_argument, "outcome has " + std::to_string(outcome.size()) + " periods, drivers have " + std::to_string(T));
    if (names.size() != K) throw Error(ErrorCode::invalid_argument, "driver_names must name every driver column");
    check_finite(drivers);
    check_finite(outcome, "outcome");
    for (int lag : o.lags)
        if (static_cast<std::uint64_t>(std::abs(static_cast<std::int64_t>(lag))) >= T)
            throw Error(ErrorCode::invalid_argument, "lag " + std::to_string(lag) + " leaves no overlap with " + std::to_string(T) + " periods");

    // Trend of a raw series: Spearman correlation with time.
    std::vector<double> time(T);
    for (std::size_t t = 0; t < T; ++t) time[t] = static_cast<double>(t);
    auto trending = [&](std::span<const double> v) {
        const PairStats s = correlate_pair(v, time, CorrMethod::spearman, std::max(3, o.min_periods), 0.95);
        return !std::isnan(s.r) && std::abs(s.r) >= o.trend_threshold;
    };
    const bool outcome_trends = trending(outcome);
    const std::vector<double> y = transform_series(outcome, o.transform);
    const std::vector<std::uint32_t> yorder = o.method == CorrMethod::spearman ? sort_order(y.data(), T) : std::vector<std::uint32_t>{};
    std::vector<double> rx(T), ry(T), pa, pb, qa, qb;
    std::vector<std::uint32_t> kept;
    pa.reserve(T);
    pb.reserve(T);
    qa.reserve(T);
    qb.reserve(T);

    struct Cell {
        PairStats s;
        double n_eff, slope, slope_low, slope_high;
    };
    std::vector<std::vector<Cell>> cells(K);
    std::vector<double> all_p;
    std::vector<double> a, b;  // lag-aligned series (NaN kept)
    for (std::size_t k = 0; k < K; ++k) {
        const std::span<const double> raw(drivers.data() + static_cast<Eigen::Index>(k) * drivers.outerStride(), T);
        const std::vector<double> x = transform_series(raw, o.transform);
        const std::vector<std::uint32_t> xorder = o.method == CorrMethod::spearman ? sort_order(x.data(), T) : std::vector<std::uint32_t>{};
        for (int lag : o.lags) {
            a.clear();
            b.clear();
            for (std::int64_t t = std::max<std::int64_t>(0, lag); t < static_cast<std::int64_t>(T) && t - lag < static_cast<std::int64_t>(T); ++t) {
                a.push_back(x[static_cast<std::size_t>(t - lag)]);
                b.push_back(y[static_cast<std::size_t>(t)]);
            }
            const std::size_t n = gather(a.data(), b.data(), a.size(), pa, pb);
            PairStats st;
            if (o.method == CorrMethod::spearman && n >= 2) {
                // Rank through the sort orders of the driver and the outcome (O(T) per lag).
                const std::int64_t L = lag, TT = static_cast<std::int64_t>(T);
                rank_subset(xorder, x.data(), [&](std::uint32_t s) {
                    const std::int64_t tt = static_cast<std::int64_t>(s) + L;
                    return tt >= 0 && tt < TT && !std::isnan(y[static_cast<std::size_t>(tt)]);
                }, rx.data(), kept);
                rank_subset(yorder, y.data(), [&](std::uint32_t tt) {
                    const std::int64_t s = static_cast<std::int64_t>(tt) - L;
                    return s >= 0 && s < TT && !std::isnan(x[static_cast<std::size_t>(s)]);
                }, ry.data(), kept);
                qa.clear();
                qb.clear();
                for (std::int64_t tt = std::max<std::int64_t>(0, L); tt < TT && tt - L < TT; ++tt) {
                    const std::size_t s = static_cast<std::size_t>(tt - L);
                    if (!std::isnan(x[s]) && !std::isnan(y[static_cast<std::size_t>(tt)])) {
                        qa.push_back(rx[s]);
                        qb.push_back(ry[static_cast<std::size_t>(tt)]);
                    }
                }
                st = pair_stats(qa.data(), qb.data(), n, o.method, o.min_periods, o.level, true);
            } else {
                st = pair_stats(pa.data(), pb.data(), n, o.method, o.min_periods, o.level);
            }
            Cell c{st, static_cast<double>(n), nan, nan, nan};
            if (o.adjust && !std::isnan(c.s.r)) {
                c.n_eff = effective_n(a, b);
                adjust_stats(c.s, o.method, c.n_eff, o.level);
            }
            // Least-squares slope of outcome on driver, with a t interval on n_eff − 2 df.
            if (n >= 3 && !std::isnan(c.s.r)) {
                double mx = 0, my = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    mx += pa[i];
                    my += pb[i];
                }
                mx /= static_cast<double>(n);
                my /= static_cast<double>(n);
                double sxx = 0, sxy = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    sxx += (pa[i] - mx) * (pa[i] - mx);
                    sxy += (pa[i] - mx) * (pb[i] - my);
                }
                c.slope = sxy / sxx;
                double sse = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const double e = pb[i] - my - c.slope * (pa[i] - mx);
                    sse += e * e;
                }
                const double df = (o.adjust ? c.n_eff : static_cast<double>(n)) - 2;
                if (df > 0) {
                    const double se = std::sqrt(sse / static_cast<double>(n - 2) / sxx) *
                                      std::sqrt(static_cast<double>(n - 2) / df);
                    const double tc = boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.5 + o.level / 2);
                    c.slope_low = c.slope - tc * se;
                    c.slope_high = c.slope + tc * se;
                }
            }
            all_p.push_back(c.s.p);
            cells[k].push_back(c);
        }
    }
    const std::vector<double> q = adjust_pvalues(all_p, o.correction);
    std::vector<LeadRow> rows;
    std::size_t qi = 0;
    for (std::size_t k = 0; k < K; ++k) {
        const std::span<const double> raw(drivers.data() + static_cast<Eigen::Index>(k) * drivers.outerStride(), T);
        std::size_t best = 0;
        double best_q = nan;
        for (std::size_t l = 0; l < o.lags.size(); ++l) {
            const double ql = q[qi + l];
            const Cell& c = cells[k][l];
            const Cell& bc = cells[k][best];
            const bool better =
                std::isnan(best_q) ? !std::isnan(ql)
                                   : (!std::isnan(ql) &&
                                      (ql < best_q || (ql == best_q && (std::abs(c.s.r) > std::abs(bc.s.r) ||
                                                                        (std::abs(c.s.r) == std::abs(bc.s.r) &&
                                                                         std::abs(o.lags[l]) < std::abs(o.lags[best]))))));
            if (better) {
                best = l;
                best_q = ql;
            }
        }
        const Cell& c = cells[k][best];
        LeadRow r;
        r.driver = k;
        r.lag = o.lags[best];
        r.stats = c.s;
        r.q = q[qi + best];
        r.n_eff = c.n_eff;
        r.slope = c.slope;
        r.slope_low = c.slope_low;
        r.slope_high = c.slope_high;
        r.trending = outcome_trends || trending(raw);
        r.low_confidence = r.stats.n < 20;
        qi += o.lags.size();
        const std::string& dn = names[k];
        if (std::isnan(r.stats.r)) {
            r.verdict = dn + ": no correlation could be computed (" + to_string(r.stats.reason) + ")";
        } else {
            const std::string stats = "r = " + fmt(r.stats.r, 2) + " [" + fmt(r.stats.ci_low, 2) + ", " + fmt(r.stats.ci_high, 2) +
                                      "], q = " + fmt_q(r.q);
            const int a_lag = std::abs(r.lag);
            const std::string span = std::to_string(a_lag) + " " + o.period + (a_lag == 1 ? "" : "s");
            if (r.q < o.alpha) {
                if (r.lag > 0) r.verdict = dn + " leads " + outcome_name + " by " + span + ": " + stats;
                else if (r.lag < 0) r.verdict = dn + " follows " + outcome_name + " by " + span + ": " + stats;
                else r.verdict = dn + " moves with " + outcome_name + " in the same " + o.period + ": " + stats;
            } else {
                r.verdict = "no evidence that " + dn + " leads " + outcome_name + " (best lag " + std::to_string(r.lag) + ": " + stats + ")";
            }
            if (r.low_confidence) r.verdict += "; few observations";
            if (r.trending && o.transform == Transform::none && !o.adjust) r.verdict += "; trending series, consider transform=\"diff\"";
        }
        rows.push_back(std::move(r));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const LeadRow& x, const LeadRow& y) {
        const bool xn = std::isnan(x.q), yn = std::isnan(y.q);
        if (xn != yn) return yn;
        if (!xn && x.q != y.q) return x.q < y.q;
        return std::abs(x.stats.r) > std::abs(y.stats.r);
    });
    return rows;
}

}  // namespace okr

namespace okr {

std::vector<LeadRow> leading_indicators(const Graph& g, std::string_view outcome, const std::vector<std::string>& drivers,
                                        std::string_view freq, LeadOptions o, std::vector<std::string>& driver_ids) {
    const Freq f = parse_freq(freq);
    const std::ptrdiff_t oi = g.find_kpi(outcome);
    if (oi < 0) throw Error(ErrorCode::not_found, "outcome: no KPI with id \"" + std::string(outcome) + "\"");
    std::vector<std::size_t> cols;
    driver_ids.clear();
    if (drivers.empty()) {
        for (std::size_t j = 0; j < g.kpis().size(); ++j)
            if (static_cast<std::ptrdiff_t>(j) != oi) {
                cols.push_back(j);
                driver_ids.push_back(g.kpis()[j].id);
            }
    } else {
        for (const std::string& d : drivers) {
            const std::ptrdiff_t j = g.find_kpi(d);
            if (j < 0) throw Error(ErrorCode::not_found, "drivers: no KPI with id \"" + d + "\"");
            if (j == oi) throw Error(ErrorCode::invalid_argument, "drivers: \"" + d + "\" is the outcome");
            cols.push_back(static_cast<std::size_t>(j));
            driver_ids.push_back(d);
        }
    }
    if (cols.empty()) throw Error(ErrorCode::invalid_argument, "leading_indicators needs at least one driver KPI besides the outcome");
    const KpiMatrix m = kpi_matrix(g, f);
    Eigen::MatrixXd x(m.values.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t c = 0; c < cols.size(); ++c) x.col(static_cast<Eigen::Index>(c)) = m.values.col(static_cast<Eigen::Index>(cols[c]));
    const Eigen::VectorXd y = m.values.col(oi);
    if (o.period == "period") {
        switch (f) {
            case Freq::day: o.period = "day"; break;
            case Freq::week: o.period = "week"; break;
            case Freq::month: o.period = "month"; break;
            case Freq::quarter: o.period = "quarter"; break;
        }
    }
    return leading_indicators(x, std::span<const double>(y.data(), static_cast<std::size_t>(y.size())), driver_ids,
                              std::string(outcome), o);
}

}  // namespace okr
