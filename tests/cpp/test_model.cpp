#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace okr;

namespace {
// A graph with only cycle q3 (2026-07-01 .. 2026-09-30), and an objective "o" in that cycle.
Graph graph_with_cycle() {
    Graph g;
    g.add_cycle({"q3", D("2026-07-01"), D("2026-09-30"), {}});
    return g;
}
Objective objective_o() {
    Objective o;
    o.id = "o";
    o.title = "O";
    o.cycle = "q3";
    return o;
}
}  // namespace

TEST_CASE("dates parse strictly and round-trip", "[model][date]") {
    CHECK(D("1970-01-01").days == 0);
    CHECK(D("2026-11-23").iso() == "2026-11-23");
    CHECK(D("2024-02-29").iso() == "2024-02-29");
    Date d;
    for (const char* bad : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-01T00"})
        CHECK_FALSE(Date::try_parse(bad, d));
    REQUIRE_THROWS_WITH(Date::parse("2026-02-30", "as_of"), Catch::Contains("as_of") && Catch::Contains("2026-02-30"));
    for (int day = D("0001-01-01").days; day <= D("9999-12-31").days; day += 997) {
        const Date x{day};
        CHECK(D(x.iso().c_str()) == x);
    }
}

TEST_CASE("graph building validates and is all-or-nothing", "[model]") {
    Graph g = graph_with_cycle();
    const Objective o = objective_o();
    g.add_objective(o);
    REQUIRE_THROWS_MATCHES(g.add_objective(o), Error, Catch::Matchers::Predicate<Error>([](const Error& e) {
                               return e.code() == ErrorCode::duplicate && std::string(e.what()).find("\"o\"") != std::string::npos;
                           }));
    CHECK(g.node_count() == 1);
    KeyResult k;
    k.id = "k";
    k.objective = "missing";
    k.title = "K";
    k.start = 0;
    k.target = 1;
    REQUIRE_THROWS_WITH(g.add_key_result(k), Catch::Contains("missing") && Catch::Contains("objective"));
    CHECK(g.node_count() == 1);
    k.objective = "o";
    g.add_key_result(k);
    Objective p = o;
    p.id = "p";
    g.add_objective(p);
    g.add_link({"o", "p", LinkType::contributes, 1.0, {}});
    try {
        g.add_link({"p", "o", LinkType::contributes, 1.0, {}});
        FAIL("cycle accepted");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::cycle);
        CHECK_THAT(e.what(), Catch::Contains("\"o\"") && Catch::Contains("\"p\""));
    }
    CHECK(g.links().size() == 1);
    CHECK(g.topology().order.size() == 3);
    REQUIRE_THROWS_AS(g.add_link({"o", "p", LinkType::contributes, 1.0, {}}), Error);  // duplicate
    REQUIRE_THROWS_AS(g.add_link({"o", "o", LinkType::depends_on, 1.0, {}}), Error);   // self-link
    g.add_link({"k", "p", LinkType::depends_on, 1.0, {}});
    CHECK(g.links().size() == 2);
}

TEST_CASE("copies are independent and keep ids", "[model]") {
    Graph g = load_json(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10})"));
    Graph c = g;
    c.check_in({"k", D("2026-08-01"), 5});
    CHECK(g.checkin_count() == 0);
    CHECK(c.checkin_count() == 1);
    CHECK(c.id(c.at("k")) == "k");
    Graph m = std::move(c);
    CHECK(m.id(m.at("o")) == "o");
}

TEST_CASE("adopt_checkins takes over validated records or changes nothing", "[model][checkins]") {
    Graph g = graph_with_cycle();
    const Objective o = objective_o();
    const NodeIndex ov = g.add_objective(o);
    auto kr = [&](const char* id, KrType type) {
        KeyResult k;
        k.id = id;
        k.objective = "o";
        k.title = id;
        k.type = type;
        if (type == KrType::metric) {
            k.start = 0;
            k.target = 10;
        }
        return k;
    };
    const NodeIndex m = g.add_key_result(kr("m", KrType::metric));
    const NodeIndex ms = g.add_key_result(kr("ms", KrType::milestone));
    KeyResult staged = kr("staged", KrType::milestone);
    staged.stages = {Stage{"s1", "One", 1.0}};
    const NodeIndex st = g.add_key_result(staged);
    KeyResult agg = kr("agg", KrType::metric);
    agg.aggregate = Aggregate::sum;
    const NodeIndex ag = g.add_key_result(agg);
    const NodeIndex m2 = g.add_key_result(kr("m2", KrType::metric));

    auto recs = [](std::uint32_t first, std::initializer_list<std::pair<const char*, double>> xs) {
        std::vector<CheckInRecord> r;
        std::uint32_t s = first;
        for (auto [d, v] : xs) r.push_back(CheckInRecord{D(d), -1, s++, v, okr::nan});
        return r;
    };
    // Rejected: nothing changes, the records are left as they were.
    auto rejected = [&](NodeIndex v, std::vector<CheckInRecord> r, std::uint32_t first) {
        const std::vector<CheckInRecord> before = r;
        const std::size_t total = g.checkin_count();
        CHECK_FALSE(g.adopt_checkins(v, r, first));
        CHECK(g.checkin_count() == total);
        REQUIRE(r.size() == before.size());
        for (std::size_t i = 0; i < r.size(); ++i) CHECK((r[i].seq == before[i].seq && r[i].date == before[i].date));
    };
    rejected(ov, recs(0, {{"2026-07-01", 1}}), 0);                       // an objective
    rejected(static_cast<NodeIndex>(99), recs(0, {{"2026-07-01", 1}}), 0);  // no such node
    rejected(st, recs(0, {{"2026-07-01", 1}}), 0);                       // staged: needs a stage
    rejected(ag, recs(0, {{"2026-07-01", 1}}), 0);                       // aggregates
    rejected(ms, recs(0, {{"2026-07-01", 1.5}}), 0);                     // milestone value > 1
    rejected(m, recs(0, {{"2026-07-01", 1}, {"2026-07-02", std::numeric_limits<double>::infinity()}}), 0);   // not finite
    rejected(m, recs(0, {{"2026-07-01", okr::nan}}), 0);
    rejected(m, {}, 0);                                                  // nothing to take
    {
        auto r = recs(0, {{"2026-07-01", 1}, {"2026-07-02", 2}});
        r[1].seq = 5;  // not first_seq + position
        rejected(m, r, 0);
        r = recs(0, {{"2026-07-01", 1}});
        r[0].confidence = 1.5;
        rejected(m, r, 0);
        r = recs(0, {{"2026-07-01", 1}});
        r[0].stage = 0;
        rejected(m, r, 0);
        r = recs(0, {{"2026-07-01", 1}});
        r[0].confidence = -0.1;
        rejected(m, r, 0);
        rejected(m, recs(1, {{"2026-07-01", 1}}), 0);  // record 0's seq is not first_seq
        rejected(ms, recs(0, {{"2026-07-01", -0.5}}), 0);
    }
    CHECK(g.checkin_count() == 0);

    // Taken over: sorted by date, ties in the order given, numbered from the graph's next seq.
    g.check_in(m2, CheckIn{"", D("2026-07-05"), 3.0, okr::nan, "", "", {}});  // seq 0
    auto r = recs(40, {{"2026-07-09", 9}, {"2026-07-03", 3}, {"2026-07-09", 10}, {"2026-07-01", 1}});
    r[1].confidence = 0.5;
    REQUIRE(g.adopt_checkins(m, r, 40));
    REQUIRE(r.size() == 4);  // the caller's records: sorted and renumbered as the graph's
    CHECK((r[0].value == 1 && r[0].seq == 4 && r[3].value == 10 && r[3].seq == 3));
    const auto cs = g.checkins(m);
    REQUIRE(cs.size() == 4);
    const double values[] = {1, 3, 9, 10};
    const std::uint32_t seqs[] = {4, 2, 1, 3};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(cs[i].value == values[i]);
        CHECK(cs[i].seq == seqs[i]);
    }
    CHECK(cs[1].confidence == 0.5);
    CHECK(g.checkin_count() == 5);
    // The next check-in continues the numbering; a second run for the same KR is refused.
    g.check_in(m, CheckIn{"", D("2026-07-09"), 11.0, okr::nan, "", "", {}});
    CHECK(g.checkins(m).back().seq == 5);
    CHECK(g.checkins(m).back().value == 11.0);
    rejected(m, recs(6, {{"2026-07-20", 1}}), 6);
    // A long run with many ties, out of order: a stable sort by date.
    {
        KeyResult lk = kr("long", KrType::metric);
        const NodeIndex lv = g.add_key_result(lk);
        const char* days[] = {"2026-07-20", "2026-07-06", "2026-07-13"};
        std::vector<CheckInRecord> lr;
        for (std::uint32_t i = 0; i < 60; ++i) lr.push_back(CheckInRecord{D(days[(i * 7) % 3]), -1, 100 + i, double(i), okr::nan});
        const std::uint32_t next = static_cast<std::uint32_t>(g.checkin_count());
        REQUIRE(g.adopt_checkins(lv, lr, 100));
        const auto ls = g.checkins(lv);
        REQUIRE(ls.size() == 60);
        for (std::size_t i = 1; i < ls.size(); ++i) {
            INFO(i);
            CHECK(ls[i - 1].date <= ls[i].date);
            if (ls[i - 1].date == ls[i].date) CHECK(ls[i - 1].value < ls[i].value);  // given order kept
            CHECK(ls[i].seq == next + static_cast<std::uint32_t>(ls[i].value));
        }
    }
    // Milestones in [0, 1] are taken; scores see the adopted records like any others.
    auto mr = recs(6, {{"2026-07-02", 0}, {"2026-07-04", 1}});
    REQUIRE(g.adopt_checkins(ms, mr, 6));
    CHECK(g.checkins(ms).size() == 2);
    CHECK(score_all(g, D("2026-07-10"))[ms].score == 1.0);
    CHECK(score_all(g, D("2026-07-10"))[m].value == 11.0);
}

TEST_CASE("check-in lists stay sorted and intact as they grow, move and are copied", "[model][checkins]") {
    // Interleaved check-ins on many key results (each list outgrows its room several times and
    // moves), single and batched, with dates out of order and ties; the graph's lists must equal
    // a plain per-KR reference after every step, in the original and in copies.
    Graph g = graph_with_cycle();
    const Objective o = objective_o();
    g.add_objective(o);
    constexpr int nk = 40;
    std::vector<NodeIndex> krs;
    for (int i = 0; i < nk; ++i) {
        KeyResult k;
        k.id = "k" + std::to_string(i);
        k.objective = "o";
        k.title = k.id;
        k.start = 0;
        k.target = 100;
        krs.push_back(g.add_key_result(k));
    }
    struct Ref {
        std::int32_t days;
        std::uint32_t seq;
        double value;
    };
    std::vector<std::vector<Ref>> ref(nk);
    std::uint32_t seq = 0;
    auto record = [&](int k, Date d, double value) {
        auto& r = ref[static_cast<std::size_t>(k)];
        auto pos = std::upper_bound(r.begin(), r.end(), d.days, [](std::int32_t x, const Ref& e) { return x < e.days; });
        r.insert(pos, Ref{d.days, seq++, value});
    };
    auto same = [&](const Graph& h) {
        std::size_t total = 0;
        for (int k = 0; k < nk; ++k) {
            const auto cs = h.checkins(krs[static_cast<std::size_t>(k)]);
            const auto& r = ref[static_cast<std::size_t>(k)];
            total += r.size();
            REQUIRE(cs.size() == r.size());
            for (std::size_t i = 0; i < r.size(); ++i) {
                INFO("kr " << k << " check-in " << i);
                REQUIRE(cs[i].date.days == r[i].days);
                REQUIRE(cs[i].seq == r[i].seq);
                REQUIRE(cs[i].value == r[i].value);
            }
        }
        CHECK(h.checkin_count() == total);
    };
    std::uint64_t state = 12345;
    auto rnd = [&](std::uint64_t n) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return (state >> 33) % n;
    };
    const Date d0 = D("2026-07-01");
    for (int step = 0; step < 1500; ++step) {
        if (step % 10 == 9) {
            // A batch over a few KRs; every tenth batch has a bad check-in at its end and must
            // change nothing.
            std::vector<CheckIn> batch;
            const int size = 1 + static_cast<int>(rnd(12));
            std::vector<std::pair<int, CheckIn>> planned;
            for (int j = 0; j < size; ++j) {
                const int k = static_cast<int>(rnd(nk));
                CheckIn c{"k" + std::to_string(k), Date{d0.days + static_cast<std::int32_t>(rnd(90))}, double(step * 100 + j)};
                planned.emplace_back(k, c);
                batch.push_back(c);
            }
            if (step % 100 == 99) {
                batch.push_back(CheckIn{"k0", d0, okr::nan});
                REQUIRE_THROWS_AS(g.check_in_batch(batch), Error);
            } else {
                g.check_in_batch(batch);
                for (const auto& [k, c] : planned) record(k, c.date, c.value);
            }
        } else {
            const int k = static_cast<int>(rnd(nk / (step % 3 == 0 ? 8 : 1)));  // some KRs get many
            const Date d{d0.days + static_cast<std::int32_t>(rnd(90))};
            g.check_in(krs[static_cast<std::size_t>(k)], CheckIn{"", d, double(step)});
            record(k, d, double(step));
        }
        if (step % 97 == 0) same(g);
    }
    same(g);
    Graph copy = g;
    same(copy);
    Graph assigned;
    assigned = copy;
    same(assigned);
    // The copies are independent: a check-in on the copy leaves the original as it was.
    copy.check_in(krs[0], CheckIn{"", d0, -1.0});
    CHECK(copy.checkins(krs[0]).size() == ref[0].size() + 1);
    same(g);
    // Spans of other key results stay valid while one key result's list grows and moves.
    const auto held = g.checkins(krs[1]);
    const std::vector<CheckInRecord> before(held.begin(), held.end());
    for (int i = 0; i < 200; ++i) g.check_in(krs[2], CheckIn{"", d0, double(i)});
    for (std::size_t i = 0; i < before.size(); ++i) CHECK(held[i].seq == before[i].seq);
}
