/// @file
/// @brief okr — the EOS weekly scorecard: measurables (KPIs with goals) over the trailing periods,
/// each cell on or off its goal, with averages, totals, trend and the current off-goal streak
/// (docs/scorecard.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "okr/model.hpp"
#include "okr/series.hpp"

namespace okr {

/// The most periods a scorecard shows (ScorecardOptions::periods).
inline constexpr int max_scorecard_periods = 1000;

/// Options of scorecard().
struct ScorecardOptions {
    int periods = 13;            ///< trailing periods shown, ending with the one holding the date (1 to 1,000)
    std::optional<Freq> freq;    ///< unset: the frequency the selected KPIs share (an error if they differ)
    std::string team;            ///< only KPIs of this team (empty: all)
    std::string owner;           ///< only KPIs of this owner (empty: all)
};

/// One cell's verdict: the value met the goal in force in that period, missed it, or there is
/// no verdict (no value in the period, or no goal in force).
enum class OnGoal : std::int8_t { missing = -1 /**< no verdict */, off = 0 /**< the goal was missed */, on = 1 /**< the goal was met */ };

/// Whether `value` meets a goal: >=, <=, >, <, == as written; in_range low <= value <= high
/// (inclusive); not_in_range value < low or value > high (exclusive). NaN value or no comparison:
/// missing.
/// @param comparison how the value is held against the goal
/// @param goal the goal, with >=, <=, >, <, ==
/// @param low the range's lower bound, with in_range and not_in_range
/// @param high the range's upper bound, with in_range and not_in_range
/// @param value the value (NaN: no value)
/// @return on, off, or missing
OnGoal meets(Comparison comparison, double goal, double low, double high, double value) noexcept;

/// The goal of `kpi` in force on `day`: the latest dated goal whose `from` is on or before it,
/// else the KPI's own comparison/goal (Comparison::none if it has none).
/// @param kpi the KPI
/// @param day the day
/// @return the goal in force (the KPI's own goal comes with a default `from`)
KpiGoal goal_on(const Kpi& kpi, Date day);

/// A goal as people write it: ">= 5", "<= 3", "== 4", "3–5" (in range), "< 3 or > 5" (not in
/// range); "" without a comparison.
/// @param goal the goal
/// @return the text, numbers in their shortest round-trip form (a range with an en dash)
std::string goal_text(const KpiGoal& goal);

/// One KPI's row of a scorecard: its figures over the window.
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
    Freq freq = Freq::week;          ///< the periods' frequency
    std::vector<Date> periods;       ///< period starts, oldest first
    std::vector<ScorecardRow> rows;  ///< selected KPIs in document order
    std::vector<double> values;      ///< bucketed with each KPI's aggregation; NaN: no value
    std::vector<OnGoal> on_goal;     ///< against the goal in force on each period's last day
};

/// The scorecard of `graph` as of `as_of`. Throws ErrorCode::invalid_argument for periods outside
/// [1, max_scorecard_periods], selected KPIs of different frequencies without `freq`, or a window
/// that would start before 0001-01-01; a filter that selects nothing gives an empty scorecard
/// (its periods still listed).
/// @param graph the graph whose KPIs are shown
/// @param as_of the date; the last period is the one holding it
/// @param options window, frequency and selection
/// @return the scorecard, plain values owned by the caller
/// @throws okr::Error ErrorCode::invalid_argument for `periods` out of range, selected KPIs of
///         different frequencies without `freq`, or a window before 0001-01-01
Scorecard scorecard(const Graph& graph, Date as_of, const ScorecardOptions& options = {});

}  // namespace okr
