#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace okr;

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
    Graph g;
    g.add_cycle({"q3", D("2026-07-01"), D("2026-09-30"), {}});
    Objective o;
    o.id = "o";
    o.title = "O";
    o.cycle = "q3";
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
