// Correlation of one pair of series (internal to src/correlation): the statistics that the
// all-pairs kernels (matrix.cpp), correlate_all and the lag scan (lag_scan.cpp) share. Pearson,
// Spearman and Kendall tau-b on complete, paired data; p-values as scipy.stats computes them;
// Fisher-z intervals.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "okr/correlation.hpp"

namespace okr::corr {

// Argument checks shared by every entry point: min_periods >= 2, level in (0, 1), finite data
// (NaN is missing; infinities are an error).
void check_args(int min_periods, double level);
void check_finite(std::span<const double> x, const char* what);
void check_finite(const Eigen::Ref<const Eigen::MatrixXd>& m);

inline double clip1(double r) { return std::clamp(r, -1.0, 1.0); }

// Pearson r on complete data; NaN when a series is constant.
double pearson_r(const double* x, const double* y, std::size_t n);

// Two-sided p-value of Student's t with df degrees of freedom.
double t_two_sided(double t, double df);

struct KendallOut {
    double tau = nan;
    double p = nan;
};

// Kendall tau-b and scipy's default p-value (exact without ties for n <= 33, else asymptotic).
KendallOut kendall(const double* x, const double* y, std::size_t n);

// z quantile of a two-sided interval at `level`.
double z_crit(double level);

// A confidence level and its two-sided z quantile, computed once per call of an entry point and
// passed to every pair it computes (a quantile costs as much as a small pair's statistics).
struct ConfidenceLevel {
    double value;
    double z;
    explicit ConfidenceLevel(double level) : value(level), z(z_crit(level)) {}
};

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
std::vector<std::uint32_t> sort_order(const double* x, std::size_t n);

// p-value and Fisher-z interval of a Pearson or Spearman r on n pairs (r NaN: a constant series).
void finish_stats(PairStats& s, CorrMethod method, const ConfidenceLevel& level);

// Statistics of complete, paired data (no NaN). `ranked`: for Spearman, x and y are already the
// average ranks of the paired observations.
PairStats pair_stats(const double* x, const double* y, std::size_t n, CorrMethod method, int min_periods,
                     const ConfidenceLevel& level, bool ranked = false);

// Gathers the pairwise-complete observations of two columns into a and b; returns their count.
std::size_t gather(const double* x, const double* y, std::size_t n, std::vector<double>& a, std::vector<double>& b);

}  // namespace okr::corr
