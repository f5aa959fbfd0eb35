// KPI series on a calendar: period starts, bucketing observations, the KPI matrix of a graph.
#include "okr/series.hpp"
#include "okr/detail/text.hpp"

#include <cmath>
#include <string>

namespace okr {

Freq parse_freq(std::string_view s) {
    if (s == "D" || s == "day") return Freq::day;
    if (s == "W" || s == "W-MON" || s == "week") return Freq::week;
    if (s == "M" || s == "MS" || s == "month") return Freq::month;
    if (s == "Q" || s == "QS" || s == "quarter") return Freq::quarter;
    throw Error(ErrorCode::invalid_argument,
                "freq: \"" + std::string(detail::utf8_prefix(s, 20)) + "\" is not one of D|W|MS|QS (day, week, month, quarter)");
}

const char* to_string(Freq f) noexcept {
    switch (f) {
        case Freq::day: return "D";
        case Freq::week: return "W";
        case Freq::month: return "MS";
        case Freq::quarter: return "QS";
    }
    return "";
}

Date period_start(Date d, Freq f) {
    int y, m, dd;
    switch (f) {
        case Freq::day: return d;
        case Freq::week: {
            // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
            const int wd = ((d.days + 3) % 7 + 7) % 7;
            return Date{d.days - wd};
        }
        case Freq::month:
            d.ymd(y, m, dd);
            return Date::from_ymd(y, m, 1);
        case Freq::quarter:
            d.ymd(y, m, dd);
            return Date::from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
    }
    return d;
}

Date next_period(Date start, Freq f) {
    int y, m, d;
    switch (f) {
        case Freq::day: return Date{start.days + 1};
        case Freq::week: return Date{start.days + 7};
        case Freq::month:
            start.ymd(y, m, d);
            return m == 12 ? Date::from_ymd(y + 1, 1, 1) : Date::from_ymd(y, m + 1, 1);
        case Freq::quarter:
            start.ymd(y, m, d);
            return m >= 10 ? Date::from_ymd(y + 1, 1, 1) : Date::from_ymd(y, m + 3, 1);
    }
    return start;
}

namespace {

void fill(std::span<const KpiPoint> pts, Freq f, KpiAggregation agg, const std::vector<Date>& periods, double* out) {
    std::size_t p = 0;
    double acc = 0;
    std::size_t cnt = 0;
    auto flush = [&] {
        if (cnt) out[p] = agg == KpiAggregation::mean ? acc / static_cast<double>(cnt) : acc;
        acc = 0;
        cnt = 0;
    };
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i > 0 && pts[i].date < pts[i - 1].date)
            throw Error(ErrorCode::invalid_argument, "observation " + std::to_string(i) + " (" + pts[i].date.iso() +
                                                         ") is before the previous one: dates must be increasing");
        const Date s = period_start(pts[i].date, f);
        while (periods[p] < s) {
            flush();
            ++p;
        }
        if (std::isnan(pts[i].value)) continue;
        if (std::isinf(pts[i].value))
            throw Error(ErrorCode::invalid_argument, "observation " + std::to_string(i) + " (" + pts[i].date.iso() + ") is infinite");
        if (agg == KpiAggregation::last) {
            acc = pts[i].value;
            cnt = 1;
        } else {
            acc += pts[i].value;
            ++cnt;
        }
    }
    flush();
}

// Every period start from first's period to last's (first <= last). The loop stops at last's
// period without asking for the one after it, which for a month or quarter of 9999 has no date.
std::vector<Date> calendar(Date first, Date last, Freq f) {
    std::vector<Date> out;
    const Date end = period_start(last, f);
    for (Date d = period_start(first, f);; d = next_period(d, f)) {
        out.push_back(d);
        if (!(d < end)) break;
    }
    return out;
}

}  // namespace

Bucketed bucket(std::span<const KpiPoint> points, Freq freq, KpiAggregation aggregation) {
    Bucketed b;
    if (points.empty()) return b;
    Date lo = points.front().date, hi = points.front().date;
    for (const KpiPoint& p : points) {
        lo = std::min(lo, p.date);
        hi = std::max(hi, p.date);
    }
    b.periods = calendar(lo, hi, freq);
    b.values.assign(b.periods.size(), nan);
    fill(points, freq, aggregation, b.periods, b.values.data());
    return b;
}

KpiMatrix kpi_matrix(const Graph& g, Freq freq) {
    KpiMatrix m;
    bool any = false;
    Date lo{}, hi{};
    for (const Kpi& k : g.kpis()) {
        m.ids.push_back(k.id);
        for (const KpiPoint& p : k.values) {
            if (!any) lo = hi = p.date;
            lo = std::min(lo, p.date);
            hi = std::max(hi, p.date);
            any = true;
        }
    }
    if (any) m.periods = calendar(lo, hi, freq);
    // One far-off date (year 9999 among this year's weeks) must not make a matrix of terabytes.
    if (!m.ids.empty() && m.periods.size() > kMaxKpiMatrixCells / m.ids.size())
        throw LimitError(
                    "KPI matrix: " + std::to_string(m.periods.size()) + " periods (" + lo.iso() + " to " + hi.iso() +
                        ", freq " + to_string(freq) + ") x " + std::to_string(m.ids.size()) + " KPIs is more than " +
                        std::to_string(kMaxKpiMatrixCells) + " cells");
    m.values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(m.periods.size()), static_cast<Eigen::Index>(m.ids.size()), nan);
    for (std::size_t j = 0; j < g.kpis().size(); ++j) {
        const Kpi& k = g.kpis()[j];
        if (k.values.empty()) continue;
        fill(k.values, freq, k.aggregation, m.periods, m.values.data() + static_cast<Eigen::Index>(j) * m.values.rows());
    }
    return m;
}

}  // namespace okr
