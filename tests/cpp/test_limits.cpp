// Untrusted input (docs/reliability.md): the load limits, ids without control characters, and
// duplicate keys, on the sequential and the two-thread paths alike.
#include <catch2/catch.hpp>

#include <string>

#include "helpers.hpp"

using namespace okr;

namespace {

std::string head() { return R"({"format":"okr","version":1,)"; }

// The error's code and message of loading `text` with `options` ("" / ok when it loads).
std::pair<ErrorCode, std::string> outcome(const std::string& text, const LoadOptions& options = {}) {
    try {
        load_json(text, options);
    } catch (const Error& e) {
        // Every limit error is an okr::LimitError, so a caller can catch it apart from the rest.
        if (e.code() == ErrorCode::limit && dynamic_cast<const LimitError*>(&e) == nullptr)
            return {ErrorCode::internal, std::string("a limit error of type okr::Error: ") + e.what()};
        return {e.code(), e.what()};
    }
    return {ErrorCode::ok, ""};
}

// A document with one metric KR and 40 check-ins.
std::string doc_with_checkins() {
    std::string cis;
    for (int i = 0; i < 40; ++i) {
        if (i) cis += ",";
        const int day = i % 28 + 1;
        cis += R"({"key_result":"k","date":"2026-07-)" + std::string(day < 10 ? "0" : "") + std::to_string(day) +
               R"(","value":)" + std::to_string(i) + "}";
    }
    return doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":100})", cis);
}

// The same options, read on two threads in small chunks (the speculative path).
LoadOptions threaded(LoadOptions o = {}) {
    o.parallel_threshold = 0;
    o.chunk_bytes = 64;
    return o;
}

}  // namespace

TEST_CASE("limits: size, depth, id and text length, counts, each naming the limit and where", "[limits]") {
    LoadOptions small;
    small.limits.max_document_bytes = 100;
    const std::string doc = head() + R"("objectives":[{"id":"o","title":")" + std::string(200, 'x') + R"("}]})";
    auto [code, msg] = outcome(doc, small);
    CHECK(code == ErrorCode::limit);
    CHECK_THAT(msg, Catch::Contains("more than max_document_bytes (100)"));

    std::string deep = "1";
    for (int i = 0; i < 70; ++i) deep = "[" + deep + "]";
    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":"o","title":"t","extra":)" + deep + "}]}");
    CHECK(code == ErrorCode::limit);
    CHECK_THAT(msg, Catch::Contains("objectives[0] \"o\": field \"extra\" nests deeper than max_depth (64): its value holds 70 levels of arrays and objects"));
    LoadOptions deeper;
    deeper.limits.max_depth = 100;
    CHECK(outcome(head() + R"("objectives":[{"id":"o","title":"t","extra":)" + deep + "}]}", deeper).first == ErrorCode::ok);

    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":")" + std::string(257, 'a') + R"(","title":"t"}]})");
    CHECK(code == ErrorCode::limit);
    CHECK_THAT(msg, Catch::Contains("objectives[0]: field \"id\" is 257 bytes, more than max_id_bytes (256)"));
    CHECK(outcome(head() + R"("objectives":[{"id":")" + std::string(256, 'a') + R"(","title":"t"}]})").first == ErrorCode::ok);

    LoadOptions text;
    text.limits.max_text_bytes = 10;
    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":"o","title":"eleven char"}]})", text);
    CHECK(code == ErrorCode::limit);
    CHECK_THAT(msg, Catch::Contains("objectives[0] \"o\": field \"title\" is 11 bytes, more than max_text_bytes (10)"));

    LoadOptions few;
    few.limits.max_nodes = 2;
    few.limits.max_links = 1;
    few.limits.max_checkins = 1;
    few.limits.max_kpi_values = 1;
    const std::string three = head() + R"("objectives":[{"id":"a","title":"A"},{"id":"b","title":"B"},{"id":"c","title":"C"}]})";
    std::tie(code, msg) = outcome(three, few);
    CHECK(code == ErrorCode::limit);
    CHECK_THAT(msg, Catch::Contains("3 objectives and key results, more than max_nodes (2)"));
    const std::string links = head() + R"("objectives":[{"id":"a","title":"A"},{"id":"b","title":"B"}],)"
                                       R"("links":[{"from":"a","to":"b","type":"depends_on"},{"from":"b","to":"a","type":"depends_on"}]})";
    CHECK_THAT(outcome(links, few).second, Catch::Contains("2 links, more than max_links (1)"));
    const std::string cis = doc_with_checkins();
    CHECK(outcome(cis).first == ErrorCode::ok);
    CHECK_THAT(outcome(cis, few).second, Catch::Contains("more than max_checkins (1)"));
    CHECK_THAT(outcome(cis, threaded(few)).second, Catch::Contains("more than max_checkins (1)"));
    const std::string kpi = head() + R"("kpis":[{"id":"k","values":[{"date":"2026-07-06","value":1},{"date":"2026-07-13","value":2}]}]})";
    CHECK_THAT(outcome(kpi, few).second, Catch::Contains("2 KPI values, more than max_kpi_values (1)"));

    LoadOptions zero;
    zero.limits.max_nodes = 0;
    CHECK_THROWS_WITH(load_json(three, zero), Catch::Contains("limits: max_nodes must be > 0"));
}

TEST_CASE("ids have no control characters, and free text may hold any valid UTF-8", "[limits]") {
    auto [code, msg] = outcome(head() + R"("objectives":[{"id":"a\u0000b","title":"t"}]})");
    CHECK(code == ErrorCode::invalid_argument);
    CHECK_THAT(msg, Catch::Contains("field \"id\" contains a control character (U+0000) at byte 1"));
    // Each names the element's position and shows the id with the character escaped.
    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":"o","title":"t"},{"id":"a\tb","title":"t"}]})");
    CHECK(code == ErrorCode::invalid_argument);
    CHECK(msg == "objectives[1] \"a\\tb\": field \"id\" contains a control character (U+0009) at byte 1");
    std::tie(code, msg) = outcome(head() + R"("cycles":[{"id":"q\u0085","start":"2026-07-01","end":"2026-09-30"}]})");
    CHECK(code == ErrorCode::invalid_argument);  // C1 (NEL)
    CHECK(msg == "cycles[0] \"q\\u0085\": field \"id\" contains a control character (U+0085) at byte 1");
    std::tie(code, msg) = outcome(head() + R"("kpis":[{"id":"k"},{"id":"k2"},{"id":"k\u007f"}]})");
    CHECK(code == ErrorCode::invalid_argument);
    CHECK(msg == "kpis[2] \"k\\u007f\": field \"id\" contains a control character (U+007F) at byte 1");
    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":"o","title":"O"}],"key_results":[)"
                                           R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":1},)"
                                           R"({"id":"","objective":"o","title":"K","type":"metric","start":0,"target":1}]})");
    CHECK(code == ErrorCode::invalid_argument);
    CHECK(msg == "key_results[1]: field \"id\" must not be empty");
    std::tie(code, msg) = outcome(head() + R"("objectives":[{"id":"a\ud800","title":"t"}]})");  // a lone surrogate
    CHECK(code == ErrorCode::parse);
    CHECK(outcome(head() + R"("objectives":[{"id":"\u00e9t\u00e9 \ud83d\ude80","title":"a\u0000 tab\t and \u0085"}]})").first ==
          ErrorCode::ok);
    Objective o;
    o.id = std::string("x\ny");
    o.title = "t";
    Graph g;
    CHECK_THROWS_WITH(g.add_objective(o), Catch::Contains("control character (U+000A)"));
    o.id.clear();
    CHECK_THROWS_WITH(g.add_objective(o), "objective: field \"id\" must not be empty");
    CHECK(g.node_count() == 0);
    // A truncated text is a parse error at the line and column where it ends.
    std::tie(code, msg) = outcome(head() + "\n\"objectives\":[{\"id\":\"o\",");
    CHECK(code == ErrorCode::parse);
    CHECK(msg == "JSON parse error at line 2, column 25: the text ends inside an object or array (truncated?) (in field \"id\")");
}

TEST_CASE("messages are valid UTF-8: quoted text is cut at a character, bytes that are not UTF-8 escaped", "[limits]") {
    // An unknown objective id of 199 ASCII bytes and an "é": quoted up to 200 bytes, which once
    // cut the "é" in two.
    const std::string id = std::string(199, 'a') + "\xC3\xA9";
    auto [code, msg] = outcome(head() + R"("objectives":[{"id":"o","title":"t"}],"key_results":[{"id":"k","objective":")" + id +
                               R"(","title":"K","type":"metric","start":0,"target":1}]})");
    CHECK(code == ErrorCode::not_found);
    CHECK(detail::valid_utf8(msg));
    CHECK_THAT(msg, Catch::Contains("\"" + std::string(199, 'a') + "\""));
    // An argument that is not UTF-8 (through the C API, say) is shown byte by byte.
    Graph g = load_json(head() + R"("objectives":[{"id":"o","title":"t"}]})");
    try {
        (void)g.at(std::string("k\xFF\xC3"));
        FAIL("an unknown id found");
    } catch (const Error& e) {
        CHECK(detail::valid_utf8(e.what()));
        CHECK_THAT(e.what(), Catch::Contains("\"k\\xFF\\xC3\""));
    }
    CHECK_THROWS_WITH(Date::parse("2026-0\xE2\x82", "as_of"), "as_of: \"2026-0\\xE2\\x82\" is not a date (expected YYYY-MM-DD)");
    CHECK(Error(ErrorCode::internal, "\xC0\xAF ok \xF4\x90\x80\x80").what() == std::string("\\xC0\\xAF ok \\xF4\\x90\\x80\\x80"));
    CHECK(detail::utf8_prefix("a\xF0\x9F\x9A\x80" "b", 4) == "a");
    CHECK(detail::utf8_prefix("a\xF0\x9F\x9A\x80" "b", 5) == "a\xF0\x9F\x9A\x80");
    // Stray continuation bytes after a whole character are cut as bytes, not the character.
    CHECK(detail::utf8_prefix("\xC3\xA9\x80\x80\x80", 4) == "\xC3\xA9\x80\x80");
    CHECK(detail::utf8_prefix("\xE2\x82\xAC\x80\x80", 4) == "\xE2\x82\xAC\x80");
    CHECK(detail::utf8_prefix("", 0).empty());
    CHECK(detail::utf8_prefix("\xC3\xA9", 1).empty());
}

TEST_CASE("a key given twice in one object is an error naming the key and the object", "[limits]") {
    const std::string krs = R"("objectives":[{"id":"o","title":"O"}],"key_results":[)";
    auto [code, msg] = outcome(head() + R"("objectives":[{"id":"o","title":"A","title":"B"}]})");
    CHECK(code == ErrorCode::parse);
    CHECK_THAT(msg, Catch::Contains("objectives[0] \"o\": field \"title\" is given twice"));
    CHECK_THAT(outcome(head() + krs + R"({"id":"k","objective":"o","title":"K","type":"milestone",)"
                                      R"("stages":[{"id":"s","id":"t"}]}]})").second,
               Catch::Contains("key_results[0] \"k\": field \"stages[0].id\" is given twice"));
    CHECK_THAT(outcome(R"({"format":"okr","version":1,"version":1})").second,
               Catch::Contains("document: field \"version\" is given twice"));
    // Escaped and plain spellings of one key are the same key.
    CHECK(outcome(head() + R"("objectives":[{"id":"o","title":"A","t\u0069tle":"B"}]})").first == ErrorCode::parse);
    // Inside fields the format does not define too, at any depth.
    CHECK_THAT(outcome(head() + R"("objectives":[{"id":"o","title":"A","x_meta":{"a":1,"b":[{"c":1,"\u0063":2}]}}]})").second,
               Catch::Contains("objectives[0] \"o\": field \"x_meta.b[0].c\" is given twice"));
    CHECK_THAT(outcome(R"({"format":"okr","version":1,"x_tenant":{"k":1,"k":2}})").second,
               Catch::Contains("document: field \"x_tenant.k\" is given twice"));
    // The same key in different objects is no duplicate; an object with many keys is checked in
    // linear time (a set past 16 keys).
    CHECK(outcome(head() + R"("objectives":[{"id":"o","title":"A","x_meta":{"a":{"a":1},"b":{"a":2}}}]})").first ==
          ErrorCode::ok);
    std::string many = head() + R"("objectives":[{"id":"o","title":"A")";
    for (int i = 0; i < 20000; ++i) many += ",\"x_" + std::to_string(i) + "\":1";
    CHECK(outcome(many + "}]}").first == ErrorCode::ok);
    CHECK_THAT(outcome(many + R"(,"x_19999":2}]})").second, Catch::Contains("field \"x_19999\" is given twice"));
    // Check-ins read on the second thread: the same error as the sequential read.
    std::string cis = doc_with_checkins();
    const auto at = cis.find(R"("value":)");
    cis.insert(at, R"("value":5,)");
    const auto seq = outcome(cis);
    CHECK(seq.first == ErrorCode::parse);
    CHECK_THAT(seq.second, Catch::Contains("field \"value\" is given twice"));
    CHECK(outcome(cis, threaded()) == seq);
}

TEST_CASE("the CSV readers honour the same limits", "[limits][csv]") {
    Limits l;
    l.max_text_bytes = 12;
    const std::string cis = "key_result,date,value,note\nk,2026-07-06,1,a long note here\n";
    try {
        read_checkins_csv(cis, l);
        FAIL("no error");
    } catch (const LimitError& e) {
        CHECK(e.code() == ErrorCode::limit);
        CHECK_THAT(e.what(), Catch::Contains("line 2, column \"note\": 16 bytes, more than max_text_bytes (12)"));
    }
    Limits few;
    few.max_checkins = 1;
    few.max_id_bytes = 3;
    few.max_kpi_values = 3;
    CHECK_THROWS_WITH(read_checkins_csv("key_result,date,value\nk,2026-07-06,1\nk,2026-07-13,2\n", few),
                      Catch::Contains("2 check-ins, more than max_checkins (1)"));
    CHECK_THROWS_WITH(read_checkins_csv("key_result,date,value\nkkkk,2026-07-06,1\n", few),
                      Catch::Contains("line 2: column \"key_result\": 4 bytes, more than max_id_bytes (3)"));
    Graph g = load_json(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10})"));
    load_checkins_csv(g, "key_result,date,value\nk,2026-07-06,1\n", few);
    CHECK_THROWS_WITH(load_checkins_csv(g, "key_result,date,value\nk,2026-07-13,2\n", few),
                      Catch::Contains("2 check-ins, more than max_checkins (1)"));  // with the graph's own
    CHECK(g.checkin_count() == 1);
    CHECK_THROWS_WITH(read_scorecard_csv("id,kpi,2026-07-06,2026-07-13\na,A,1,2\nb,B,3,4\n", few),
                      Catch::Contains("4 KPI values, more than max_kpi_values (3)"));
    Limits tiny;
    tiny.max_document_bytes = 10;
    CHECK_THROWS_WITH(read_scorecard_csv("id,kpi,2026-07-06\na,A,1\n", tiny), Catch::Contains("more than max_document_bytes (10)"));
    CHECK_THROWS_WITH(read_checkins_csv("key_result,date,value\nk,2026-07-06,1\n", tiny),
                      Catch::Contains("CSV text: 37 bytes, more than max_document_bytes (10)"));
    CHECK_THROWS_WITH(read_scorecard_csv("id,kpi,2026-07-06\nabcd,A,1\n", few),
                      Catch::Contains("line 2: KPI id is 4 bytes, more than max_id_bytes (3)"));
    // Each is an okr::LimitError (ErrorCode::limit), and so an okr::Error.
    CHECK_THROWS_AS(read_checkins_csv("key_result,date,value\nk,2026-07-06,1\nk,2026-07-13,2\n", few), LimitError);
    CHECK_THROWS_AS(read_checkins_csv("key_result,date,value\nkkkk,2026-07-06,1\n", few), LimitError);
    CHECK_THROWS_AS(load_checkins_csv(g, "key_result,date,value\nk,2026-07-13,2\n", few), LimitError);
    CHECK_THROWS_AS(read_scorecard_csv("id,kpi,2026-07-06,2026-07-13\na,A,1,2\nb,B,3,4\n", few), LimitError);
    CHECK_THROWS_AS(read_scorecard_csv("id,kpi,2026-07-06\nabcd,A,1\n", few), LimitError);
    CHECK_THROWS_AS(read_checkins_csv("key_result,date,value\nk,2026-07-06,1\n", tiny), LimitError);
    CHECK(g.checkin_count() == 1);
}

TEST_CASE("a KPI matrix over a span of millennia is a limit error, not terabytes", "[limits][series]") {
    std::string kpis;
    for (int i = 0; i < 80; ++i) {
        if (i) kpis += ",";
        kpis += R"({"id":"k)" + std::to_string(i) + R"(","title":"K","values":[{"date":"0001-01-01","value":1},)"
                R"({"date":"9999-12-31","value":2}]})";
    }
    const Graph g = load_json(head() + R"("kpis":[)" + kpis + "]}");
    try {
        (void)kpi_matrix(g, Freq::day);
        FAIL("no error");
    } catch (const LimitError& e) {
        CHECK(e.code() == ErrorCode::limit);
        CHECK_THAT(e.what(), Catch::Contains("KPI matrix: 3652059 periods (0001-01-01 to 9999-12-31, freq D) x 80 KPIs"));
    }
    // Weeks over the same span fit: 521,723 x 80 cells.
    CHECK(kpi_matrix(g, Freq::week).periods.size() == 521723);
}
