// Fuzz target: sequences of C API calls with arguments taken from the input, NULLs, unknown ids,
// bad dates, out-of-range enums and indexes included. Two graph slots start from two small
// documents; the input picks each call and its arguments. After every call: the status is one of
// okr_status's values; an error has a message, valid UTF-8; a mutating call that failed left the
// graph's document exactly as it was (all or nothing); scores are NaN or >= 0, and an unscorable
// status goes with a NaN score. Handles are always freed (LeakSanitizer).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "capi_enums.h"
#include "check.hpp"
#include "okr.h"

#if !defined(OKR_EXAMPLES_DIR) || !defined(OKR_TEST_DATA_DIR) || !defined(OKR_FUZZ_CORPUS_DIR)
#error "OKR_EXAMPLES_DIR, OKR_TEST_DATA_DIR and OKR_FUZZ_CORPUS_DIR must name the data directories"
#endif

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The graphs start from two small documents (Rocks and milestones; every kind of KR, the pace
// rule, no clamp). A load takes one of those, a small organisation with KPIs and Rocks carried
// across cycles, or, one load in sixteen, the example organisation: a graph's document is written
// out after each change and after each failed call, and the example is seven times the size.
const std::string& document(std::uint8_t which) {
    static const std::string docs[4] = {
        read_file(std::string(OKR_TEST_DATA_DIR) + "/rocks.json"),
        read_file(std::string(OKR_FUZZ_CORPUS_DIR) + "/load_json/unclamped_pace.json"),
        read_file(std::string(OKR_FUZZ_CORPUS_DIR) + "/load_json/small_org.json"),
        read_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json")};
    return docs[which % 16 == 15 ? 3 : which % 3];
}

// Reads the input as a stream of choices; past its end every choice is 0.
class Input {
public:
    Input(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
    bool done() const { return i_ >= n_; }
    std::uint8_t byte() { return i_ < n_ ? p_[i_++] : 0; }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) v = v << 8 | byte();
        return v;
    }
    double number() {
        switch (byte() % 8) {
            case 0: return NAN;
            case 1: return INFINITY;
            case 2: return -1.0;
            case 3: return 0.0;
            case 4: return 1.0;
            case 5: return static_cast<double>(u32() % 1000) / 10.0;
            case 6: {
                double d;
                const std::uint64_t bits = static_cast<std::uint64_t>(u32()) << 32 | u32();
                std::memcpy(&d, &bits, sizeof d);
                return d;
            }
            default: return static_cast<double>(byte()) / 255.0;
        }
    }
    // Raw bytes of the input, up to `max`, as a string (may hold NULs and invalid UTF-8).
    std::string bytes(std::size_t max) {
        const std::size_t len = byte() % (max + 1);
        std::string s;
        for (std::size_t k = 0; k < len && !done(); ++k) s.push_back(static_cast<char>(byte()));
        return s;
    }

private:
    const std::uint8_t* p_;
    std::size_t n_;
    std::size_t i_ = 0;
};

struct State {
    okr_graph* g[2] = {nullptr, nullptr};
    // Each graph's document as last written out, while no call has changed it since: a failed
    // mutating call must leave exactly that. A read-only call that changed the document would
    // show as a difference at the next failed call.
    std::string known[2];
    bool known_ok[2] = {false, false};
    std::string strings[4];  // storage for string arguments of the current call
};

// Whether s is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). The
// target sees only the C ABI, whose library exports no C++ helpers, hence its own check.
bool utf8_ok(const char* s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    while (*p) {
        const unsigned c = *p;
        const int n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (n < 0) return false;
        for (int k = 1; k <= n; ++k)
            if ((p[k] & 0xC0) != 0x80) return false;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
            return false;
        p += n + 1;
    }
    return true;
}

void check_status(okr_status s) {
    FUZZ_CHECK(s <= OKR_OK && s >= OKR_ERR_LIMIT);
    if (s != OKR_OK) {
        const char* m = okr_last_error();
        FUZZ_CHECK(m != nullptr && *m != '\0' && utf8_ok(m));  // whatever bytes the arguments held
    }
}

std::string dump(const okr_graph* g) {
    char* text = nullptr;
    size_t len = 0;
    const okr_status s = okr_graph_to_json(g, &text, &len);
    if (s != OKR_OK) {  // out of memory is the only way this fails on a valid graph
        FUZZ_CHECK(s == OKR_ERR_NO_MEMORY);
        return {};
    }
    std::string out(text, len);
    okr_string_free(text);
    return out;
}

// A node id of graph g (by index), a made-up id, an empty one, or NULL.
const char* some_id(Input& in, const okr_graph* g, std::string& storage) {
    const std::uint8_t how = in.byte() % 8;
    if (how == 0) return nullptr;
    if (how == 1) return (storage = in.bytes(12)).c_str();
    if (how == 2) return "";
    size_t n = 0;
    if (!g || okr_graph_node_count(g, &n) != OKR_OK || n == 0) return "kr-x";
    const char* id = nullptr;
    if (okr_graph_node_id(g, in.u32() % n, &id) != OKR_OK) return "kr-x";
    storage = id;
    return storage.c_str();
}

const char* some_date(Input& in, std::string& storage) {
    static const char* const dates[] = {"2026-07-15", "2026-08-15", "2026-09-30", "2026-10-01", "2026-04-10",
                                        "2027-01-01", "2026-02-30", "2026-8-1",   "",           "2026-06-30"};
    const std::uint8_t how = in.byte() % 12;
    if (how == 10) return nullptr;
    if (how == 11) return (storage = in.bytes(12)).c_str();
    return dates[how];
}

void scores_of(Input& in, const okr_graph* g) {
    std::string d;
    okr_scores* s = nullptr;
    const okr_status st = okr_graph_scores(g, some_date(in, d), &s);
    check_status(st);
    if (st != OKR_OK) return;
    size_t n = 0;
    check_status(okr_scores_count(s, &n));
    for (size_t i = 0; i < n; ++i) {
        okr_node_score ns = OKR_NODE_SCORE_INIT;
        FUZZ_CHECK(okr_scores_get(s, i, &ns) == OKR_OK);
        FUZZ_CHECK(std::isnan(ns.score) || ns.score >= 0.0);
        if (ns.status == OKR_PROGRESS_NO_DATA || ns.status == OKR_PROGRESS_PLANNED) FUZZ_CHECK(std::isnan(ns.score));
        if (ns.status == OKR_PROGRESS_DONE) FUZZ_CHECK(ns.score >= 1.0);
        size_t at = 0;
        FUZZ_CHECK(okr_scores_find(s, ns.id, &at) == OKR_OK && at == i);
    }
    okr_node_score ns = OKR_NODE_SCORE_INIT;
    ns.version = in.byte() % 3;  // 0 and 2 are unknown versions
    check_status(okr_scores_get(s, in.u32() % (n + 2), &ns));
    okr_scores_free(s);
}

void step(Input& in, State& st) {
    const int slot = in.byte() & 1;
    okr_graph*& g = st.g[slot];
    const std::uint8_t op = in.byte() % 18;
    const bool mutating = op <= 5 || op == 15 || op == 16;
    if (mutating && g && !st.known_ok[slot]) {
        st.known[slot] = dump(g);
        st.known_ok[slot] = true;
    }
    okr_status s = OKR_OK;
    switch (op) {
        case 0: {  // a whole document: the fixtures, or bytes of the input
            const std::string text = (in.byte() % 4 == 0) ? in.bytes(200) : document(in.byte());
            s = okr_graph_load_json(g, text.data(), text.size());
            break;
        }
        case 1: {  // the same with limits, some of them invalid
            okr_load_options o = OKR_LOAD_OPTIONS_INIT;
            o.version = in.byte() % 4 == 0 ? 7u : OKR_LOAD_OPTIONS_VERSION;
            o.max_depth = in.byte() % 70;
            o.max_id_bytes = 1 + in.byte();
            o.max_nodes = in.byte() * 2;
            o.max_checkins = in.u32() % 500;
            const std::string& text = document(in.byte());
            s = okr_graph_load_json_ex(g, text.data(), text.size(), in.byte() % 5 ? &o : nullptr);
            break;
        }
        case 2: {
            std::string& id = st.strings[0];
            std::string& d = st.strings[1];
            const char* kr = some_id(in, g, id);
            const char* date = some_date(in, d);
            s = okr_graph_checkin(g, kr, date, in.number(), in.number());
            break;
        }
        case 3: {
            okr_checkin_options o = OKR_CHECKIN_OPTIONS_INIT;
            o.version = in.byte() % 6 == 0 ? 0u : OKR_CHECKIN_OPTIONS_VERSION;
            o.confidence = in.number();
            o.note = in.byte() % 2 ? (st.strings[2] = in.bytes(8)).c_str() : nullptr;
            o.stage = in.byte() % 2 ? (st.strings[3] = in.bytes(8)).c_str() : "s1";
            const char* kr = some_id(in, g, st.strings[0]);
            const char* date = some_date(in, st.strings[1]);
            s = okr_graph_checkin_ex(g, kr, date, in.number(), in.byte() % 4 ? &o : nullptr);
            break;
        }
        case 4: {  // a batch: all or nothing
            const std::size_t n = in.byte() % 6;
            std::vector<std::string> ids(n), dates(n);
            std::vector<okr_checkin> items(n);
            for (std::size_t k = 0; k < n; ++k) {
                items[k] = OKR_CHECKIN_INIT;
                items[k].key_result = some_id(in, g, ids[k]);
                items[k].date = some_date(in, dates[k]);
                items[k].value = in.number();
                items[k].confidence = in.byte() % 3 ? NAN : in.number();
            }
            if (n > 0 && in.byte() % 8 == 0) items[n - 1].version = 9;
            s = okr_graph_checkin_batch(g, n && in.byte() % 16 == 0 ? nullptr : items.data(), n);
            break;
        }
        case 5: {
            const std::string text = in.bytes(120);
            s = in.byte() % 2 ? okr_graph_load_checkins_csv(g, text.data(), text.size())
                              : okr_graph_load_scorecard_csv(g, text.data(), text.size());
            break;
        }
        case 6: {
            double v = 0;
            const char* id = some_id(in, g, st.strings[0]);
            s = okr_graph_score(g, id, some_date(in, st.strings[1]), in.byte() % 8 ? &v : nullptr);
            if (s == OKR_OK) FUZZ_CHECK(std::isnan(v) || v >= 0.0);
            break;
        }
        case 7: {
            okr_progress_status p = OKR_PROGRESS_NO_DATA;
            const char* id = some_id(in, g, st.strings[0]);
            s = okr_graph_status(g, id, some_date(in, st.strings[1]), &p);
            if (s == OKR_OK) FUZZ_CHECK(p >= OKR_PROGRESS_NO_DATA && p <= OKR_PROGRESS_PLANNED);
            break;
        }
        case 8: {
            const std::size_t cap = in.byte() % 64;
            std::vector<double> out(cap);
            size_t count = 0;
            s = okr_graph_score_vector(g, some_date(in, st.strings[1]), cap ? out.data() : nullptr, cap, &count);
            if (s == OKR_OK)
                for (size_t i = 0; i < count; ++i) FUZZ_CHECK(std::isnan(out[i]) || out[i] >= 0.0);
            break;
        }
        case 9:
            if (g) scores_of(in, g);
            else s = okr_graph_scores(nullptr, nullptr, nullptr);
            break;
        case 10: {
            okr_alignment_options o = OKR_ALIGNMENT_OPTIONS_INIT;
            o.max_objectives = static_cast<int>(in.byte()) - 8;
            o.top_k = static_cast<int>(in.byte() % 20) - 2;
            o.min_bottom_up_share = in.number();
            okr_alignment* a = nullptr;
            s = okr_graph_alignment(g, some_date(in, st.strings[1]), in.byte() % 3 ? &o : nullptr, &a);
            if (s == OKR_OK) {
                size_t n = 0;
                check_status(okr_alignment_finding_count(a, &n));
                for (size_t i = 0; i < n && i < 4; ++i) {
                    const char *code = nullptr, *subject = nullptr, *node = nullptr, *message = nullptr;
                    FUZZ_CHECK(okr_alignment_finding(a, i, &code, &subject, &node, &message) == OKR_OK);
                }
                int depth = 0;
                check_status(okr_alignment_depth(a, some_id(in, g, st.strings[0]), &depth));
                okr_alignment_free(a);
            }
            break;
        }
        case 11: {
            okr_scorecard_options o = OKR_SCORECARD_OPTIONS_INIT;
            o.periods = static_cast<int>(in.u32() % 1100) - 10;
            static const char* const freqs[] = {nullptr, "W", "MS", "QS", "D", "x"};
            o.freq = freqs[in.byte() % 6];
            o.team = in.byte() % 3 ? nullptr : (st.strings[2] = in.bytes(10)).c_str();
            okr_scorecard* sc = nullptr;
            s = okr_graph_scorecard(g, some_date(in, st.strings[1]), in.byte() % 3 ? &o : nullptr, &sc);
            if (s == OKR_OK) {
                size_t k = 0, p = 0;
                FUZZ_CHECK(okr_scorecard_shape(sc, &k, &p) == OKR_OK);
                const double* values = nullptr;
                FUZZ_CHECK(okr_scorecard_values(sc, &values) == OKR_OK);
                double sum = 0;
                for (size_t i = 0; i < k * p; ++i) sum += std::isnan(values[i]) ? 0 : values[i];
                (void)sum;
                okr_scorecard_free(sc);
            }
            break;
        }
        case 12: {
            okr_rocks* r = nullptr;
            s = okr_graph_rocks(g, some_date(in, st.strings[1]), &r);
            if (s == OKR_OK) {
                size_t n = 0;
                FUZZ_CHECK(okr_rocks_count(r, &n) == OKR_OK);
                for (size_t i = 0; i < n; ++i) {
                    okr_rock_row row;
                    std::memset(&row, 0, sizeof row);
                    row.version = OKR_ROCK_ROW_VERSION;
                    FUZZ_CHECK(okr_rocks_row_get(r, i, &row) == OKR_OK);
                }
                okr_rocks_free(r);
            }
            break;
        }
        case 13: {
            const int severity = static_cast<int>(in.byte() % 5) - 1;
            okr_lint_result* r = nullptr;
            s = in.byte() % 2 ? fuzz_lint(g, severity, &r) : okr_graph_lint(g, nullptr, &r);
            if (s == OKR_OK) {
                size_t n = 0;
                FUZZ_CHECK(okr_lint_result_count(r, &n) == OKR_OK);
                for (size_t i = 0; i < n; ++i) {  // every sentence the coach writes is valid UTF-8
                    okr_lint_finding f = OKR_LINT_FINDING_INIT;
                    FUZZ_CHECK(okr_lint_result_get(r, i, &f) == OKR_OK);
                    FUZZ_CHECK(utf8_ok(f.message) && utf8_ok(f.question) && utf8_ok(f.suggestion));
                }
                okr_lint_result_free(r);
            }
            break;
        }
        case 14:  // write the graph and read it into the other slot: the same document
            if (g && st.g[1 - slot]) {
                const std::string text = dump(g);
                if (!text.empty()) {
                    FUZZ_CHECK(okr_graph_load_json(st.g[1 - slot], text.data(), text.size()) == OKR_OK);
                    FUZZ_CHECK(dump(st.g[1 - slot]) == text);
                    st.known[1 - slot] = text;
                    st.known_ok[1 - slot] = true;
                }
            }
            break;
        case 15: {
            const char* id = some_id(in, g, st.strings[0]);
            const char* date = some_date(in, st.strings[1]);
            const int status = static_cast<int>(in.byte() % 4) - 1;
            s = fuzz_report_rock(g, id, date, status, in.byte() % 2 ? nullptr : "note");
            break;
        }
        case 16: {
            const char* id = some_id(in, g, st.strings[0]);
            if (in.byte() % 2) {
                s = fuzz_set_rock_state(g, id, static_cast<int>(in.byte() % 6) - 1);
            } else {
                const char* from = some_id(in, g, st.strings[2]);
                s = okr_graph_set_carried_from(g, id, from);
            }
            break;
        }
        default:  // a graph freed and made anew, empty
            okr_graph_free(g);
            g = nullptr;
            st.known_ok[slot] = false;
            s = okr_graph_new(&g);
            if (s != OKR_OK) g = nullptr;
            break;
    }
    check_status(s);
    if (mutating && g) {
        if (s != OKR_OK) FUZZ_CHECK(dump(g) == st.known[slot]);
        else st.known_ok[slot] = false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    State st;
    for (int k = 0; k < 2; ++k) {
        if (okr_graph_new(&st.g[k]) != OKR_OK) return 0;
        const std::string& text = document(static_cast<std::uint8_t>(k));
        FUZZ_CHECK(okr_graph_load_json(st.g[k], text.data(), text.size()) == OKR_OK);
    }
    for (int calls = 0; calls < 64 && !in.done(); ++calls) step(in, st);
    okr_graph_free(st.g[0]);
    okr_graph_free(st.g[1]);
    return 0;
}
