// All pairs of many series at once: the correlation matrix (corr_matrix, as pandas'
// DataFrame.corr) and correlate_all. Pearson sums come from tile kernels (AVX2 where the CPU has
// it), Spearman ranks from per-series sort orders and bit masks of the missing periods.
#include "matrix.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "../moments.hpp"
#include "../parallel.hpp"
#include "pair_stats.hpp"
#include "ranks.hpp"

namespace okr {

using namespace corr;

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

PearsonTile pearson_tile(bool simd) {
#ifdef OKR_HAVE_AVX2_KERNEL
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2 && simd) return pearson_tile_avx2;
#else
    (void)simd;
#endif
    return pearson_tile_generic;
}

Eigen::MatrixXd pearson_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, int min_periods, bool simd) {
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
    const PearsonTile tile = pearson_tile(simd);
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

// ---- all-pairs Spearman on pairwise-complete observations (the ranks: ranks.hpp) ----

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

Eigen::MatrixXd corr::corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods,
                                  bool simd) {
    check_args(min_periods, 0.95);
    check_finite(data);
    if (method == CorrMethod::pearson) return pearson_matrix(data, min_periods, simd);
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

Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods) {
    return corr::corr_matrix(data, method, min_periods, true);
}

PairTable correlate_all(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods, double level,
                        Correction correction) {
    check_args(min_periods, level);
    const ConfidenceLevel lv(level);
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
            out.stats[m] = pair_stats(a.data(), b.data(), n, method, min_periods, lv);
        }
    } else {
        // r from the all-pairs kernels, n from presence masks, then each pair's p and interval.
        const Eigen::MatrixXd R = method == CorrMethod::pearson ? pearson_matrix(data, min_periods, true) : spearman_matrix(data, min_periods);
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
                finish_stats(st, method, lv);
            }
        }, 16);
    }
    std::vector<double> p(out.stats.size());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = out.stats[i].p;
    out.q = adjust_pvalues(p, correction);
    return out;
}

}  // namespace okr
