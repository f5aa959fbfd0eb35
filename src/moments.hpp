// Internal: two-pass means and centred sums of squares and products of paired data.
#pragma once

#include <cstddef>

namespace okr::detail {

struct Moments {
    double mx = 0, my = 0;             ///< means
    double sxx = 0, syy = 0, sxy = 0;  ///< Σ(x − mx)², Σ(y − my)², Σ(x − mx)(y − my)
};

/// Two passes (means first), which keeps the sums accurate for data far from zero. n >= 1.
inline Moments centred_moments(const double* x, const double* y, std::size_t n) {
    Moments m;
    for (std::size_t i = 0; i < n; ++i) {
        m.mx += x[i];
        m.my += y[i];
    }
    m.mx /= static_cast<double>(n);
    m.my /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - m.mx, dy = y[i] - m.my;
        m.sxx += dx * dx;
        m.syy += dy * dy;
        m.sxy += dx * dy;
    }
    return m;
}

}  // namespace okr::detail
