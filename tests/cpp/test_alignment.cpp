#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <set>

#include "helpers.hpp"

using namespace okr;

namespace {

// company "c" ← department "d" ← team objectives "t1", "t2"; "lone" is an orphan; "ind" is an
// individual objective that team objective t2 (wrongly) aligns up to as well.
const char* kOrg = R"({"format":"okr","version":1,
 "cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"},{"id":"q4","start":"2026-10-01","end":"2026-12-31"}],
 "objectives":[
  {"id":"c","title":"C","level":"company","team":"exec","owner":"ceo","cycle":"q3","origin":"top_down"},
  {"id":"d","title":"D","level":"department","team":"ops","owner":"ann","cycle":"q3","origin":"bottom_up"},
  {"id":"t1","title":"T1","level":"team","team":"t-a","owner":"bob","cycle":"q3","origin":"bottom_up"},
  {"id":"t2","title":"T2","level":"team","team":"t-b","owner":"bob","cycle":"q3","origin":"top_down"},
  {"id":"ind","title":"I","level":"individual","team":"t-b","owner":"cy","cycle":"q3","origin":"top_down"},
  {"id":"lone","title":"L","level":"team","team":"t-b","owner":"bob","cycle":"q3","origin":"top_down"},
  {"id":"later","title":"Q4","level":"team","team":"t-a","owner":"bob","cycle":"q4","origin":"bottom_up"}],
 "key_results":[
  {"id":"k1","objective":"t1","title":"k1","type":"metric","start":0,"target":100,"weight":3},
  {"id":"k2","objective":"t1","title":"k2","type":"metric","start":0,"target":100},
  {"id":"k3","objective":"t2","title":"k3","type":"metric","start":0,"target":100},
  {"id":"k4","objective":"lone","title":"k4","type":"metric","start":0,"target":100},
  {"id":"k5","objective":"later","title":"k5","type":"metric","start":0,"target":100}],
 "links":[
  {"from":"d","to":"c","type":"contributes"},
  {"from":"t1","to":"d","type":"contributes","weight":1},
  {"from":"t2","to":"d","type":"contributes","weight":3},
  {"from":"t2","to":"ind","type":"contributes"},
  {"from":"k5","to":"t1","type":"contributes"},
  {"from":"k1","to":"k3","type":"depends_on"},
  {"from":"k3","to":"k4","type":"depends_on"},
  {"from":"t1","to":"d","type":"depends_on"}],
 "checkins":[
  {"key_result":"k1","date":"2026-07-10","value":50},{"key_result":"k2","date":"2026-07-10","value":10},
  {"key_result":"k3","date":"2026-07-10","value":5},{"key_result":"k5","date":"2026-10-10","value":5}]})";

bool has(const AlignmentReport& r, FindingCode code, const std::string& subject) {
    for (const Finding& f : r.findings)
        if (f.code == code && f.subject == subject) return true;
    return false;
}

double contribution(const AlignmentReport& r, NodeIndex top, NodeIndex node) {
    for (const Contribution& c : r.contributions)
        if (c.top == top && c.node == node) return c.value;
    return 0.0;
}

}  // namespace

TEST_CASE("alignment on a small organisation", "[alignment]") {
    Graph g = load_json(kOrg);
    const AlignmentReport r = alignment(g, AlignmentOptions{}, D("2026-08-01"));
    REQUIRE(r.top == std::vector<NodeIndex>{g.at("c")});
    CHECK(r.depth[g.at("c")] == 0);
    CHECK(r.depth[g.at("d")] == 1);
    CHECK(r.depth[g.at("t2")] == 2);
    CHECK(r.depth[g.at("lone")] == -1);
    CHECK(r.depth[g.at("ind")] == -1);  // individual objective with no parent
    CHECK(r.orphans == std::vector<NodeIndex>{g.at("ind"), g.at("lone"), g.at("later")});
    const auto paths = paths_to_top(g, r, g.at("t2"), 5);
    REQUIRE(paths.size() == 1);
    CHECK(paths[0] == std::vector<NodeIndex>{g.at("t2"), g.at("d"), g.at("c")});
    CHECK(paths_to_top(g, r, g.at("lone"), 5).empty());
    REQUIRE_THROWS_AS(paths_to_top(g, r, g.at("k1"), 5), Error);
    // Coverage: 4 of 7 objectives ladder up.
    CHECK(r.coverage[0].group == "all");
    CHECK(r.coverage[0].objectives == 7);
    CHECK(r.coverage[0].aligned == 4);

    // Contribution: c = d; d = (1·t1 + 3·t2)/4; t1 = (3·k1 + k2)/4 → ∂c/∂k1 = 1/4 · 3/4. k5, of
    // the Q4 objective "later", is planned on 2026-08-01: left out of t1 until Q4 starts.
    const NodeIndex c = g.at("c");
    CHECK(contribution(r, c, c) == 1.0);
    CHECK(contribution(r, c, g.at("d")) == 1.0);
    CHECK(contribution(r, c, g.at("t2")) == Approx(0.75));
    CHECK(contribution(r, c, g.at("k1")) == Approx(0.25 * 3 / 4));
    CHECK(contribution(r, c, g.at("k5")) == 0.0);
    {
        const AlignmentReport q4 = alignment(g, AlignmentOptions{}, D("2026-10-15"));  // t1 = (3·k1 + k2 + k5)/5
        CHECK(contribution(q4, c, g.at("k1")) == Approx(0.25 * 3 / 5));
        CHECK(contribution(q4, c, g.at("k5")) == Approx(0.25 / 5));
        CHECK(q4.exposure[0].inputs == 4);  // k1, k2, k3, k5 (k5 via t1)
    }
    CHECK(contribution(r, c, g.at("k3")) == Approx(0.75));
    CHECK(contribution(r, c, g.at("k4")) == 0.0);

    // Findings.
    CHECK(has(r, FindingCode::orphan, "lone"));
    CHECK(has(r, FindingCode::cross_cycle_key_result, "k5"));
    CHECK(has(r, FindingCode::aligned_to_lower_level, "t2"));
    CHECK(has(r, FindingCode::owner_overloaded, "bob") == false);  // bob: t1, t2, lone in q3 = 3
    CHECK(has(r, FindingCode::too_few_key_results, "t2"));       // 1 KR
    CHECK_FALSE(has(r, FindingCode::too_few_key_results, "d"));  // rolls up aligned objectives
    CHECK(has(r, FindingCode::low_bottom_up_share, "t-b"));
    CHECK_FALSE(has(r, FindingCode::low_bottom_up_share, "t-a"));
    AlignmentOptions tight;
    tight.max_objectives = 2;
    const AlignmentReport r2 = alignment(g, tight, D("2026-08-01"));
    CHECK(has(r2, FindingCode::owner_overloaded, "bob"));
    CHECK(has(r2, FindingCode::team_overloaded, "t-b"));  // t2, ind, lone

    // Dependencies: t-a → t-b (k1 → k3), t-b → t-b skipped, t-a → ops (t1 → d), t-b → t-b.
    REQUIRE(r.dependencies.size() == 2);
    CHECK(r.dependencies[0].from == "t-a");
    CHECK(r.dependencies[0].to == "ops");
    CHECK(r.dependencies[0].reciprocated == false);  // nothing of ops links to t-a
    CHECK(has(r, FindingCode::unreciprocated_dependency, "t-a"));
    CHECK(r.dependency_cycles.empty());

    // Exposure: every KR input of c is off track or at risk except none started yet → share by contribution.
    REQUIRE(r.exposure.size() == 1);
    CHECK(r.exposure[0].inputs == 3);  // k1, k2, k3 (k5 is planned)
}

TEST_CASE("alignment options are validated", "[alignment][errors]") {
    Graph g = load_json(kOrg);
    AlignmentOptions o;
    o.max_objectives = 0;
    REQUIRE_THROWS_WITH(alignment(g, o, D("2026-08-01")), Catch::Contains("max_objectives"));
    o = {};
    o.min_key_results = 5;
    REQUIRE_THROWS_WITH(alignment(g, o, D("2026-08-01")), Catch::Contains("max_key_results"));
    o = {};
    o.min_bottom_up_share = 1.5;
    REQUIRE_THROWS_WITH(alignment(g, o, D("2026-08-01")), Catch::Contains("min_bottom_up_share"));
    o = {};
    o.top_k = -1;
    REQUIRE_THROWS_WITH(alignment(g, o, D("2026-08-01")), Catch::Contains("top_k"));
}

TEST_CASE("contribution equals a finite difference of the roll-up (random DAGs)", "[alignment][property]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    for (int trial = 0; trial < 30; ++trial) {
        const int n_obj = 4 + trial % 9;
        std::string objs, krs, links, cs;
        for (int i = 0; i < n_obj; ++i) {
            const char* src[] = {"", R"(,"progress_source":"both")", R"(,"progress_source":"aligned")"};
            objs += (i ? "," : "") + std::string(R"({"id":"o)") + std::to_string(i) + R"(","title":"t","cycle":"q3")" +
                    (i == 0 ? R"(,"level":"company")" : "") + src[rng() % 3] + "}";
            for (int k = 0; k < 2; ++k) {
                const std::string id = "k" + std::to_string(i) + "_" + std::to_string(k);
                krs += (krs.empty() ? "" : ",") + std::string(R"({"id":")") + id + R"(","objective":"o)" + std::to_string(i) +
                       R"(","title":"t","type":"metric","start":0,"target":100,"weight":)" + detail::number(0.5 + u(rng)) + "}";
                cs += (cs.empty() ? "" : ",") + std::string(R"({"key_result":")") + id +
                      R"(","date":"2026-07-05","value":)" + detail::number(10 + 80 * u(rng)) + "}";
            }
            if (i > 0) {
                std::set<int> parents;
                parents.insert(static_cast<int>(rng() % static_cast<unsigned>(i)));
                parents.insert(static_cast<int>(rng() % static_cast<unsigned>(i)));
                for (int p : parents)
                    links += (links.empty() ? "" : ",") + std::string(R"({"from":"o)") + std::to_string(i) + R"(","to":"o)" +
                             std::to_string(p) + R"(","type":"contributes","weight":)" + detail::number(0.5 + u(rng)) + "}";
            }
        }
        const std::string text = R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],"objectives":[)" +
                                 objs + R"(],"key_results":[)" + krs + R"(],"links":[)" + links + R"(],"checkins":[)" + cs + "]}";
        Graph g = load_json(text);
        const Date as_of = D("2026-08-01");
        const AlignmentReport r = alignment(g, AlignmentOptions{}, as_of);
        REQUIRE(r.top.size() == 1);
        const NodeIndex top = r.top[0];
        const double base = score_node(g, top, as_of).score;
        for (NodeIndex v = 0; v < g.node_count(); ++v) {
            if (g.kind(v) != NodeKind::key_result) continue;
            Graph h = g;
            const double value = h.checkins(v).back().value;
            const double eps = 1e-3;  // value units; the score moves by eps / 100
            h.check_in({g.id(v), D("2026-07-06"), value + eps});
            const double moved = score_node(h, top, as_of).score;
            INFO("trial " << trial << " kr " << g.id(v));
            CHECK((moved - base) / (eps / 100) == Approx(contribution(r, top, v)).margin(1e-9).epsilon(1e-7));
        }
    }
}
