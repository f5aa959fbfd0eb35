#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>
#include <unistd.h>
#include <sstream>

#include "helpers.hpp"

using namespace okr;

namespace {

const char* kKr = R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10})";

// Loading `text` fails with `code` and a message containing `needle`.
void expect_error(const std::string& text, ErrorCode code, const std::string& needle) {
    try {
        (void)load_json(text);
        FAIL("accepted: " << text.substr(0, 300));
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(e.code() == code);
        CHECK_THAT(e.what(), Catch::Contains(needle));
    }
}

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("the bundled example loads and round-trips losslessly", "[json]") {
    const std::string text = read(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    Graph g = load_json(text);
    CHECK(g.objective_count() > 10);
    const std::string once = to_json(g);
    const std::string twice = to_json(load_json(once));
    CHECK(once == twice);
    // Scores are identical after the round trip.
    const Scores a = score_all(g, D("2026-09-07")), b = score_all(load_json(once), D("2026-09-07"));
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        CHECK(((std::isnan(a[v].score) && std::isnan(b[v].score)) || a[v].score == b[v].score));
    }
}

TEST_CASE("a graph's text holds about its own size, small or large", "[json]") {
    // A service dumps many small tenants: the writer's room for huge pages is not kept for them.
    const std::string example = read(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    for (const std::string& text : {std::string(R"({"format":"okr","version":1,"objectives":[{"id":"o","title":"O"}]})"),
                                    read(std::string(OKR_TEST_DATA_DIR) + "/rocks.json"), example}) {
        const std::string out = to_json(load_json(text));
        INFO(out.size() << " bytes in " << out.capacity());
        CHECK(out.capacity() <= 4 * out.size() + 1024);
        CHECK(to_json(load_json(out)) == out);
    }
}

TEST_CASE("unknown fields are preserved verbatim", "[json]") {
    const std::string text =
        R"({"format":"okr","version":1,"x_tenant":{"a":[1,2,"three"]},"objectives":[{"id":"o","title":"O","x_jira":"OKR-7"}],)"
        R"("key_results":[{"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":1e21,"x_n":-0.5}],)"
        R"("links":[],"checkins":[{"key_result":"k","date":"2026-07-01","value":0.1,"x_src":null,"note":"é \"q\"\n"}]})";
    const std::string out = to_json(load_json(text));
    CHECK_THAT(out, Catch::Contains(R"("x_tenant":{"a":[1,2,"three"]})"));
    CHECK_THAT(out, Catch::Contains(R"("x_jira":"OKR-7")"));
    CHECK_THAT(out, Catch::Contains(R"("x_n":-0.5)"));
    CHECK_THAT(out, Catch::Contains(R"("x_src":null)"));
    CHECK_THAT(out, Catch::Contains(R"("note":"é \"q\"\n")"));
    CHECK(to_json(load_json(out)) == out);
}

TEST_CASE("bad documents give a specific error naming the id or field", "[json][errors]") {
    expect_error(doc(std::string(kKr) + "," + kKr), ErrorCode::duplicate, "\"k\"");
    expect_error(doc(R"({"id":"k","objective":"nope","title":"K","type":"metric","start":0,"target":1})"),
                 ErrorCode::not_found, "nope");
    expect_error(doc(kKr, "", R"({"from":"k","to":"ghost","type":"depends_on"})"), ErrorCode::not_found, "ghost");
    expect_error(doc(kKr, "", R"({"from":"o","to":"p","type":"contributes"},{"from":"p","to":"q","type":"contributes"},{"from":"q","to":"o","type":"contributes"})",
                     R"({"id":"p","title":"P"},{"id":"q","title":"Q"})"),
                 ErrorCode::cycle, R"("o" -> "p" -> "q" -> "o")");
    expect_error(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":5,"target":5})"),
                 ErrorCode::invalid_argument, "target");
    expect_error(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10,"anchors":[{"score":0.7,"value":3},{"score":0.3,"value":5}]})"),
                 ErrorCode::invalid_argument, "anchors[1]");
    expect_error(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10,"anchors":[{"score":0.3,"value":6},{"score":0.7,"value":5}]})"),
                 ErrorCode::invalid_argument, "anchors[1].value");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":NaN})"), ErrorCode::parse, "NaN");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":1e999})"), ErrorCode::parse, "value");
    expect_error(doc(R"({"id":"k","objective":"o","title":"K","type":"metric","start":0,"target":10,"weight":-1})"),
                 ErrorCode::invalid_argument, "weight");
    expect_error(doc(R"({"id":"k","objective":"o","title":"K","type":"milestone","stages":[{"id":"a","weight":0},{"id":"b","weight":0}]})"),
                 ErrorCode::invalid_argument, "stages");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-02-30","value":1})"), ErrorCode::invalid_argument, "2026-02-30");
    expect_error(R"({"format":"okr","version":1,"cycles":[{"id":"c","start":"2026-07-01","end":"2026-06-01"}]})",
                 ErrorCode::invalid_argument, "\"end\"");
    expect_error(doc(R"({"id":"","objective":"o","title":"K","type":"metric","start":0,"target":1})"),
                 ErrorCode::invalid_argument, "\"id\"");
    expect_error(std::string(R"({"format":"okr","version":1,"objectives":[{"id":"o)") + "\xC3\x28" + R"(","title":"x"}]})",
                 ErrorCode::parse, "UTF-8");
    expect_error(doc(kKr).substr(0, 80), ErrorCode::parse, "JSON parse error");
    expect_error("this is not json", ErrorCode::parse, "JSON parse error");
    expect_error("", ErrorCode::parse, "empty");
    expect_error(R"({"format":"okr-ng","version":1})", ErrorCode::version, "format");
    expect_error(R"({"format":"okr","version":2})", ErrorCode::version, "version");
    expect_error(doc(kKr, R"({"key_result":"ghost","date":"2026-07-01","value":1})"), ErrorCode::not_found, "ghost");
    expect_error(doc(kKr, R"({"key_result":"o","date":"2026-07-01","value":1})"), ErrorCode::not_found, "\"o\"");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":1,"confidence":1.5})"),
                 ErrorCode::invalid_argument, "confidence");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":"3"})"), ErrorCode::parse, "value");
    expect_error(R"({"format":"okr","version":1,"scoring":{"on_trak":0.8}})", ErrorCode::invalid_argument, "on_trak");
}

TEST_CASE("fields the graph could not write back are errors, not silently dropped", "[json][errors]") {
    const std::string kr = R"({"id":"k","objective":"o","title":"K",)";
    // A type-specific field on another type.
    expect_error(doc(kr + R"("type":"metric","start":0,"target":10,"threshold":3})"), ErrorCode::invalid_argument,
                 R"("threshold" applies to health)");
    expect_error(doc(kr + R"("type":"metric","start":0,"target":10,"tolerance":0.5})"), ErrorCode::invalid_argument,
                 R"("tolerance" applies to health)");
    expect_error(doc(kr + R"("type":"milestone","direction":"at_most"})"), ErrorCode::invalid_argument,
                 R"("direction" applies to health)");
    expect_error(doc(kr + R"("type":"baseline","required":3,"band":[1,2]})"), ErrorCode::invalid_argument,
                 R"("band" applies to health)");
    expect_error(doc(kr + R"("type":"baseline","required":3,"start":0})"), ErrorCode::invalid_argument,
                 R"(key_result "k": field "start" applies to metric)");
    expect_error(doc(kr + R"("type":"health","threshold":3,"target":4})"), ErrorCode::invalid_argument,
                 R"("target" applies to metric)");
    expect_error(doc(kr + R"("type":"metric","start":0,"target":10,"required":2})"), ErrorCode::invalid_argument,
                 R"("required" applies to baseline)");
    expect_error(doc(kr + R"("type":"health","band":[1,2],"direction":"at_most"})"), ErrorCode::invalid_argument,
                 R"("direction" applies to a "threshold", not a "band")");
    // A default given explicitly is the same as leaving it out, whatever the type.
    for (const char* same : {R"("type":"milestone","direction":"at_least","tolerance":0})",
                             R"("type":"health","band":[1,2],"direction":"at_least"})"}) {
        const Graph with = load_json(doc(kr + same));
        CHECK(to_json(load_json(to_json(with))) == to_json(with));
    }
    expect_error(doc(kr + R"("type":"milestone","stages":[]})"), ErrorCode::invalid_argument, R"("stages" must not be empty)");
    // Missing titles; an empty cycle reference; an empty stage; a weight on a measured_by link.
    expect_error(doc(R"({"id":"k","objective":"o","type":"milestone"})"), ErrorCode::invalid_argument,
                 R"(key_results[0] "k": field "title" is required)");
    expect_error(doc(kKr, "", "", R"({"id":"p"})"), ErrorCode::invalid_argument, R"(objectives[1] "p": field "title" is required)");
    expect_error(doc(kKr, "", "", R"({"cycle":"","id":"p","title":"P"})"), ErrorCode::not_found,
                 R"(objectives[1] "p": field "cycle" names unknown cycle "")");
    expect_error(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":1,"stage":""})"), ErrorCode::invalid_argument,
                 R"(field "stage" must not be empty)");
    const std::string with_kpi = doc(kKr, "", R"({"from":"k","to":"x","type":"measured_by","weight":2})");
    const std::string kpi = R"(,"kpis":[{"id":"x","title":"X"}]})";
    expect_error(with_kpi.substr(0, with_kpi.size() - 1) + kpi, ErrorCode::invalid_argument,
                 R"(links[0]: link "k" -> "x": field "weight" does not apply to measured_by links)");
    const std::string weight_1 = doc(kKr, "", R"({"from":"k","to":"x","type":"measured_by","weight":1})");
    CHECK(load_json(weight_1.substr(0, weight_1.size() - 1) + kpi).measured_by().size() == 1);
    // The same through the C++ API, which has no notion of a field being present.
    Graph g = load_json(doc(kKr));
    const std::string before = to_json(g);
    KeyResult h;
    h.id = "h";
    h.objective = "o";
    h.title = "H";
    h.type = KrType::health;
    h.band_low = 1;
    h.band_high = 2;
    h.direction = HealthDirection::at_most;
    REQUIRE_THROWS_WITH(g.add_key_result(h), Catch::Contains("not a \"band\""));
    h.type = KrType::metric;
    h.start = 0;
    h.target = 1;
    REQUIRE_THROWS_WITH(g.add_key_result(h), Catch::Contains("\"direction\" applies to health key results only"));
    CHECK(to_json(g) == before);
    // A check-in's confidence may be null: the same as leaving it out.
    const Graph n = load_json(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":1,"confidence":null})"));
    CHECK(std::isnan(n.checkins(n.at("k"))[0].confidence));
}

TEST_CASE("a check-in names a stage by its key, else by a title of exactly one stage", "[json][model]") {
    // Stage 2's key is its title "Framework", which is also stage 1's title: the key wins.
    const char* kr = R"({"id":"s","objective":"o","title":"S","type":"milestone","stages":[)"
                     R"({"id":"p","title":"Framework","weight":1},{"title":"Framework","weight":3},)"
                     R"({"id":"q","title":"Review","weight":1},{"id":"r","title":"Review","weight":1}]})";
    Graph g = load_json(doc(kr, R"({"key_result":"s","date":"2026-08-01","value":1,"stage":"Framework"})"));
    CHECK(score_all(g, D("2026-08-02"))[g.at("s")].score == Approx(3.0 / 6).epsilon(1e-15));
    // Written back as it was: the document round-trips.
    CHECK(to_json(load_json(to_json(g))) == to_json(g));
    CHECK(to_json(g).find(R"("stage":"Framework")") != std::string::npos);
    // By id.
    g.check_in({"s", D("2026-08-03"), 1.0, okr::nan, "", "p", {}});
    CHECK(score_all(g, D("2026-08-04"))[g.at("s")].score == Approx(4.0 / 6).epsilon(1e-15));
    // A title two stages with ids share names neither; the graph is unchanged.
    const std::string before = to_json(g);
    try {
        g.check_in({"s", D("2026-08-05"), 1.0, okr::nan, "", "Review", {}});
        FAIL("accepted an ambiguous stage title");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
        CHECK_THAT(e.what(), Catch::Contains(R"(stages "q" and "r" share the title "Review")"));
    }
    CHECK(to_json(g) == before);
    // The title of one stage with an id names it, and is written back as the id.
    const char* kr2 = R"({"id":"t","objective":"o","title":"T","type":"milestone","stages":[)"
                      R"({"id":"a","title":"Alpha"},{"id":"b","title":"Beta"}]})";
    const Graph t = load_json(doc(kr2, R"({"key_result":"t","date":"2026-08-01","value":1,"stage":"Beta"})"));
    CHECK(t.checkins(t.at("t"))[0].stage == 1);
    CHECK(to_json(t).find(R"("stage":"b")") != std::string::npos);
}

TEST_CASE("check-in errors leave the graph unchanged", "[json][errors]") {
    Graph g = load_json(doc(kKr, R"({"key_result":"k","date":"2026-07-01","value":1})"));
    const std::string before = to_json(g);
    REQUIRE_THROWS_AS(g.check_in({"k", D("2026-07-02"), std::numeric_limits<double>::infinity()}), Error);
    CheckIn c{"k", D("2026-07-02"), 1.0};
    c.confidence = -0.1;
    REQUIRE_THROWS_AS(g.check_in(c), Error);
    REQUIRE_THROWS_AS(g.check_in({"o", D("2026-07-02"), 1.0}), Error);
    CHECK(to_json(g) == before);
}

TEST_CASE("arrays may come in any order / trailing content is rejected", "[json]") {
    const std::string text =
        R"({"checkins":[{"key_result":"k","date":"2026-07-02","value":4}],"x":{"y":[1,{"z":null}]},)"
        R"("links":[{"from":"o2","to":"o","type":"contributes"}],)"
        R"("key_results":[{"id":"k","objective":"o2","title":"K","type":"metric","start":0,"target":10}],)"
        R"("objectives":[{"id":"o","title":"O","cycle":"q"},{"id":"o2","title":"O2","cycle":"q"}],)"
        R"("version":1,"cycles":[{"id":"q","start":"2026-07-01","end":"2026-09-30"}],"format":"okr"})";
    Graph g = load_json(text);
    CHECK(g.node_count() == 3);
    CHECK(g.checkin_count() == 1);
    CHECK(score_all(g, D("2026-09-30"))[g.at("o")].score == Approx(0.4));
    CHECK(to_json(load_json(to_json(g))) == to_json(g));
    CHECK_THAT(to_json(g), Catch::Contains(R"("x":{"y":[1,{"z":null}]})"));
    expect_error(doc(kKr) + " trailing", ErrorCode::parse, "JSON parse error");
    expect_error(R"({"format":"okr","version":1,"x_bad":[1,2,}],"objectives":[]})", ErrorCode::parse, "");
    expect_error(R"({"format":"okr","version":1,"objectives":[],"objectives":[]})", ErrorCode::parse, "twice");
    // A foreign document is reported as such even when its arrays come first.
    expect_error(R"({"objectives":[{"id":"o"}],"format":"other","version":1})", ErrorCode::version, "format");
}

TEST_CASE("escaped keys and strings are unescaped / unescaped ones are read in place", "[json]") {
    // "\u0069d" is "id", "k\u00e9" is "ké"; the title has quotes, a backslash and a newline.
    const std::string text = doc(
        R"({"\u0069d":"k\u00e9","objective":"o","title":"A \"quoted\" \\ title\nline 2","type":"metric","start":0,"target":10})",
        R"({"key_result":"k\u00e9","date":"2026-07-02","value":4,"note":"tab\there"},)"
        R"({"key_result":"ké","d\u0061te":"2026-07-09","value":5})");
    Graph g = load_json(text);
    const NodeIndex k = g.at("k\xc3\xa9");
    CHECK(g.key_result(k).title == "A \"quoted\" \\ title\nline 2");
    REQUIRE(g.checkins(k).size() == 2);
    CHECK(g.checkin_note(g.checkins(k)[0]) == "tab\there");
    CHECK(g.checkins(k)[1].value == 5.0);
    CHECK(to_json(load_json(to_json(g))) == to_json(g));
}

TEST_CASE("the writer escapes exactly the quote, the backslash and control characters", "[json]") {
    std::string out;
    detail::append_json_string(out, "");
    CHECK(out == R"("")");
    out.clear();
    detail::append_json_string(out, "plain caf\xc3\xa9 \xe2\x82\xac");
    CHECK(out == "\"plain caf\xc3\xa9 \xe2\x82\xac\"");
    out = "x";  // appends after what the string holds
    detail::append_json_string(out, std::string_view("a\"b\\c\nd\re\tf\bg\fh\x01i\x1f\0j\x7f", 21));
    CHECK(out == R"(x"a\"b\\c\nd\re\tf\bg\fh\u0001i\u001f\u0000j)" "\x7f\"");
    out.clear();
    detail::append_json_string(out, "\"\"");  // escapes back to back, nothing between
    CHECK(out == R"("\"\"")");
    // Every byte value in one string round-trips through a document's free text.
    std::string all;
    for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
    std::string quoted;
    detail::append_json_string(quoted, all);
    Graph g = load_json(doc(std::string(R"({"id":"k","objective":"o","title":)") + quoted +
                            R"(,"type":"metric","start":0,"target":10})"));
    CHECK(g.key_result(g.at("k")).title == all);
}

TEST_CASE("a document parses the same wherever its text ends relative to a page", "[json]") {
    // The parser reads a few bytes past the end: in place when they lie on the same page, from a
    // padded copy otherwise. Put the end of the text at offsets around a page boundary, with
    // bytes after it that would confuse a parser reading them as text.
    const std::string text = doc(kKr, R"({"key_result":"k","date":"2026-07-02","value":4,"note":"n"})");
    const std::string expected = to_json(load_json(text));
    constexpr std::size_t page = 4096;
    const std::size_t size = 4 * page;
    std::unique_ptr<char, void (*)(void*)> buf(static_cast<char*>(std::aligned_alloc(page, size)), std::free);
    REQUIRE(buf);
    for (std::size_t gap : {0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 500}) {
        // The text ends `gap` bytes before the end of the second page.
        char* const end = buf.get() + 2 * page - gap;
        char* const start = end - text.size();
        std::memset(buf.get(), '{', size);
        std::memset(end, '"', static_cast<std::size_t>(buf.get() + size - end));
        std::memcpy(start, text.data(), text.size());
        INFO("gap " << gap);
        CHECK(to_json(load_json(std::string_view(start, text.size()))) == expected);
        // A truncated text is still an error, not a read of what follows.
        CHECK_THROWS_AS(load_json(std::string_view(start, text.size() - 1)), Error);
    }
}

TEST_CASE("a contributes cycle is reported before errors later in the document", "[json][errors]") {
    // The cycle check runs while check-ins are parsed: on a second thread for a graph of 4,096
    // objectives, key results and links or more (or in a parallel read), on the loading thread
    // for a smaller one. Whatever fails after the links, the cycle is what is reported, as when
    // it ran first.
    for (const std::size_t extra : {std::size_t{0}, std::size_t{4100}}) {
        std::string objs = R"({"id":"a","title":"A"},{"id":"b","title":"B"})";
        for (std::size_t i = 0; i < extra; ++i) objs += R"(,{"id":"x)" + std::to_string(i) + R"(","title":"X"})";
        const std::string links = R"({"from":"a","to":"b","type":"contributes"},{"from":"b","to":"a","type":"contributes"})";
        // Every array the links depend on comes before them, so they are read in the first pass.
        const std::string head = R"({"format":"okr","version":1,"cycles":[],"objectives":[)" + objs +
                                 R"(],"key_results":[],"kpis":[],"links":[)" + links + "],";
        for (const std::string& tail : {std::string(R"("checkins":{}})"),
                                        std::string(R"("checkins":[{"key_result":"nope","date":"2026-07-01","value":1}]})"),
                                        std::string(R"("checkins":[{"key_result":"a","date":"2026-07-01","value":1}]})"),
                                        std::string(R"("checkins":[]}{})"), std::string(R"("checkins":[],"checkins":[]})")}) {
            INFO(extra << " more objectives; " << tail);
            expect_error(head + tail, ErrorCode::cycle, R"("a" -> "b" -> "a")");
            LoadOptions parallel;  // the check-ins read on a second thread as well
            parallel.parallel_threshold = 0;
            try {
                (void)load_json(head + tail, parallel);
                FAIL("accepted");
            } catch (const Error& e) {
                CHECK(e.code() == ErrorCode::cycle);
                CHECK_THAT(e.what(), Catch::Contains(R"("a" -> "b" -> "a")"));
            }
        }
    }
}

namespace {

// Load options that read the check-ins array on a second thread (`ahead`) or on the loading
// thread, in chunks of `chunk` bytes.
LoadOptions reading(bool ahead, std::size_t chunk = LoadOptions{}.chunk_bytes) {
    LoadOptions o;
    o.parallel_threshold = ahead ? 0 : static_cast<std::size_t>(-1);
    o.chunk_bytes = chunk;
    return o;
}

// The graph a text loads to (as JSON), or the error it raises, with the check-ins array read on
// a second thread (`ahead`) or on the loading thread; `stats` receives which paths were taken.
std::string outcome(const std::string& text, bool ahead, std::size_t chunk = LoadOptions{}.chunk_bytes,
                    LoadStats* stats = nullptr) {
    std::string out;
    try {
        out = to_json(load_json(text, reading(ahead, chunk), stats));
    } catch (const Error& e) {
        out = "error " + std::to_string(static_cast<int>(e.code())) + ": " + e.what();
    }
    return out;
}

}  // namespace

TEST_CASE("a large file is read into its own pages and loads as its text does", "[json][file]") {
    // Files of 4 MiB and more are read into an anonymous mapping, not a heap copy: the same graph,
    // the same errors, whatever the size relative to a page, and a missing file is not_found.
    std::string cis;
    for (int c = 0; cis.size() < (std::size_t{5} << 20); ++c)
        cis += (c ? "," : "") + std::string(R"({"key_result":"k","date":"2026-07-02","value":)") + std::to_string(c % 10) +
               R"(,"note":"a note long enough to make the file large quickly, again and again"})";
    const std::string base = doc(kKr, cis);
    const std::string dir = std::filesystem::temp_directory_path() / ("okr_large_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string expected = to_json(load_json(base));
    for (std::size_t pad : {std::size_t{0}, std::size_t{1}, std::size_t{4096} - base.size() % 4096,
                            std::size_t{4096} - base.size() % 4096 - 1}) {
        const std::string text = base + std::string(pad, ' ');  // whitespace after the document
        const std::string path = dir + "/org.json";
        std::ofstream(path, std::ios::binary) << text;
        INFO("size " << text.size());
        CHECK(to_json(load_json_file(path)) == expected);
        // Cut short: an error, never a read of what follows the text.
        const std::string cut = text.substr(0, base.size() - 1);
        std::ofstream(path, std::ios::binary | std::ios::trunc) << cut;
        CHECK_THROWS_MATCHES(load_json_file(path), Error, Catch::Predicate<Error>([](const Error& e) {
            return e.code() == ErrorCode::parse;
        }));
    }
    LoadOptions tight;
    tight.limits.max_document_bytes = base.size() - 1;
    const std::string path = dir + "/org.json";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << base;
    CHECK_THROWS_MATCHES(load_json_file(path, tight), Error, Catch::Predicate<Error>([](const Error& e) {
        return e.code() == ErrorCode::limit && std::string(e.what()).find("max_document_bytes") != std::string::npos;
    }));
    std::filesystem::remove_all(dir);
    CHECK_THROWS_MATCHES(load_json_file(path), Error, Catch::Predicate<Error>([](const Error& e) {
        return e.code() == ErrorCode::not_found;
    }));
}

TEST_CASE("check-ins read on a second thread give the same graph and the same errors", "[json][threads]") {
    std::string krs, cis;
    for (int k = 0; k < 60; ++k) {
        const std::string id = "k" + std::to_string(k);
        krs += (k ? "," : "") + std::string(R"({"id":")") + id + R"(","objective":"o","title":"K","type":"metric","start":0,"target":10})";
        for (int c = 0; c < 5; ++c)
            cis += (cis.empty() ? "" : ",") + std::string(R"({"key_result":")") + id + R"(","date":"2026-07-1)" +
                   std::to_string(c) + R"(","value":)" + std::to_string(k % 11) + (c == 2 ? R"(,"note":"a \"note\"")" : "") +
                   (c == 3 ? R"(,"confidence":null,"x":{"y":[1]})" : "") + "}";
    }
    const std::string staged =
        R"({"id":"rock","objective":"o","title":"Rock","type":"milestone","stages":[{"id":"s1","title":"One"},{"title":"Two"}]},)"
        R"({"id":"k\u00e9","objective":"o","title":"E","type":"metric","start":0,"target":1})";
    const std::string extra_cis = R"({"key_result":"rock","date":"2026-07-20","value":0.5,"stage":"Two"},)"
                                  R"({"key_result":"k\u00e9","date":"2026-07-21","value":0.25})";
    const std::string head = R"({"format":"okr","version":1,"generator":{"checkins":4},)"
                             R"("cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],)"
                             R"("objectives":[{"id":"o","title":"O","cycle":"q3"},{"id":"p","title":"P","cycle":"q3"}],)"
                             R"("key_results":[)" + staged + "," + krs + "],";
    const std::string good = extra_cis + "," + cis;
    const std::string links = R"({"from":"p","to":"o","type":"contributes","weight":2},)"
                              R"({"from":"k1","to":"p","type":"contributes"},{"from":"k2","to":"k3","type":"depends_on","why":"x"})";
    auto bad_at = [&](const std::string& element) {  // `element` replaces check-in 7
        std::string list = good;
        std::size_t pos = 0;
        for (int n = 0; n < 7; ++n) pos = list.find("},{", pos) + 2;
        const std::size_t end = list.find("},{", pos) + 1;
        return list.substr(0, pos) + element + list.substr(end);
    };
    auto after = [&](const std::string& list, int k, const std::string& element) {  // inserted after element k
        std::size_t pos = 0;
        for (int n = 0; n <= k; ++n) pos = list.find("},{", pos) + 2;
        return list.substr(0, pos) + element + "," + list.substr(pos);
    };
    std::string nested = "[";  // a nested array of objects: many '}' ',' '{' inside an element
    for (int i = 0; i < 120; ++i) nested += (i ? R"(,{"a":)" : R"({"a":)") + std::to_string(i) + "}";
    nested += "]";
    const std::vector<std::string> texts = {
        head + "\"links\":[" + links + R"(],"checkins":[)" + good + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + good + R"(],"kpis":[{"id":"kpi","title":"T","values":[]}]})",
        // A nested "checkins" key first: the guess is wrong, and the array is read in turn.
        head.substr(0, head.size() - 1) + R"(,"x":{"checkins":[1,2]},"links":[)" + links + R"(],"checkins":[)" + good + "]}",
        head + R"("checkins":[)" + good + R"(],"links":[)" + links + R"(],"after":"okr"})",
        R"({"checkins":[)" + good + "]," + head.substr(1) + R"("links":[)" + links + "]}",
        head + R"("links":[],"checkins":[]})",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"nope","date":"2026-07-01","value":1})") + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"k1","date":"2026-13-01","value":1})") + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"k1","date":"2026-07-01","value":"x"})") + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"k1","date":"2026-07-01"})") + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"k1","date":"2026-07-01","value":1,"confidence":2})") + "]}",
        head + "\"links\":[" + links + R"(],"checkins":[)" + bad_at(R"({"key_result":"k1","date":"2026-07-01","value":1}, 7)") + "]}",
        // Errors in the links: read on the second thread (a bad type, a weight that is not a
        // number) and on the loading thread (an unknown node, a duplicate link).
        head + "\"links\":[" + links + R"(,{"from":"p","to":"o","type":"bogus"}],"checkins":[)" + good + "]}",
        head + "\"links\":[" + links + R"(,{"from":"p","to":"o","type":"depends_on","weight":"2"}],"checkins":[)" + good + "]}",
        head + "\"links\":[" + links + R"(,{"from":"p","to":"zz","type":"depends_on"}],"checkins":[)" + good + "]}",
        head + "\"links\":[" + links + R"(,{"from":"p","to":"o","type":"contributes"}],"checkins":[)" + good + "]}",
        // Wrong guesses: a nested "checkins" key inside a link, a nested "links" key before the
        // links; each array is then read on the loading thread. In the third, the links' end is
        // guessed wrong (a "checkins" key after an inner array inside a link cuts them short).
        head + "\"links\":[" + links + R"(,{"from":"p","to":"o","type":"depends_on","x":{"checkins":[1]}}],"checkins":[)" + good + "]}",
        head + "\"links\":[" + R"({"from":"p","to":"o","type":"depends_on","x":{"a":[1],"checkins":[2]}},)" + links + R"(],"checkins":[)" + good + "]}",
        head.substr(0, head.size() - 1) + R"(,"y":{"links":[5]},"links":[)" + links + R"(],"checkins":[)" + good + "]}",
        // An error before the check-ins (a duplicate id), and a cycle among the links.
        R"({"format":"okr","version":1,"objectives":[{"id":"o","title":"O"},{"id":"o","title":"O"}],"checkins":[)" + good + "]}",
        R"({"format":"okr","version":1,"cycles":[],"objectives":[{"id":"a","title":"A"},{"id":"b","title":"B"}],"key_results":[],)"
        R"("kpis":[],"links":[{"from":"a","to":"b","type":"contributes"},{"from":"b","to":"a","type":"contributes"}],)"
        R"("checkins":[{"key_result":"nope","date":"2026-07-01","value":1}]})",
        // Element boundaries guessed wrong by the second thread's chunks (a '}' ',' '{' inside a
        // string, or between the objects of a nested array): the chunk is read again, longer.
        head + "\"links\":[" + links + R"(],"checkins":[)" + good + R"(,{"key_result":"k4","date":"2026-07-30","value":1,"note":"},{\"a\":1}, {"}]})",
        head + "\"links\":[" + links + R"(],"checkins":[)" + after(good, 9, R"({"key_result":"k4","x":)" + nested + R"(,"date":"2026-07-30","value":1})") + "]}",
        head + "\"links\":[" + links + R"(,{"from":"k5","to":"k6","type":"depends_on","why":)" + nested +
            R"(},{"from":"k7","to":"k8","type":"depends_on"}],"checkins":[)" + good + "]}",
        // KPIs between the key results and the links (as to_json writes them), one measuring k1.
        head + R"("kpis":[{"id":"kpi","title":"T","values":[{"date":"2026-07-06","value":3}]}],"links":[)" + links +
            R"(,{"from":"k1","to":"kpi","type":"measured_by"}],"checkins":[)" + good + "]}",
    };
    // Which documents use the second thread's results (with 2+ threads): an array is used when
    // the guess points at it.
    // (The check-ins are looked for after the links: document 2's nested key comes before them;
    // in 4 the check-ins come first and are not found; 12-15 fail before the check-ins; 16 is a
    // wrong guess.)
    // (Not used either: a result with an error, 7-9, 11, 12 and 13, read again in turn; nor in
    // 1, whose check-ins are followed by another array: not the shape a skeleton read needs, so
    // the document is read as a whole, on one thread.)
    //                               0     1     2     3      4      5     6     7      8      9
    const std::vector<bool> used = {true, false, true, false, false, true, true, false, false, false,
                                    true, false, false, false, false, false, false, false, true, false, true,
                                    true, true, true, true};
    //                              10    11     12     13     14     15     16     17     18    19     20
    //                              21    22    23    24
    // The links: not in document 3 (its last value is not an array), 12 and 13 (errors), 17 (cut
    // short by a wrong end), 18 (a wrong guess) or 19 (fails first).
    const std::vector<bool> links_used = {true, true, true, false, true, true, true, true, true, true,
                                          true, true, false, false, true, true, true, false, false, false, true,
                                          true, true, true, true};
    // Read from a skeleton (the top level without its big arrays, read in chunks): the documents
    // in the usual shape, without errors. 2 has another field between the key results and the
    // links; 16 and 18 are valid but guessed wrong.
    const std::vector<bool> skeleton = {true, false, false, false, false, true, false, false, false, false,
                                        false, false, false, false, false, false, false, false, false, false, false,
                                        true, true, true, true};
    REQUIRE(skeleton.size() == texts.size());
    REQUIRE(used.size() == texts.size());
    REQUIRE(links_used.size() == texts.size());
    for (std::size_t t = 0; t < texts.size(); ++t) {
        INFO("document " << t);
        const std::string seq = outcome(texts[t], false);
        // The second thread reads in chunks: the default (one chunk here), and chunks of about one
        // element or a few, whose guessed ends fall everywhere.
        for (const std::size_t chunk : {std::size_t{256} << 10, std::size_t{1}, std::size_t{40}, std::size_t{150}, std::size_t{500}, std::size_t{700}}) {
            INFO("chunks of " << chunk << " bytes");
            LoadStats stats;
            CHECK(outcome(texts[t], true, chunk, &stats) == seq);
            if (okr_threads() > 1) {
                CHECK(stats.checkins_on_second_thread == used[t]);
                CHECK(stats.links_on_second_thread == links_used[t]);
                CHECK(stats.skeleton == skeleton[t]);
            }
        }
        if (t < 5 || (t >= 16 && t <= 18) || t >= 21) {
            CHECK(seq.rfind("error", 0) != 0);
            CHECK(load_json(texts[t]).checkin_count() == (t == 21 || t == 22 ? 303u : 302u));
            CHECK(load_json(texts[t]).links().size() == (t == 16 || t == 17 ? 4u : t == 23 ? 5u : 3u));
        } else if (t > 5) {
            CHECK(seq.rfind("error", 0) == 0);
        }
    }
}

TEST_CASE("check-ins taken over in runs from the second thread equal those recorded one by one", "[json][threads]") {
    // Plain check-ins (no note, stage or unknown field): each run of one key result's check-ins
    // is handed to the graph whole. Dates out of order, ties on a date, and a key result whose
    // check-ins come in two runs must give what recording them one by one gives.
    std::string krs = R"({"id":"ms","objective":"o","title":"M","type":"milestone"},)"
                      R"({"id":"agg","objective":"o","title":"A","type":"metric","start":0,"target":5,"aggregate":"sum"})";
    std::string cis;
    const char* dates[] = {"2026-07-20", "2026-07-06", "2026-07-20", "2026-07-13"};
    for (int k = 0; k < 40; ++k) {
        const std::string id = "k" + std::to_string(k);
        krs += R"(,{"id":")" + id + R"(","objective":"o","title":"K","type":"metric","start":0,"target":10})";
        for (int c = 0; c < 4; ++c)
            cis += (cis.empty() ? "" : ",") + std::string(R"({"key_result":")") + id + R"(","date":")" + dates[(c + k) % 4] +
                   R"(","value":)" + std::to_string(k % 7 + c) + (c == 1 ? R"(,"confidence":0.6)" : "") + "}";
    }
    cis += R"(,{"key_result":"k3","date":"2026-07-20","value":9},{"key_result":"ms","date":"2026-07-08","value":0.5})";
    cis += R"(,{"key_result":"ms","date":"2026-07-02","value":1})";
    auto text = [&](const std::string& checkins) {
        return std::string(R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],)"
                           R"("objectives":[{"id":"o","title":"O","cycle":"q3"}],"key_results":[)") +
               krs + R"(],"links":[{"from":"k0","to":"agg","type":"contributes"}],"checkins":[)" + checkins + "]}";
    };
    const std::vector<std::string> texts = {
        text(cis),
        text(R"({"key_result":"k1","date":"2026-07-01","value":1},{"key_result":"o","date":"2026-07-01","value":1},)" + cis),
        text(cis + R"(,{"key_result":"ms","date":"2026-07-09","value":1.5})"),
        text(cis + R"(,{"key_result":"k7","date":"2026-07-09","value":1,"confidence":1.25})"),
        text(cis + R"(,{"key_result":"agg","date":"2026-07-09","value":1})"),
        text(cis + R"(,{"key_result":"zz","date":"2026-07-09","value":1},{"key_result":"zz","date":"2026-07-10","value":1})"),
        text(R"({"key_result":"","date":"2026-07-01","value":1},)" + cis),
        // Notes and unknown fields: a plain run, then a rich run of the same key result; a rich
        // check-in in the middle of a key result's first run.
        text(cis + R"(,{"key_result":"k1","date":"2026-07-21","value":2,"note":"late"},)"
                   R"({"key_result":"k2","date":"2026-07-21","value":2,"x":[1]})"),
        text(R"({"key_result":"k1","date":"2026-07-01","value":1},{"key_result":"k1","date":"2026-07-02","value":2,"note":"n"},)"
             R"({"key_result":"k1","date":"2026-07-01","value":3})" + cis.substr(cis.find(",{\"key_result\":\"k2\""))),
    };
    for (std::size_t t = 0; t < texts.size(); ++t) {
        INFO("document " << t);
        const std::string seq = outcome(texts[t], false);
        for (const std::size_t chunk : {std::size_t{256} << 10, std::size_t{1}, std::size_t{100}}) {
            INFO("chunks of " << chunk << " bytes");
            LoadStats stats;
            CHECK(outcome(texts[t], true, chunk, &stats) == seq);
            if (okr_threads() > 1) CHECK(stats.checkins_on_second_thread);
        }
        CHECK((seq.rfind("error", 0) == 0) == (t > 0 && t < 7));
    }
    CHECK_THAT(outcome(texts[7], true), Catch::Contains("\"late\"") && Catch::Contains("\"x\""));
    CHECK_THAT(outcome(texts[8], true), Catch::Contains("\"n\""));
    CHECK_THAT(outcome(texts[1], true), Catch::Contains("checkins[1]") && Catch::Contains("\"o\""));
    CHECK_THAT(outcome(texts[2], true), Catch::Contains("checkins[163]") && Catch::Contains("milestone"));
    CHECK_THAT(outcome(texts[5], true), Catch::Contains("checkins[163]") && Catch::Contains("\"zz\""));

    // The records themselves: same order (date, then document order), same sequence numbers.
    const Graph a = load_json(texts[0], reading(false));
    LoadStats stats;
    const Graph b = load_json(texts[0], reading(true), &stats);
    // Taken over whole: each key result's first run (40 + "ms"); k3's second run is recorded
    // one by one. The same when the runs are read across chunks of about one check-in.
    if (okr_threads() > 1) CHECK(stats.adopted_checkin_runs == 41u);
    const Graph c = load_json(texts[0], reading(true, 1), &stats);
    if (okr_threads() > 1) CHECK(stats.adopted_checkin_runs == 41u);
    CHECK(to_json(c) == to_json(b));
    REQUIRE(a.checkin_count() == 163);
    REQUIRE(b.checkin_count() == 163);
    for (NodeIndex v = 0; v < a.node_count(); ++v) {
        if (a.kind(v) != NodeKind::key_result) continue;
        const auto x = a.checkins(v), y = b.checkins(v);
        REQUIRE(x.size() == y.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            INFO(a.id(v) << " #" << i);
            CHECK(x[i].date == y[i].date);
            CHECK(x[i].seq == y[i].seq);
            CHECK(x[i].value == y[i].value);
            CHECK(std::isnan(x[i].confidence) == std::isnan(y[i].confidence));
            if (!std::isnan(x[i].confidence)) CHECK(x[i].confidence == y[i].confidence);
        }
    }
    const NodeIndex k3 = a.at("k3");
    REQUIRE(a.checkins(k3).size() == 5);
    CHECK(a.checkins(k3).back().value == 9);  // the later of two check-ins on 2026-07-20
    CHECK(score_all(b, D("2026-08-01"))[b.at("ms")].score == 0.0);  // 07-08 (0.5) supersedes 07-02 (1)
    const Scores sa = score_all(a, D("2026-08-01")), sb = score_all(b, D("2026-08-01"));
    for (NodeIndex v = 0; v < a.node_count(); ++v) CHECK(sa[v].score == Approx(sb[v].score).margin(0));
}

TEST_CASE("a skeleton read does not depend on what a reused chunk buffer held before", "[json][threads]") {
    // Chunks of about one element: each key result is parsed in the buffer that held the one
    // before, and a staged key result's first guess cuts it inside its stages. Whatever the
    // previous, longer or shorter, element left after the new chunk must not change the reading
    // (simdjson looks at the byte after a text's end).
    for (int k = 0; k < 90; ++k) {
        INFO("title of " << k << " bytes");
        const std::string text =
            R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],)"
            R"("objectives":[{"id":"o","title":"O","cycle":"q3"}],"key_results":[)"
            R"({"id":"a","objective":"o","title":")" + std::string(static_cast<std::size_t>(k), 'x') +
            R"(","type":"metric","start":0,"target":1},)"
            R"({"id":"r","objective":"o","title":"R","type":"milestone","stages":[{"id":"s","title":"S"},{"id":"t","title":"T"}]}],)"
            R"("links":[],"checkins":[{"key_result":"r","date":"2026-07-10","value":1,"stage":"t"}]})";
        LoadStats stats;
        const Graph g = load_json(text, reading(true, 1), &stats);
        if (okr_threads() > 1) CHECK(stats.skeleton);
        CHECK(g.key_result_count() == 2);
        CHECK(g.key_result(g.at("r")).stages.size() == 2);
    }
}
