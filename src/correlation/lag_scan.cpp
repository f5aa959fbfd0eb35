// Lagged correlation and the leading-indicator scan: which KPI leads an outcome, at what lag,
// how strongly and how surely (differencing or detrending, effective sample size under
// autocorrelation, q-values across every pair and lag tested).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "../moments.hpp"
#include "../parallel.hpp"
#include "okr/correlation.hpp"
#include "okr/detail/text.hpp"
#include "okr/series.hpp"
#include "pair_stats.hpp"
#include "ranks.hpp"

namespace okr {

using namespace corr;

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
    const ConfidenceLevel lv(level);
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
        PairStats st = pair_stats(a.data(), b.data(), a.size(), method, min_periods, lv);
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
                const double zc = lv.z, se = 1 / std::sqrt(m - 3), z = std::atanh(st.r);
                st.ci_low = std::tanh(z - zc * se);
                st.ci_high = std::tanh(z + zc * se);
            }
        }
        out.push_back({lag, st});
    }
    return out;
}


Transform parse_transform(std::string_view name) {
    if (name.empty() || name == "none") return Transform::none;
    if (name == "diff") return Transform::diff;
    if (name == "detrend") return Transform::detrend;
    throw Error(ErrorCode::invalid_argument, "transform: \"" + std::string(detail::utf8_prefix(name, 40)) + "\" is not one of none|diff|detrend");
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
    check_finite(x, "x");  // NaN is missing; +-Inf is an error, as everywhere in the engine
    check_finite(y, "y");
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
void adjust_stats(PairStats& s, CorrMethod method, double n_eff, const ConfidenceLevel& level) {
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
        const double zc = level.z;
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
    const ConfidenceLevel lv(o.level);
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
                    finish_stats(st, o.method, lv);
                }
                if (o.adjust) align(x, lag, sc.a, sc.b);
            } else {
                align(x, lag, sc.a, sc.b);
                n = gather(sc.a.data(), sc.b.data(), sc.a.size(), sc.pa, sc.pb);
                st = pair_stats(sc.pa.data(), sc.pb.data(), n, o.method, o.min_periods, lv);
            }
            Cell c{st, static_cast<double>(n)};
            if (o.adjust && !std::isnan(c.s.r)) {
                c.n_eff = effective_n(sc.a, sc.b);
                adjust_stats(c.s, o.method, c.n_eff, lv);
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



std::vector<LeadRow> leading_indicators(const Graph& g, std::string_view outcome, const std::vector<std::string>& drivers,
                                        std::string_view freq, LeadOptions o, std::vector<std::string>& driver_ids) {
    const Freq f = parse_freq(freq);
    const std::ptrdiff_t oi = g.find_kpi(outcome);
    if (oi < 0) throw Error(ErrorCode::not_found, "outcome: no KPI with id " + detail::quote(outcome));
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
            if (j < 0) throw Error(ErrorCode::not_found, "drivers: no KPI with id " + detail::quote(d));
            if (j == oi) throw Error(ErrorCode::invalid_argument, "drivers: " + detail::quote(d) + " is the outcome");
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
