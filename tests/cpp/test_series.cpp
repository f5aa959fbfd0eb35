#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace okr;

TEST_CASE("periods: ISO weeks start on Monday / months and quarters", "[series]") {
    CHECK(period_start(D("2026-11-23"), Freq::week) == D("2026-11-23"));  // a Monday
    CHECK(period_start(D("2026-11-29"), Freq::week) == D("2026-11-23"));  // Sunday
    CHECK(period_start(D("2027-01-01"), Freq::week) == D("2026-12-28"));
    CHECK(period_start(D("2026-08-15"), Freq::month) == D("2026-08-01"));
    CHECK(period_start(D("2026-08-15"), Freq::quarter) == D("2026-07-01"));
    CHECK(next_period(D("2026-10-01"), Freq::quarter) == D("2027-01-01"));
    CHECK(next_period(D("2026-12-01"), Freq::month) == D("2027-01-01"));
    REQUIRE_THROWS_WITH(parse_freq("fortnight"), Catch::Contains("freq"));
}

TEST_CASE("bucketing: empty periods are NaN / never 0", "[series]") {
    const std::vector<KpiPoint> pts{{D("2026-01-05"), 1}, {D("2026-01-07"), 2}, {D("2026-01-20"), 5}, {D("2026-01-21"), okr::nan}};
    const Bucketed s = bucket(pts, Freq::week, KpiAggregation::sum);
    REQUIRE(s.periods.size() == 3);
    CHECK(s.values[0] == 3);
    CHECK(std::isnan(s.values[1]));  // the week of 2026-01-12 has no observation
    CHECK(s.values[2] == 5);         // a missing observation is skipped
    CHECK(bucket(pts, Freq::week, KpiAggregation::mean).values[0] == 1.5);
    CHECK(bucket(pts, Freq::week, KpiAggregation::last).values[0] == 2);
    CHECK(bucket(pts, Freq::month, KpiAggregation::sum).values[0] == 8);
}

TEST_CASE("bucketing up to the calendar's last month and quarter (9999)", "[series]") {
    // The period after December 9999 has no date: the calendar stops at the last observation's
    // period without asking for it.
    const std::vector<KpiPoint> pts{{D("2026-08-10"), 3}, {D("9999-12-15"), 5}, {D("9999-12-31"), 7}};
    const Bucketed m = bucket(pts, Freq::month, KpiAggregation::sum);
    REQUIRE(m.periods.size() == (9999 - 2026) * 12 + 5);
    CHECK(m.periods.front() == D("2026-08-01"));
    CHECK(m.periods.back() == D("9999-12-01"));
    CHECK(m.values.front() == 3);
    CHECK(m.values.back() == 12);
    CHECK(std::isnan(m.values[1]));
    const Bucketed q = bucket(pts, Freq::quarter, KpiAggregation::last);
    REQUIRE(q.periods.size() == (9999 - 2026) * 4 + 2);
    CHECK(q.periods.back() == D("9999-10-01"));
    CHECK(q.values.back() == 7);
    const Bucketed one = bucket(std::vector<KpiPoint>{{D("9999-12-31"), 1}}, Freq::quarter, KpiAggregation::sum);
    CHECK(one.periods == std::vector<Date>{D("9999-10-01")});

    Graph g;
    Kpi k;
    k.id = "k";
    k.frequency = KpiFrequency::month;
    k.values = pts;
    g.add_kpi(k);
    const KpiMatrix mm = kpi_matrix(g, Freq::month);
    REQUIRE(mm.values.rows() == (9999 - 2026) * 12 + 5);
    CHECK(mm.values(mm.values.rows() - 1, 0) == 12);
    CHECK(kpi_matrix(g, Freq::quarter).values(0, 0) == 3);
}

TEST_CASE("KPIs in the JSON document / measured_by links / bad input", "[series][json]") {
    const std::string kpis =
        R"("kpis":[{"id":"lessons","title":"Lessons completed","team":"HR","unit":"lessons","comparison":">=","goal":10,)"
        R"("aggregation":"sum","values":[{"date":"2026-07-06","value":4},{"date":"2026-07-08","value":null},{"date":"2026-07-20","value":6}],"x_src":"lms"},)"
        R"({"id":"esc","comparison":"in_range","goal":[0,40],"aggregation":"mean","values":[{"date":"2026-07-13","value":50}]}],)";
    const std::string text = doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10})", "",
                                 R"({"from":"k","to":"esc","type":"measured_by"})");
    const std::string full = text.substr(0, text.size() - 1) + "," + kpis.substr(0, kpis.size() - 1) + "}";
    Graph g = load_json(full);
    REQUIRE(g.kpis().size() == 2);
    CHECK(g.kpis()[1].goal_high == 40);
    REQUIRE(g.measured_by().size() == 1);
    CHECK(g.kpis()[g.measured_by()[0].kpi].id == "esc");
    const std::string out = to_json(g);
    CHECK_THAT(out, Catch::Contains(R"({"date":"2026-07-08","value":null})"));
    CHECK_THAT(out, Catch::Contains(R"("x_src":"lms")"));
    CHECK(to_json(load_json(out)) == out);
    const KpiMatrix m = kpi_matrix(g, Freq::week);
    REQUIRE(m.periods.size() == 3);  // weeks of 07-06, 07-13, 07-20
    CHECK(m.values(0, 0) == 4);
    CHECK(std::isnan(m.values(1, 0)));
    CHECK(m.values(2, 0) == 6);
    CHECK(m.values(1, 1) == 50);
    // Bad input.
    auto bad = [&](const std::string& from, const std::string& to, const char* needle) {
        std::string t = full;
        t.replace(t.find(from), from.size(), to);
        REQUIRE_THROWS_WITH(load_json(t), Catch::Contains(needle));
    };
    bad(R"({"date":"2026-07-20","value":6})", R"({"date":"2026-07-08","value":6})", "repeats the previous date");
    bad(R"({"date":"2026-07-20","value":6})", R"({"date":"2026-07-01","value":6})", "before the previous date");
    bad(R"("to":"esc")", R"("to":"nokpi")", "nokpi");
    bad(R"("id":"esc")", R"("id":"k")", "duplicate id");
    bad(R"("goal":[0,40])", R"("goal":5)", "in_range");
}
