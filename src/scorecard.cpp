// The EOS scorecard: KPIs with goals over the trailing periods, each cell on or off the goal in
// force in its period, with the per-KPI figures a weekly review reads.
#include "okr/scorecard.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "okr/detail/text.hpp"
#include "okr/error.hpp"

namespace okr {

namespace {

Freq freq_of(KpiFrequency f) {
    switch (f) {
        case KpiFrequency::month: return Freq::month;
        case KpiFrequency::quarter: return Freq::quarter;
        default: return Freq::week;
    }
}

const char* frequency_name(Freq f) {
    switch (f) {
        case Freq::day: return "day";
        case Freq::month: return "month";
        case Freq::quarter: return "quarter";
        default: return "week";
    }
}

// Mean of the present values among the last `n` of `v` (NaN if none).
double trailing_mean(const double* v, std::size_t size, std::size_t n) {
    double s = 0;
    std::size_t c = 0;
    for (std::size_t p = size - std::min(n, size); p < size; ++p)
        if (!std::isnan(v[p])) s += v[p], ++c;
    return c ? s / static_cast<double>(c) : nan;
}

// Least-squares slope of the present values against their period index (np.polyfit degree 1).
double slope(const double* v, std::size_t size) {
    double sx = 0, sy = 0;
    std::size_t c = 0;
    for (std::size_t p = 0; p < size; ++p)
        if (!std::isnan(v[p])) sx += static_cast<double>(p), sy += v[p], ++c;
    if (c < 2) return nan;
    const double mx = sx / static_cast<double>(c), my = sy / static_cast<double>(c);
    double sxy = 0, sxx = 0;
    for (std::size_t p = 0; p < size; ++p)
        if (!std::isnan(v[p])) {
            const double dx = static_cast<double>(p) - mx;
            sxy += dx * (v[p] - my);
            sxx += dx * dx;
        }
    return sxy / sxx;
}

}  // namespace

OnGoal meets(Comparison c, double goal, double low, double high, double value) noexcept {
    if (std::isnan(value)) return OnGoal::missing;
    bool ok;
    switch (c) {
        case Comparison::ge: ok = value >= goal; break;
        case Comparison::le: ok = value <= goal; break;
        case Comparison::gt: ok = value > goal; break;
        case Comparison::lt: ok = value < goal; break;
        case Comparison::eq: ok = value == goal; break;
        case Comparison::in_range: ok = value >= low && value <= high; break;
        case Comparison::not_in_range: ok = value < low || value > high; break;
        default: return OnGoal::missing;
    }
    return ok ? OnGoal::on : OnGoal::off;
}

KpiGoal goal_on(const Kpi& k, Date day) {
    for (auto it = k.goals.rbegin(); it != k.goals.rend(); ++it)
        if (it->from <= day) return *it;
    KpiGoal g;
    g.comparison = k.comparison;
    g.goal = k.goal;
    g.goal_low = k.goal_low;
    g.goal_high = k.goal_high;
    return g;
}

std::string goal_text(const KpiGoal& g) {
    using detail::number;
    switch (g.comparison) {
        case Comparison::none: return "";
        case Comparison::in_range: return number(g.goal_low) + "\xE2\x80\x93" + number(g.goal_high);  // en dash
        case Comparison::not_in_range: return "< " + number(g.goal_low) + " or > " + number(g.goal_high);
        default: return std::string(to_string(g.comparison)) + " " + number(g.goal);
    }
}

Scorecard scorecard(const Graph& graph, Date as_of, const ScorecardOptions& o) {
    if (o.periods < 1) throw Error(ErrorCode::invalid_argument, "periods must be >= 1 (got " + std::to_string(o.periods) + ")");
    // A scorecard is read by people: far more columns than that is a mistaken argument, not a view.
    if (o.periods > max_scorecard_periods)
        throw Error(ErrorCode::invalid_argument, "periods must be <= " + std::to_string(max_scorecard_periods) + " (got " +
                                                     std::to_string(o.periods) + ")");
    Scorecard sc;
    std::vector<std::size_t> selected;
    for (std::size_t i = 0; i < graph.kpis().size(); ++i) {
        const Kpi& k = graph.kpis()[i];
        if ((o.team.empty() || k.team == o.team) && (o.owner.empty() || k.owner == o.owner)) selected.push_back(i);
    }
    if (o.freq) {
        sc.freq = *o.freq;
    } else if (!selected.empty()) {
        sc.freq = freq_of(graph.kpis()[selected[0]].frequency);
        for (std::size_t i : selected) {
            const Kpi& k = graph.kpis()[i];
            if (freq_of(k.frequency) != sc.freq)
                throw Error(ErrorCode::invalid_argument,
                            "scorecard: KPIs of different frequencies (" + detail::quote(graph.kpis()[selected[0]].id) + " " +
                                frequency_name(sc.freq) + ", " + detail::quote(k.id) + " " + to_string(k.frequency) +
                                "): give a frequency or select KPIs of one");
        }
    }
    // The window: `periods` period starts ending with the one holding as_of.
    const std::size_t np = static_cast<std::size_t>(o.periods);
    sc.periods.resize(np);
    sc.periods[np - 1] = period_start(as_of, sc.freq);
    // Dates begin on 0001-01-01, a Monday and the first day of a month and a quarter: a window
    // reaching before it has periods no date can name.
    const Date first_date = Date::from_ymd(1, 1, 1);
    auto before_first = [&] {
        throw Error(ErrorCode::invalid_argument, "scorecard: " + std::to_string(np) + " periods (freq " + to_string(sc.freq) +
                                                     ") to " + as_of.iso() + " would start before 0001-01-01, the first date");
    };
    if (sc.periods[np - 1] < first_date) before_first();
    for (std::size_t p = np - 1; p-- > 0;) {
        if (sc.periods[p + 1] <= first_date) before_first();
        sc.periods[p] = period_start(Date{sc.periods[p + 1].days - 1}, sc.freq);
    }
    // The day after the window. Dates end on 9999-12-31: a window ending in the last period of the
    // calendar ends the day after it, which next_period() cannot name for a month or a quarter.
    const Date last_date = Date::from_ymd(9999, 12, 31);
    const Date window_end = sc.periods[np - 1] == period_start(last_date, sc.freq) ? Date{last_date.days + 1}
                                                                                   : next_period(sc.periods[np - 1], sc.freq);

    sc.values.assign(selected.size() * np, nan);
    sc.on_goal.assign(selected.size() * np, OnGoal::missing);
    for (std::size_t r = 0; r < selected.size(); ++r) {
        const Kpi& k = graph.kpis()[selected[r]];
        double* v = sc.values.data() + r * np;
        OnGoal* g = sc.on_goal.data() + r * np;
        // Bucketed as the KPI series are (docs/correlation.md), on the same calendar. Only the
        // observations inside the window are bucketed (a period holds exactly the observations
        // dated in it), so the cost follows the window, not the series' span: one value dated
        // 9999 among this year's weeks would otherwise make hundreds of thousands of periods.
        const auto by_date = [](const KpiPoint& p, Date d) { return p.date < d; };
        const auto first = std::lower_bound(k.values.begin(), k.values.end(), sc.periods[0], by_date);
        const auto last = std::lower_bound(first, k.values.end(), window_end, by_date);
        const Bucketed b = bucket(std::span<const KpiPoint>(first, last), sc.freq, k.aggregation);
        for (std::size_t i = 0; i < b.periods.size(); ++i) {
            const auto at = std::lower_bound(sc.periods.begin(), sc.periods.end(), b.periods[i]);
            if (at != sc.periods.end() && *at == b.periods[i]) v[at - sc.periods.begin()] = b.values[i];
        }
        for (std::size_t p = 0; p < np; ++p) {
            const Date last_day{(p + 1 < np ? sc.periods[p + 1] : window_end).days - 1};
            const KpiGoal goal = goal_on(k, last_day);
            g[p] = meets(goal.comparison, goal.goal, goal.goal_low, goal.goal_high, v[p]);
        }
        ScorecardRow row;
        row.kpi = selected[r];
        row.goal = goal_on(k, Date{window_end.days - 1});
        row.avg_4 = trailing_mean(v, np, 4);
        row.avg_13 = trailing_mean(v, np, 13);
        double total = 0;
        std::size_t present = 0, verdicts = 0, on = 0;
        for (std::size_t p = 0; p < np; ++p) {
            if (!std::isnan(v[p])) total += v[p], ++present;
            if (g[p] != OnGoal::missing) ++verdicts, on += g[p] == OnGoal::on;
        }
        row.total = present ? total : nan;
        row.on_goal_share = verdicts ? static_cast<double>(on) / static_cast<double>(verdicts) : nan;
        row.trend = slope(v, np);
        // Periods not reported yet (missing at the end) are passed over; a gap inside ends the run.
        std::size_t p = np;
        while (p > 0 && g[p - 1] == OnGoal::missing) --p;
        while (p > 0 && g[p - 1] == OnGoal::off) --p, ++row.off_goal_streak;
        sc.rows.push_back(row);
    }
    return sc;
}

}  // namespace okr
