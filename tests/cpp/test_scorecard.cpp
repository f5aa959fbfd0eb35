// The EOS scorecard (include/okr/scorecard.hpp): DOMAIN example 5 with exact cells, every
// comparison at its boundaries, a goal change mid-window, gaps, filters and errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "helpers.hpp"
#include "okr/scorecard.hpp"

using namespace okr;

namespace {

// DOMAIN.md example 5, weeks 1-4 from Monday 2026-08-03, with goals.
const char* kExample5 = R"({"format":"okr","version":1,"kpis":[
  {"id":"lessons_created","title":"Lessons created","owner":"Marvin","team":"Managed Services","comparison":">=","goal":1,
   "values":[{"date":"2026-08-03","value":1},{"date":"2026-08-10","value":0},{"date":"2026-08-17","value":2},{"date":"2026-08-24","value":1}]},
  {"id":"lessons_completed","title":"Lessons completed","owner":"Diana","team":"HR","comparison":">=","goal":4,
   "values":[{"date":"2026-08-04","value":5},{"date":"2026-08-11","value":4},{"date":"2026-08-18","value":3},{"date":"2026-08-25","value":1}]},
  {"id":"kb_articles","title":"KB articles created","owner":"Marvin","team":"Managed Services","comparison":"in_range","goal":[2,3],
   "goals":[{"from":"2026-08-17","comparison":">=","goal":3}],
   "values":[{"date":"2026-08-03","value":2},{"date":"2026-08-10","value":1},{"date":"2026-08-17","value":3},{"date":"2026-08-24","value":2}]}
]})";

std::vector<OnGoal> cells(const Scorecard& sc, std::size_t r) {
    const std::size_t n = sc.periods.size();
    return {sc.on_goal.begin() + static_cast<std::ptrdiff_t>(r * n), sc.on_goal.begin() + static_cast<std::ptrdiff_t>((r + 1) * n)};
}

constexpr OnGoal on = OnGoal::on, off = OnGoal::off, none = OnGoal::missing;
constexpr double NaN = okr::nan;

}  // namespace

TEST_CASE("DOMAIN example 5: exact cells, averages, totals, trend and streaks", "[scorecard]") {
    const Graph g = load_json(kExample5);
    ScorecardOptions o;
    o.periods = 4;
    const Scorecard sc = scorecard(g, D("2026-08-27"), o);
    REQUIRE(sc.periods == std::vector<Date>{D("2026-08-03"), D("2026-08-10"), D("2026-08-17"), D("2026-08-24")});
    REQUIRE(sc.rows.size() == 3);
    CHECK(sc.freq == Freq::week);
    CHECK(std::vector<double>(sc.values.begin(), sc.values.begin() + 4) == std::vector<double>{1, 0, 2, 1});
    CHECK(std::vector<double>(sc.values.begin() + 4, sc.values.begin() + 8) == std::vector<double>{5, 4, 3, 1});
    CHECK(cells(sc, 0) == std::vector<OnGoal>{on, off, on, on});
    CHECK(cells(sc, 1) == std::vector<OnGoal>{on, on, off, off});
    // kb_articles: in [2, 3] for weeks 1-2, then >= 3 from 2026-08-17.
    CHECK(cells(sc, 2) == std::vector<OnGoal>{on, off, on, off});

    const ScorecardRow& lc = sc.rows[0];
    CHECK(lc.kpi == 0);
    CHECK(goal_text(lc.goal) == ">= 1");
    CHECK(lc.avg_4 == 1.0);
    CHECK(lc.avg_13 == 1.0);
    CHECK(lc.total == 4.0);
    CHECK(lc.on_goal_share == 0.75);
    CHECK(lc.trend == Approx(0.2).epsilon(1e-15));
    CHECK(lc.off_goal_streak == 0);
    const ScorecardRow& hr = sc.rows[1];
    CHECK(hr.avg_4 == 3.25);
    CHECK(hr.total == 13.0);
    CHECK(hr.on_goal_share == 0.5);
    CHECK(hr.trend == Approx(-1.3).epsilon(1e-15));
    CHECK(hr.off_goal_streak == 2);
    const ScorecardRow& kb = sc.rows[2];
    CHECK(goal_text(kb.goal) == ">= 3");  // the goal in force in the last period
    CHECK(kb.off_goal_streak == 1);
    CHECK(goal_text(goal_on(g.kpis()[2], D("2026-08-16"))) == "2\xE2\x80\x93" "3");

    // A longer window: earlier weeks are missing (no verdict), the averages leave them out.
    const Scorecard wide = scorecard(g, D("2026-08-27"));
    REQUIRE(wide.periods.size() == 13);
    CHECK(wide.periods.front() == D("2026-06-01"));
    CHECK(std::isnan(wide.values[0]));
    CHECK(wide.on_goal[0] == none);
    CHECK(wide.rows[1].avg_13 == 3.25);
    CHECK(wide.rows[1].on_goal_share == 0.5);
    CHECK(wide.rows[1].trend == Approx(-1.3).epsilon(1e-15));  // slope per period, gaps left out

    // The week after: not reported yet, so the streak counts back from the last verdict.
    o.periods = 5;
    const Scorecard next = scorecard(g, D("2026-09-01"), o);
    CHECK(next.on_goal[1 * 5 + 4] == none);
    CHECK(next.rows[1].off_goal_streak == 2);
    CHECK(next.rows[1].avg_4 == Approx((4.0 + 3 + 1) / 3));
}

TEST_CASE("each comparison at its boundaries", "[scorecard]") {
    CHECK(meets(Comparison::ge, 5, NaN, NaN, 5) == OnGoal::on);
    CHECK(meets(Comparison::ge, 5, NaN, NaN, 4.999) == OnGoal::off);
    CHECK(meets(Comparison::le, 5, NaN, NaN, 5) == OnGoal::on);
    CHECK(meets(Comparison::le, 5, NaN, NaN, 5.001) == OnGoal::off);
    CHECK(meets(Comparison::gt, 5, NaN, NaN, 5) == OnGoal::off);
    CHECK(meets(Comparison::gt, 5, NaN, NaN, 5.001) == OnGoal::on);
    CHECK(meets(Comparison::lt, 5, NaN, NaN, 5) == OnGoal::off);
    CHECK(meets(Comparison::lt, 5, NaN, NaN, 4.999) == OnGoal::on);
    CHECK(meets(Comparison::eq, 5, NaN, NaN, 5) == OnGoal::on);
    CHECK(meets(Comparison::eq, 5, NaN, NaN, 5.001) == OnGoal::off);
    // in_range is inclusive at both ends, not_in_range exclusive.
    for (const double v : {3.0, 4.0, 5.0}) {
        CHECK(meets(Comparison::in_range, NaN, 3, 5, v) == OnGoal::on);
        CHECK(meets(Comparison::not_in_range, NaN, 3, 5, v) == OnGoal::off);
    }
    for (const double v : {2.999, 5.001}) {
        CHECK(meets(Comparison::in_range, NaN, 3, 5, v) == OnGoal::off);
        CHECK(meets(Comparison::not_in_range, NaN, 3, 5, v) == OnGoal::on);
    }
    CHECK(meets(Comparison::ge, 5, NaN, NaN, NaN) == OnGoal::missing);
    CHECK(meets(Comparison::none, NaN, NaN, NaN, 5) == OnGoal::missing);
    KpiGoal g;
    g.comparison = Comparison::not_in_range;
    g.goal_low = 3;
    g.goal_high = 5.5;
    CHECK(goal_text(g) == "< 3 or > 5.5");
    g.comparison = Comparison::none;
    CHECK(goal_text(g).empty());
}

TEST_CASE("scorecard filters, frequencies and errors", "[scorecard][errors]") {
    const Graph g = load_json(kExample5);
    ScorecardOptions o;
    o.periods = 4;
    o.team = "HR";
    Scorecard sc = scorecard(g, D("2026-08-27"), o);
    REQUIRE(sc.rows.size() == 1);
    CHECK(g.kpis()[sc.rows[0].kpi].id == "lessons_completed");
    o.team.clear();
    o.owner = "Marvin";
    CHECK(scorecard(g, D("2026-08-27"), o).rows.size() == 2);
    o.owner = "nobody";
    sc = scorecard(g, D("2026-08-27"), o);
    CHECK(sc.rows.empty());
    CHECK(sc.values.empty());
    CHECK(sc.periods.size() == 4);
    // A requested frequency: the month of August, summed.
    o.owner.clear();
    o.periods = 1;
    o.freq = Freq::month;
    sc = scorecard(g, D("2026-08-27"), o);
    CHECK(sc.periods == std::vector<Date>{D("2026-08-01")});
    CHECK(sc.values == std::vector<double>{4, 13, 8});
    // periods < 1; KPIs of different frequencies without a requested one.
    o.periods = 0;
    REQUIRE_THROWS_WITH(scorecard(g, D("2026-08-27"), o), Catch::Contains("periods must be >= 1 (got 0)"));
    o.periods = 2000000000;
    REQUIRE_THROWS_WITH(scorecard(g, D("2026-08-27"), o), Catch::Contains("periods must be <= 1000 (got 2000000000)"));
    o.periods = 1000;
    CHECK(scorecard(g, D("2026-08-27"), o).periods.size() == 1000);
    std::string text = kExample5;
    text.replace(text.find(R"("owner":"Diana")"), 15, R"("owner":"Diana","frequency":"month")");
    const Graph mixed = load_json(text);
    ScorecardOptions m;
    try {
        (void)scorecard(mixed, D("2026-08-27"), m);
        FAIL("mixed frequencies accepted");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK_THAT(e.what(), Catch::Contains(R"("lessons_created" week, "lessons_completed" month)"));
    }
    m.team = "HR";
    sc = scorecard(mixed, D("2026-08-27"), m);
    CHECK(sc.freq == Freq::month);
    CHECK(sc.periods.back() == D("2026-08-01"));
}

TEST_CASE("a scorecard CSV goal outside a range reads as not_in_range", "[scorecard][csv]") {
    const std::vector<Kpi> k = read_scorecard_csv("id,title,goal,2026-08-03\nx,X,< 3 or > 5.5,4\ny,Y,<1 or >2,\n");
    REQUIRE(k.size() == 2);
    CHECK(k[0].comparison == Comparison::not_in_range);
    CHECK(k[0].goal_low == 3.0);
    CHECK(k[0].goal_high == 5.5);
    CHECK(goal_text(goal_on(k[0], D("2026-08-03"))) == "< 3 or > 5.5");
    CHECK(k[1].comparison == Comparison::not_in_range);
    REQUIRE_THROWS_WITH(read_scorecard_csv("id,title,goal,2026-08-03\nx,X,< 5 or > 3,4\n"), Catch::Contains("has low > high"));
    REQUIRE_THROWS_WITH(read_scorecard_csv("id,title,goal,2026-08-03\nx,X,< 3 or 5,4\n"),
                        Catch::Contains(R"(column "goal": "< 3 or 5" is not a goal)"));
}

TEST_CASE("observations outside the window, however far, leave the cells as they are", "[scorecard]") {
    // Weeks from Monday 2026-08-03 to Sunday 2026-08-30; the days either side and the first and
    // last days of the calendar fall outside, the window's own first and last days inside.
    const char* doc = R"({"format":"okr","version":1,"kpis":[
      {"id":"far","title":"Far","comparison":">=","goal":3,"aggregation":"%s","values":[
        {"date":"0001-01-01","value":100},{"date":"2026-08-02","value":100},{"date":"2026-08-03","value":1},
        {"date":"2026-08-09","value":2},{"date":"2026-08-24","value":4},{"date":"2026-08-30","value":null},
        {"date":"2026-08-31","value":100},{"date":"9999-12-31","value":100}]}]})";
    for (const char* aggregation : {"sum", "mean", "last"}) {
        CAPTURE(aggregation);
        char text[1024];
        std::snprintf(text, sizeof text, doc, aggregation);
        const Graph g = load_json(text);
        ScorecardOptions o;
        o.periods = 4;
        const Scorecard sc = scorecard(g, D("2026-08-27"), o);
        REQUIRE(sc.periods == std::vector<Date>{D("2026-08-03"), D("2026-08-10"), D("2026-08-17"), D("2026-08-24")});
        const double first = std::string(aggregation) == "sum" ? 3.0 : std::string(aggregation) == "mean" ? 1.5 : 2.0;
        REQUIRE(sc.values.size() == 4);
        CHECK(sc.values[0] == first);
        CHECK(std::isnan(sc.values[1]));
        CHECK(std::isnan(sc.values[2]));
        CHECK(sc.values[3] == 4.0);
        CHECK(cells(sc, 0) == std::vector<OnGoal>{first >= 3 ? on : off, none, none, on});
        CHECK(sc.rows[0].total == first + 4.0);
        // Daily, over the same days: only the window's days hold values.
        o.freq = Freq::day;
        o.periods = 28;
        const Scorecard daily = scorecard(g, D("2026-08-30"), o);
        REQUIRE(daily.periods.front() == D("2026-08-03"));
        CHECK(daily.values[0] == 1.0);
        CHECK(daily.values[6] == 2.0);
        CHECK(daily.values[21] == 4.0);
        CHECK(std::isnan(daily.values[27]));
        CHECK(daily.rows[0].total == 7.0);
    }
}

TEST_CASE("a window in the calendar's last month, quarter, week or day (9999)", "[scorecard]") {
    const Graph g = load_json(R"({"format":"okr","version":1,"kpis":[
      {"id":"k","title":"K","frequency":"month","comparison":">=","goal":6,"values":[
        {"date":"2026-08-10","value":3},{"date":"9999-12-15","value":5},{"date":"9999-12-31","value":7}]}]})");
    ScorecardOptions o;
    o.periods = 3;
    Scorecard sc = scorecard(g, D("2026-09-07"), o);
    CHECK(sc.periods == std::vector<Date>{D("2026-07-01"), D("2026-08-01"), D("2026-09-01")});
    CHECK(sc.values[1] == 3);
    sc = scorecard(g, D("9999-12-20"), o);
    CHECK(sc.periods == std::vector<Date>{D("9999-10-01"), D("9999-11-01"), D("9999-12-01")});
    CHECK(std::isnan(sc.values[0]));
    CHECK(sc.values[2] == 12);
    CHECK(cells(sc, 0) == std::vector<OnGoal>{none, none, on});
    o.freq = Freq::quarter;
    o.periods = 2;
    sc = scorecard(g, D("9999-12-31"), o);
    CHECK(sc.periods == std::vector<Date>{D("9999-07-01"), D("9999-10-01")});
    CHECK(sc.values[1] == 12);
    o.freq = Freq::week;
    o.periods = 1;
    sc = scorecard(g, D("9999-12-31"), o);
    CHECK(sc.periods == std::vector<Date>{D("9999-12-27")});
    CHECK(sc.values[0] == 7);
    o.freq = Freq::day;
    sc = scorecard(g, D("9999-12-31"), o);
    CHECK(sc.values[0] == 7);
}

TEST_CASE("a window reaching before 0001-01-01 is refused and one starting on it is read", "[scorecard]") {
    const Graph g = load_json(R"({"format":"okr","version":1,"kpis":[
      {"id":"k","title":"K","frequency":"week","comparison":">=","goal":6,"values":[
        {"date":"0001-01-01","value":3},{"date":"0001-01-08","value":5},{"date":"2026-08-10","value":7}]}]})");
    ScorecardOptions o;
    // 0001-01-01 is a Monday and the first day of a month and a quarter: every window may start there.
    for (Freq f : {Freq::day, Freq::week, Freq::month, Freq::quarter}) {
        o.freq = f;
        o.periods = 2;
        const Date as_of = next_period(D("0001-01-01"), f);
        const Scorecard sc = scorecard(g, as_of, o);
        CHECK(sc.periods == std::vector<Date>{D("0001-01-01"), as_of});
        CHECK(sc.values[0] == (f == Freq::day || f == Freq::week ? 3 : 8));
        o.periods = 3;
        try {
            (void)scorecard(g, as_of, o);
            FAIL("a window before 0001-01-01 accepted");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::invalid_argument);
            CHECK_THAT(e.what(), Catch::Contains(std::string("scorecard: 3 periods (freq ") + to_string(f) + ") to " + as_of.iso() +
                                                 " would start before 0001-01-01, the first date"));
        }
    }
    o.freq = Freq::week;
    o.periods = 1;
    CHECK(scorecard(g, D("0001-01-01"), o).periods == std::vector<Date>{D("0001-01-01")});
    // A Date before the first (C++ only: no date string names one) is refused too.
    CHECK_THROWS_WITH(scorecard(g, Date{D("0001-01-01").days - 10}, o), Catch::Contains("would start before 0001-01-01"));
}
