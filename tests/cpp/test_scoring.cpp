#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "helpers.hpp"

using namespace okr;

namespace {

const char* kAr = R"({"id":"ar","objective":"o","title":"AR","type":"metric","start":24000000,"target":12000000})";
const char* kArAnchored =
    R"({"id":"ar","objective":"o","title":"AR","type":"metric","start":24000000,"target":12000000,)"
    R"("anchors":[{"score":0.3,"value":21600000},{"score":1.0,"value":12000000}]})";

double score_of(const std::string& text, const char* id, const char* as_of = "2026-09-30") {
    Graph g = load_json(text);
    return score_all(g, D(as_of))[g.at(id)].score;
}

std::string ci(const char* kr, const char* date, double v) {
    return std::string(R"({"key_result":")") + kr + R"(","date":")" + date + R"(","value":)" + detail::number(v) + "}";
}

}  // namespace

TEST_CASE("worked example 1: AR metric / decreasing / with and without anchors", "[scoring][examples]") {
    CHECK(score_of(doc(kAr, ci("ar", "2026-08-01", 18000000)), "ar") == 0.5);
    CHECK(score_of(doc(kArAnchored, ci("ar", "2026-08-01", 18000000)), "ar") == Approx(0.5625).epsilon(1e-12));
    CHECK(score_of(doc(kArAnchored, ci("ar", "2026-08-01", 22800000)), "ar") == Approx(0.15).epsilon(1e-12));
    Graph g = load_json(doc(kArAnchored, ci("ar", "2026-08-01", 11000000)));
    const NodeScore s = score_all(g, D("2026-09-30"))[g.at("ar")];
    CHECK(s.score == 1.0);
    CHECK(s.status == Status::done);
    // Beyond the target the last segment (0.3 at 21.6M → 1.0 at 12M) extends: 0.7 × 1M / 9.6M.
    CHECK(s.overachievement == Approx(0.7 / 9.6).epsilon(1e-12));
    CHECK_FALSE(s.regressing);
}

TEST_CASE("worked example 2: certification 0 → 60 %", "[scoring][examples]") {
    const char* kr = R"({"id":"cert","objective":"o","title":"Cert","type":"metric","unit":"%","start":0,"target":60})";
    CHECK(score_of(doc(kr, ci("cert", "2026-08-01", 45)), "cert") == 0.75);
}

TEST_CASE("worked example 3: technical pass rate baseline", "[scoring][examples]") {
    const char* kr = R"({"id":"tpr","objective":"o","title":"TPR","type":"baseline","required":10})";
    std::string cs;
    const int outcomes[10] = {1, 0, 1, 1, 1, 1, 0, 1, 1, 1};
    for (int i = 0; i < 10; ++i) {
        char date[16];
        std::snprintf(date, sizeof date, "2026-07-%02d", 6 + i);
        cs += (i ? "," : "") + ci("tpr", date, outcomes[i]);
    }
    Graph g = load_json(doc(kr, cs));
    const NodeIndex v = g.at("tpr");
    CHECK(score_all(g, D("2026-07-09"))[v].score == Approx(0.4));
    const NodeScore full = score_all(g, D("2026-09-30"))[v];
    CHECK(full.score == 1.0);
    CHECK(full.value == Approx(0.8).epsilon(1e-12));
}

TEST_CASE("worked example 4: Rock with six staged milestones", "[scoring][examples]") {
    const char* kr = R"({"id":"rock","objective":"o","title":"Deploy","type":"milestone","stages":[)"
                     R"({"id":"framework","title":"Framework"},{"id":"content","title":"Content"},)"
                     R"({"id":"assignment","title":"Assignment"},{"id":"mgmt","title":"Management process"},)"
                     R"({"id":"review","title":"Review"},{"id":"iterate","title":"Iterate"}]})";
    const std::string cs = R"({"key_result":"rock","date":"2026-07-10","value":1,"stage":"framework"},)"
                           R"({"key_result":"rock","date":"2026-07-20","value":1,"stage":"content"},)"
                           R"({"key_result":"rock","date":"2026-08-01","value":0.3,"stage":"Assignment"})";
    Graph g = load_json(doc(kr, cs));
    CHECK(score_all(g, D("2026-09-30"))[g.at("rock")].score == Approx(2.3 / 6).epsilon(1e-12));
    CHECK(score_node(g, g.at("o"), D("2026-09-30")).score == Approx(2.3 / 6).epsilon(1e-12));
    // Without partial progress only finished stages count.
    ScoringPolicy p;
    p.partial_stages = false;
    g.set_policy(p);
    CHECK(score_all(g, D("2026-09-30"))[g.at("rock")].score == Approx(2.0 / 6).epsilon(1e-12));
}

TEST_CASE("unstaged milestone is done or not done", "[scoring]") {
    const char* kr = R"({"id":"m","objective":"o","title":"M","type":"milestone"})";
    CHECK(score_of(doc(kr, ci("m", "2026-08-01", 0.5)), "m") == 0.0);
    CHECK(score_of(doc(kr, ci("m", "2026-08-01", 1)), "m") == 1.0);
}

TEST_CASE("wrong-direction movement scores 0 and is flagged regressing", "[scoring]") {
    Graph g = load_json(doc(kAr, ci("ar", "2026-08-01", 26000000)));
    const NodeScore s = score_all(g, D("2026-09-30"))[g.at("ar")];
    CHECK(s.score == 0.0);
    CHECK(s.regressing);
    CHECK(s.status != Status::not_started);
}

TEST_CASE("health KRs: inclusive thresholds / bands and tolerance", "[scoring]") {
    const char* at_least = R"({"id":"h","objective":"o","title":"FCR","type":"health","threshold":70,"direction":"at_least","tolerance":10})";
    CHECK(score_of(doc(at_least, ci("h", "2026-08-01", 70)), "h") == 1.0);
    CHECK(score_of(doc(at_least, ci("h", "2026-08-01", 65)), "h") == 0.5);
    CHECK(score_of(doc(at_least, ci("h", "2026-08-01", 55)), "h") == 0.0);
    const char* at_most = R"({"id":"h","objective":"o","title":"Churn","type":"health","threshold":12,"direction":"at_most"})";
    CHECK(score_of(doc(at_most, ci("h", "2026-08-01", 12)), "h") == 1.0);
    CHECK(score_of(doc(at_most, ci("h", "2026-08-01", 12.5)), "h") == 0.0);
    const char* band = R"({"id":"h","objective":"o","title":"Backlog","type":"health","band":[20,40],"tolerance":4})";
    CHECK(score_of(doc(band, ci("h", "2026-08-01", 20)), "h") == 1.0);
    CHECK(score_of(doc(band, ci("h", "2026-08-01", 41)), "h") == 0.75);
    CHECK(score_of(doc(band, ci("h", "2026-08-01", 18)), "h") == 0.5);
    // Keeping a metric healthy is never "done": inside the band mid-cycle it is on track.
    Graph g = load_json(doc(band, ci("h", "2026-08-01", 30)));
    CHECK(score_all(g, D("2026-08-15"))[g.at("h")].status == Status::on_track);
}

TEST_CASE("objective roll-up: weighted mean / NaN children skipped / no_data", "[scoring]") {
    const std::string krs =
        R"({"id":"a","objective":"o","title":"A","type":"metric","start":0,"target":10,"weight":3},)"
        R"({"id":"b","objective":"o","title":"B","type":"metric","start":0,"target":10})";
    Graph g = load_json(doc(krs, ci("a", "2026-08-01", 5) + "," + ci("b", "2026-08-01", 10),
                            R"({"from":"empty","to":"o","type":"contributes"})",
                            R"({"id":"empty","title":"Nothing yet","cycle":"q3"},{"id":"top","title":"Top","progress_source":"aligned"})"));
    const Scores s = score_all(g, D("2026-09-30"));
    CHECK(s[g.at("o")].score == Approx((3 * 0.5 + 1.0) / 4).epsilon(1e-12));
    CHECK(std::isnan(s[g.at("empty")].score));
    CHECK(s[g.at("empty")].status == Status::no_data);
    CHECK(std::isnan(s[g.at("top")].score));  // no children at all
    CHECK(s[g.at("top")].status == Status::no_data);
}

TEST_CASE("progress_source selects children / a shared KR counts in full for each objective", "[scoring]") {
    const std::string krs = R"({"id":"k1","objective":"o","title":"K1","type":"metric","start":0,"target":10},)"
                            R"({"id":"k2","objective":"child","title":"K2","type":"metric","start":0,"target":10})";
    const std::string objs = R"({"id":"child","title":"Child","cycle":"q3"},)"
                             R"({"id":"p_auto","title":"P","cycle":"q3"},)"
                             R"({"id":"p_both","title":"P","cycle":"q3","progress_source":"both"},)"
                             R"({"id":"p_aligned","title":"P","cycle":"q3","progress_source":"aligned"})";
    const std::string links = R"({"from":"k1","to":"p_auto","type":"contributes","weight":2},)"
                              R"({"from":"child","to":"p_auto","type":"contributes"},)"
                              R"({"from":"k1","to":"p_both","type":"contributes"},)"
                              R"({"from":"child","to":"p_both","type":"contributes","weight":3},)"
                              R"({"from":"k1","to":"p_aligned","type":"contributes"},)"
                              R"({"from":"child","to":"p_aligned","type":"contributes"})";
    Graph g = load_json(doc(krs, ci("k1", "2026-08-01", 2) + "," + ci("k2", "2026-08-01", 8), links, objs));
    const Scores s = score_all(g, D("2026-09-30"));
    CHECK(s[g.at("o")].score == Approx(0.2));
    CHECK(s[g.at("child")].score == Approx(0.8));
    CHECK(s[g.at("p_auto")].score == Approx(0.2));       // has a (linked) KR → key_results
    CHECK(s[g.at("p_both")].score == Approx((0.2 + 3 * 0.8) / 4));
    CHECK(s[g.at("p_aligned")].score == Approx(0.8));
}

TEST_CASE("value-aggregating KR sums its contributors / then scores against its own scale", "[scoring]") {
    const std::string krs = R"({"id":"hire","objective":"o","title":"Hire 20","type":"metric","start":0,"target":20,"aggregate":"sum"},)"
                            R"({"id":"t1","objective":"o","title":"T1 hires","type":"metric","start":0,"target":10,"weight":0.5},)"
                            R"({"id":"t2","objective":"o","title":"T2 hires","type":"metric","start":0,"target":10,"weight":0.5})";
    const std::string links = R"({"from":"t1","to":"hire","type":"contributes"},{"from":"t2","to":"hire","type":"contributes"})";
    Graph g = load_json(doc(krs, ci("t1", "2026-08-01", 7) + "," + ci("t2", "2026-08-01", 5), links));
    const NodeScore h = score_all(g, D("2026-09-30"))[g.at("hire")];
    CHECK(h.value == 12);
    CHECK(h.score == Approx(0.6));
    // Not yet started when no contributor has a value.
    CHECK(score_all(g, D("2026-07-15"))[g.at("hire")].status == Status::not_started);
    REQUIRE_THROWS_AS(g.check_in({"hire", D("2026-08-02"), 3}), Error);
}

TEST_CASE("pace / pace-extrapolated forecast and statuses", "[scoring]") {
    const char* kr = R"({"id":"c","objective":"o","title":"C","type":"metric","start":0,"target":100})";
    Graph g = load_json(doc(kr, ci("c", "2026-07-15", 20)));
    // 2026-08-15 is day 45 of a 91-day cycle.
    const NodeScore s = score_all(g, D("2026-08-15"))[g.at("c")];
    CHECK(s.expected == Approx(45.0 / 91.0).epsilon(1e-12));
    CHECK(s.forecast == Approx(0.2 / (45.0 / 91.0)).epsilon(1e-12));
    CHECK(s.status == Status::at_risk);  // forecast 0.404 is in [0.4, 0.7)
    CHECK(std::isnan(s.forecast_low));
    CHECK(std::isnan(s.p_target));
    // Before the cycle starts: planned, expected 0, no score; on its first day, before the first
    // check-in: not started.
    const NodeScore early = score_all(g, D("2026-06-01"))[g.at("c")];
    CHECK(early.status == Status::planned);
    CHECK(early.expected == 0.0);
    CHECK(std::isnan(early.score));
    const NodeScore first = score_all(g, D("2026-07-01"))[g.at("c")];
    CHECK(first.status == Status::not_started);
    CHECK(first.score == 0.0);
    // Pace rule: 0.2 / 0.4945 = 0.40 < 0.6 → off_track; with lower bars, at_risk.
    ScoringPolicy p;
    p.status_rule = StatusRule::pace;
    g.set_policy(p);
    CHECK(score_all(g, D("2026-08-15"))[g.at("c")].status == Status::off_track);
    p.pace_at_risk = 0.4;
    g.set_policy(p);
    CHECK(score_all(g, D("2026-08-15"))[g.at("c")].status == Status::at_risk);
}

TEST_CASE("least-squares forecast with an 80 % prediction interval", "[scoring][forecast]") {
    // Values 10, 21, 29, 41 on days 0, 7, 14, 21 of the cycle; the cycle ends on day 91.
    const char* kr = R"({"id":"c","objective":"o","title":"C","type":"metric","start":0,"target":100})";
    const std::string cs = ci("c", "2026-07-01", 10) + "," + ci("c", "2026-07-08", 21) + "," +
                           ci("c", "2026-07-15", 29) + "," + ci("c", "2026-07-22", 41);
    Graph g = load_json(doc(kr, cs));
    const NodeScore s = score_all(g, D("2026-07-22"))[g.at("c")];
    // Reference values computed independently (numpy.polyfit + scipy.stats.t, see tests/python).
    const double xs[4] = {0, 7, 14, 21}, ys[4] = {10, 21, 29, 41};
    double mx = 10.5, my = 25.25, sxx = 0, sxy = 0;
    for (int i = 0; i < 4; ++i) {
        sxx += (xs[i] - mx) * (xs[i] - mx);
        sxy += (xs[i] - mx) * (ys[i] - my);
    }
    const double b = sxy / sxx, a = my - b * mx;
    const double y91 = a + b * 91;
    CHECK(s.forecast == Approx(std::min(1.0, y91 / 100)).epsilon(1e-12));
    CHECK(s.forecast_low <= s.forecast);
    CHECK(s.forecast_high >= s.forecast);
    CHECK(s.p_target > 0.9);  // the trend runs far past 70
    CHECK(s.status == Status::on_track);
}

namespace {

// A random DAG of objectives with KRs, cross-links and aggregating KRs.
std::string random_doc(std::mt19937& rng, int n_obj) {
    std::string objs, krs, links, cs;
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < n_obj; ++i) {
        const char* src[] = {"", R"(,"progress_source":"both")", R"(,"progress_source":"aligned")"};
        objs += (i ? "," : "") + std::string(R"({"id":"o)") + std::to_string(i) + R"(","title":"t","cycle":"q3")" +
                src[rng() % 3] + "}";
        for (int k = 0; k < 3; ++k) {
            const std::string id = "k" + std::to_string(i) + "_" + std::to_string(k);
            const bool up = u(rng) < 0.5;
            krs += (krs.empty() ? "" : ",") + std::string(R"({"id":")") + id + R"(","objective":"o)" + std::to_string(i) +
                   R"(","title":"t","type":"metric","start":)" + (up ? "0" : "100") + R"(,"target":)" + (up ? "100" : "0") +
                   R"(,"weight":)" + detail::number(0.5 + u(rng)) + "}";
            const int n = static_cast<int>(rng() % 5);
            for (int c = 0; c < n; ++c)
                cs += (cs.empty() ? "" : ",") + ci(id.c_str(), ("2026-07-" + std::to_string(10 + c)).c_str(), u(rng) * 120 - 10);
        }
        // Objective i contributes to up to two objectives with a smaller index: a DAG.
        if (i > 0)
            for (int e = 0; e < 2; ++e) {
                const int p = static_cast<int>(rng() % static_cast<unsigned>(i));
                const std::string l = R"({"from":"o)" + std::to_string(i) + R"(","to":"o)" + std::to_string(p) +
                                      R"(","type":"contributes","weight":)" + detail::number(0.5 + u(rng)) + "}";
                if (links.find(R"("from":"o)" + std::to_string(i) + R"(","to":"o)" + std::to_string(p) + "\"") == std::string::npos)
                    links += (links.empty() ? "" : ",") + l;
            }
        if (i > 1 && u(rng) < 0.3) {
            const int p = static_cast<int>(rng() % static_cast<unsigned>(i));
            links += (links.empty() ? "" : ",") + std::string(R"({"from":"k)") + std::to_string(i) + R"(_0","to":"o)" +
                     std::to_string(p) + R"(","type":"contributes"})";
        }
    }
    return R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],"objectives":[)" +
           objs + R"(],"key_results":[)" + krs + R"(],"links":[)" + links + R"(],"checkins":[)" + cs + "]}";
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::vector<NodeIndex> key_results_of(const Graph& g) {
    std::vector<NodeIndex> krs;
    for (NodeIndex v = 0; v < g.node_count(); ++v)
        if (g.kind(v) == NodeKind::key_result) krs.push_back(v);
    return krs;
}

}  // namespace

TEST_CASE("incremental check-ins give exactly the full rescore (random DAGs)", "[scoring][property]") {
    std::mt19937 rng(20261123);
    for (int trial = 0; trial < 40; ++trial) {
        Graph g = load_json(random_doc(rng, 5 + trial));
        const Date as_of = D("2026-08-20");
        IncrementalScorer inc(g, as_of);
        const std::vector<NodeIndex> krs = key_results_of(g);
        for (int step = 0; step < 25; ++step) {
            const NodeIndex k = krs[rng() % krs.size()];
            const int day = 1 + static_cast<int>(rng() % 60);
            inc.check_in({g.id(k), Date{D("2026-07-01").days + day}, static_cast<double>(rng() % 140) - 20});
        }
        const Scores full = score_all(g, as_of);
        for (NodeIndex v = 0; v < g.node_count(); ++v) {
            const NodeScore& a = inc.scores()[v];
            const NodeScore& b = full[v];
            INFO("trial " << trial << " node " << g.id(v));
            REQUIRE(same(a.score, b.score));
            REQUIRE(same(a.forecast, b.forecast));
            REQUIRE(same(a.forecast_low, b.forecast_low));
            REQUIRE(same(a.p_target, b.p_target));
            REQUIRE(a.status == b.status);
            REQUIRE(a.regressing == b.regressing);
            // And score_node (sub-DAG evaluation) agrees too.
            REQUIRE(same(score_node(g, v, as_of).score, b.score));
        }
    }
}

TEST_CASE("incremental check-ins on every KR of the bundled organisation give exactly the full rescore", "[scoring]") {
    // Aggregating KRs, stages, anchors, health KRs and every progress_source: each parent keeps
    // roll-up sums that every change of a child must move exactly.
    Graph g = load_json_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    const Date as_of = D("2026-08-20");
    IncrementalScorer inc(g, as_of);
    std::size_t done = 0;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        if (g.kind(v) != NodeKind::key_result) continue;
        const KeyResult& k = g.key_result(v);
        if (k.aggregate != Aggregate::none) continue;
        CheckIn c{g.id(v), D("2026-08-19"), 0.0};
        switch (k.type) {
            case KrType::metric: c.value = k.start + (k.target - k.start) * 0.8; break;
            case KrType::baseline: c.value = 42; break;
            case KrType::milestone:
                c.value = 1.0;
                if (!k.stages.empty()) c.stage = k.stages.back().id.empty() ? k.stages.back().title : k.stages.back().id;
                break;
            case KrType::health: c.value = k.has_band() ? k.band_high + 1 : k.threshold; break;
        }
        inc.check_in(c);
        ++done;
        const Scores full = score_all(g, as_of);
        for (NodeIndex u = 0; u < g.node_count(); ++u) {
            INFO("after a check-in on " << g.id(v) << ", node " << g.id(u));
            REQUIRE(same(inc.scores()[u].score, full[u].score));
            REQUIRE(same(inc.scores()[u].forecast, full[u].forecast));
            REQUIRE(same(inc.scores()[u].value, full[u].value));
            REQUIRE(inc.scores()[u].status == full[u].status);
        }
    }
    CHECK(done > 10);
}

namespace {
// Compares every node's result with a fresh score_all, bit for bit.
void require_same_as_full(const Graph& g, const IncrementalScorer& inc, Date as_of) {
    const Scores full = score_all(g, as_of);
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        INFO("node " << g.id(v));
        REQUIRE(same(inc.scores()[v].score, full[v].score));
        REQUIRE(same(inc.scores()[v].forecast, full[v].forecast));
        REQUIRE(inc.scores()[v].status == full[v].status);
    }
}
}  // namespace

TEST_CASE("incremental scorer: a deep chain, whose ancestor lists would not all fit, gives exactly the full rescore",
          "[scoring]") {
    // 300 objectives in a chain, each with two KRs: the lists of all ancestors would take
    // about 300·301/2 entries, far more than the scorer allows (4 per node and edge), so the
    // deeper nodes walk their parents instead; both ways must give the full rescore.
    std::string objs, krs, links;
    const int depth = 300;
    for (int i = 0; i < depth; ++i) {
        objs += (i ? "," : "") + std::string(R"({"id":"o)") + std::to_string(i) +
                R"(","title":"t","cycle":"q3","progress_source":"both"})";
        for (int k = 0; k < 2; ++k)
            krs += (krs.empty() ? "" : ",") + std::string(R"({"id":"k)") + std::to_string(i) + "_" + std::to_string(k) +
                   R"(","objective":"o)" + std::to_string(i) + R"(","title":"t","type":"metric","start":0,"target":100})";
        if (i > 0)
            links += (links.empty() ? "" : ",") + std::string(R"({"from":"o)") + std::to_string(i) + R"(","to":"o)" +
                     std::to_string(i - 1) + R"(","type":"contributes","weight":2})";
    }
    Graph g = load_json(R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],"objectives":[)" +
                        objs + R"(],"key_results":[)" + krs + R"(],"links":[)" + links + "]}");
    const Date as_of = D("2026-08-20");
    IncrementalScorer inc(g, as_of);
    // The lists stay within their cap: the result, 32 bytes per objective, 16 per node and edge,
    // 4 per node, 8 per list entry (at most 4 per node and edge). Uncapped, the lists alone would
    // take about 45,000 entries (360 KB).
    const std::size_t n = g.node_count(), m = g.topology().children.size();
    CHECK(inc.memory_bytes() >= n * sizeof(NodeScore));
    CHECK(inc.memory_bytes() <= n * sizeof(NodeScore) + 32 * depth + 16 * (n + 1 + m) + 5 * n + 8 * (4 * (n + m) + 16) + 4096);
    std::mt19937 rng(7);
    for (int step = 0; step < 200; ++step) {
        const int i = static_cast<int>(rng() % depth), k = static_cast<int>(rng() % 2);
        inc.check_in({"k" + std::to_string(i) + "_" + std::to_string(k), Date{D("2026-07-01").days + static_cast<int>(rng() % 50)},
                      static_cast<double>(rng() % 120)});
        if (step % 20 == 19) require_same_as_full(g, inc, as_of);
    }
    // An objective 14 levels up moved with the deepest KRs (each level halves the change).
    const std::string up14 = "o" + std::to_string(depth - 15);
    const double before = inc.scores()[g.at(up14)].score;
    const std::string deepest = "k" + std::to_string(depth - 1);
    inc.check_in({deepest + "_0", D("2026-08-20"), 100.0});
    inc.check_in({deepest + "_1", D("2026-08-20"), 100.0});
    CHECK(inc.scores()[g.at(up14)].score != before);
    require_same_as_full(g, inc, as_of);
}

TEST_CASE("objective roll-up: fixed-point sums stay within rounding of the weighted mean, and incremental is exact",
          "[scoring]") {
    // 3000 KRs under one objective (above 1024 children the scale drops to 2^50) with weights
    // from 1e-9 to 3, and an objective with a KR of weight 1e-300 (a share below 2^-53) that has started.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    std::string krs, cs;
    std::vector<double> w(3000), val(3000, 0.0);
    for (int k = 0; k < 3000; ++k) {
        w[k] = k % 100 == 0 ? 1e-9 : 3 * u(rng) + 1e-3;
        krs += (k ? "," : "") + std::string(R"({"id":"k)") + std::to_string(k) +
               R"(","objective":"big","title":"t","type":"metric","start":0,"target":100,"weight":)" + detail::number(w[k]) + "}";
    }
    krs += R"(,{"id":"z0","objective":"small","title":"t","type":"metric","start":0,"target":10,"weight":1e-300})";
    krs += R"(,{"id":"z1","objective":"small","title":"t","type":"metric","start":0,"target":10})";
    Graph g = load_json(
        R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],"objectives":[)"
        R"({"id":"big","title":"t","cycle":"q3"},{"id":"small","title":"t","cycle":"q3"}],"key_results":[)" +
        krs + "]}");
    const Date as_of = D("2026-08-20");
    IncrementalScorer inc(g, as_of);
    for (int step = 0; step < 2000; ++step) {
        const int k = static_cast<int>(rng() % 3000);
        val[k] = std::floor(u(rng) * 100);
        inc.check_in({"k" + std::to_string(k), D("2026-08-01"), val[k]});
    }
    inc.check_in({"z0", D("2026-08-01"), 5.0});
    require_same_as_full(g, inc, as_of);
    double ws = 0, wsum = 0;
    for (int k = 0; k < 3000; ++k) {
        ws += w[k] * val[k] / 100;
        wsum += w[k];
    }
    CHECK(std::abs(inc.scores()[g.at("big")].score - ws / wsum) < 1e-13);
    // A share that rounds to 0 adds nothing to the sums, but a started KR starts its objective.
    CHECK(inc.scores()[g.at("small")].score == 0.0);  // the weighted mean: 5e-301
    CHECK(inc.scores()[g.at("small")].status != Status::not_started);
    CHECK(inc.scores()[g.at("z0")].score == 0.5);
}

TEST_CASE("unclamped scores roll up in floating point, and incremental stays exact", "[scoring]") {
    // Without clamping a score has no bound (here 3000), which fixed-point sums could not hold.
    std::mt19937 rng(5);
    Graph g = load_json(random_doc(rng, 30));
    ScoringPolicy p = g.policy();
    p.clamp = false;
    g.set_policy(p);
    const Date as_of = D("2026-08-20");
    IncrementalScorer inc(g, as_of);
    const std::vector<NodeIndex> krs = key_results_of(g);
    for (int step = 0; step < 200; ++step) {
        const NodeIndex k = krs[rng() % krs.size()];
        const KeyResult& kr = g.key_result(k);
        const double value = kr.start + (kr.target - kr.start) * (step % 10 == 0 ? 3000.0 : (rng() % 300) / 100.0 - 0.5);
        inc.check_in({g.id(k), Date{D("2026-07-01").days + static_cast<int>(rng() % 60)}, value});
    }
    require_same_as_full(g, inc, as_of);
    const std::vector<double> only = score_vector(g, as_of);
    double top = 0;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        REQUIRE(same(only[v], inc.scores()[v].score));
        if (g.kind(v) == NodeKind::objective && !std::isnan(only[v])) top = std::max(top, only[v]);
    }
    CHECK(top > 1.0);  // an objective above 1: nothing was clamped or overflowed
    // The scorer refuses to go on under another policy than the one it scored with.
    p.clamp = true;
    g.set_policy(p);
    try {
        inc.refresh(krs[0]);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(std::string(e.what()).find("policy") != std::string::npos);
    }
}

TEST_CASE("incremental scorer: refresh refuses a node out of range and a graph whose structure changed", "[scoring]") {
    Graph g = load_json_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    IncrementalScorer inc(g, D("2026-08-20"));
    const NodeIndex n = g.node_count();
    try {
        inc.refresh(n);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::not_found);
    }
    inc.refresh(n - 1);  // in range: fine
    // A new link changes what parents read; the scorer's sums and ancestor lists no longer match.
    // (A KR that aggregates nothing has no inputs, so linking it to an objective closes no cycle.)
    const Topology& t = g.topology();
    NodeIndex a = npos, b = npos;
    for (NodeIndex v = 0; v < n && a == npos; ++v) {
        if (g.kind(v) != NodeKind::key_result || g.key_result(v).aggregate != Aggregate::none) continue;
        for (NodeIndex o = 0; o < n && b == npos; ++o) {
            if (g.kind(o) != NodeKind::objective) continue;
            bool linked = false;
            for (std::uint32_t i = t.parent_offsets[v]; i < t.parent_offsets[v + 1]; ++i) linked |= t.parents[i] == o;
            if (!linked) b = o;
        }
        if (b != npos) a = v;
    }
    REQUIRE(a != npos);
    g.add_link({g.id(a), g.id(b)});
    try {
        inc.refresh(a);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK(std::string(e.what()).find("changed structure") != std::string::npos);
    }
}

TEST_CASE("incremental scorer: a failed check-in changes nothing", "[scoring]") {
    Graph g = load_json(doc(kAr, ci("ar", "2026-08-01", 18000000)));
    IncrementalScorer inc(g, D("2026-09-30"));
    REQUIRE_THROWS_AS(inc.check_in({"ar", D("2026-08-02"), okr::nan}), Error);
    REQUIRE_THROWS_AS(inc.check_in({"nope", D("2026-08-02"), 1}), Error);
    CHECK(g.checkin_count() == 1);
    CHECK(inc.scores()[g.at("ar")].score == 0.5);
}

TEST_CASE("score_vector equals the scores of score_all", "[scoring][property]") {
    auto check = [](const Graph& g, const char* as_of) {
        const Scores full = score_all(g, D(as_of));
        std::vector<double> only = {1.0, 2.0};  // reused storage is resized and overwritten
        score_vector(g, D(as_of), only);
        REQUIRE(only.size() == g.node_count());
        for (NodeIndex v = 0; v < g.node_count(); ++v) {
            INFO(g.id(v) << " as of " << as_of);
            REQUIRE(same(only[v], full[v].score));
        }
        const std::vector<double> fresh = score_vector(g, D(as_of));
        REQUIRE(fresh.size() == only.size());
        for (std::size_t v = 0; v < fresh.size(); ++v) REQUIRE(same(fresh[v], only[v]));
    };
    // Every KR type, anchors, stages, aggregates, statuses: the bundled organisation.
    Graph example = load_json_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    for (const char* d : {"2026-06-01", "2026-07-15", "2026-08-20", "2026-09-30", "2027-01-01"}) check(example, d);
    // The same under a policy without clamping and with whole stages only.
    ScoringPolicy p = example.policy();
    p.clamp = false;
    p.partial_stages = false;
    example.set_policy(p);
    for (const char* d : {"2026-08-20", "2026-09-30"}) check(example, d);
    // Aggregating KRs (sum of contributors, which may have no value yet).
    const std::string krs = R"({"id":"hire","objective":"o","title":"Hire 20","type":"metric","start":0,"target":20,"aggregate":"sum"},)"
                            R"({"id":"best","objective":"o","title":"Best","type":"metric","start":0,"target":10,"aggregate":"max"},)"
                            R"({"id":"t1","objective":"o","title":"T1","type":"metric","start":0,"target":10},)"
                            R"({"id":"t2","objective":"o","title":"T2","type":"metric","start":0,"target":10})";
    const std::string links = R"({"from":"t1","to":"hire","type":"contributes"},{"from":"t2","to":"hire","type":"contributes"},)"
                              R"({"from":"t1","to":"best","type":"contributes"},{"from":"t2","to":"best","type":"contributes"})";
    Graph agg = load_json(doc(krs, ci("t1", "2026-08-01", 7) + "," + ci("t2", "2026-08-10", 12), links));
    for (const char* d : {"2026-07-15", "2026-08-05", "2026-09-30"}) check(agg, d);
    CHECK(score_vector(agg, D("2026-08-05"))[agg.at("hire")] == Approx(0.35));
    // Random DAGs, and an empty graph.
    std::mt19937 rng(7);
    for (int trial = 0; trial < 20; ++trial) check(load_json(random_doc(rng, 3 + 2 * trial)), "2026-07-12");
    CHECK(score_vector(Graph{}, D("2026-07-12")).empty());
    // Caller-owned memory must have exactly one element per node.
    std::vector<double> wrong(example.node_count() + 1);
    REQUIRE_THROWS_WITH(score_vector(example, D("2026-08-20"), std::span<double>(wrong)),
                        Catch::Contains("the graph " + std::to_string(example.node_count()) + " nodes"));
    std::vector<double> right(example.node_count());
    score_vector(example, D("2026-08-20"), std::span<double>(right));
    CHECK(right[example.at("kr-fin-ar")] == score_all(example, D("2026-08-20"))[example.at("kr-fin-ar")].score);
}

TEST_CASE("score_all on a graph large enough for several threads gives every node's own score", "[scoring][threads]") {
    // 60,000 key results: blocks of them are scored on several threads (when the machine has
    // them), each with its own quantile cache. Each node must equal score_node, which scores it
    // alone on the calling thread, in every field.
    std::string krs, checkins;
    for (int i = 0; i < 60000; ++i) {
        const std::string id = "k" + std::to_string(i);
        if (i) krs += ",";
        krs += R"({"id":")" + id + R"(","objective":")" + (i % 2 ? "o" : "p") +
               R"(","title":"K","type":"metric","start":0,"target":)" + std::to_string(10 + i % 7) + "}";
        for (int c = 0; c < 1 + i % 4; ++c) {
            if (!checkins.empty()) checkins += ",";
            const std::string date = "2026-07-" + std::to_string(10 + 5 * c);
            checkins += ci(id.c_str(), date.c_str(), 1 + (i * 7 + c * 3) % 11);
        }
    }
    const Graph g = load_json(doc(krs, checkins, "", R"({"id":"p","title":"P","cycle":"q3"})"));
    const Scores all = score_all(g, D("2026-08-20"));
    const std::vector<double> only = score_vector(g, D("2026-08-20"));
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        INFO(g.id(v));
        REQUIRE(same(only[v], all[v].score));
        if (v % 53 != 0 && v + 1 != g.node_count()) continue;
        const NodeScore one = score_node(g, v, D("2026-08-20"));
        REQUIRE(same(one.score, all[v].score));
        REQUIRE(same(one.forecast, all[v].forecast));
        REQUIRE(same(one.forecast_low, all[v].forecast_low));
        REQUIRE(same(one.forecast_high, all[v].forecast_high));
        REQUIRE(same(one.p_target, all[v].p_target));
        REQUIRE(same(one.expected, all[v].expected));
        REQUIRE(one.status == all[v].status);
        REQUIRE(one.checkins == all[v].checkins);
    }
    CHECK(all[g.at("k3")].checkins == 4);
    CHECK(!std::isnan(all[g.at("k3")].forecast_low));
}

TEST_CASE("a long history is read up to the date, whatever the date", "[scoring]") {
    // 40 check-ins (ties on some dates, values in insertion order) on a metric and a baseline:
    // as of any date, the count, the current value and the score are those of the check-ins on
    // or before it, in score_all, score_node and score_vector alike.
    std::string cis;
    std::vector<std::pair<std::int32_t, double>> hist;  // (day, value), sorted by day, ties in order
    const Date d0 = D("2026-07-01");
    for (int i = 0; i < 40; ++i) {
        const std::int32_t day = d0.days + 2 * (i / 3) + (i % 3 == 2 ? 1 : 0);  // pairs of ties
        const double value = 1.0 + i;
        for (const char* kr : {"m", "b"}) {
            if (!cis.empty()) cis += ",";
            cis += ci(kr, Date{day}.iso().c_str(), value);
        }
        hist.emplace_back(day, value);
    }
    const Graph g = load_json(doc(R"({"id":"m","objective":"o","title":"M","type":"metric","start":0,"target":100},)"
                                  R"({"id":"b","objective":"o","title":"B","type":"baseline","required":30})",
                                  cis));
    for (std::int32_t day = d0.days; day <= hist.back().first + 1; ++day) {  // (before d0: planned)
        const Date as_of{day};
        INFO("as of " << as_of.iso());
        std::size_t count = 0;
        double last = okr::nan, sum = 0;
        for (const auto& [d, v] : hist)
            if (d <= day) {
                ++count;
                last = v;
                sum += v;
            }
        const Scores s = score_all(g, as_of);
        const std::vector<double> sv = score_vector(g, as_of);
        const NodeScore& m = s[g.at("m")];
        const NodeScore& b = s[g.at("b")];
        REQUIRE(m.checkins == count);
        REQUIRE(b.checkins == count);
        REQUIRE(same(m.value, last));
        REQUIRE(m.score == (count ? last / 100.0 : 0.0));
        REQUIRE(b.score == std::min(1.0, count / 30.0));
        if (count) REQUIRE(b.value == Approx(sum / count));
        REQUIRE(same(sv[g.at("m")], m.score));
        REQUIRE(same(sv[g.at("b")], b.score));
        REQUIRE(score_node(g, g.at("m"), as_of).checkins == count);
    }
}
