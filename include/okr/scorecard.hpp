// okr — the EOS weekly scorecard: measurables (KPIs with goals) over the trailing periods, each
// cell on or off its goal, with averages, totals, trend and the current off-goal streak.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "okr/model.hpp"
#include "okr/series.hpp"

namespace okr {

inline constexpr int max_scorecard_periods = 1000;

struct ScorecardOptions {
    int periods = 13;            ///< trailing periods shown, ending with the one holding the date (1 to 1,000)
    std::optional<Freq> freq;    ///< unset: the frequency the selected KPIs share (an error if they differ)
    std::string team;            ///< only KPIs of this team (empty: all)
    std::string owner;           ///< only KPIs of this owner (empty: all)
};

/// One cell's verdict: the value met the goal in force in that period, missed it, or there is
/// no verdict (no value in the period, or no goal in force).
enum class OnGoal : std::int8_t { missing = -1, off = 0, on = 1 };

/// Whether `value` meets a goal: >=, <=, >, <, == as written; in_range low <= value <= high
/// (inclusive); not_in_range value < low or value > high (exclusive). NaN value or no comparison:
/// missing.
OnGoal meets(Comparison comparison, double goal, double low, double high, double value) noexcept;

/// The goal of `kpi` in force on `day`: the latest dated goal whose `from` is on or before it,
/// else the KPI's own comparison/goal (Comparison::none if it has none).
KpiGoal goal_on(const Kpi& kpi, Date day);

/// A goal as people write it: ">= 5", "<= 3", "== 4", "3–5" (in range), "< 3 or > 5" (not in
/// range); "" without a comparison.
std::string goal_text(const KpiGoal& goal);

struct ScorecardRow {
    std::size_t kpi;             ///< index into Graph::kpis()
    KpiGoal goal;                ///< the goal in force in the last period
    double avg_4 = nan;          ///< mean of the last 4 periods' values (missing left out; none: NaN)
    double avg_13 = nan;         ///< the same over the last 13 periods (or the window, if shorter)
    double total = nan;          ///< sum over the window (missing left out; none: NaN)
    double on_goal_share = nan;  ///< on-goal cells / cells with a verdict (none: NaN)
    double trend = nan;          ///< least-squares slope per period over the values present (< 2: NaN)
    int off_goal_streak = 0;     ///< consecutive off-goal periods ending with the newest verdict
};

/// The view as of a date. Cells are row-major: cell (r, p) at r * periods.size() + p, periods
/// oldest first.
struct Scorecard {
    Freq freq = Freq::week;
    std::vector<Date> periods;       ///< period starts, oldest first
    std::vector<ScorecardRow> rows;  ///< selected KPIs in document order
    std::vector<double> values;      ///< bucketed with each KPI's aggregation; NaN: no value
    std::vector<OnGoal> on_goal;     ///< against the goal in force on each period's last day
};

/// The scorecard of `graph` as of `as_of`. Throws ErrorCode::invalid_argument for periods outside
/// [1, max_scorecard_periods] or
/// selected KPIs of different frequencies without `freq`; a filter that selects nothing gives an
/// empty scorecard (its periods still listed).
Scorecard scorecard(const Graph& graph, Date as_of, const ScorecardOptions& options = {});

}  // namespace okr
