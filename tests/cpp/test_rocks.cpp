// EOS Rocks (include/okr/rocks.hpp, the Rock fields of the model): the fixture tests/data/rocks.json
// (DOMAIN example 4's Rock with due dates, carried from the previous quarter and into the next)
// with exact statuses, milestones, findings and completion rates; lifecycle mutations; errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "helpers.hpp"
#include "okr/rocks.hpp"

using namespace okr;

namespace {

Graph fixture() { return load_json_file(OKR_TEST_DATA_DIR "/rocks.json"); }

const RockRow& row(const Rocks& r, const std::string& id) {
    for (const RockRow& x : r.rows)
        if (x.id == id) return x;
    FAIL("no Rock " << id);
    throw;
}

std::string load_error(const std::string& text) {
    try {
        load_json(text);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// The fixture with `from` replaced by `to` (once).
std::string edited(const std::string& from, const std::string& to) {
    std::ifstream in(OKR_TEST_DATA_DIR "/rocks.json");
    std::stringstream buf;
    buf << in.rdbuf();
    std::string s = buf.str();
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("Rocks as of 2026-09-07: computed and reported status, milestones, lineage", "[rocks]") {
    const Graph g = fixture();
    const Rocks r = rocks(g, D("2026-09-07"));
    REQUIRE(r.rows.size() == 6);
    CHECK(r.rows[0].id == "r-next");  // document order

    const RockRow& deploy = row(r, "r-deploy");
    CHECK(deploy.state == RockState::open);
    CHECK(deploy.status == RockStatus::off_track);
    REQUIRE(deploy.reported);
    CHECK(*deploy.reported == RockReportStatus::on_track);  // 08-31 supersedes 07-27's off_track
    CHECK(deploy.reported_on == D("2026-08-31"));
    CHECK(deploy.score == Approx((1 + 1 + 0.3) / 6.0).epsilon(1e-12));  // DOMAIN example 4
    REQUIRE(deploy.milestones.size() == 6);
    CHECK(deploy.milestones_done == 2);
    CHECK(deploy.overdue_milestones == 1);
    CHECK(deploy.milestones[1].title == "40 core courses sourced");
    CHECK(deploy.milestones[1].progress == 0.3);
    CHECK(deploy.milestones[1].overdue);
    CHECK(deploy.milestones[1].due == D("2026-08-31"));
    CHECK_FALSE(deploy.milestones[2].overdue);  // done before its due date
    CHECK(deploy.carried_from == "r-pilot");
    CHECK(deploy.times_carried == 1);
    CHECK(deploy.cycle == "2026-Q3");

    const RockRow& next = row(r, "r-next");
    CHECK(next.status == RockStatus::planned);
    CHECK(next.times_carried == 2);
    CHECK(g.times_carried(g.at("r-next")) == 2);

    CHECK(row(r, "r-pilot").status == RockStatus::not_done);
    CHECK(row(r, "r-policy").status == RockStatus::done);
    CHECK(row(r, "r-survey").status == RockStatus::canceled);
    CHECK(row(r, "r-survey").milestones.empty());
    const RockRow& onboard = row(r, "r-onboard");
    CHECK(onboard.status == RockStatus::on_track);  // nothing overdue, not started: no forecast against it
    CHECK(onboard.milestones.size() == 2);
    CHECK(onboard.overdue_milestones == 0);
}

TEST_CASE("Rock findings: a disputed status names the overdue milestone, and a due date outside the cycle", "[rocks]") {
    const Graph g = fixture();
    const Rocks r = rocks(g, D("2026-09-07"));
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].code == RockFindingCode::rock_status_disputed);
    CHECK(r.findings[0].subject == "r-deploy");
    CHECK(r.findings[0].milestone == "40 core courses sourced");
    CHECK_THAT(r.findings[0].message, Catch::Contains("reported on track on 2026-08-31") &&
                                          Catch::Contains("\"40 core courses sourced\" (due 2026-08-31) was due by then and is still not done"));
    CHECK(r.findings[1].code == RockFindingCode::due_outside_cycle);
    CHECK(r.findings[1].subject == "r-onboard");
    CHECK(r.findings[1].milestone == "First cohort reviewed");
    CHECK_THAT(r.findings[1].message, Catch::Contains("2026-10-15") && Catch::Contains("\"2026-Q3\""));
    // Before the content stage was due, the owner's report stands: no dispute, on track.
    const Rocks early = rocks(g, D("2026-08-20"));
    CHECK(row(early, "r-deploy").overdue_milestones == 0);
    CHECK(early.findings.size() == 1);
    // Too many Rocks for one owner.
    RocksOptions few;
    few.max_rocks = 1;
    const Rocks many = rocks(g, D("2026-09-07"), few);
    bool found = false;
    for (const RockFinding& f : many.findings)
        if (f.code == RockFindingCode::too_many_rocks) {
            found = true;
            CHECK(f.subject == "Diana");  // r-onboard and r-policy (r-survey is canceled)
            CHECK_THAT(f.message, Catch::Contains("has 2 Rocks in cycle \"2026-Q3\""));
        }
    CHECK(found);
    CHECK_THROWS_AS(rocks(g, D("2026-09-07"), RocksOptions{0}), Error);
}

TEST_CASE("Rock completion per owner, team and company per cycle", "[rocks]") {
    const Graph g = fixture();
    const Rocks r = rocks(g, D("2026-10-05"));  // Q3 is over
    const auto by_owner = rock_completion(r, RockGroup::owner);
    REQUIRE(by_owner.size() == 4);
    CHECK((by_owner[0].cycle == "2026-Q2" && by_owner[0].group == "Marvin" && by_owner[0].not_done == 1));
    CHECK(by_owner[0].rate == 0.0);
    const RockCompletion& diana = by_owner[1];
    CHECK((diana.cycle == "2026-Q3" && diana.group == "Diana"));
    CHECK((diana.rocks == 3 && diana.done == 1 && diana.not_done == 1 && diana.canceled == 1 && diana.open == 0));
    CHECK(diana.rate == 0.5);
    CHECK((by_owner[2].group == "Marvin" && by_owner[2].not_done == 1));  // open when Q3 ended
    CHECK((by_owner[3].cycle == "2026-Q4" && by_owner[3].open == 1 && by_owner[3].rate == 0.0));

    const auto company = rock_completion(r, RockGroup::company, "2026-Q3");
    REQUIRE(company.size() == 1);
    CHECK(company[0].group == "company");
    CHECK((company[0].rocks == 4 && company[0].done == 1 && company[0].not_done == 2 && company[0].canceled == 1));
    CHECK(company[0].rate == Approx(1.0 / 3.0));
    const auto teams = rock_completion(r, RockGroup::team, "2026-Q3");
    REQUIRE(teams.size() == 2);
    CHECK(teams[0].group == "HR");
    CHECK(teams[1].group == "Managed Services");
    // While Q3 runs, an open Rock is open, not failed.
    const auto running = rock_completion(rocks(g, D("2026-09-07")), RockGroup::company, "2026-Q3");
    CHECK((running[0].open == 2 && running[0].not_done == 0));
    CHECK(running[0].rate == Approx(1.0 / 3.0));  // 1 done of 3 not canceled, so far
    CHECK_THROWS_WITH(rock_completion(r, RockGroup::owner, "2027-Q1"), Catch::Contains("unknown cycle \"2027-Q1\""));
}

TEST_CASE("Rocks are exempt from the OKR focus findings", "[rocks][alignment]") {
    const Graph g = fixture();
    const AlignmentReport a = alignment(g, AlignmentOptions{}, D("2026-09-07"));
    bool okr_flagged = false;
    for (const Finding& f : a.findings) {
        CHECK(f.subject.rfind("r-", 0) != 0);  // no Rock is told it has too few key results
        if (f.code == FindingCode::too_few_key_results && f.subject == "o-okr") okr_flagged = true;
    }
    CHECK(okr_flagged);
}

TEST_CASE("Rock fields round-trip through JSON", "[rocks][json]") {
    const Graph g = fixture();
    const std::string once = to_json(g);
    const Graph again = load_json(once);
    CHECK(to_json(again) == once);
    const Objective& d = again.objective(again.at("r-deploy"));
    CHECK(d.carried_from == "r-pilot");
    REQUIRE(d.reports.size() == 2);
    CHECK(d.reports[0].date == D("2026-07-27"));  // kept in date order
    CHECK(d.reports[1].note == "Vendor licences are in.");
    CHECK(again.objective(again.at("r-next")).carried_from == "r-deploy");  // a forward reference
    CHECK(again.objective(again.at("r-survey")).state == RockState::canceled);
    CHECK(again.key_result(again.at("kr-deploy")).stages[1].due == D("2026-08-31"));
    CHECK(again.key_result(again.at("kr-policy")).due == D("2026-08-15"));
}

TEST_CASE("Rock lifecycle through the graph: reports, state, carried_from", "[rocks]") {
    Graph g = fixture();
    const NodeIndex onboard = g.at("r-onboard");
    g.report_rock(onboard, {D("2026-09-11"), RockReportStatus::off_track, "Waiting on IT"});
    g.report_rock(onboard, {D("2026-09-01"), RockReportStatus::on_track, ""});
    const auto& reps = g.objective(onboard).reports;
    REQUIRE(reps.size() == 3);
    CHECK(reps[0].date == D("2026-09-01"));
    CHECK(reps[2].status == RockReportStatus::off_track);
    CHECK(*row(rocks(g, D("2026-09-14")), "r-onboard").reported == RockReportStatus::off_track);

    g.set_rock_state(onboard, RockState::done);
    CHECK(row(rocks(g, D("2026-09-14")), "r-onboard").status == RockStatus::done);

    // Errors name the Rock and field, and change nothing.
    const Graph before = g;
    CHECK_THROWS_WITH(g.report_rock(g.at("o-okr"), {D("2026-09-01"), RockReportStatus::on_track, ""}),
                      Catch::Contains("\"o-okr\" is not a Rock"));
    CHECK_THROWS_WITH(g.report_rock(onboard, {D("2026-09-01"), static_cast<RockReportStatus>(7), ""}),
                      Catch::Contains("reports[0].status"));
    CHECK_THROWS_WITH(g.set_rock_state(g.at("kr-okr"), RockState::done), Catch::Contains("is not a Rock"));
    try {
        g.set_carried_from(g.at("r-pilot"), "r-next");  // r-next → r-deploy → r-pilot → r-next
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::cycle);
        CHECK_THAT(e.what(), Catch::Contains("\"r-pilot\" -> \"r-next\" -> \"r-deploy\" -> \"r-pilot\""));
    }
    try {
        g.set_carried_from(g.at("r-deploy"), "r-deploy");  // itself: the path is that one step
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::cycle);
        CHECK_THAT(e.what(), Catch::EndsWith("lineage a cycle: \"r-deploy\" -> \"r-deploy\""));
    }
    CHECK_THROWS_WITH(g.set_carried_from(g.at("r-onboard"), "r-policy"),
                      Catch::Contains("does not start before this Rock's cycle \"2026-Q3\""));
    CHECK(to_json(g) == to_json(before));
    g.set_carried_from(g.at("r-next"), "");
    CHECK(g.times_carried(g.at("r-next")) == 0);
}

TEST_CASE("Bad Rock input: a clear error naming the field, nothing loaded", "[rocks][json]") {
    CHECK_THAT(load_error(edited(R"("state": "not_done")", R"("state": "finished")")),
               Catch::Contains("\"state\"") && Catch::Contains("finished"));
    CHECK_THAT(load_error(edited(R"("carried_from": "r-pilot")", R"("carried_from": "r-nowhere")")),
               Catch::Contains("field \"carried_from\" names unknown Rock \"r-nowhere\""));
    CHECK_THAT(load_error(edited(R"("carried_from": "r-pilot")", R"("carried_from": "o-okr")")),
               Catch::Contains("\"o-okr\", which is not a Rock"));
    CHECK_THAT(load_error(edited(R"("carried_from": "r-pilot")", R"("carried_from": "kr-pilot")")),
               Catch::Contains("\"kr-pilot\", which is not a Rock"));
    CHECK_THAT(load_error(edited(R"("carried_from": "r-pilot")", R"("carried_from": "r-policy")")),
               Catch::Contains("of cycle \"2026-Q3\", which does not start before"));
    CHECK_THAT(load_error(edited(R"("carried_from": "r-pilot")", R"("carried_from": "r-next")")),
               Catch::Contains("lineage a cycle"));
    CHECK_THAT(load_error(edited(R"("state": "not_done")", R"("state": "not_done", "carried_from": "r-next")")),
               Catch::Contains("lineage a cycle"));
    CHECK_THAT(load_error(edited(R"("status": "off_track")", R"("status": "sideways")")),
               Catch::Contains("reports[1].status"));
    CHECK_THAT(load_error(edited(R"(, "status": "off_track")", "")), Catch::Contains("reports[1].status\" is required"));
    CHECK_THAT(load_error(edited(R"("cycle": "2026-Q3"})", R"("cycle": "2026-Q3", "state": "done"})")),
               Catch::Contains("objective \"o-okr\": field \"state\" applies to Rocks only"));
    CHECK_THAT(load_error(edited(R"("type": "metric", "start": 0)", R"("type": "metric", "due": "2026-09-01", "start": 0)")),
               Catch::Contains("key_result \"kr-okr\": field \"due\" needs type milestone"));
    CHECK_THAT(load_error(edited(R"("due": "2026-07-20")", R"("due": "2026-07-32")")), Catch::Contains("stages[0].due"));
}

TEST_CASE("Rock status over time: forecast short of done, a report older than the due date, the quarter's end", "[rocks]") {
    // One Rock, one milestone KR with stages due 07-20 and 09-25; progress checked in weekly.
    const std::string text = R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],
      "objectives":[{"id":"r","title":"R","owner":"Ann","cycle":"q3","flavor":"rock",
        "reports":[{"date":"2026-07-13","status":"on_track"}]}],
      "key_results":[{"id":"k","objective":"r","title":"K","type":"milestone","stages":[
        {"id":"a","title":"A","due":"2026-07-20"},{"id":"b","title":"B","due":"2026-09-25"}]}],
      "checkins":[{"key_result":"k","date":"2026-07-06","value":0.2,"stage":"a"},
                  {"key_result":"k","date":"2026-07-13","value":0.4,"stage":"a"},
                  {"key_result":"k","date":"2026-07-27","value":0.5,"stage":"a"}]})";
    Graph g = load_json(text);
    {
        // With stage a due only in September, nothing is overdue on 07-28, but the trend of three
        // check-ins (0.1, 0.2, 0.25 of the Rock) will not reach 1 by the cycle end: off track.
        std::string later_due = text;
        later_due.replace(later_due.find("2026-07-20"), 10, "2026-09-20");
        const Rocks early = rocks(load_json(later_due), D("2026-07-28"));
        CHECK(early.rows[0].overdue_milestones == 0);
        CHECK(early.rows[0].forecast < 1.0);
        CHECK(early.rows[0].status == RockStatus::off_track);
        // On 07-14 (two check-ins, ahead of pace) it is on track.
        CHECK(rocks(load_json(later_due), D("2026-07-14")).rows[0].status == RockStatus::on_track);
    }
    // 07-28: stage a is overdue; the report of 07-13 was made before it was due: no dispute.
    const Rocks later = rocks(g, D("2026-07-28"));
    CHECK(later.rows[0].overdue_milestones == 1);
    CHECK(later.findings.empty());
    // A report on or after the due date that says on track is disputed.
    g.report_rock(g.at("r"), {D("2026-07-20"), RockReportStatus::on_track, ""});
    const Rocks disputed = rocks(g, D("2026-07-28"));
    REQUIRE(disputed.findings.size() == 1);
    CHECK(disputed.findings[0].code == RockFindingCode::rock_status_disputed);
    // After the quarter, an open Rock is not done (no partial credit) unless its score is 1.
    CHECK(rocks(g, D("2026-10-01")).rows[0].status == RockStatus::not_done);
    g.check_in({"k", D("2026-09-20"), 1.0, okr::nan, "", "a"});
    g.check_in({"k", D("2026-09-24"), 1.0, okr::nan, "", "b"});
    const Rocks after = rocks(g, D("2026-10-01"));
    CHECK(after.rows[0].status == RockStatus::done);
    CHECK(rock_completion(after, RockGroup::company)[0].done == 1);
}

TEST_CASE("Rock fields read from JSON: errors name the element and the field", "[rocks][json]") {
    const std::string head = R"({"format":"okr","version":1,"cycles":[{"id":"q2","start":"2026-04-01","end":"2026-06-30"},)"
                             R"({"id":"q3","start":"2026-07-01","end":"2026-09-30"}],"objectives":[)";
    CHECK_THAT(load_error(head + R"({"id":"a","title":"A","cycle":"q2","flavor":"rock"},{"id":"b","title":"B","cycle":"q3","carried_from":"a"}]})"),
               Catch::Contains("objective \"b\": field \"carried_from\" applies to Rocks only"));
    CHECK_THAT(load_error(head + R"({"id":"a","title":"A","flavor":"rock"},{"id":"b","title":"B","cycle":"q3","flavor":"rock","carried_from":"a"}]})"),
               Catch::Contains("both Rocks need a cycle (\"a\" has none)"));
    CHECK_THAT(load_error(head + R"({"id":"a","title":"A","cycle":"q2","flavor":"rock"}],"key_results":[)"
                                 R"({"id":"k","objective":"a","title":"K","type":"milestone","due":"2026-05-01","stages":[{"id":"s"}]}]})"),
               Catch::Contains("key_result \"k\": field \"due\" is for a milestone without stages"));
}

TEST_CASE("planned cycles: the incremental scorer equals a full rescore", "[rocks][scoring]") {
    for (bool clamp : {true, false}) {
        Graph g = load_json(std::string(R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"},)"
                                        R"({"id":"q4","start":"2026-10-01","end":"2026-12-31"}],)") +
                            (clamp ? "" : R"("scoring":{"clamp":false},)") +
                            R"("objectives":[{"id":"top","title":"T","cycle":"q3"},{"id":"now","title":"N","cycle":"q3"},
                               {"id":"next","title":"X","cycle":"q4"}],
              "key_results":[{"id":"k1","objective":"now","title":"K1","type":"metric","start":0,"target":10},
                             {"id":"k2","objective":"next","title":"K2","type":"metric","start":0,"target":10}],
              "links":[{"from":"now","to":"top","type":"contributes"},{"from":"next","to":"top","type":"contributes"},
                       {"from":"k2","to":"now","type":"contributes"}]})");
        IncrementalScorer inc(g, D("2026-08-15"));
        inc.check_in({"k1", D("2026-08-01"), 4});
        inc.check_in({"k2", D("2026-08-02"), 9});  // a planned KR's early check-in
        const Scores full = score_all(g, D("2026-08-15"));
        for (NodeIndex v = 0; v < g.node_count(); ++v) {
            INFO(g.id(v) << (clamp ? " clamped" : " unclamped"));
            CHECK(inc.scores()[v].status == full[v].status);
            CHECK(std::isnan(inc.scores()[v].score) == std::isnan(full[v].score));
            if (!std::isnan(full[v].score)) CHECK(inc.scores()[v].score == full[v].score);
        }
        CHECK(full[g.at("next")].status == Status::planned);
        CHECK(full[g.at("k2")].status == Status::planned);
        CHECK(full[g.at("now")].score == Approx(0.4));  // k2 (planned) left out of "now"
        CHECK(full[g.at("top")].score == Approx(0.4));  // and "next" out of "top"
    }
}
