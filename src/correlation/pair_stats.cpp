// Correlation of one pair of series: Pearson, Spearman and Kendall tau-b on pairwise-complete
// observations, p-values as scipy.stats computes them, Fisher-z intervals; all pairs with
// multiple-testing corrections (correlate_all, Benjamini-Hochberg q-values). Distributions come
// from Boost.Math.
#include "pair_stats.hpp"
#include "okr/detail/text.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <string_view>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "../moments.hpp"
#include "../parallel.hpp"

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
                "method: \"" + std::string(detail::utf8_prefix(name, 40)) + "\" is not one of pearson|spearman|kendall");
}

const char* to_string(CorrReason r) noexcept {
    switch (r) {
        case CorrReason::ok: return "";
        case CorrReason::too_few: return "too_few";
        case CorrReason::constant: return "constant";
    }
    return "";
}

namespace corr {
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


namespace {

// Whether x[0..n) holds one value only (its computed variance need not be 0: the mean of
// three 0.1s is not 0.1).
bool constant_series(const double* x, std::size_t n) {
    for (std::size_t i = 1; i < n; ++i)
        if (x[i] != x[0]) return false;
    return true;
}

}  // namespace

// Pearson r on complete data; NaN when a series is constant.
double pearson_r(const double* x, const double* y, std::size_t n) {
    if (constant_series(x, n) || constant_series(y, n)) return nan;
    const auto [mx, my, sxx, syy, sxy] = detail::centred_moments(x, y, n);
    const double d = std::sqrt(sxx * syy);
    return d != 0 ? clip1(sxy / d) : nan;
}

double t_two_sided(double t, double df) {
    if (std::isinf(t)) return 0.0;
    const boost::math::students_t_distribution<double> dist(df);
    return 2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(t)));
}

namespace {

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

}  // namespace


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

double z_crit(double level) {
    return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + level / 2);
}


// Indices of the non-missing values of x, sorted by value (stable).
std::vector<std::uint32_t> sort_order(const double* x, std::size_t n) {
    // Sorting (value, period) records keeps the comparisons in cache; equal values keep period
    // order (a stable order without stable_sort's buffer).
    struct Rec {
        double v;
        std::uint32_t t;
    };
    std::vector<Rec> recs;
    recs.reserve(n);
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(x[t])) recs.push_back({x[t], static_cast<std::uint32_t>(t)});
    std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.v < b.v || (a.v == b.v && a.t < b.t); });
    std::vector<std::uint32_t> o(recs.size());
    for (std::size_t i = 0; i < recs.size(); ++i) o[i] = recs[i].t;
    return o;
}

// p-value and Fisher-z interval of a Pearson or Spearman r on n pairs (r NaN: a constant series).
void finish_stats(PairStats& s, CorrMethod method, const ConfidenceLevel& level) {
    const std::size_t n = s.n;
    if (std::isnan(s.r)) {
        s.reason = CorrReason::constant;
        s.p = nan;
        return;
    }
    if (n > 2) {
        const double df = static_cast<double>(n - 2);
        const double t = std::abs(s.r) >= 1 ? INFINITY : s.r * std::sqrt(df / ((1 + s.r) * (1 - s.r)));
        s.p = t_two_sided(t, df);
    } else if (method == CorrMethod::pearson) {
        s.p = 1.0;  // two points always lie on a line: scipy.stats.pearsonr gives p = 1
    }
    const double se_num = method == CorrMethod::spearman ? 1.06 : 1.0;
    // Fisher z interval (Fieller, Hartley & Pearson 1957 standard errors for the rank methods).
    if (static_cast<double>(n) > 3.0) {
        const double zc = level.z;
        const double se = std::sqrt(se_num / (static_cast<double>(n) - 3.0));
        const double z = std::atanh(s.r);
        s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
        s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
    }
}

// `ranked`: for Spearman, x and y are already the average ranks of the paired observations.
PairStats pair_stats(const double* x, const double* y, std::size_t n, CorrMethod method, int min_periods,
                     const ConfidenceLevel& level, bool ranked) {
    PairStats s;
    s.n = n;
    if (n < static_cast<std::size_t>(min_periods) || n < 2) {
        s.reason = CorrReason::too_few;
        return s;
    }
    if (method == CorrMethod::kendall) {
        const KendallOut k = kendall(x, y, n);
        s.r = k.tau;
        s.p = k.p;
        if (std::isnan(s.r)) {
            s.reason = CorrReason::constant;
            s.p = nan;
            return s;
        }
        if (static_cast<double>(n) > 4.0) {
            const double zc = level.z;
            const double se = std::sqrt(0.437 / (static_cast<double>(n) - 4.0));
            const double z = std::atanh(s.r);
            s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
            s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
        }
        return s;
    }
    std::vector<double> rx, ry;
    const double* a = x;
    const double* b = y;
    if (method == CorrMethod::spearman && !ranked) {
        rx = average_ranks({x, n});
        ry = average_ranks({y, n});
        a = rx.data();
        b = ry.data();
    }
    s.r = pearson_r(a, b, n);
    finish_stats(s, method, level);
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
}  // namespace corr

using namespace corr;

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
    return pair_stats(a.data(), b.data(), n, method, min_periods, ConfidenceLevel(level));
}

Correction parse_correction(std::string_view name) {
    if (name == "fdr_bh" || name == "bh") return Correction::fdr_bh;
    if (name == "bonferroni") return Correction::bonferroni;
    throw Error(ErrorCode::invalid_argument, "correction: \"" + std::string(detail::utf8_prefix(name, 40)) + "\" is not one of fdr_bh|bonferroni");
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
