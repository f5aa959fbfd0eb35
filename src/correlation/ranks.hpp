// Ranks for Spearman correlation on pairwise-complete observations (internal to
// src/correlation), shared by the all-pairs kernel (matrix.cpp) and the lag scan (lag_scan.cpp).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "pair_stats.hpp"

namespace okr::corr {

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
inline double rank_walk(const RankedSeries& s, const double* x, const std::uint64_t* other, double* ranks,
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

inline RankedSeries make_ranked(const double* x, std::size_t T) {
    RankedSeries s;
    s.order = sort_order(x, T);
    s.mask.assign((T + 63) / 64, 0);
    for (std::uint32_t t : s.order) s.mask[t >> 6] |= std::uint64_t{1} << (t & 63);
    for (std::size_t i = 1; i < s.order.size() && !s.ties; ++i) s.ties = x[s.order[i]] == x[s.order[i - 1]];
    return s;
}

// dst = src moved `by` periods later (bit t -> t + by; by < 0 moves earlier), over W words.
inline void shift_mask(const std::uint64_t* src, std::size_t W, std::int64_t by, std::uint64_t* dst) {
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
inline double rank_r(double sxy, double sxx, double syy, std::size_t n) {
    const double nd = static_cast<double>(n), mean = (nd + 1) / 2, c = nd * mean * mean;
    const double vx = sxx - c, vy = syy - c;
    return vx > 0 && vy > 0 ? clip1((sxy - c) / std::sqrt(vx * vy)) : nan;
}

}  // namespace okr::corr
