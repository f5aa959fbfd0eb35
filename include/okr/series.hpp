/// @file
/// @brief okr — KPI series on a calendar: bucketing observations into days, ISO weeks, months or
/// quarters.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "okr/model.hpp"

namespace okr {

/// A calendar period length; a period is named by its first day.
enum class Freq : std::uint8_t { day /**< one day */, week /**< an ISO week, Monday to Sunday */, month /**< a calendar month */, quarter /**< a calendar quarter (January, April, July, October) */ };
/// "D"/"day", "W"/"week" (ISO weeks, Monday first), "M"/"MS"/"month", "Q"/"QS"/"quarter".
/// @param name the name ("W-MON" is read as "W" too)
/// @return the frequency
/// @throws okr::Error ErrorCode::invalid_argument for any other name
Freq parse_freq(std::string_view name);
/// The pandas alias of a frequency.
/// @return "D", "W", "MS" or "QS" (static storage)
const char* to_string(Freq) noexcept;  ///< "D", "W", "MS", "QS" (pandas aliases of the period starts)

/// First day of the period containing `d` (weeks start on Monday, as ISO weeks do).
/// @param d a date
/// @param f the frequency
/// @return the period's first day
/// @throws okr::Error ErrorCode::invalid_argument if a month or quarter start would fall outside
///         the years 1 to 9999
Date period_start(Date d, Freq f);
/// First day of the period after the one starting at `start`.
/// @param start a period's first day (as period_start() gives it)
/// @param f the frequency
/// @return the next period's first day
/// @throws okr::Error ErrorCode::invalid_argument if a month or quarter start would fall outside
///         the years 1 to 9999
Date next_period(Date start, Freq f);

/// One series bucketed to a calendar (bucket()).
struct Bucketed {
    std::vector<Date> periods;  ///< the periods' first days, every period from the first observation's to the last one's
    std::vector<double> values;  ///< per period: the combined value (NaN: no observation)
};
/// Buckets one series: every period from the first observation's to the last one's, in order.
/// A period with no observation (or only missing ones) is NaN, never 0. `sum` and `mean` skip
/// missing observations; `last` takes the last non-missing one. Dates must not decrease.
/// @param points the observations, in non-decreasing date order (NaN: missing)
/// @param freq the calendar
/// @param aggregation how observations in one period combine
/// @return the periods and their values (both empty without observations)
/// @throws okr::Error ErrorCode::invalid_argument for a date before the previous one or an
///         infinite value
Bucketed bucket(std::span<const KpiPoint> points, Freq freq, KpiAggregation aggregation);

/// Every KPI of the graph on one calendar (rows: periods from the earliest to the latest
/// observation of any KPI; columns: KPIs in document order).
struct KpiMatrix {
    std::vector<Date> periods;     ///< per row: the period's first day
    std::vector<std::string> ids;  ///< per column: the KPI's id
    Eigen::MatrixXd values;        ///< periods × KPIs, each bucketed with its aggregation (NaN: no value)
};
/// The most cells kpi_matrix makes (2^28 doubles, 2 GiB): observations that span more periods x
/// KPIs are ErrorCode::limit, naming the span.
inline constexpr std::size_t kMaxKpiMatrixCells = std::size_t{1} << 28;

/// Every KPI of the graph bucketed to one calendar.
/// @param graph the graph
/// @param freq the calendar
/// @return the matrix (no rows when no KPI has an observation)
/// @throws okr::Error ErrorCode::limit if periods × KPIs would pass kMaxKpiMatrixCells
KpiMatrix kpi_matrix(const Graph& graph, Freq freq);

}  // namespace okr
