#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "helpers.hpp"

using namespace okr;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
const std::string examples = OKR_EXAMPLES_DIR;
}  // namespace

TEST_CASE("CSV: RFC 4180 quoting / CRLF / BOM / blank lines / other delimiters", "[csv]") {
    const CsvTable t = parse_csv("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n ,,\n4,\"multi\nline\", 6 \n");
    REQUIRE(t.header == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[0] == std::vector<std::string>{"1", "x, \"y\"", "3"});
    CHECK(t.rows[1] == std::vector<std::string>{"4", "multi\nline", "6"});
    CHECK(t.lines == std::vector<std::size_t>{2, 5});
    CHECK(parse_csv("a;b\n1;2\n").rows[0] == std::vector<std::string>{"1", "2"});
    CHECK(parse_csv("a\tb\n1\t2").rows[0] == std::vector<std::string>{"1", "2"});
    REQUIRE_THROWS_WITH(parse_csv("a,b\n1,\"open\n"), Catch::Contains("line 2") && Catch::Contains("unterminated"));
    REQUIRE_THROWS_WITH(parse_csv("a,b\n1,2,3\n"), Catch::Contains("line 2: 3 fields, the header has 2"));
    REQUIRE_THROWS_WITH(parse_csv("a,b\n1,x\"y\n"), Catch::Contains("quote inside an unquoted field"));
    REQUIRE_THROWS_WITH(parse_csv("a,b\n\"1\"x,2\n"), Catch::Contains("text after a closing quote"));
    REQUIRE_THROWS_AS(parse_csv(""), Error);
    REQUIRE_THROWS_WITH(parse_csv("a,b\n\xff,1\n"), Catch::Contains("UTF-8"));
}

TEST_CASE("check-ins CSV: export spellings / numbers / dates / equals check-in by check-in", "[csv]") {
    const std::string csv = slurp(examples + "/checkins.csv");
    const std::vector<CheckIn> rows = read_checkins_csv(csv);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].key_result == "kr-ms-kb");
    CHECK(rows[0].date == D("2026-09-14"));
    CHECK(rows[0].value == 70.0);
    CHECK(rows[0].confidence == Approx(0.7));  // "70%"
    CHECK(rows[0].note == "Eleven articles this week, two pending review");
    CHECK(std::isnan(rows[2].confidence));
    CHECK(rows[3].stage == "content");

    Graph a = load_json_file(examples + "/learning_platform.json");
    Graph b = a;
    load_checkins_csv(a, csv);
    for (const CheckIn& c : rows) b.check_in(c);
    REQUIRE(a.checkin_count() == b.checkin_count());
    REQUIRE(to_json(a) == to_json(b));
    const Date as_of = D("2026-09-14");
    CHECK(score_node(a, a.at("kr-co-csat"), as_of).score == Approx(0.5625).epsilon(1e-15));   // (86.5 - 82) / 8
    CHECK(score_node(a, a.at("kr-ms-escalations"), as_of).score == Approx(0.475).epsilon(1e-15));  // (120 - 101) / 40
    const NodeScore kb = score_node(a, a.at("kr-ms-kb"), as_of);
    CHECK(kb.score == 1.0);
    CHECK(kb.overachievement == Approx(10.0 / 60.0).epsilon(1e-12));

    // Numbers: thousands separators, signs, percent; timestamps read as their date.
    const auto more = read_checkins_csv("kr,updated_at,actual\nx,2026-03-02T10:15:00Z,\"18,000,000\"\nx,2026-03-03 09:00,-1.5e3\n");
    CHECK(more[0].value == 18000000.0);
    CHECK(more[0].date == D("2026-03-02"));
    CHECK(more[1].value == -1500.0);
    CHECK(read_checkins_csv("kr,date,value\nx,2026-03-02T10:15:00.250+02:00,1\n")[0].date == D("2026-03-02"));
    // Text after a date that is no time of day is no timestamp.
    for (const char* bad : {"2026-09-12 garbage", "2026-09-12Tnonsense", "2026-09-12 10:1x"}) {
        INFO(bad);
        REQUIRE_THROWS_WITH(read_checkins_csv(std::string("kr,date,value\nx,") + bad + ",1\n"),
                            Catch::Contains("line 2") && Catch::Contains(bad));
    }
}

TEST_CASE("check-ins CSV: bad input names the line and column / and changes nothing", "[csv][errors]") {
    Graph g = load_json_file(examples + "/learning_platform.json");
    const std::string before = to_json(g);
    const std::string head = "key_result,date,value,confidence\n";
    const std::string ok = "kr-co-csat,2026-09-14,85,\n";
    struct Case {
        std::string body;
        ErrorCode code;
        const char* needle;
    };
    const std::vector<Case> cases{
        {ok + "kr-nope,2026-09-14,1,\n", ErrorCode::not_found, "line 3: check-in: field \"key_result\" names unknown key result \"kr-nope\""},
        {ok + "kr-co-csat,14/09/2026,1,\n", ErrorCode::invalid_argument, "line 3: column \"date\""},
        {ok + "kr-co-csat,2026-09-14,abc,\n", ErrorCode::invalid_argument, "line 3: column \"value\": \"abc\" is not a finite number"},
        {ok + "kr-co-csat,2026-09-14,inf,\n", ErrorCode::invalid_argument, "line 3: column \"value\""},
        {ok + "kr-co-csat,2026-09-14,\"1,00\",\n", ErrorCode::invalid_argument, "line 3: column \"value\""},
        {ok + "kr-co-csat,2026-09-14,1,1.5\n", ErrorCode::invalid_argument, "line 3: check-in for \"kr-co-csat\" on 2026-09-14: field \"confidence\""},
        {ok + ",2026-09-14,1,\n", ErrorCode::invalid_argument, "line 3: column \"key_result\" is empty"},
        {ok + "o-company-cx,2026-09-14,1,\n", ErrorCode::not_found, "not a key result"},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        try {
            load_checkins_csv(g, head + c.body);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == c.code);
            CHECK_THAT(e.what(), Catch::Contains(c.needle));
        }
        CHECK(to_json(g) == before);
    }
    REQUIRE_THROWS_WITH(load_checkins_csv(g, "kr,value\nx,1\n"), Catch::Contains("no \"date\" column"));
    REQUIRE_THROWS_WITH(load_checkins_csv(g, "kr,key_result,date,value\n"), Catch::Contains("both give \"key_result\""));
    CHECK(to_json(g) == before);
}

TEST_CASE("batch check-in is all or nothing", "[csv][errors]") {
    Graph g = load_json_file(examples + "/learning_platform.json");
    const std::string before = to_json(g);
    std::vector<CheckIn> batch(3);
    batch[0].key_result = "kr-co-csat";
    batch[0].date = D("2026-09-14");
    batch[0].value = 85;
    batch[0].note = "kept only if all are valid";
    batch[1] = batch[0];
    batch[2] = batch[0];
    batch[2].value = okr::nan;
    REQUIRE_THROWS_WITH(g.check_in_batch(batch), Catch::Contains("check-ins[2]: ") && Catch::Contains("\"value\""));
    CHECK(to_json(g) == before);
    batch[2].value = 86;
    g.check_in_batch(batch);
    CHECK(g.checkin_count() == Graph(load_json_file(examples + "/learning_platform.json")).checkin_count() + 3);
    CHECK(g.checkins(g.at("kr-co-csat")).back().value == 86);  // same date: the last one supersedes
}

TEST_CASE("scorecard CSV: DOMAIN example 5 (weeks 1-4)", "[csv]") {
    const std::vector<Kpi> kpis = read_scorecard_csv(slurp(examples + "/scorecard.csv"));
    REQUIRE(kpis.size() == 3);
    CHECK(kpis[0].id == "lessons_created");
    CHECK(kpis[0].team == "Managed Services");
    CHECK(kpis[0].owner == "Marvin");
    CHECK(kpis[0].title == "Lessons created");
    CHECK(kpis[0].unit == "lessons");
    CHECK(kpis[0].comparison == Comparison::ge);
    CHECK(kpis[0].goal == 1.0);
    CHECK(kpis[1].id == "lessons_completed");
    CHECK(kpis[1].team == "HR");
    CHECK(kpis[2].id == "kb_articles_created");
    const std::vector<std::vector<double>> want{{1, 0, 2, 1}, {5, 4, 3, 1}, {2, 1, 3, 2}};
    for (std::size_t k = 0; k < 3; ++k) {
        REQUIRE(kpis[k].values.size() == 4);
        for (std::size_t w = 0; w < 4; ++w) {
            CHECK(kpis[k].values[w].date.days == D("2026-01-05").days + 7 * static_cast<int>(w));
            CHECK(kpis[k].values[w].value == want[k][w]);
        }
    }
    Graph g;
    load_scorecard_csv(g, slurp(examples + "/scorecard.csv"));
    const KpiMatrix m = kpi_matrix(g, Freq::week);
    REQUIRE(m.values.rows() == 4);
    CHECK(m.values(2, 1) == 3.0);  // week 3 of lessons completed
}

TEST_CASE("scorecard CSV: headers / goals / ids / missing weeks / errors", "[csv][errors]") {
    const auto k = read_scorecard_csv(
        "Team;Who;KPI;Goal;2026-W02;2026-01-12 - 2026-01-18;2026-01-19..2026-01-25\n"
        "Sales;Ann;Calls;<= 3;1;;2\n"
        "Ops;Bob;Calls;3-5;4;5;6\n"
        "Ops;Bob;Net churn;\xE2\x89\xA5 -2;-1;-3;-2\n");
    REQUIRE(k.size() == 3);
    CHECK(k[0].id == "sales.calls");  // titles repeat: team + title
    CHECK(k[1].id == "ops.calls");
    CHECK(k[2].id == "net_churn");
    CHECK(k[0].comparison == Comparison::le);
    CHECK(k[1].comparison == Comparison::in_range);
    CHECK(k[1].goal_low == 3.0);
    CHECK(k[1].goal_high == 5.0);
    CHECK(k[2].comparison == Comparison::ge);
    CHECK(k[2].goal == -2.0);
    CHECK(k[0].values[0].date == D("2026-01-05"));  // ISO week 2 of 2026 starts on Monday 5 January
    CHECK(std::isnan(k[0].values[1].value));
    CHECK(k[0].values[2].value == 2.0);

    Graph g = load_json_file(examples + "/learning_platform.json");
    const std::string before = to_json(g);
    struct Case {
        std::string csv;
        ErrorCode code;
        const char* needle;
    };
    const std::vector<Case> cases{
        {"kpi,goal,2026-01-05\nA,>= x,1\n", ErrorCode::invalid_argument, "line 2: column \"goal\""},
        {"kpi,2026-01-05,Notes\nA,1,x\n", ErrorCode::parse, "column \"Notes\" is neither a scorecard column nor a week"},
        {"kpi,2026-01-05,2026-01-05\nA,1,2\n", ErrorCode::parse, "are the same week"},
        {"kpi,2026-01-05\nA,abc\n", ErrorCode::invalid_argument, "line 2: column \"2026-01-05\": \"abc\" is not a number"},
        {"kpi,2026-01-05\nA,1\nA,2\n", ErrorCode::duplicate, "line 3: KPI id \"a\" repeats line 2"},
        {"id,kpi,2026-01-05\nlessons_created,A,1\n", ErrorCode::duplicate, "line 2: duplicate id \"lessons_created\""},
        {"kpi,2026-W54\nA,1\n", ErrorCode::parse, "2026-W54"},
        {"kpi,goal,2026-01-05\nA,5-3,1\n", ErrorCode::invalid_argument, "low > high"},
    };
    for (const Case& c : cases) {
        INFO(c.csv);
        try {
            load_scorecard_csv(g, c.csv);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == c.code);
            CHECK_THAT(e.what(), Catch::Contains(c.needle));
        }
        CHECK(to_json(g) == before);
    }
}

TEST_CASE("CSV numbers are strict / delimiter from the first non-blank line / outside quotes", "[csv][errors]") {
    // Thousands separators only in comma-delimited files (a semicolon file may use decimal commas).
    CHECK(read_checkins_csv("kr,date,value\nx,2026-03-02,\"1,234.5\"\n")[0].value == 1234.5);
    for (const char* bad : {"1.234,56", "2,500", "1,5"})
        REQUIRE_THROWS_WITH(read_checkins_csv(std::string("kr;date;value\nx;2026-03-02;") + bad + "\n"),
                            Catch::Contains("line 2: column \"value\""));
    for (const char* bad : {"\"1,234.5,6\"", ".5", "5.", "+-5", "1e", "0x10", "\"1,23\"", "\"12,3456\"", "--1"})
        REQUIRE_THROWS_WITH(read_checkins_csv(std::string("kr,date,value\nx,2026-03-02,") + bad + "\n"),
                            Catch::Contains("column \"value\""));
    // Unquoted, a thousands separator splits the field.
    REQUIRE_THROWS_WITH(read_checkins_csv("kr,date,value\nx,2026-03-02,1,234\n"), Catch::Contains("line 2: 4 fields"));
    CHECK(read_checkins_csv("kr,date,value\nx,2026-03-02,+5\n")[0].value == 5.0);
    CHECK(read_checkins_csv("kr,date,value\nx,2026-03-02,-2.5E+2\n")[0].value == -250.0);
    // Blank lines before the header; a comma inside a quoted header does not make it a CSV.
    const auto t = parse_csv("\n  \nkr;date;\"value, pts\"\nx;2026-03-02;4\n");
    CHECK(t.delimiter == ';');
    CHECK(t.header_line == 3);
    CHECK(t.header[2] == "value, pts");
    REQUIRE_THROWS_WITH(read_checkins_csv("\n\nkr,value\nx,1\n"), Catch::Contains("line 3: no \"date\" column"));
}

TEST_CASE("scorecard: two columns in one ISO week are an error / ids from titles", "[csv][errors]") {
    REQUIRE_THROWS_WITH(read_scorecard_csv("kpi,2026-01-05,2026-01-07\nCalls,1,2\n"), Catch::Contains("are the same week"));
    const auto k = read_scorecard_csv("kpi,2026-01-05\n\"Umsatz \xE2\x82\xAC \xE2\x80\x93 netto (EU)\",1\n\xC3\x9C" "bergaben\xC2\xA0gesamt,2\n");
    CHECK(k[0].id == "umsatz_netto_eu");
    CHECK(k[1].id == "\xC3\x9C" "bergaben_gesamt");  // other letters are kept as they are
}

TEST_CASE("CSV readers: random text gives a result or an okr::Error / never anything else", "[csv][errors]") {
    const std::vector<std::string> pieces{"a", "b", ",", ";", "\t", "\"", "\"\"", "\n", "\r\n", "\r", " ", "1", "2.5", "-",
                                          "%", "2026-01-05", "2026-W02", "kr-co-csat", "key_result", "date", "value",
                                          "kpi", "goal", ">=", "\xE2\x89\xA4", "\xE2\x80\x93", "\xC2\xA0", "\xC3\xA9", ",,",
                                          "e5", ".", "\xEF\xBB\xBF", "\xFF"};
    const std::vector<std::string> heads{"", "key_result,date,value\n", "kpi,goal,2026-01-05,2026-01-12\n",
                                         "Department;Owner;KPI;2026-W02\n"};
    std::mt19937 rng(11);
    Graph g = load_json_file(examples + "/learning_platform.json");
    std::size_t loaded = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = heads[rng() % heads.size()];
        const int n = static_cast<int>(rng() % 40);
        for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
        try {
            load_checkins_csv(g, text);
            ++loaded;
        } catch (const Error&) {
        }
        try {
            Graph h;
            load_scorecard_csv(h, text);
            ++loaded;
        } catch (const Error&) {
        }
    }
    CHECK(loaded > 0);
}
