// Scoring internals (internal to src/scoring): how one node is evaluated as of a date. A KR's
// score, forecast and status from its check-ins (metric curve, health band, baseline, stages,
// least-squares trend with a Student-t interval); an objective's from its counted children's
// roll-up sums in fixed point. score_all, score_vector and score_node (scoring.cpp) and the
// incremental scorer (incremental.cpp) all evaluate through evaluate(), so they agree bit for
// bit. Everything here is inline: it is the hot path of both.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "okr/scoring.hpp"

namespace okr {

// Student-t quantiles for the prediction interval, cached per degrees of freedom (one policy
// interval at a time): a quantile costs microseconds, and every KR with a trend needs one.
struct detail::TQuantiles {
    double interval = -1;
    std::vector<double> q;  // index: degrees of freedom

    double get(double level, std::size_t df) {
        if (level != interval) {
            interval = level;
            q.clear();
        }
        if (df >= q.size()) q.resize(df + 1, nan);
        if (std::isnan(q[df]))
            q[df] = boost::math::quantile(boost::math::students_t_distribution<double>(static_cast<double>(df)),
                                          0.5 + level / 2.0);
        return q[df];
    }
};

namespace scoring {

using detail::TQuantiles;

inline double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// ---- metric curve: piecewise-linear through (start, 0), anchors, (target, 1) ----
// Works in "progress distance" x = (value - start) * dir so both directions share one code path.
struct Curve {
    double xs[8];
    double ys[8];
    int n = 0;
    std::vector<double> xv, yv;  // used only when there are many anchors
    const double* X = xs;
    const double* Y = ys;
    double dir = 1;
    double start = 0;

    explicit Curve(const KrScoring& k) {
        dir = k.target > k.start ? 1.0 : -1.0;
        start = k.start;
        std::size_t count = 2;
        for (const Anchor& a : k.anchors())
            if (a.score < 1.0) ++count;
        double* px = xs;
        double* py = ys;
        if (count > 8) {
            xv.resize(count);
            yv.resize(count);
            px = xv.data();
            py = yv.data();
        }
        px[0] = 0;
        py[0] = 0;
        int i = 1;
        for (const Anchor& a : k.anchors())
            if (a.score < 1.0) {
                px[i] = (a.value - k.start) * dir;
                py[i] = a.score;
                ++i;
            }
        px[i] = (k.target - k.start) * dir;
        py[i] = 1.0;
        n = i + 1;
        X = px;
        Y = py;
    }

    // Unclamped score: the first segment extends below start, the last beyond target.
    double raw(double value) const {
        const double x = (value - start) * dir;
        if (x <= X[1]) return Y[1] * x / X[1];
        if (x >= X[n - 2]) return Y[n - 2] + (Y[n - 1] - Y[n - 2]) * (x - X[n - 2]) / (X[n - 1] - X[n - 2]);
        int j = 1;
        while (X[j + 1] < x) ++j;
        return Y[j] + (Y[j + 1] - Y[j]) * (x - X[j]) / (X[j + 1] - X[j]);
    }

    // The value at which the score reaches s (0 <= s <= 1).
    double value_at(double s) const {
        int j = 0;
        while (j + 2 < n && Y[j + 1] < s) ++j;
        const double x = X[j] + (X[j + 1] - X[j]) * (s - Y[j]) / (Y[j + 1] - Y[j]);
        return start + x * dir;
    }
};

inline double health_score(const KrScoring& k, double v) {
    double d;
    if (k.has_band())
        d = v < k.band_low ? k.band_low - v : (v > k.band_high ? v - k.band_high : 0.0);
    else
        d = k.direction == HealthDirection::at_least ? std::max(0.0, k.threshold - v) : std::max(0.0, v - k.threshold);
    if (d <= 0) return 1.0;
    if (k.tolerance <= 0) return 0.0;
    return std::max(0.0, 1.0 - d / k.tolerance);
}



// Student-t CDF. For small integer degrees of freedom the closed form of Abramowitz & Stegun
// 26.7.3/26.7.4 is exact and ~20x faster than the incomplete beta; far tails, where that form
// would lose relative precision to cancellation, and large df go to Boost.Math.
inline double t_cdf(double t, std::size_t df) {
    if (df == 1 || df == 2) {
        // The forms below for one and two degrees of freedom (most forecasts: 3 or 4 check-ins),
        // with the same operations, without the terms those degrees do not use.
        const double a = df == 1 ? 2.0 / M_PI * std::atan(std::abs(t) / 1.0) : std::abs(t) / std::sqrt(2.0 + t * t);
        const double tail = 0.5 * (1.0 - a);
        if (tail > 1e-7) return t >= 0 ? 1.0 - tail : tail;
    } else if (df <= 40) {
        const double nu = static_cast<double>(df);
        // With theta = atan(|t| / sqrt(nu)): cos^2 = nu / (nu + t^2), sin = |t| / sqrt(nu + t^2).
        const double r = nu + t * t;
        const double c2 = nu / r, s = std::abs(t) / std::sqrt(r), c = std::sqrt(c2);
        double a;  // P(|T| < |t|)
        if (df % 2 == 1) {
            double sum = 0, term = c;
            if (df > 1) {
                sum = term;
                for (std::size_t k = 3; k + 2 <= df; k += 2) {
                    term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
                    sum += term;
                }
            }
            const double theta = std::atan(std::abs(t) / std::sqrt(nu));
            a = 2.0 / M_PI * (theta + s * sum);
        } else {
            double sum = 1, term = 1;
            for (std::size_t k = 2; k + 2 <= df; k += 2) {
                term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
                sum += term;
            }
            a = s * sum;
        }
        const double tail = 0.5 * (1.0 - a);  // P(T > |t|)
        if (tail > 1e-7) return t >= 0 ? 1.0 - tail : tail;
    }
    return boost::math::cdf(boost::math::students_t_distribution<double>(static_cast<double>(df)), t);
}

inline double expected_at(const Cycle& cy, Date t) {
    if (cy.end.days == cy.start.days) return t >= cy.end ? 1.0 : 0.0;
    return clamp01(static_cast<double>(t.days - cy.start.days) / static_cast<double>(cy.end.days - cy.start.days));
}

struct Ctx {
    const Graph& g;
    const Topology& topo;
    Date as_of;
    const ScoringPolicy& p;
    TQuantiles* tq;
    std::vector<double> own;          // expected per cycle, unless the caller keeps it
    std::span<const double> expected; // per cycle, as of as_of

    Ctx(const Graph& g_, const Topology& t_, Date as_of_, const ScoringPolicy& p_, TQuantiles* tq_)
        : g(g_), topo(t_), as_of(as_of_), p(p_), tq(tq_) {
        for (const Cycle& c : g.cycles()) own.push_back(expected_at(c, as_of));
        expected = own;
    }
    Ctx(const Graph& g_, const Topology& t_, Date as_of_, const ScoringPolicy& p_, TQuantiles* tq_,
        std::span<const double> expected_)
        : g(g_), topo(t_), as_of(as_of_), p(p_), tq(tq_), expected(expected_) {}
};

// Scores a KR value (metric/health) under the policy; fills overachievement and regressing.
inline double score_raw(const ScoringPolicy& p, double raw, double* over, bool* regressing) {
    if (regressing) *regressing = raw < 0;
    if (over) *over = raw > 1 ? raw - 1 : 0.0;
    if (raw < 0) return 0.0;
    return p.clamp ? std::min(raw, 1.0) : raw;
}

inline double score_value(const KrScoring& k, const ScoringPolicy& p, double value, double* over, bool* regressing) {
    if (k.type == KrType::health) {
        const double s = health_score(k, value);
        if (regressing) *regressing = s < 1.0;
        return s;
    }
    if (k.anchor_count == 0) {
        // Curve(k).raw(value) without anchors, the same operations (so the same bits), without
        // building the curve.
        const double dir = k.target > k.start ? 1.0 : -1.0;
        return score_raw(p, ((value - k.start) * dir) / ((k.target - k.start) * dir), over, regressing);
    }
    return score_raw(p, Curve(k).raw(value), over, regressing);
}

inline Status rule_status(const ScoringPolicy& p, double score, double expected, double forecast) {
    if (p.status_rule == StatusRule::pace && !std::isnan(expected)) {
        if (expected <= 0) return Status::on_track;
        const double ratio = score / expected;
        return ratio >= p.pace_on_track ? Status::on_track : ratio >= p.pace_at_risk ? Status::at_risk : Status::off_track;
    }
    return forecast >= p.on_track ? Status::on_track : forecast >= p.at_risk ? Status::at_risk : Status::off_track;
}

// Score of a non-aggregating KR from its check-ins up to `end` (exclusive index into the list).
struct KrNow {
    double score = 0;
    double value = nan;
    double over = 0;
    bool regressing = false;
};

inline KrNow kr_now(const KrScoring& k, const ScoringPolicy& p, std::span<const CheckInRecord> cs) {
    KrNow r;
    if (cs.empty()) return r;
    switch (k.type) {
        case KrType::metric:
        case KrType::health:
            r.value = cs.back().value;
            r.score = score_value(k, p, r.value, &r.over, &r.regressing);
            break;
        case KrType::baseline: {
            double sum = 0;
            for (const CheckInRecord& c : cs) sum += c.value;
            r.value = sum / static_cast<double>(cs.size());
            r.score = std::min(1.0, static_cast<double>(cs.size()) / k.required);
            break;
        }
        case KrType::milestone:
            if (k.stage_count == 0) {
                r.value = cs.back().value;
                r.score = r.value >= 1.0 ? 1.0 : 0.0;
            } else {
                // Latest check-in per stage (the list is sorted, so the last one seen wins).
                double num = 0, den = 0;
                const std::span<const double> weight = k.stage_weights();
                const std::size_t ns = weight.size();
                double small[16];
                std::vector<double> big;
                double* prog = small;
                if (ns > 16) {
                    big.resize(ns);
                    prog = big.data();
                }
                std::fill(prog, prog + ns, 0.0);
                for (const CheckInRecord& c : cs) prog[static_cast<std::size_t>(c.stage)] = c.value;
                for (std::size_t i = 0; i < ns; ++i) {
                    const double pr = p.partial_stages ? prog[i] : (prog[i] >= 1.0 ? 1.0 : 0.0);
                    num += weight[i] * pr;
                    den += weight[i];
                }
                r.score = num / den;
                r.value = r.score;
            }
            break;
    }
    return r;
}

// How many of a KR's check-ins (sorted by date) are dated on or before `as_of`. Most are, or all
// but the last few: a few steps back from the end, then a binary search over the rest.
inline std::size_t count_upto(std::span<const CheckInRecord> cs, Date as_of) {
    std::size_t m = cs.size();
    for (int step = 0; m > 0 && as_of < cs[m - 1].date; ++step, --m)
        if (step == 8)
            return static_cast<std::size_t>(std::upper_bound(cs.begin(), cs.begin() + static_cast<std::ptrdiff_t>(m), as_of,
                                                             [](Date d, const CheckInRecord& r) { return d < r.date; }) -
                                            cs.begin());
    return m;
}

// Least-squares forecast at the cycle end over the check-ins' distinct dates.
inline void ls_forecast(const Ctx& cx, const KrScoring& k, std::span<const CheckInRecord> cs, double x_end, NodeScore& out) {
    const ScoringPolicy& p = cx.p;
    // Points: one per distinct date (the last check-in of a date supersedes).
    double xbuf[32], ybuf[32];
    std::vector<double> xv, yv;
    double* xs = xbuf;
    double* ys = ybuf;
    if (cs.size() > 32) {
        xv.resize(cs.size());
        yv.resize(cs.size());
        xs = xv.data();
        ys = yv.data();
    }
    std::size_t n = 0;
    double sum_x = 0, sum_y = 0;
    const bool by_value = k.type == KrType::metric || k.type == KrType::health;
    for (std::size_t i = 0; i < cs.size(); ++i) {
        if (i + 1 < cs.size() && cs[i + 1].date == cs[i].date) continue;
        xs[n] = static_cast<double>(cs[i].date.days);
        ys[n] = by_value ? cs[i].value : kr_now(k, p, cs.first(i + 1)).score;
        sum_x += xs[n];
        sum_y += ys[n];
        ++n;
    }
    if (n < static_cast<std::size_t>(p.min_trend_checkins)) return;
    // Two-pass centred sums (as detail::centred_moments, whose first pass is the loop above).
    const double mx = sum_x / static_cast<double>(n), my = sum_y / static_cast<double>(n);
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = xs[i] - mx, dy = ys[i] - my;
        sxx += dx * dx;
        sxy += dx * dy;
    }
    if (!(sxx > 0)) return;
    const double b = sxy / sxx;
    const double a = my - b * mx;
    double sse = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = ys[i] - (a + b * xs[i]);
        sse += e * e;
    }
    const std::size_t df = n - 2;
    const double s = std::sqrt(sse / static_cast<double>(df));
    const double y0 = a + b * x_end;
    const double se = s * std::sqrt(1.0 + 1.0 / static_cast<double>(n) + (x_end - mx) * (x_end - mx) / sxx);
    const double q = cx.tq->get(p.interval, df);
    const double lo = y0 - q * se, hi = y0 + q * se;
    // P(Y >= c) and P(Y <= c) under the predictive t distribution (a step when se == 0).
    auto p_ge = [&](double c) {
        if (!(se > 0)) return y0 >= c ? 1.0 : 0.0;
        return t_cdf((y0 - c) / se, df);  // P(T >= (c - y0)/se) = F((y0 - c)/se)
    };
    auto p_le = [&](double c) {
        if (!(se > 0)) return y0 <= c ? 1.0 : 0.0;
        return t_cdf((c - y0) / se, df);
    };
    const double ts = p.target_score;
    if (k.type == KrType::metric) {
        const Curve curve(k);
        const double f0 = score_raw(p, curve.raw(y0), nullptr, nullptr);
        const double f1 = score_raw(p, curve.raw(lo), nullptr, nullptr);
        const double f2 = score_raw(p, curve.raw(hi), nullptr, nullptr);
        out.forecast = f0;
        out.forecast_low = std::min(f1, f2);
        out.forecast_high = std::max(f1, f2);
        const double v = curve.value_at(ts);
        out.p_target = curve.dir > 0 ? p_ge(v) : p_le(v);
    } else if (k.type == KrType::health) {
        out.forecast = health_score(k, y0);
        const double f1 = health_score(k, lo), f2 = health_score(k, hi);
        out.forecast_low = std::min(f1, f2);
        double top = std::max(f1, f2);
        const double blo = k.has_band() ? k.band_low : k.threshold, bhi = k.has_band() ? k.band_high : k.threshold;
        if (k.has_band() ? (lo <= bhi && hi >= blo)
                         : (k.direction == HealthDirection::at_least ? hi >= blo : lo <= bhi))
            top = 1.0;
        out.forecast_high = top;
        const double slack = ts >= 1.0 ? 0.0 : (1.0 - ts) * k.tolerance;
        if (k.has_band())
            out.p_target = std::max(0.0, p_le(k.band_high + slack) - (1.0 - p_ge(k.band_low - slack)));
        else if (k.direction == HealthDirection::at_least)
            out.p_target = p_ge(k.threshold - slack);
        else
            out.p_target = p_le(k.threshold + slack);
    } else {
        out.forecast = clamp01(y0);
        out.forecast_low = clamp01(lo);
        out.forecast_high = clamp01(hi);
        out.p_target = p_ge(ts);
    }
}

// The aggregate of an aggregating KR's contributors' values, children [b, e) of the topology
// (NaN when none has a value); `count`: how many have one.
template <class ValueOf>
inline double aggregate_of(const Topology& t, std::uint32_t b, std::uint32_t e, Aggregate agg, ValueOf&& value_of,
                    std::uint32_t& count) {
    double acc = 0;
    std::uint32_t cnt = 0;
    for (std::uint32_t i = b; i < e; ++i) {
        const double cv = value_of(t.children[i]);
        if (std::isnan(cv)) continue;
        switch (agg) {
            case Aggregate::min: acc = cnt ? std::min(acc, cv) : cv; break;
            case Aggregate::max: acc = cnt ? std::max(acc, cv) : cv; break;
            default: acc += cv;
        }
        ++cnt;
    }
    count = cnt;
    if (cnt == 0) return nan;
    return agg == Aggregate::mean ? acc / cnt : acc;
}

// ---- objective roll-up in fixed point ----

// The scale of an objective's roll-up sums: 2^52, halved for each doubling of the children beyond
// 1024, so that n terms of at most `scale` each add up to at most 2^62.
inline int rollup_bits(std::uint32_t n_children) {
    int extra = 0;
    while ((std::uint64_t{1024} << extra) < n_children) ++extra;
    return 52 - extra;
}
inline double scale_of(int bits) { return std::bit_cast<double>(static_cast<std::uint64_t>(1023 + bits) << 52); }
inline double rollup_scale(std::uint32_t n_children) { return scale_of(rollup_bits(n_children)); }

inline std::int64_t fixed(double x) { return static_cast<std::int64_t>(x + 0.5); }  // x >= 0, rounded to nearest

// Adds (sign 1) or removes (sign -1) the terms of one child with share `share` (>= 0).
inline void add_child(detail::RollupSum& r, double share, double scale, const detail::ChildInput& c, std::int64_t sign) {
    if (std::isnan(c.score)) return;
    r.score += sign * fixed(share * c.score * scale);
    if (std::isnan(c.forecast))
        r.nan_forecasts += static_cast<std::int32_t>(sign);
    else
        r.forecast += sign * fixed(share * c.forecast * scale);
    r.weight += sign * fixed(share * scale);
    r.started += c.started ? static_cast<std::int32_t>(sign) : 0;
}

// The sums of objective v over its children [b, e) as `get` gives them.
template <class Get>
inline detail::RollupSum sum_children(const Topology& t, std::uint32_t b, std::uint32_t e, const Get& get) {
    detail::RollupSum r;
    const double scale = rollup_scale(e - b);
    for (std::uint32_t i = b; i < e; ++i) {
        const double share = t.child_share[i];
        if (share < 0) continue;
        add_child(r, share, scale, get.input(i, t.children[i]), 1);
    }
    return r;
}

// An objective's status once its score (not NaN), pace and forecast are known.
inline Status objective_status(const ScoringPolicy& p, const NodeScore& out, bool started) {
    if (!started) return Status::not_started;
    if (out.score >= 1.0) return Status::done;
    return rule_status(p, out.score, out.expected, out.forecast);
}

// An objective's result from its roll-up sums and its pace.
inline NodeScore objective_result(const ScoringPolicy& p, double expected, const detail::RollupSum& r) {
    NodeScore out;
    out.expected = expected;
    if (r.weight <= 0) return out;  // NaN score, no_data
    const double w = static_cast<double>(r.weight);
    out.score = static_cast<double>(r.score) / w;
    out.forecast = r.nan_forecasts > 0 ? nan : static_cast<double>(r.forecast) / w;
    out.status = objective_status(p, out, r.started > 0);
    return out;
}

// Whether cycle `cyc` (-1: none) starts after the date: its nodes are planned, with no score
// (their parents leave them out).
inline bool planned(const Ctx& cx, int cyc) {
    return cyc >= 0 && cx.expected[static_cast<std::size_t>(cyc)] <= 0 &&
           cx.as_of < cx.g.cycles()[static_cast<std::size_t>(cyc)].start;
}

// Evaluates node v given access to its children's scores.
template <class Get>
inline NodeScore evaluate(const Ctx& cx, NodeIndex v, Get&& get, std::uint32_t sub, int cyc) {
    const Graph& g = cx.g;
    const Topology& t = cx.topo;
    const ScoringPolicy& p = cx.p;
    NodeScore out;
    out.expected = cyc >= 0 ? cx.expected[static_cast<std::size_t>(cyc)] : nan;
    if (planned(cx, cyc)) {
        out.status = Status::planned;
        return out;
    }
    const bool cycle_open = cyc >= 0 && cx.as_of < g.cycles()[static_cast<std::size_t>(cyc)].end;
    auto pace_forecast = [&](double score) {
        if (std::isnan(out.expected) || out.expected <= 0) return score;
        return std::min(1.0, score / out.expected);
    };

    if (sub & Topology::kr_bit) {
        const KrScoring& k = t.kr[sub & ~Topology::kr_bit];
        bool started;
        if (k.aggregate != Aggregate::none) {
            const std::uint32_t b = t.child_offsets[v], e = t.child_offsets[v + 1];
            std::uint32_t cnt = 0;
            const double val = aggregate_of(t, b, e, k.aggregate, [&](NodeIndex c) { return get(c).value; }, cnt);
            started = cnt > 0;
            out.checkins = cnt;
            out.score = 0.0;
            if (started) {
                out.value = val;
                out.score = score_value(k, p, out.value, &out.overachievement, &out.regressing);
            }
            out.forecast = pace_forecast(out.score);
        } else {
            const auto all = g.checkins_of_kr(sub & ~Topology::kr_bit);
            const auto cs = all.first(count_upto(all, cx.as_of));
            out.checkins = static_cast<std::uint32_t>(cs.size());
            started = !cs.empty();
            const KrNow now = kr_now(k, p, cs);
            out.score = now.score;
            out.value = now.value;
            out.overachievement = now.over;
            out.regressing = now.regressing;
            out.forecast = pace_forecast(out.score);
            if (cycle_open && started)
                ls_forecast(cx, k, cs, static_cast<double>(g.cycles()[static_cast<std::size_t>(cyc)].end.days), out);
        }
        if (!started)
            out.status = Status::not_started;
        else if (out.score >= 1.0 && k.type != KrType::health)  // a health KR is kept, never finished
            out.status = Status::done;
        else
            out.status = rule_status(p, out.score, out.expected, out.forecast);
        return out;
    }

    // Objective: weighted mean over the children its progress_source selects.
    const std::uint32_t b = t.child_offsets[v], e = t.child_offsets[v + 1];
    if (p.clamp) return objective_result(p, out.expected, get.sum(t, v, b, e));
    // Unclamped scores have no bound, so no fixed point: floating-point sums in child order.
    double ws = 0, wsum = 0, wf = 0;
    bool any_started = false;
    for (std::uint32_t i = b; i < e; ++i) {
        if (t.child_share[i] < 0) continue;
        const detail::ChildInput cs = get.input(i, t.children[i]);
        if (std::isnan(cs.score)) continue;
        const double w = t.child_weight[i];
        ws += w * cs.score;
        wf += w * cs.forecast;
        wsum += w;
        any_started |= cs.started;
    }
    if (!(wsum > 0)) return out;  // NaN score, no_data
    out.score = ws / wsum;
    out.forecast = wf / wsum;
    out.status = objective_status(p, out, any_started);
    return out;
}

template <class Get>
inline NodeScore evaluate(const Ctx& cx, NodeIndex v, Get&& get) {
    return evaluate(cx, v, get, cx.topo.sub[v], cx.topo.cycle[v]);
}

// What evaluate() reads of the nodes it depends on: get(c), a node's result, and
// get.input(i, c), what the parent reads of child c through child slot i of the topology.
template <class Lookup>
struct Results {
    Lookup lookup;
    const NodeScore& operator()(NodeIndex c) const { return lookup(c); }
    detail::ChildInput input(std::uint32_t, NodeIndex c) const { return detail::ChildInput::of(lookup(c)); }
    detail::RollupSum sum(const Topology& t, NodeIndex, std::uint32_t b, std::uint32_t e) const {
        return sum_children(t, b, e, *this);
    }
};
template <class Lookup>
Results(Lookup) -> Results<Lookup>;


}  // namespace scoring
}  // namespace okr
