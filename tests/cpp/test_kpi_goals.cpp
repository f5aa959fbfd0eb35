// KPI goals for EOS scorecards: dated goals, not_in_range, frequency (docs/format.md, kpis[]).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "helpers.hpp"

using namespace okr;

namespace {

std::string kpi_doc(const std::string& kpi_fields) {
    return R"({"format":"okr","version":1,"kpis":[{"id":"lessons","title":"Lessons created")" + kpi_fields + "}]}";
}

void expect_error(const std::string& text, ErrorCode code, const std::string& needle) {
    try {
        (void)load_json(text);
        FAIL("accepted: " << text);
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(e.code() == code);
        CHECK_THAT(e.what(), Catch::Contains(needle));
    }
}

}  // namespace

TEST_CASE("dated goals, not_in_range and frequency load and round-trip", "[json][scorecard]") {
    const std::string text = kpi_doc(
        R"(,"owner":"Marvin","comparison":">=","goal":1,)"
        R"("goals":[{"from":"2026-08-03","comparison":">=","goal":2},)"
        R"({"from":"2026-09-07","comparison":"not_in_range","goal":[0,1.5]},)"
        R"({"from":"2026-10-05","comparison":"in_range","goal":[3,5]}],)"
        R"("frequency":"month","values":[{"date":"2026-07-06","value":1}])");
    const Graph g = load_json(text);
    REQUIRE(g.kpis().size() == 1);
    const Kpi& k = g.kpis()[0];
    CHECK(k.comparison == Comparison::ge);
    CHECK(k.goal == 1.0);
    CHECK(k.frequency == KpiFrequency::month);
    REQUIRE(k.goals.size() == 3);
    CHECK(k.goals[0].from == D("2026-08-03"));
    CHECK(k.goals[0].comparison == Comparison::ge);
    CHECK(k.goals[0].goal == 2.0);
    CHECK(k.goals[1].comparison == Comparison::not_in_range);
    CHECK(k.goals[1].goal_low == 0.0);
    CHECK(k.goals[1].goal_high == 1.5);
    CHECK(std::isnan(k.goals[1].goal));
    CHECK(k.goals[2].comparison == Comparison::in_range);
    CHECK(k.goals[2].goal_high == 5.0);
    // Written back and read again: the same document.
    const std::string out = to_json(g);
    CHECK_THAT(out, Catch::Contains(R"("frequency":"month")"));
    CHECK_THAT(out, Catch::Contains(R"({"from":"2026-09-07","comparison":"not_in_range","goal":[0,1.5]})"));
    CHECK(to_json(load_json(out)) == out);

    // The single pair may be a range too; the default frequency (week) is not written.
    const Graph h = load_json(kpi_doc(R"(,"comparison":"not_in_range","goal":[2,4])"));
    CHECK(h.kpis()[0].comparison == Comparison::not_in_range);
    CHECK(h.kpis()[0].frequency == KpiFrequency::week);
    CHECK_THAT(to_json(h), Catch::Contains(R"("comparison":"not_in_range","goal":[2,4])"));
    CHECK_THAT(to_json(h), !Catch::Contains("frequency"));
    CHECK(std::string(to_string(KpiFrequency::quarter)) == "quarter");
    CHECK(std::string(to_string(Comparison::not_in_range)) == "not_in_range");
}

TEST_CASE("bad KPI goals are errors naming the KPI and field", "[json][scorecard][errors]") {
    // Goals not in increasing "from" order (repeated or earlier).
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":">=","goal":2},{"from":"2026-08-03","comparison":">=","goal":3}])"),
                 ErrorCode::invalid_argument, R"(kpi "lessons": field "goals[1].from" 2026-08-03 is not after)");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-09-01","comparison":">=","goal":2},{"from":"2026-08-03","comparison":">=","goal":3}])"),
                 ErrorCode::invalid_argument, "goals must be in increasing \"from\" order");
    // Ranges with low > high, in the pair and in a dated goal, for both range comparisons.
    expect_error(kpi_doc(R"(,"comparison":"in_range","goal":[5,3])"), ErrorCode::invalid_argument,
                 R"(field "goal" must be [low, high] with low <= high)");
    expect_error(kpi_doc(R"(,"comparison":"not_in_range","goal":[5,3])"), ErrorCode::invalid_argument,
                 R"(field "goal" must be [low, high] with low <= high)");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":"not_in_range","goal":[2,1]}])"),
                 ErrorCode::invalid_argument, R"(field "goals[0].goal" must be [low, high] with low <= high)");
    // A range comparison without a range, a range without one.
    expect_error(kpi_doc(R"(,"comparison":"not_in_range","goal":3)"), ErrorCode::invalid_argument,
                 R"(field "goal" must be [low, high] for "not_in_range")");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":">=","goal":[1,2]}])"), ErrorCode::invalid_argument,
                 R"(field "goals[0].goal": [low, high] goes with "comparison": "in_range" or "not_in_range")");
    // A comparison without a goal; a goal without a comparison; a dated goal without a date.
    expect_error(kpi_doc(R"(,"comparison":">=")"), ErrorCode::invalid_argument, R"(field "goal" must be a finite number)");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":">="}])"), ErrorCode::invalid_argument,
                 R"(field "goals[0].goal" is required)");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","goal":2}])"), ErrorCode::invalid_argument,
                 R"(field "goals[0].comparison" is required)");
    expect_error(kpi_doc(R"(,"goals":[{"comparison":">=","goal":2}])"), ErrorCode::invalid_argument,
                 R"(field "goals[0].from" is required)");
    expect_error(kpi_doc(R"(,"goal":4)"), ErrorCode::invalid_argument, R"(field "goal" needs a "comparison")");
    // An unknown frequency, comparison or field of a dated goal.
    expect_error(kpi_doc(R"(,"frequency":"fortnight")"), ErrorCode::invalid_argument,
                 R"(field "frequency" must be one of week|month|quarter (got "fortnight"))");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":"outside","goal":[1,2]}])"), ErrorCode::invalid_argument,
                 R"(field "goals[0].comparison" must be one of)");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":">=","goal":2,"until":"2026-09-01"}])"),
                 ErrorCode::invalid_argument, R"(field "goals[0]": unknown field "until")");
    expect_error(kpi_doc(R"(,"goals":[{"from":"2026-08-03","comparison":">=","goal":"two"}])"), ErrorCode::parse,
                 R"(field "goals[0].goal" must be a number)");
}

TEST_CASE("Graph::add_kpi checks dated goals (all-or-nothing)", "[model][scorecard][errors]") {
    Graph g;
    Kpi k;
    k.id = "kb";
    k.goals.push_back(KpiGoal{D("2026-08-03"), Comparison::ge, 2.0});
    k.goals.push_back(KpiGoal{D("2026-07-01"), Comparison::ge, 3.0});
    REQUIRE_THROWS_WITH(g.add_kpi(k), Catch::Contains(R"(field "goals[1].from" 2026-07-01 is not after the previous goal's 2026-08-03)"));
    CHECK(g.kpis().empty());
    k.goals[1] = KpiGoal{D("2026-09-01"), Comparison::none, 3.0};
    REQUIRE_THROWS_WITH(g.add_kpi(k), Catch::Contains(R"(field "goals[1].comparison" is required)"));
    k.goals[1] = KpiGoal{D("2026-09-01"), Comparison::in_range, okr::nan, 1.0, std::numeric_limits<double>::infinity()};
    REQUIRE_THROWS_WITH(g.add_kpi(k), Catch::Contains(R"(field "goals[1].goal" must be a finite number)"));
    CHECK(g.kpis().empty());
    k.goals[1] = KpiGoal{D("2026-09-01"), Comparison::in_range, okr::nan, 1.0, 2.0};
    g.add_kpi(k);
    REQUIRE(g.kpis().size() == 1);
    CHECK(g.kpis()[0].goals.size() == 2);
}
