// okr — KPI series on a calendar: bucketing observations into days, ISO weeks, months or quarters.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "okr/model.hpp"

namespace okr {

enum class Freq : std::uint8_t { day, week, month, quarter };
/// "D"/"day", "W"/"week" (ISO weeks, Monday first), "M"/"MS"/"month", "Q"/"QS"/"quarter".
Freq parse_freq(std::string_view name);
const char* to_string(Freq) noexcept;  ///< "D", "W", "MS", "QS" (pandas aliases of the period starts)

/// First day of the period containing `d` (weeks start on Monday, as ISO weeks do).
Date period_start(Date d, Freq f);
/// First day of the period after the one starting at `start`.
Date next_period(Date start, Freq f);

/// Buckets one series: every period from the first observation's to the last one's, in order.
/// A period with no observation (or only missing ones) is NaN, never 0. `sum` and `mean` skip
/// missing observations; `last` takes the last non-missing one. Dates must be increasing.
struct Bucketed {
    std::vector<Date> periods;
    std::vector<double> values;
};
Bucketed bucket(std::span<const KpiPoint> points, Freq freq, KpiAggregation aggregation);

/// Every KPI of the graph on one calendar (rows: periods from the earliest to the latest
/// observation of any KPI; columns: KPIs in document order).
struct KpiMatrix {
    std::vector<Date> periods;
    std::vector<std::string> ids;
    Eigen::MatrixXd values;
};
/// The most cells kpi_matrix makes (2^28 doubles, 2 GiB): observations that span more periods x
/// KPIs are ErrorCode::limit, naming the span.
inline constexpr std::size_t kMaxKpiMatrixCells = std::size_t{1} << 28;

KpiMatrix kpi_matrix(const Graph& graph, Freq freq);

}  // namespace okr
