// Correlation engine: Pearson, Spearman and Kendall tau-b on pairwise-complete observations,
// p-values as scipy.stats computes them, Fisher-z intervals, Benjamini-Hochberg q-values and
// lagged correlation. Distributions come from Boost.Math.
#include "okr/correlation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <bit>
#include <initializer_list>
#include <numeric>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <boost/math/distributions/normal.hpp>
#include "okr/series.hpp"
#include <boost/math/distributions/students_t.hpp>

#include "moments.hpp"
#include "parallel.hpp"

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

// Whether x[0..n) holds one value only (its computed variance need not be 0: the mean of
// three 0.1s is not 0.1).
bool constant_series(const double* x, std::size_t n) {
    for (std::size_t i = 1; i < n; ++i)
        if (x[i] != x[0]) return false;
    return true;
}

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
    // Sorting (value, period) records keeps the comparisons in cache; equal values keep period
    // order (a stable order without stable_sort's buffer).
    struct Rec {
        double v;
        std::uint32_t t;
    };
    thread_local std::vector<Rec> recs;
    recs.clear();
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(x[t])) recs.push_back({x[t], static_cast<std::uint32_t>(t)});
    std::sort(recs.begin(), recs.end(), [](const Rec& a, const Rec& b) { return a.v < b.v || (a.v == b.v && a.t < b.t); });
    std::vector<std::uint32_t> o(recs.size());
    for (std::size_t i = 0; i < recs.size(); ++i) o[i] = recs[i].t;
    return o;
}

// p-value and Fisher-z interval of a Pearson or Spearman r on n pairs (r NaN: a constant series).
void finish_stats(PairStats& s, CorrMethod method, double level) {
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
        const double zc = z_crit(level);
        const double se = std::sqrt(se_num / (static_cast<double>(n) - 3.0));
        const double z = std::atanh(s.r);
        s.ci_low = std::isinf(z) ? s.r : std::tanh(z - zc * se);
        s.ci_high = std::isinf(z) ? s.r : std::tanh(z + zc * se);
    }
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
            const double zc = z_crit(level);
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

// ---- all-pairs Pearson on pairwise-complete observations ----
//
// Every pair needs six sums over the periods both series have: n, Σx, Σy, Σx², Σy², Σxy. Σxy is a
// matrix product of the centred columns with 0 at missing periods (a 0 adds nothing), computed by
// the tile kernel below. The other five are whole-series sums minus the contributions of the
// other series' missing periods: with a fraction f missing that costs f·T per pair instead of
// the T of a product. Pairs are processed in 64 × 64 tiles of the upper triangle, in parallel,
// so nothing larger than the result is ever materialised.
constexpr Eigen::Index kTile = 64;

// C(i, j) = Σ_t A[i·T + t] · B[t·ldb + j] for i < mi (multiple of 4), j < nj (multiple of 8);
// A is series-major (each series' T values contiguous), B period-major. C is row-major, ldc.
void tile_product_generic(const double* A, const double* B, Eigen::Index T, Eigen::Index ldb, Eigen::Index mi,
                          Eigen::Index nj, double* C, Eigen::Index ldc) {
    using ColMap = Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
    using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    ColMap a(A, T, mi, Eigen::OuterStride<>(T));
    Eigen::Map<const RowMat, 0, Eigen::OuterStride<>> b(B, T, nj, Eigen::OuterStride<>(ldb));
    Eigen::Map<RowMat, 0, Eigen::OuterStride<>> c(C, mi, nj, Eigen::OuterStride<>(ldc));
    c.noalias() = a.transpose() * b;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define OKR_HAVE_AVX2_KERNEL 1
// The same product with AVX2 + FMA, chosen at run time when the CPU has them: a 4 × 8 register
// block (eight 4-wide accumulators) streams over the T periods.
__attribute__((target("avx2,fma"))) void tile_product_avx2(const double* A, const double* B, Eigen::Index T,
                                                           Eigen::Index ldb, Eigen::Index mi, Eigen::Index nj,
                                                           double* C, Eigen::Index ldc) {
    for (Eigen::Index i = 0; i < mi; i += 4) {
        const double* a0 = A + i * T;
        const double* a1 = a0 + T;
        const double* a2 = a1 + T;
        const double* a3 = a2 + T;
        for (Eigen::Index j = 0; j < nj; j += 8) {
            __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd(), c10 = _mm256_setzero_pd(),
                    c11 = _mm256_setzero_pd(), c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd(),
                    c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
            const double* b = B + j;
            for (Eigen::Index t = 0; t < T; ++t, b += ldb) {
                const __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
                __m256d x = _mm256_broadcast_sd(a0 + t);
                c00 = _mm256_fmadd_pd(x, b0, c00);
                c01 = _mm256_fmadd_pd(x, b1, c01);
                x = _mm256_broadcast_sd(a1 + t);
                c10 = _mm256_fmadd_pd(x, b0, c10);
                c11 = _mm256_fmadd_pd(x, b1, c11);
                x = _mm256_broadcast_sd(a2 + t);
                c20 = _mm256_fmadd_pd(x, b0, c20);
                c21 = _mm256_fmadd_pd(x, b1, c21);
                x = _mm256_broadcast_sd(a3 + t);
                c30 = _mm256_fmadd_pd(x, b0, c30);
                c31 = _mm256_fmadd_pd(x, b1, c31);
            }
            double* c = C + i * ldc + j;
            _mm256_storeu_pd(c, c00);
            _mm256_storeu_pd(c + 4, c01);
            _mm256_storeu_pd(c + ldc, c10);
            _mm256_storeu_pd(c + ldc + 4, c11);
            _mm256_storeu_pd(c + 2 * ldc, c20);
            _mm256_storeu_pd(c + 2 * ldc + 4, c21);
            _mm256_storeu_pd(c + 3 * ldc, c30);
            _mm256_storeu_pd(c + 3 * ldc + 4, c31);
        }
    }
}
#endif

using TileProduct = void (*)(const double*, const double*, Eigen::Index, Eigen::Index, Eigen::Index, Eigen::Index,
                             double*, Eigen::Index);

struct PearsonPrep {
    Eigen::Index T = 0, K = 0, Kp = 0;
    int min_periods = 3;
    std::vector<double> X;             // series-major, centred on the series' mean, 0 = missing
    std::vector<double> Xt, X2t, Mt;   // period-major: value, value², 1 if present
    std::vector<double> cs, cs2, cnt;  // per series: Σx, Σx², count
    std::vector<std::uint32_t> miss_off, miss;  // each series' missing periods
};

struct PearsonScratch {
    // 64 × 64 tiles, row = j, column = i (contiguous)
    std::vector<double> sxy, sx, sxx, nn, sy, syy, r;
    std::vector<double> a, b;
};

// One tile: the six sums of every pair (i in [i0, i0+64), j in [j0, j0+64)) and r, or NaN where
// too few pairs or a series is nearly constant (the caller decides those exactly).
// Four doubles, unaligned-safe and alias-safe (tile rows start at multiples of 8 doubles).
typedef double V4 __attribute__((vector_size(32), aligned(8), may_alias));

typedef long long I4 __attribute__((vector_size(32)));

#if defined(__clang__)
#define OKR_SHUFFLE(a, b, i, j, k, l) __builtin_shufflevector(a, b, i, j, k, l)
#else
#define OKR_SHUFFLE(a, b, i, j, k, l) __builtin_shuffle(a, b, I4{i, j, k, l})
#endif

// Rows a[0..3] of a 4 × 4 block become its columns.
#if defined(__GNUC__)
inline __attribute__((always_inline))
#endif
void transpose4(V4 (&a)[4]) {
    const V4 t0 = OKR_SHUFFLE(a[0], a[1], 0, 4, 1, 5), t1 = OKR_SHUFFLE(a[0], a[1], 2, 6, 3, 7);
    const V4 t2 = OKR_SHUFFLE(a[2], a[3], 0, 4, 1, 5), t3 = OKR_SHUFFLE(a[2], a[3], 2, 6, 3, 7);
    a[0] = OKR_SHUFFLE(t0, t2, 0, 1, 4, 5);
    a[1] = OKR_SHUFFLE(t0, t2, 2, 3, 6, 7);
    a[2] = OKR_SHUFFLE(t1, t3, 0, 1, 4, 5);
    a[3] = OKR_SHUFFLE(t1, t3, 2, 3, 6, 7);
}

#if defined(__GNUC__)
#define OKR_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define OKR_ALWAYS_INLINE inline
#endif
OKR_ALWAYS_INLINE void pearson_tile_body(const PearsonPrep& P, Eigen::Index i0, Eigen::Index j0, PearsonScratch& s,
                                         TileProduct product) {
    const Eigen::Index T = P.T, Kp = P.Kp;
    const Eigen::Index mi = std::min(kTile, Kp - i0), nj = std::min(kTile, Kp - j0);
    const std::size_t ld = static_cast<std::size_t>(Kp);
    product(P.X.data() + j0 * T, P.Xt.data() + i0, T, Kp, nj, mi, s.sxy.data(), kTile);
    // Sums of i's values over the periods j has: whole-series sums minus j's missing periods.
    // 4-wide vector types (two SSE2 operations each, one AVX2 operation in the AVX2 build); the
    // accumulators of 8 consecutive series stay in registers while j's missing periods stream by.
#define v(p) (*reinterpret_cast<const V4*>(p))
    for (Eigen::Index jj = 0; jj < nj; ++jj) {
        const std::size_t j = static_cast<std::size_t>(j0 + jj);
        const std::uint32_t* mb = P.miss.data() + P.miss_off[j];
        const std::uint32_t* me = P.miss.data() + P.miss_off[j + 1];
        const std::size_t o = static_cast<std::size_t>(jj * kTile);
        for (Eigen::Index c = 0; c < mi; c += 8) {
            const std::size_t ic = static_cast<std::size_t>(i0 + c);
            V4 x0 = v(&P.cs[ic]), x1 = v(&P.cs[ic + 4]), q0 = v(&P.cs2[ic]), q1 = v(&P.cs2[ic + 4]);
            V4 n0 = v(&P.cnt[ic]), n1 = v(&P.cnt[ic + 4]);
            for (const std::uint32_t* m = mb; m != me; ++m) {
                const std::size_t row = *m * ld + ic;
                x0 -= v(&P.Xt[row]);
                x1 -= v(&P.Xt[row + 4]);
                q0 -= v(&P.X2t[row]);
                q1 -= v(&P.X2t[row + 4]);
                n0 -= v(&P.Mt[row]);
                n1 -= v(&P.Mt[row + 4]);
            }
            const std::size_t at = o + static_cast<std::size_t>(c);
            *reinterpret_cast<V4*>(&s.sx[at]) = x0;
            *reinterpret_cast<V4*>(&s.sx[at + 4]) = x1;
            *reinterpret_cast<V4*>(&s.sxx[at]) = q0;
            *reinterpret_cast<V4*>(&s.sxx[at + 4]) = q1;
            *reinterpret_cast<V4*>(&s.nn[at]) = n0;
            *reinterpret_cast<V4*>(&s.nn[at + 4]) = n1;
        }
    }
    // Sums of j's values over the periods i has: for 4 series i at a time, over 4 j, then a 4 × 4
    // transpose in registers so they land in the same (row j, column i) layout.
    for (Eigen::Index ii = 0; ii < mi; ii += 4)
        for (Eigen::Index c = 0; c < nj; c += 4) {
            const std::size_t jc = static_cast<std::size_t>(j0 + c);
            V4 y[4], q[4];
            for (int r = 0; r < 4; ++r) {
                const std::size_t i = static_cast<std::size_t>(i0 + ii + r);
                V4 ya = v(&P.cs[jc]), qa = v(&P.cs2[jc]);
                for (std::uint32_t m = P.miss_off[i]; m < P.miss_off[i + 1]; ++m) {
                    const std::size_t row = P.miss[m] * ld + jc;
                    ya -= v(&P.Xt[row]);
                    qa -= v(&P.X2t[row]);
                }
                y[r] = ya;
                q[r] = qa;
            }
            transpose4(y);
            transpose4(q);
            for (int k = 0; k < 4; ++k) {
                const std::size_t at = static_cast<std::size_t>((c + k) * kTile + ii);
                *reinterpret_cast<V4*>(&s.sy[at]) = y[k];
                *reinterpret_cast<V4*>(&s.syy[at]) = q[k];
            }
        }
#undef v
    const double minp = std::max(2.0, static_cast<double>(P.min_periods));
    for (Eigen::Index jj = 0; jj < nj; ++jj) {
        const std::size_t o = static_cast<std::size_t>(jj * kTile);
        const double* __restrict n_ = s.nn.data() + o;
        const double* __restrict sx_ = s.sx.data() + o;
        const double* __restrict sxx_ = s.sxx.data() + o;
        const double* __restrict sy_ = s.sy.data() + o;
        const double* __restrict syy_ = s.syy.data() + o;
        const double* __restrict sxy_ = s.sxy.data() + o;
        double* __restrict r_ = s.r.data() + o;
        for (Eigen::Index i = 0; i < mi; ++i) {
            const double n = n_[i], sx = sx_[i], sy = sy_[i], sxx = sxx_[i], syy = syy_[i];
            const double inv = 1.0 / n, mx = sx * inv, my = sy * inv;
            const double vx = sxx - sx * mx, vy = syy - sy * my;
            double r = (sxy_[i] - sx * my) / std::sqrt(vx * vy);
            r = r < -1.0 ? -1.0 : (r > 1.0 ? 1.0 : r);
            const bool ok = (n >= minp) & (vx > 1e-4 * sxx) & (vy > 1e-4 * syy);
            r_[i] = ok ? r : nan;
        }
    }
}

void pearson_tile_generic(const PearsonPrep& P, Eigen::Index i0, Eigen::Index j0, PearsonScratch& s) {
    pearson_tile_body(P, i0, j0, s, tile_product_generic);
}

#ifdef OKR_HAVE_AVX2_KERNEL
__attribute__((target("avx2,fma"))) void pearson_tile_avx2(const PearsonPrep& P, Eigen::Index i0, Eigen::Index j0,
                                                           PearsonScratch& s) {
    pearson_tile_body(P, i0, j0, s, tile_product_avx2);
}
#endif

using PearsonTile = void (*)(const PearsonPrep&, Eigen::Index, Eigen::Index, PearsonScratch&);

std::atomic<bool> g_simd{true};

PearsonTile pearson_tile() {
#ifdef OKR_HAVE_AVX2_KERNEL
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2 && g_simd.load(std::memory_order_relaxed)) return pearson_tile_avx2;
#endif
    return pearson_tile_generic;
}

Eigen::MatrixXd pearson_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, int min_periods) {
    PearsonPrep P;
    const Eigen::Index T = P.T = data.rows(), K = P.K = data.cols();
    const Eigen::Index Kp = P.Kp = (K + 7) / 8 * 8;  // padded with all-missing series
    P.min_periods = min_periods;
    P.X.assign(static_cast<std::size_t>(Kp * T), 0.0);
    P.Xt.assign(static_cast<std::size_t>(T * Kp), 0.0);
    P.X2t.assign(P.Xt.size(), 0.0);
    P.Mt.assign(P.Xt.size(), 0.0);
    P.cs.assign(static_cast<std::size_t>(Kp), 0.0);
    P.cs2.assign(P.cs.size(), 0.0);
    P.cnt.assign(P.cs.size(), 0.0);
    P.miss_off.assign(static_cast<std::size_t>(Kp) + 1, 0);
    for (Eigen::Index j = 0; j < Kp; ++j) {
        if (j < K) {
            double sum = 0;
            Eigen::Index c = 0;
            for (Eigen::Index t = 0; t < T; ++t)
                if (!std::isnan(data(t, j))) {
                    sum += data(t, j);
                    ++c;
                }
            const double mean = c ? sum / static_cast<double>(c) : 0.0;
            double s = 0, s2 = 0;
            for (Eigen::Index t = 0; t < T; ++t) {
                const std::size_t at = static_cast<std::size_t>(t * Kp + j);
                if (std::isnan(data(t, j))) {
                    P.miss.push_back(static_cast<std::uint32_t>(t));
                    continue;
                }
                const double v = data(t, j) - mean;
                P.X[static_cast<std::size_t>(j * T + t)] = v;
                P.Xt[at] = v;
                P.X2t[at] = v * v;
                P.Mt[at] = 1.0;
                s += v;
                s2 += v * v;
            }
            P.cs[static_cast<std::size_t>(j)] = s;
            P.cs2[static_cast<std::size_t>(j)] = s2;
            P.cnt[static_cast<std::size_t>(j)] = static_cast<double>(c);
        }
        P.miss_off[static_cast<std::size_t>(j) + 1] = static_cast<std::uint32_t>(P.miss.size());
    }
    const Eigen::Index nb = (K + kTile - 1) / kTile;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> tiles;
    for (Eigen::Index bj = 0; bj < nb; ++bj)
        for (Eigen::Index bi = 0; bi <= bj; ++bi) tiles.emplace_back(bi, bj);

    Eigen::MatrixXd R(K, K);
    const PearsonTile tile = pearson_tile();
    const std::size_t Tn = static_cast<std::size_t>(T), TT = static_cast<std::size_t>(kTile * kTile);
    std::vector<PearsonScratch> scratch(detail::max_threads());
    detail::parallel_for(tiles.size(), [&](std::size_t task, unsigned w) {
        PearsonScratch& s = scratch[w];
        if (s.sxy.empty())
            for (auto* v : {&s.sxy, &s.sx, &s.sxx, &s.nn, &s.sy, &s.syy, &s.r}) v->assign(TT, 0.0);
        const Eigen::Index i0 = tiles[task].first * kTile, j0 = tiles[task].second * kTile;
        tile(P, i0, j0, s);
        const Eigen::Index ie = std::min(i0 + kTile, K), je = std::min(j0 + kTile, K);
        const bool diagonal = i0 == j0;
        for (Eigen::Index j = j0; j < je; ++j)
            for (Eigen::Index i = i0; i < ie && (!diagonal || i <= j); ++i) {
                const std::size_t at = static_cast<std::size_t>((j - j0) * kTile + (i - i0));
                double& r = s.r[at];
                if (std::isnan(r) && s.nn[at] >= min_periods && s.nn[at] >= 2) {
                    // Nearly constant on these periods: decide exactly, with two passes.
                    const std::size_t m = gather(data.data() + i * data.outerStride(), data.data() + j * data.outerStride(), Tn, s.a, s.b);
                    r = pearson_r(s.a.data(), s.b.data(), m);
                }
                if (i == j && !std::isnan(r)) r = 1.0;
            }
        // The tile into R(i, j) and its mirror into R(j, i), both as contiguous column pieces.
        for (Eigen::Index j = j0; j < je; ++j) {
            const double* src = s.r.data() + (j - j0) * kTile;
            std::copy(src, src + ((diagonal ? j + 1 : ie) - i0), &R(i0, j));
        }
        for (Eigen::Index i = i0; i < ie; ++i) {
            double* dst = &R(0, i);
            for (Eigen::Index j = diagonal ? i : j0; j < je; ++j) dst[j] = s.r[static_cast<std::size_t>((j - j0) * kTile + (i - i0))];
        }
    }, 4);
    return R;
}

// ---- all-pairs Spearman on pairwise-complete observations ----
//
// Each pair's ranks are those of its complete observations alone (as pandas), so they differ from
// pair to pair. Every series is sorted once; a pair then ranks each side by one walk over that
// order, keeping the periods the other series has (a bit mask), in O(T) without a sort. Average
// ranks are half-integers, so Σ r_x r_y and Σ r² are exact and r needs no second pass.
struct RankedSeries {
    std::vector<std::uint32_t> order;  // periods with a value, by value (stable)
    std::vector<std::uint64_t> mask;   // bit t: value present at period t
    bool ties = false;                 // two present values are equal
};

struct RankScratch {
    std::vector<double> rx, ry;
    std::vector<std::uint32_t> kept;
};

// Ranks x's values at the periods of `order` that `other` has (1-based averages) into
// ranks[t]; kept lists those periods in value order. Returns Σ rank².
double rank_walk(const RankedSeries& s, const double* x, const std::uint64_t* other, double* ranks,
                 std::vector<std::uint32_t>& kept) {
    std::uint32_t* k = kept.data();
    std::size_t c = 0;
    for (const std::uint32_t t : s.order) {
        const std::size_t bit = (other[t >> 6] >> (t & 63)) & 1u;
        k[c] = t;
        ranks[t] = static_cast<double>(c + 1);
        c += bit;
    }
    const double n = static_cast<double>(c);
    if (!s.ties) return n * (n + 1) * (2 * n + 1) / 6;
    double sq = 0;
    for (std::size_t i = 0; i < c;) {
        std::size_t j = i + 1;
        while (j < c && x[k[j]] == x[k[i]]) ++j;
        const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t m = i; m < j; ++m) ranks[k[m]] = avg;
        sq += static_cast<double>(j - i) * avg * avg;
        i = j;
    }
    return sq;
}

RankedSeries make_ranked(const double* x, std::size_t T) {
    RankedSeries s;
    s.order = sort_order(x, T);
    s.mask.assign((T + 63) / 64, 0);
    for (std::uint32_t t : s.order) s.mask[t >> 6] |= std::uint64_t{1} << (t & 63);
    for (std::size_t i = 1; i < s.order.size() && !s.ties; ++i) s.ties = x[s.order[i]] == x[s.order[i - 1]];
    return s;
}

// dst = src moved `by` periods later (bit t -> t + by; by < 0 moves earlier), over W words.
void shift_mask(const std::uint64_t* src, std::size_t W, std::int64_t by, std::uint64_t* dst) {
    const std::int64_t Wi = static_cast<std::int64_t>(W);
    const std::int64_t words = (by >= 0 ? by : -by) / 64;
    const unsigned bits = static_cast<unsigned>((by >= 0 ? by : -by) % 64);
    for (std::int64_t w = 0; w < Wi; ++w) {
        std::uint64_t v = 0;
        if (by >= 0) {
            const std::int64_t a = w - words, b = a - 1;
            if (a >= 0 && a < Wi) v = src[a] << bits;
            if (bits && b >= 0 && b < Wi) v |= src[b] >> (64 - bits);
        } else {
            const std::int64_t a = w + words, b = a + 1;
            if (a >= 0 && a < Wi) v = src[a] >> bits;
            if (bits && b >= 0 && b < Wi) v |= src[b] << (64 - bits);
        }
        dst[w] = v;
    }
}

// Pearson r of two rank vectors with n entries each summing to n(n+1)/2 (exact sums).
double rank_r(double sxy, double sxx, double syy, std::size_t n) {
    const double nd = static_cast<double>(n), mean = (nd + 1) / 2, c = nd * mean * mean;
    const double vx = sxx - c, vy = syy - c;
    return vx > 0 && vy > 0 ? clip1((sxy - c) / std::sqrt(vx * vy)) : nan;
}

Eigen::MatrixXd spearman_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, int min_periods) {
    const Eigen::Index T = data.rows(), K = data.cols();
    const std::size_t Tn = static_cast<std::size_t>(T), W = (Tn + 63) / 64;
    auto col = [&](Eigen::Index j) { return data.data() + j * data.outerStride(); };
    std::vector<RankedSeries> series(static_cast<std::size_t>(K));
    detail::parallel_for(static_cast<std::size_t>(K), [&](std::size_t j, unsigned) {
        series[j] = make_ranked(col(static_cast<Eigen::Index>(j)), Tn);
    }, 256);
    Eigen::MatrixXd R(K, K);
    std::vector<RankScratch> scratch(detail::max_threads());
    detail::parallel_for(static_cast<std::size_t>(K), [&](std::size_t i, unsigned w) {
        RankScratch& sc = scratch[w];
        if (sc.rx.empty()) {
            sc.rx.assign(Tn, 0.0);
            sc.ry.assign(Tn, 0.0);
            sc.kept.assign(Tn, 0);
        }
        const RankedSeries& si = series[i];
        const double* xi = col(static_cast<Eigen::Index>(i));
        {  // diagonal: 1, or NaN for too few values or a constant series
            const std::size_t n = si.order.size();
            const bool ok = n >= static_cast<std::size_t>(min_periods) && n >= 2 && xi[si.order.front()] != xi[si.order.back()];
            R(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)) = ok ? 1.0 : nan;
        }
        for (std::size_t j = i + 1; j < series.size(); ++j) {
            const RankedSeries& sj = series[j];
            std::size_t n = 0;
            for (std::size_t w2 = 0; w2 < W; ++w2) n += static_cast<std::size_t>(std::popcount(si.mask[w2] & sj.mask[w2]));
            double r = nan;
            if (n >= static_cast<std::size_t>(min_periods) && n >= 2) {
                const double* xj = col(static_cast<Eigen::Index>(j));
                const double syy = rank_walk(sj, xj, si.mask.data(), sc.ry.data(), sc.kept);
                const double sxx = rank_walk(si, xi, sj.mask.data(), sc.rx.data(), sc.kept);
                double sxy = 0;
                for (std::size_t m = 0; m < n; ++m) {
                    const std::uint32_t t = sc.kept[m];
                    sxy += sc.rx[t] * sc.ry[t];
                }
                r = rank_r(sxy, sxx, syy, n);
            }
            R(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = R(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(i)) = r;
        }
    });
    return R;
}

}  // namespace

namespace detail {
// For tests: false forces the portable kernels even where AVX2 is available.
void use_simd_kernels(bool on) noexcept { g_simd.store(on, std::memory_order_relaxed); }
}  // namespace detail

Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods) {
    check_args(min_periods, 0.95);
    check_finite(data);
    if (method == CorrMethod::pearson) return pearson_matrix(data, min_periods);
    if (method == CorrMethod::spearman) return spearman_matrix(data, min_periods);
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
    const std::size_t K = static_cast<std::size_t>(k), pairs = K * (K > 0 ? K - 1 : 0) / 2;
    out.x.reserve(pairs);
    out.y.reserve(pairs);
    for (std::size_t i = 0; i < K; ++i)
        for (std::size_t j = i + 1; j < K; ++j) {
            out.x.push_back(static_cast<std::uint32_t>(i));
            out.y.push_back(static_cast<std::uint32_t>(j));
        }
    out.stats.resize(pairs);
    if (method == CorrMethod::kendall) {
        std::vector<double> a, b;
        for (std::size_t m = 0; m < pairs; ++m) {
            const std::size_t n = gather(data.data() + out.x[m] * data.outerStride(), data.data() + out.y[m] * data.outerStride(), t, a, b);
            out.stats[m] = pair_stats(a.data(), b.data(), n, method, min_periods, level);
        }
    } else {
        // r from the all-pairs kernels, n from presence masks, then each pair's p and interval.
        const Eigen::MatrixXd R = method == CorrMethod::pearson ? pearson_matrix(data, min_periods) : spearman_matrix(data, min_periods);
        const std::size_t W = (t + 63) / 64;
        std::vector<std::uint64_t> mask(K * W, 0);
        for (std::size_t j = 0; j < K; ++j)
            for (std::size_t r = 0; r < t; ++r)
                if (!std::isnan(data(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j))))
                    mask[j * W + (r >> 6)] |= std::uint64_t{1} << (r & 63);
        detail::parallel_for(K, [&](std::size_t i, unsigned) {
            // Pairs (i, j > i) are stored row after row of the upper triangle.
            std::size_t m = i * K - i * (i + 1) / 2;
            for (std::size_t j = i + 1; j < K; ++j, ++m) {
                PairStats& st = out.stats[m];
                std::size_t n = 0;
                for (std::size_t w = 0; w < W; ++w) n += static_cast<std::size_t>(std::popcount(mask[i * W + w] & mask[j * W + w]));
                st.n = n;
                if (n < static_cast<std::size_t>(min_periods) || n < 2) {
                    st.reason = CorrReason::too_few;
                    continue;
                }
                st.r = R(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
                finish_stats(st, method, level);
            }
        }, 16);
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

// Concatenation by appending (GCC 12 warns falsely, -Wrestrict, on chains of operator+ that
// start from a literal).
std::string cat(std::initializer_list<std::string_view> parts) {
    std::string out;
    std::size_t n = 0;
    for (std::string_view p : parts) n += p.size();
    out.reserve(n);
    for (std::string_view p : parts) out.append(p);
    return out;
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

    struct Cell {
        PairStats s;
        double n_eff;
    };
    const std::size_t L = o.lags.size();
    std::vector<Cell> cells(K * L);
    std::vector<std::vector<double>> xs(K);  // transformed drivers
    std::vector<char> driver_trends(K, 0);
    struct Scratch {
        std::vector<double> rx, ry, pa, pb, a, b;
        std::vector<std::uint32_t> kept;
        std::vector<std::uint64_t> xmask, ymask;
    };
    const std::size_t W = (T + 63) / 64;
    const RankedSeries yr = o.method == CorrMethod::spearman ? make_ranked(y.data(), T) : RankedSeries{};
    std::vector<Scratch> scratch(detail::max_threads());
    const std::int64_t TT = static_cast<std::int64_t>(T);
    // Lag-aligned driver (a) and outcome (b), NaN kept, for one lag.
    auto align = [&](const std::vector<double>& x, int lag, std::vector<double>& a, std::vector<double>& b) {
        a.clear();
        b.clear();
        for (std::int64_t t = std::max<std::int64_t>(0, lag); t < TT && t - lag < TT; ++t) {
            a.push_back(x[static_cast<std::size_t>(t - lag)]);
            b.push_back(y[static_cast<std::size_t>(t)]);
        }
    };
    detail::parallel_for(K, [&](std::size_t k, unsigned w) {
        Scratch& sc = scratch[w];
        if (sc.rx.empty()) {
            sc.rx.assign(T, 0.0);
            sc.ry.assign(T, 0.0);
            sc.kept.assign(T, 0);
            sc.xmask.assign(W, 0);
            sc.ymask.assign(W, 0);
            for (auto* v : {&sc.pa, &sc.pb, &sc.a, &sc.b}) v->reserve(T);
        }
        const std::span<const double> raw(drivers.data() + static_cast<Eigen::Index>(k) * drivers.outerStride(), T);
        xs[k] = transform_series(raw, o.transform);
        const std::vector<double>& x = xs[k];
        const bool spearman = o.method == CorrMethod::spearman;
        const RankedSeries xs_r = spearman || o.transform == Transform::none ? make_ranked(x.data(), T) : RankedSeries{};
        {  // trend of the raw driver: Spearman correlation with time (as `trending` above)
            const RankedSeries raw_r = o.transform == Transform::none ? RankedSeries{} : make_ranked(raw.data(), T);
            const RankedSeries& rr = o.transform == Transform::none ? xs_r : raw_r;
            const std::size_t n = rr.order.size();
            if (n >= static_cast<std::size_t>(std::max(3, o.min_periods))) {
                const double sxx = rank_walk(rr, raw.data(), rr.mask.data(), sc.rx.data(), sc.kept);
                double sxy = 0, c = 0;
                for (std::size_t t = 0; t < T; ++t)
                    if (!std::isnan(raw[t])) sxy += sc.rx[t] * ++c;
                const double nd = static_cast<double>(n);
                const double rho = rank_r(sxy, sxx, nd * (nd + 1) * (2 * nd + 1) / 6, n);
                driver_trends[k] = !std::isnan(rho) && std::abs(rho) >= o.trend_threshold;
            }
        }
        for (std::size_t l = 0; l < L; ++l) {
            const int lag = o.lags[l];
            PairStats st;
            std::size_t n = 0;
            if (spearman) {
                // Driver at s against outcome at s + lag: each side ranked by one walk over its
                // sort order, keeping the periods whose partner is present (shifted bit masks).
                shift_mask(yr.mask.data(), W, -lag, sc.ymask.data());
                shift_mask(xs_r.mask.data(), W, lag, sc.xmask.data());
                for (std::size_t w2 = 0; w2 < W; ++w2) n += static_cast<std::size_t>(std::popcount(xs_r.mask[w2] & sc.ymask[w2]));
                st.n = n;
                if (n < static_cast<std::size_t>(o.min_periods) || n < 2) {
                    st.reason = CorrReason::too_few;
                } else {
                    const double syy = rank_walk(yr, y.data(), sc.xmask.data(), sc.ry.data(), sc.kept);
                    const double sxx = rank_walk(xs_r, x.data(), sc.ymask.data(), sc.rx.data(), sc.kept);
                    double sxy = 0;
                    for (std::size_t m = 0; m < n; ++m) {
                        const std::uint32_t t = sc.kept[m];
                        sxy += sc.rx[t] * sc.ry[static_cast<std::size_t>(static_cast<std::int64_t>(t) + lag)];
                    }
                    st.r = rank_r(sxy, sxx, syy, n);
                    finish_stats(st, o.method, o.level);
                }
                if (o.adjust) align(x, lag, sc.a, sc.b);
            } else {
                align(x, lag, sc.a, sc.b);
                n = gather(sc.a.data(), sc.b.data(), sc.a.size(), sc.pa, sc.pb);
                st = pair_stats(sc.pa.data(), sc.pb.data(), n, o.method, o.min_periods, o.level);
            }
            Cell c{st, static_cast<double>(n)};
            if (o.adjust && !std::isnan(c.s.r)) {
                c.n_eff = effective_n(sc.a, sc.b);
                adjust_stats(c.s, o.method, c.n_eff, o.level);
            }
            cells[k * L + l] = c;
        }
    }, 16);
    std::vector<double> all_p(K * L);
    for (std::size_t i = 0; i < all_p.size(); ++i) all_p[i] = cells[i].s.p;
    const std::vector<double> q = adjust_pvalues(all_p, o.correction);
    // Each driver's best lag, slope and verdict (in parallel: the slope interval needs a t quantile).
    std::vector<LeadRow> rows(K);
    detail::parallel_for(K, [&](std::size_t k, unsigned w) {
        std::vector<double>&a = scratch[w].a, &b = scratch[w].b, &pa = scratch[w].pa, &pb = scratch[w].pb;
        const std::size_t qi = k * L;
        std::size_t best = 0;
        double best_q = nan;
        for (std::size_t l = 0; l < L; ++l) {
            const double ql = q[qi + l];
            const Cell& c = cells[qi + l];
            const Cell& bc = cells[qi + best];
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
        const Cell& c = cells[qi + best];
        LeadRow r;
        r.driver = k;
        r.lag = o.lags[best];
        r.stats = c.s;
        r.q = q[qi + best];
        r.n_eff = c.n_eff;
        // Least-squares slope of outcome on driver at the best lag, with a t interval on n_eff − 2 df.
        align(xs[k], r.lag, a, b);
        const std::size_t n = gather(a.data(), b.data(), a.size(), pa, pb);
        if (n >= 3 && !std::isnan(c.s.r)) {
            const auto [mx, my, sxx, syy, sxy] = detail::centred_moments(pa.data(), pb.data(), n);
            r.slope = sxy / sxx;
            double sse = 0;
            for (std::size_t i = 0; i < n; ++i) {
                const double e = pb[i] - my - r.slope * (pa[i] - mx);
                sse += e * e;
            }
            const double df = (o.adjust ? c.n_eff : static_cast<double>(n)) - 2;
            if (df > 0) {
                const double se = std::sqrt(sse / static_cast<double>(n - 2) / sxx) * std::sqrt(static_cast<double>(n - 2) / df);
                const double tc = boost::math::quantile(boost::math::students_t_distribution<double>(df), 0.5 + o.level / 2);
                r.slope_low = r.slope - tc * se;
                r.slope_high = r.slope + tc * se;
            }
        }
        r.trending = outcome_trends || driver_trends[k];
        r.low_confidence = r.stats.n < 20;
        const std::string& dn = names[k];
        if (std::isnan(r.stats.r)) {
            r.verdict = cat({dn, ": no correlation could be computed (", to_string(r.stats.reason), ")"});
        } else {
            const std::string stats = cat({"r = ", fmt(r.stats.r, 2), " [", fmt(r.stats.ci_low, 2), ", ", fmt(r.stats.ci_high, 2), "], q = ", fmt_q(r.q)});
            const int a_lag = std::abs(r.lag);
            const std::string span = cat({std::to_string(a_lag), " ", o.period, a_lag == 1 ? "" : "s"});
            if (r.q < o.alpha) {
                if (r.lag > 0) r.verdict = cat({dn, " leads ", outcome_name, " by ", span, ": ", stats});
                else if (r.lag < 0) r.verdict = cat({dn, " follows ", outcome_name, " by ", span, ": ", stats});
                else r.verdict = cat({dn, " moves with ", outcome_name, " in the same ", o.period, ": ", stats});
            } else {
                r.verdict = cat({"no evidence that ", dn, " leads ", outcome_name, " (best lag ", std::to_string(r.lag), ": ", stats, ")"});
            }
            if (r.low_confidence) r.verdict += "; few observations";
            if (r.trending && o.transform == Transform::none && !o.adjust) r.verdict += "; trending series, consider transform=\"diff\"";
        }
        rows[k] = std::move(r);
    }, 64);
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
