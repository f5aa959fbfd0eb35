// The OKR coach (include/okr/lint.hpp): DOMAIN.md's coaching examples (bad versions flagged with
// the right code, good versions clean), each rule's fields, the rule table as data (extend,
// replace, errors naming the entry), Unicode folding, Rocks, the focus codes, bounded time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "helpers.hpp"
#include "okr/lint.hpp"

using namespace okr;

namespace {

// One objective "o" (owner, team, why now) holding the given key results.
Graph with_krs(const std::string& krs, const std::string& objective_extra = R"("flavor":"okr")") {
    return load_json(R"({"format":"okr","version":1,"objectives":[{"id":"o","title":"Customers trust us","owner":"Ann",)"
                     R"("team":"Support","why_now":"Because.",)" + objective_extra + "}],\"key_results\":[" + krs + "]}");
}

std::set<std::string> codes_of(const std::vector<LintFinding>& f, const std::string& id) {
    std::set<std::string> out;
    for (const LintFinding& x : f)
        if (x.id == id) out.insert(x.code);
    return out;
}

const LintFinding& find(const std::vector<LintFinding>& f, const std::string& id, const std::string& code) {
    for (const LintFinding& x : f)
        if (x.id == id && x.code == code) return x;
    FAIL("no " << code << " on " << id);
    throw;
}

std::string kr(const char* id, const char* title, const char* rest = R"("type":"milestone")") {
    return std::string(R"({"id":")") + id + R"(","objective":"o","title":")" + title + "\"," + rest + "}";
}

std::string rules_error(const std::string& json) {
    try {
        LintRules::from_json(json);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

const std::string head = R"({"format":"okr-lint-rules","version":1,)";

}  // namespace

TEST_CASE("DOMAIN coaching examples: bad versions flagged with the right code, good versions clean", "[lint]") {
    const Graph g = with_krs(
        kr("bad1", "Develop training for sales team") + "," +
        kr("good1", "Raise certified account managers from 0% to 60%", R"("type":"metric","start":0,"target":60)") + "," +
        kr("bad2", "Provide sales support for five major prospects") + "," +
        kr("good2", "Win 3 prospects with $100k year-1 revenue potential each", R"("type":"metric","start":0,"target":3)") + "," +
        kr("bad3", "No more than three prospects lost in technical evaluation", R"("type":"metric","start":6,"target":3)") + "," +
        kr("good3", "Raise technical pass rate from 60% to 80%", R"("type":"metric","start":60,"target":80)") + "," +
        kr("bad4", "Reduce AR", R"("type":"metric","start":24,"target":12)") + "," +
        kr("good4", "Reduce dollars 60+ days past due from $24M to $12M", R"("type":"metric","start":24000000,"target":12000000)") + "," +
        kr("bad5", "Raise NPS to 50", R"("type":"metric","start":0,"target":50)") + "," +
        kr("good5", "Technical review checklist is used on every engagement closed from August"));
    const auto f = lint(g);
    CHECK(codes_of(f, "bad1") == std::set<std::string>{"kr_task_like", "kr_not_measurable"});
    CHECK(codes_of(f, "bad2") == std::set<std::string>{"kr_task_like", "kr_vague_term"});
    CHECK(codes_of(f, "bad3") == std::set<std::string>{"kr_negative"});
    CHECK(codes_of(f, "bad4") == std::set<std::string>{"kr_not_measurable", "kr_vague_term"});
    CHECK(codes_of(f, "bad5") == std::set<std::string>{"kr_no_baseline"});
    for (const char* good : {"good1", "good2", "good3", "good4", "good5"}) CHECK(codes_of(f, good).empty());

    const LintFinding& task = find(f, "bad1", "kr_task_like");
    CHECK(task.severity == Severity::warning);
    CHECK(task.field == "title");
    CHECK_THAT(task.message, Catch::Contains("\"Develop\""));
    CHECK(task.question == "What is the intended outcome of this task? How will you know it worked?");
    CHECK_THAT(find(f, "bad2", "kr_vague_term").message, Catch::Contains("\"major\""));
    CHECK_THAT(find(f, "bad2", "kr_vague_term").question, Catch::Contains("\"major\" mean"));
    CHECK_THAT(find(f, "bad3", "kr_negative").message, Catch::Contains("\"No more than\""));
    CHECK(find(f, "bad5", "kr_no_baseline").suggestion ==
          "Make it a baseline KR first: \"Obtain a baseline for NPS from at least 10 observations\"; set the target once "
          "the start is known");
}

TEST_CASE("kr_title_mismatch names the field that drifted from the title", "[lint]") {
    const Graph g = with_krs(
        kr("a", "Reduce dollars past due from 24 to 12 million", R"("type":"metric","start":20000000,"target":12000000)") + "," +
        kr("b", "Cut open billing disputes from 85 to 30", R"("type":"metric","start":85,"target":40)") + "," +
        kr("c", "Raise win rate from 22% to 30%", R"("type":"metric","start":0.22,"target":0.3)") + "," +
        kr("d", "Grow pipeline from $0.8M to $2.0M", R"("type":"metric","start":0.8,"target":2)") + "," +
        kr("e", "Reduce dollars past due from 24 to 12 million", R"("type":"metric","start":24000000,"target":12000000)"));
    const auto f = lint(g);
    CHECK(find(f, "a", "kr_title_mismatch").field == "start");
    CHECK(find(f, "a", "kr_title_mismatch").severity == Severity::error);
    CHECK_THAT(find(f, "a", "kr_title_mismatch").message,
               Catch::Contains("\"from 24 to 12 million\"") && Catch::Contains("start is 20000000"));
    CHECK(find(f, "b", "kr_title_mismatch").field == "target");
    for (const char* ok : {"c", "d", "e"}) CHECK(codes_of(f, ok).count("kr_title_mismatch") == 0);
}

TEST_CASE("kr_not_measurable quotes a long title up to 120 bytes, never inside a character", "[lint]") {
    const std::string title = std::string(119, 'a') + "\xC3\xA9 and more words";  // "é" across byte 120
    const auto f = lint(with_krs(kr("k", title.c_str(), R"("type":"milestone")")));
    const std::string& m = find(f, "k", "kr_not_measurable").message;
    CHECK(detail::valid_utf8(m));
    CHECK(m == "the title \"" + std::string(119, 'a') + "\" has no number and no end state that can be checked");
}

TEST_CASE("kr_title_mismatch writes far numbers in the shortest form, never past its buffer", "[lint]") {
    // Fixed notation for 5e-324 takes 327 characters: the message once held 64 unwritten bytes.
    const char* title = "Cut open billing disputes from 85 to 30";
    const Graph g = with_krs(kr("tiny", title, R"("type":"metric","start":5e-324,"target":-1e308)") + "," +
                             kr("small", title, R"("type":"metric","start":0.0001,"target":0.00005)") + "," +
                             kr("big", title, R"("type":"metric","start":1e15,"target":123456789012345.5)"));
    const auto f = lint(g);
    CHECK_THAT(find(f, "tiny", "kr_title_mismatch").message, Catch::EndsWith("start is 5e-324 and its target -1e+308"));
    CHECK_THAT(find(f, "small", "kr_title_mismatch").message, Catch::EndsWith("start is 0.0001 and its target 0.00005"));
    CHECK_THAT(find(f, "big", "kr_title_mismatch").message, Catch::EndsWith("start is 1e+15 and its target 123456789012345.5"));
}

TEST_CASE("objective rules: numeric title, no why-now, no owner, and a KR without anyone accountable", "[lint]") {
    const Graph g = load_json(R"({"format":"okr","version":1,"objectives":[
      {"id":"n","title":"Increase revenue by 20%","owner":"Ann","why_now":"x"},
      {"id":"q","title":"Tier 1 resolves what it used to escalate by 2027","owner":"Ann","why_now":"x"},
      {"id":"w","title":"Customers trust us","owner":"Ann"},
      {"id":"nobody","title":"Customers trust us","level":"team","why_now":"x"}],
     "key_results":[{"id":"k","objective":"nobody","title":"Raise CSAT from 80% to 90%","type":"metric","start":80,"target":90}]})");
    const auto f = lint(g);
    CHECK_THAT(find(f, "n", "objective_numeric").message, Catch::Contains("\"by 20%\""));
    CHECK(codes_of(f, "q").count("objective_numeric") == 0);  // a label and a year are not measures
    CHECK(find(f, "w", "objective_no_why_now").field == "why_now");
    CHECK(find(f, "w", "objective_no_why_now").severity == Severity::info);
    CHECK(find(f, "nobody", "objective_no_owner").field == "owner");
    CHECK_THAT(find(f, "k", "kr_no_owner_or_team").message, Catch::Contains("\"nobody\""));
}

TEST_CASE("Rocks' milestones are tasks by design, and the focus findings come under their codes", "[lint]") {
    const std::string krs = kr("m", "Deploy the monitoring agent");
    CHECK(codes_of(lint(with_krs(krs, R"("flavor":"rock")")), "m").count("kr_task_like") == 0);
    const auto okr = lint(with_krs(krs));
    CHECK(codes_of(okr, "m").count("kr_task_like") == 1);
    const LintFinding& few = find(okr, "o", "too_few_key_results");  // one KR (alignment's rule, reused)
    CHECK(few.severity == Severity::info);
    CHECK_FALSE(few.question.empty());
}

TEST_CASE("Matching folds case, curly quotes, percent words and hyphenation", "[lint]") {
    const auto f = lint(with_krs(
        kr("caps", "DEVELOP A PRICING MODEL") + "," +
        kr("curly", "Don\u2019t miss any SLA") + "," +
        kr("pct", "Raise \u201cfirst-time-right\u201d installs from 70 percent to 90 per cent", R"("type":"metric","start":70,"target":90)") + "," +
        kr("hyph", "Build a world\u2011class onboarding experience") + "," +
        kr("script", "\u5c06\u5ba2\u6237\u6ee1\u610f\u5ea6\u4ece82%\u63d0\u9ad8\u523090%", R"("type":"metric","start":82,"target":90)")));
    CHECK(codes_of(f, "caps").count("kr_task_like") == 1);
    CHECK(codes_of(f, "curly").count("kr_negative") == 1);
    CHECK(codes_of(f, "pct").empty());
    CHECK_THAT(find(f, "hyph", "kr_vague_term").message, Catch::Contains("world\u2011class"));
    CHECK(codes_of(f, "script").empty());
}

TEST_CASE("Very long and odd titles: findings or none, in bounded time", "[lint]") {
    std::string big;
    while (big.size() < 100000) big += "develop major significant world-class \u00e9t\u00e9 12% from 3 to ";
    std::string junk(5000, '(');
    const Graph g = with_krs(kr("big", big.c_str()) + "," + kr("empty", "") + "," + kr("junk", junk.c_str()));
    const auto t0 = std::chrono::steady_clock::now();
    const auto f = lint(g);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(s < 5.0);  // linear: milliseconds in practice (a quadratic scan would take minutes)
    CHECK(codes_of(f, "empty").count("kr_not_measurable") == 1);
}

TEST_CASE("The rule table is data: severities, switches, word lists, extends", "[lint]") {
    const Graph g = with_krs(kr("a", "Develop training for sales team") + "," + kr("b", "Launch a gizmo"));
    const LintRules quiet = LintRules::from_json(
        head + R"("rules":{"kr_task_like":{"severity":"error","words":["launch"]},"kr_not_measurable":{"enabled":false}}})");
    CHECK(quiet.severity("kr_task_like") == Severity::error);
    CHECK_FALSE(quiet.enabled("kr_not_measurable"));
    const auto f = lint(g, quiet);
    CHECK(codes_of(f, "a").empty());  // "develop" no longer listed, kr_not_measurable off
    CHECK(find(f, "b", "kr_task_like").severity == Severity::error);
    const LintRules more = LintRules::from_json(head + R"("rules":{"kr_task_like":{"add_words":["gizmo-ify"]}}})");
    CHECK(codes_of(lint(with_krs(kr("c", "Gizmo-ify the portal")), more), "c").count("kr_task_like") == 1);
    const LintRules only = LintRules::from_json(head + R"("extends":"none","rules":{"kr_negative":{}}})");
    CHECK(only.enabled("kr_negative"));
    CHECK_FALSE(only.enabled("kr_task_like"));
    CHECK(lint(g, only).empty());
    CHECK(LintRules::known_codes().size() == 15);
    CHECK(LintRules::default_json().find("\"okr-lint-rules\"") != std::string_view::npos);
}

TEST_CASE("Bad rule tables: a clear error naming the entry", "[lint]") {
    CHECK_THAT(rules_error(head + R"("rules":{"kr_typo":{}}})"), Catch::Contains("rules.kr_typo: unknown rule code"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_negative":{"severity":"fatal"}}})"),
               Catch::Contains("rules.kr_negative.severity: \"fatal\" is not error, warning or info"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_negative":{"verbs":["x"]}}})"),
               Catch::Contains("rules.kr_negative.verbs: unknown field for this rule"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_negative":{"words":["ok", 3]}}})"),
               Catch::Contains("rules.kr_negative.words[1]: must be a string"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_negative":{"words":"avoid"}}})"),
               Catch::Contains("rules.kr_negative.words: must be an array of strings"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_negative":{"words":["--"]}}})"), Catch::Contains("has no word to match"));
    CHECK_THAT(rules_error(head + R"("rules":{"kr_no_baseline":{"observations":0}}})"), Catch::Contains("observations"));
    CHECK_THAT(rules_error(head + R"("rules":{},"colour":1})"), Catch::Contains("\"colour\": unknown field"));
    CHECK_THAT(rules_error(head + R"("extends":"other","rules":{}})"), Catch::Contains("extends"));
    CHECK_THAT(rules_error(R"({"format":"okr","version":1,"rules":{}})"), Catch::Contains("okr-lint-rules"));
    try {
        LintRules::from_json("{not json");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::parse);
    }
}
