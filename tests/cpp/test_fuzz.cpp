// Mutation tests of the readers: the bundled example documents, changed at random in ways that
// keep most of their structure (a value swapped for another or for an edge-case token, a range
// dropped or repeated, a byte changed, the text cut short). Whatever the reader is given, it
// returns a graph or throws okr::Error with a message; a graph it returns writes back to a
// document that reads to the same graph, and it scores and analyses without error; a document
// reads the same on one thread and on two; a failed CSV load changes nothing.
//
// Deterministic (fixed seeds). OKR_FUZZ_ITERATIONS=N runs N mutations per case instead of the
// default, for longer runs; OKR_FUZZ_SEED=S changes the seeds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "okr/alignment.hpp"
#include "okr/series.hpp"

using namespace okr;

namespace {

std::string read_example(const char* name) {
    std::ifstream in(std::string(OKR_EXAMPLES_DIR) + "/" + name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int iterations(int fallback) {
    const char* e = std::getenv("OKR_FUZZ_ITERATIONS");
    return e && std::atoi(e) > 0 ? std::atoi(e) : fallback;
}

std::uint64_t seed(std::uint64_t fallback) {
    const char* e = std::getenv("OKR_FUZZ_SEED");
    return e && *e ? std::strtoull(e, nullptr, 10) * 1000003u + fallback : fallback;
}

// Edge cases for any place in a document: numbers at the limits of double, invalid dates,
// strings with escapes, invalid UTF-8, lone surrogates, structural characters.
const std::vector<std::string> kJsonTokens = {
    "0", "-0", "1", "-1", "2", "0.5", "1.5", "-0.0", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324",
    "18446744073709551616", "4294967296", "NaN", "Infinity", "-Infinity", "nan", "1.", ".5", "01", "+1",
    "null", "true", "false", "[]", "{}", "[0]", "[1,2]", "[{}]", R"({"a":1})", R"("")", R"("x")", R"(" ")",
    R"("2026-02-29")", R"("2028-02-29")", R"("2026-13-01")", R"("2026-02-30")", R"("0001-01-01")", R"("9999-12-31")",
    R"("2026-1-1")", R"("2026-07-01T00:00:00")", R"("\u0000")", R"("\ud800")", R"("\udfff\ud800")", R"("\"")",
    R"("a\\b")", R"("\u00e9")", "\"\xc3\"", "\"\xff\xfe\"", "\"\xed\xa0\x80\"", "\"\xe2\x82\"", R"("company")",
    R"("team")", R"("metric")", R"("baseline")", R"("milestone")", R"("health")", R"("contributes")",
    R"("depends_on")", R"("sum")", R"("mean")", R"("min")", R"("max")", R"("at_least")", R"("at_most")",
    R"("key_results")", R"("aligned")", R"("both")", R"("rock")", R"("okr")", R"([0.2, 0.1])",
    R"([{"score":0.3,"value":1},{"score":0.3,"value":2}])", R"([{"title":"a","weight":0}])",
    ",", ":", "{", "}", "[", "]", "\"", "\\", " ", "\n", "\x01", "\xef\xbb\xbf",
};

// The extent [b, e) of the JSON value that starts at or after `i` (after whitespace), or
// {npos, npos} when there is none. Strings, objects and arrays are matched (strings skipped
// inside brackets); a bare scalar runs to the next delimiter.
std::pair<std::size_t, std::size_t> value_at(const std::string& s, std::size_t i) {
    constexpr auto none = std::pair{std::string::npos, std::string::npos};
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
    if (i >= s.size()) return none;
    auto skip_string = [&](std::size_t j) {  // j at the opening quote; returns one past the closing
        for (++j; j < s.size(); ++j) {
            if (s[j] == '\\') ++j;
            else if (s[j] == '"') return j + 1;
        }
        return s.size();
    };
    const char c = s[i];
    if (c == '"') return {i, skip_string(i)};
    if (c == '{' || c == '[') {
        int depth = 0;
        for (std::size_t j = i; j < s.size();) {
            if (s[j] == '"') {
                j = skip_string(j);
                continue;
            }
            if (s[j] == '{' || s[j] == '[') ++depth;
            else if ((s[j] == '}' || s[j] == ']') && --depth == 0) return {i, j + 1};
            ++j;
        }
        return {i, s.size()};
    }
    if (c == ',' || c == '}' || c == ']' || c == ':') return none;
    std::size_t j = i;
    while (j < s.size() && std::string_view(",}] \n\r\t").find(s[j]) == std::string_view::npos) ++j;
    return {i, j};
}

class Mutator {
public:
    Mutator(std::uint64_t seed, const std::vector<std::string>& tokens) : rng_(seed), tokens_(tokens) {}

    std::string operator()(std::string s) {
        const std::size_t steps = 1 + pick(3);
        for (std::size_t k = 0; k < steps; ++k) step(s);
        return s;
    }

private:
    std::mt19937_64 rng_;
    const std::vector<std::string>& tokens_;

    std::size_t pick(std::size_t n) { return n ? static_cast<std::size_t>(rng_() % n) : 0; }
    const std::string& token() { return tokens_[pick(tokens_.size())]; }

    // The extent of the value after a random ':' (JSON) or a random cell (CSV: after a delimiter).
    std::pair<std::size_t, std::size_t> some_value(const std::string& s) {
        for (int tries = 0; tries < 8; ++tries) {
            const std::size_t at = s.find_first_of(":,", pick(s.size()));
            if (at == std::string::npos) continue;
            const auto v = value_at(s, at + 1);
            if (v.first != std::string::npos) return v;
        }
        return {std::string::npos, std::string::npos};
    }

    void step(std::string& s) {
        if (s.empty()) {
            s = token();
            return;
        }
        switch (pick(9)) {
            case 0: {  // drop a short range
                const std::size_t at = pick(s.size());
                s.erase(at, 1 + pick(16));
                break;
            }
            case 1:  // insert a token
                s.insert(pick(s.size() + 1), token());
                break;
            case 2:
            case 3: {  // replace a value by a token
                const auto v = some_value(s);
                if (v.first != std::string::npos) s.replace(v.first, v.second - v.first, token());
                break;
            }
            case 4:
            case 5: {  // replace a value by another value of the document (ids, dates, objects)
                const auto v = some_value(s);
                const auto w = some_value(s);
                if (v.first != std::string::npos && w.first != std::string::npos)
                    s.replace(v.first, v.second - v.first, s.substr(w.first, w.second - w.first));
                break;
            }
            case 6:  // change one byte
                s[pick(s.size())] = static_cast<char>(pick(256));
                break;
            case 7:  // cut short
                s.resize(pick(s.size()));
                break;
            default: {  // repeat a range somewhere else (duplicate elements and ids)
                const std::size_t from = pick(s.size());
                const std::string piece = s.substr(from, 1 + pick(400));
                s.insert(pick(s.size() + 1), piece);
                break;
            }
        }
    }
};

// What reading a document gave: the error, or the document written back from the graph.
struct Outcome {
    bool ok = false;
    ErrorCode code = ErrorCode::parse;
    std::string message;  // error message, or the document written back
};

// Reads `text`; a graph it returns must write back to a fixed point of load/to_json and must
// score, score incrementally and analyse without throwing. Any exception other than okr::Error
// escapes and fails the test case.
Outcome read_and_exercise(const std::string& text, const LoadOptions& options = {}, LoadStats* stats = nullptr) {
    Outcome out;
    Graph g;
    try {
        g = load_json(text, options, stats);
    } catch (const Error& e) {
        out.code = e.code();
        out.message = e.what();
        REQUIRE_FALSE(out.message.empty());
        return out;
    }
    out.ok = true;
    out.message = to_json(g);
    const Graph again = load_json(out.message, options);
    REQUIRE(to_json(again) == out.message);

    const Date as_of = D("2026-08-15");
    const Scores all = score_all(g, as_of);
    REQUIRE(all.nodes.size() == g.node_count());
    const std::vector<double> v = score_vector(g, as_of);
    for (NodeIndex n = 0; n < g.node_count(); ++n) {
        const double a = all.nodes[n].score;
        INFO("node " << g.id(n));
        REQUIRE(((std::isnan(a) && std::isnan(v[n])) || a == v[n]));
        if (!std::isnan(a)) REQUIRE((a >= 0.0 && a <= 1.0));
    }
    if (g.node_count() > 0) {
        const NodeScore one = score_node(g, g.node_count() - 1, as_of);
        const double a = all.nodes[g.node_count() - 1].score;
        REQUIRE(((std::isnan(a) && std::isnan(one.score)) || a == one.score));
    }
    (void)alignment(g, AlignmentOptions{}, as_of);
    if (!g.kpis().empty()) (void)kpi_matrix(g, Freq::week);
    return out;
}

// Load options with which even a small document is read on two threads, from its skeleton, in
// tiny chunks.
LoadOptions two_thread_reading() {
    LoadOptions o;
    o.parallel_threshold = 0;
    o.skeleton_threshold = 0;
    o.chunk_bytes = 97;
    return o;
}

}  // namespace

TEST_CASE("mutated documents: an okr::Error or a graph that round-trips, scores and analyses", "[json][fuzz]") {
    const std::string base = read_example("learning_platform.json");
    REQUIRE(base.size() > 1000);
    const int n = iterations(400);
    Mutator mutate(seed(20261124), kJsonTokens);
    int accepted = 0;
    for (int i = 0; i < n; ++i) {
        const std::string text = mutate(base);
        INFO("mutation " << i << " (seed " << seed(20261124) << "), " << text.size() << " bytes");
        accepted += read_and_exercise(text).ok;
    }
    // The mutations must reach past the first error: some documents still read.
    CHECK(accepted >= n / 50);
    CHECK(accepted < n);
}

TEST_CASE("mutated documents read the same on one thread and on two", "[json][fuzz][threads]") {
    const std::string base = read_example("learning_platform.json");
    const int n = iterations(250);
    Mutator mutate(seed(7), kJsonTokens);
    std::size_t two_thread_loads = 0;
    for (int i = 0; i < n; ++i) {
        const std::string text = mutate(base);
        INFO("mutation " << i << " (seed " << seed(7) << ")");
        const Outcome one = read_and_exercise(text);
        LoadStats stats;
        const Outcome two = read_and_exercise(text, two_thread_reading(), &stats);
        two_thread_loads += stats.checkins_on_second_thread + stats.links_on_second_thread;
        REQUIRE(one.ok == two.ok);
        if (!one.ok) REQUIRE(one.code == two.code);
        REQUIRE(one.message == two.message);
    }
    // The comparison means something only if the second thread ran (it does not on one core).
    if (okr_threads() > 1) CHECK(two_thread_loads > 0);
}

TEST_CASE("mutated CSV files: an okr::Error, and a failed load changes nothing", "[csv][fuzz]") {
    const std::vector<std::string> tokens = {
        ",", ";", "\t", "\"", "\"\"", "\r\n", "\n", "\r", "\xef\xbb\xbf", "\xff", "\xc3", "%", "70%", "101%", "-1",
        "1e309", "NaN", "nan", "inf", "", " ", "x", "0", "0.5", "1", "2026-02-30", "2026-W53", "2026-W00",
        "2026-09-14", "2026-01-05 - 2026-01-11", ">= 1", "<= -1", "3-5", "5-3", "≥ 2", "kr-ms-kb", "kr-rock-deploy",
        "content", "Key Result ID", "Date", "Value", "Goal", "Unit", "Measurable", "Owner",
    };
    const Graph example = load_json(read_example("learning_platform.json"));
    const std::string example_json = to_json(example);
    struct File {
        const char* name;
        bool checkins;
    };
    for (const File f : {File{"checkins.csv", true}, File{"scorecard.csv", false}}) {
        const std::string base = read_example(f.name);
        REQUIRE_FALSE(base.empty());
        const int n = iterations(400);
        Mutator mutate(seed(f.checkins ? 11 : 13), tokens);
        int accepted = 0;
        for (int i = 0; i < n; ++i) {
            const std::string text = mutate(base);
            INFO(f.name << " mutation " << i << ": " << text);
            Graph g = example;
            try {
                if (f.checkins) load_checkins_csv(g, text);
                else load_scorecard_csv(g, text);
                ++accepted;
            } catch (const Error& e) {
                REQUIRE(std::string(e.what()).size() > 0);
                REQUIRE(to_json(g) == example_json);
                continue;
            }
            (void)read_and_exercise(to_json(g));
        }
        CHECK(accepted > 0);
        CHECK(accepted < n);
    }
}
