// The C API's thread-safety guarantees (docs/c_api.md#thread-safety), one test each, run under
// ThreadSanitizer in CI (scripts/dev.sh test). Each test starts its threads together and has
// them repeat their calls, so that the calls overlap; every result is compared with the result
// the same call gives on one thread.
//
//   1. distinct graphs: any calls at once on different graphs;
//   2. one graph, read-only calls (const okr_graph *) at once, starting from a freshly loaded
//      graph (so they race to build its roll-up structure);
//   3. result handles (okr_scores, okr_alignment, okr_rocks, okr_rock_completion,
//      okr_lint_result, okr_lint_rules, okr_scorecard, okr_kpi_matrix, okr_lead_result,
//      okr_pair_table, okr_ols_result) read at once;
//   4. okr_last_error belongs to its thread;
//   5. a writer with exclusive access (a check-in under a lock), readers in between: each reader
//      sees the graph before or after a check-in, never in between.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "okr.h"

namespace {

std::atomic<int> failures{0};

#define EXPECT(cond)                                                               \
    do {                                                                           \
        if (!(cond)) {                                                             \
            std::fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                            \
        }                                                                          \
    } while (0)

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string& example() {
    static const std::string text = read_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    return text;
}

okr_graph* load(const std::string& text) {
    okr_graph* g = nullptr;
    if (okr_graph_new(&g) != OKR_OK || okr_graph_load_json(g, text.data(), text.size()) != OKR_OK) {
        std::fprintf(stderr, "cannot load: %s\n", okr_last_error());
        std::exit(1);
    }
    return g;
}

// Runs `body(t)` on `n` threads started together.
void together(int n, const std::function<void(int)>& body) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < n; ++t)
        threads.emplace_back([&, t] {
            ++ready;
            while (ready.load() < n) std::this_thread::yield();
            body(t);
        });
    for (auto& th : threads) th.join();
}

// Everything read-only about a graph as one string: scores and statuses, alignment, Rocks, lint,
// the document. Equal strings: equal results.
std::string read_all(const okr_graph* g, const char* as_of) {
    std::string out;
    char buf[128];
    size_t n = 0;
    EXPECT(okr_graph_node_count(g, &n) == OKR_OK);
    std::vector<double> v(n);
    size_t count = 0;
    EXPECT(okr_graph_score_vector(g, as_of, v.data(), v.size(), &count) == OKR_OK && count == n);
    okr_scores* s = nullptr;
    EXPECT(okr_graph_scores(g, as_of, &s) == OKR_OK);
    for (size_t i = 0; i < n; ++i) {
        okr_node_score ns = OKR_NODE_SCORE_INIT;
        EXPECT(okr_scores_get(s, i, &ns) == OKR_OK);
        EXPECT((std::isnan(ns.score) && std::isnan(v[i])) || ns.score == v[i]);
        std::snprintf(buf, sizeof buf, "%s %.17g %d %.17g;", ns.id, ns.score, static_cast<int>(ns.status), ns.forecast);
        out += buf;
    }
    okr_scores_free(s);
    double one = 0;
    EXPECT(okr_graph_score(g, "o-ms-rock", as_of, &one) == OKR_OK);
    okr_alignment* a = nullptr;
    EXPECT(okr_graph_alignment(g, as_of, nullptr, &a) == OKR_OK);
    size_t findings = 0, orphans = 0;
    EXPECT(okr_alignment_finding_count(a, &findings) == OKR_OK && okr_alignment_orphan_count(a, &orphans) == OKR_OK);
    okr_alignment_free(a);
    okr_rocks* r = nullptr;
    size_t rocks = 0;
    EXPECT(okr_graph_rocks(g, as_of, &r) == OKR_OK && okr_rocks_count(r, &rocks) == OKR_OK);
    okr_rocks_free(r);
    okr_lint_result* l = nullptr;
    size_t lints = 0;
    EXPECT(okr_graph_lint(g, nullptr, &l) == OKR_OK && okr_lint_result_count(l, &lints) == OKR_OK);
    okr_lint_result_free(l);
    okr_scorecard* sc = nullptr;
    size_t kpis = 0, periods = 0;
    okr_scorecard_options so = OKR_SCORECARD_OPTIONS_INIT;
    so.freq = "W";
    EXPECT(okr_graph_scorecard(g, as_of, &so, &sc) == OKR_OK && okr_scorecard_shape(sc, &kpis, &periods) == OKR_OK);
    okr_scorecard_free(sc);
    std::snprintf(buf, sizeof buf, "| %.17g %zu %zu %zu %zu %zu %zu|", one, findings, orphans, rocks, lints, kpis, periods);
    out += buf;
    // Each node by its id: okr_graph_node_id and okr_graph_status.
    for (size_t i = 0; i < n; ++i) {
        const char* id = nullptr;
        okr_progress_status p = OKR_PROGRESS_NO_DATA;
        EXPECT(okr_graph_node_id(g, i, &id) == OKR_OK && okr_graph_status(g, id, as_of, &p) == OKR_OK);
        std::snprintf(buf, sizeof buf, "%d", static_cast<int>(p));
        out += buf;
    }
    // The KPI matrix and a leading-indicator scan over it.
    okr_kpi_matrix* m = nullptr;
    size_t rows = 0, cols = 0;
    const double* values = nullptr;
    EXPECT(okr_graph_kpis(g, "W", &m) == OKR_OK && okr_kpi_matrix_shape(m, &rows, &cols) == OKR_OK &&
           okr_kpi_matrix_values(m, &values) == OKR_OK);
    double sum = 0;
    for (size_t i = 0; i < rows * cols; ++i)
        if (!std::isnan(values[i])) sum += values[i];
    okr_kpi_matrix_free(m);
    okr_lead_result* lead = nullptr;
    size_t drivers = 0;
    EXPECT(okr_graph_leading_indicators(g, "lessons_completed", nullptr, 0, "W", nullptr, &lead) == OKR_OK &&
           okr_lead_result_count(lead, &drivers) == OKR_OK);
    for (size_t i = 0; i < drivers; ++i) {
        okr_lead_row row = OKR_LEAD_ROW_INIT;
        EXPECT(okr_lead_result_get(lead, i, &row) == OKR_OK);
        std::snprintf(buf, sizeof buf, "%s %d %.17g;", row.name, row.lag, row.q);
        out += buf;
    }
    okr_lead_result_free(lead);
    std::snprintf(buf, sizeof buf, "| %zu %zu %.17g %zu|", rows, cols, sum, drivers);
    out += buf;
    char* text = nullptr;
    size_t len = 0;
    EXPECT(okr_graph_to_json(g, &text, &len) == OKR_OK);
    out.append(text, len);
    okr_string_free(text);
    return out;
}

void distinct_graphs() {
    const std::string expected = [] {
        okr_graph* g = load(example());
        EXPECT(okr_graph_checkin(g, "kr-ms-kb", "2026-09-16", 75, NAN) == OKR_OK);
        std::string s = read_all(g, "2026-09-20");
        okr_graph_free(g);
        return s;
    }();
    together(4, [&](int) {
        for (int k = 0; k < 3; ++k) {
            okr_graph* g = load(example());
            EXPECT(okr_graph_checkin(g, "kr-ms-kb", "2026-09-16", 75, NAN) == OKR_OK);
            EXPECT(read_all(g, "2026-09-20") == expected);
            okr_graph_free(g);
        }
    });
}

void one_graph_read_only() {
    okr_graph* g = load(example());
    const std::string expected = [] {
        okr_graph* h = load(example());
        std::string s = read_all(h, "2026-09-20");
        okr_graph_free(h);
        return s;
    }();
    // No call has touched g since its load: the threads race to build its roll-up structure.
    together(4, [&](int) {
        for (int k = 0; k < 3; ++k) EXPECT(read_all(g, "2026-09-20") == expected);
    });
    okr_graph_free(g);
}

void shared_result_handles() {
    okr_graph* g = load(example());
    okr_scores* s = nullptr;
    okr_alignment* a = nullptr;
    okr_rocks* r = nullptr;
    okr_lint_result* l = nullptr;
    okr_lint_rules* rules = nullptr;
    const std::string rules_json = okr_lint_rules_default_json();
    EXPECT(okr_graph_scores(g, "2026-09-20", &s) == OKR_OK);
    EXPECT(okr_graph_alignment(g, "2026-09-20", nullptr, &a) == OKR_OK);
    EXPECT(okr_graph_rocks(g, "2026-09-20", &r) == OKR_OK);
    EXPECT(okr_graph_lint(g, nullptr, &l) == OKR_OK);
    EXPECT(okr_lint_rules_from_json(rules_json.data(), rules_json.size(), &rules) == OKR_OK);
    okr_scorecard* sc = nullptr;
    okr_scorecard_options so = OKR_SCORECARD_OPTIONS_INIT;
    so.freq = "W";
    okr_kpi_matrix* m = nullptr;
    okr_lead_result* lead = nullptr;
    EXPECT(okr_graph_scorecard(g, "2026-09-20", &so, &sc) == OKR_OK);
    EXPECT(okr_graph_kpis(g, "W", &m) == OKR_OK);
    EXPECT(okr_graph_leading_indicators(g, "lessons_completed", nullptr, 0, "W", nullptr, &lead) == OKR_OK);
    size_t kpis = 0, periods = 0, rows = 0, cols = 0, drivers = 0;
    EXPECT(okr_scorecard_shape(sc, &kpis, &periods) == OKR_OK && kpis > 0 && periods > 0);
    EXPECT(okr_kpi_matrix_shape(m, &rows, &cols) == OKR_OK && rows > 0 && cols > 0);
    EXPECT(okr_lead_result_count(lead, &drivers) == OKR_OK && drivers > 0);
    // The free-standing statistics: a table of pairs and a least-squares fit on made-up series.
    const size_t obs = 40;
    std::vector<double> data(obs * 3), y(obs);
    for (size_t i = 0; i < obs; ++i) {
        data[i] = static_cast<double>(i);
        data[obs + i] = std::sin(static_cast<double>(i));
        data[2 * obs + i] = static_cast<double>((i * 7) % 11);
        y[i] = 2.0 * data[i] - data[obs + i] + 0.1 * data[2 * obs + i];
    }
    okr_pair_table* pairs = nullptr;
    okr_ols_result* fit = nullptr;
    okr_rock_completion* done = nullptr;
    EXPECT(okr_correlate_all(data.data(), obs, 3, OKR_CORR_SPEARMAN, 3, 0.95, OKR_CORRECTION_FDR_BH, &pairs) == OKR_OK);
    EXPECT(okr_ols(data.data(), obs, 3, y.data(), nullptr, 1, "HAC", 2, &fit) == OKR_OK);
    EXPECT(okr_rocks_completion(r, "team", nullptr, &done) == OKR_OK);
    size_t npairs = 0, params = 0, groups = 0;
    EXPECT(okr_pair_table_count(pairs, &npairs) == OKR_OK && npairs == 3);
    EXPECT(okr_ols_param_count(fit, &params) == OKR_OK && params == 4);
    EXPECT(okr_rock_completion_count(done, &groups) == OKR_OK && groups > 0);
    size_t n = 0, findings = 0, rocks = 0, lints = 0;
    EXPECT(okr_scores_count(s, &n) == OKR_OK);
    EXPECT(okr_alignment_finding_count(a, &findings) == OKR_OK);
    EXPECT(okr_rocks_count(r, &rocks) == OKR_OK);
    EXPECT(okr_lint_result_count(l, &lints) == OKR_OK);
    together(4, [&](int t) {
        for (int k = 0; k < 20; ++k) {
            for (size_t i = 0; i < n; ++i) {
                okr_node_score ns = OKR_NODE_SCORE_INIT;
                EXPECT(okr_scores_get(s, (i + static_cast<size_t>(t)) % n, &ns) == OKR_OK);
                size_t at = 0;
                EXPECT(okr_scores_find(s, ns.id, &at) == OKR_OK && at == (i + static_cast<size_t>(t)) % n);
            }
            for (size_t i = 0; i < findings; ++i) {
                const char *code, *subject, *node, *message;
                EXPECT(okr_alignment_finding(a, i, &code, &subject, &node, &message) == OKR_OK);
            }
            int depth = 0;
            EXPECT(okr_alignment_depth(a, "o-ms-rock", &depth) == OKR_OK);
            for (size_t i = 0; i < rocks; ++i) {
                okr_rock_row row;
                std::memset(&row, 0, sizeof row);
                row.version = OKR_ROCK_ROW_VERSION;
                EXPECT(okr_rocks_row_get(r, i, &row) == OKR_OK);
            }
            for (size_t i = 0; i < lints; ++i) {
                okr_lint_finding f;
                std::memset(&f, 0, sizeof f);
                f.version = OKR_LINT_FINDING_VERSION;
                EXPECT(okr_lint_result_get(l, i, &f) == OKR_OK);
            }
            const double* values = nullptr;
            EXPECT(okr_scorecard_values(sc, &values) == OKR_OK);
            for (size_t i = 0; i < kpis; ++i) {
                const char* id = nullptr;
                okr_scorecard_row row = OKR_SCORECARD_ROW_INIT;
                EXPECT(okr_scorecard_kpi(sc, i, &id) == OKR_OK && okr_scorecard_row_get(sc, i, &row) == OKR_OK);
                for (size_t j = 0; j < periods; ++j) {
                    int on_goal = 0;
                    EXPECT(okr_scorecard_on_goal(sc, i, j, &on_goal) == OKR_OK);
                }
            }
            for (size_t j = 0; j < periods; ++j) {
                const char* start = nullptr;
                EXPECT(okr_scorecard_period(sc, j, &start) == OKR_OK);
            }
            EXPECT(okr_kpi_matrix_values(m, &values) == OKR_OK);
            for (size_t i = 0; i < rows; ++i) {
                const char* start = nullptr;
                EXPECT(okr_kpi_matrix_period(m, i, &start) == OKR_OK);
            }
            for (size_t j = 0; j < cols; ++j) {
                const char* id = nullptr;
                EXPECT(okr_kpi_matrix_id(m, j, &id) == OKR_OK);
            }
            for (size_t i = 0; i < drivers; ++i) {
                okr_lead_row row = OKR_LEAD_ROW_INIT;
                EXPECT(okr_lead_result_get(lead, i, &row) == OKR_OK && row.name && row.verdict);
            }
            for (size_t i = 0; i < npairs; ++i) {
                size_t x = 0, w = 0;
                okr_pair_stats ps = OKR_PAIR_STATS_INIT;
                double q = 0;
                EXPECT(okr_pair_table_get(pairs, i, &x, &w, &ps, &q) == OKR_OK && x < w);
            }
            for (size_t i = 0; i < params; ++i) {
                const char* name = nullptr;
                double param = 0, bse = 0, t = 0, p = 0;
                EXPECT(okr_ols_param(fit, i, &name, &param, &bse, &t, &p) == OKR_OK && name != nullptr);
            }
            double r2 = 0;
            EXPECT(okr_ols_fit(fit, &r2, nullptr, nullptr, nullptr) == OKR_OK && r2 > 0.9);
            for (size_t i = 0; i < groups; ++i) {
                const char *cycle = nullptr, *group = nullptr;
                size_t all = 0, d = 0, nd = 0, open = 0, canceled = 0;
                double rate = 0;
                EXPECT(okr_rock_completion_get(done, i, &cycle, &group, &all, &d, &nd, &open, &canceled, &rate) == OKR_OK);
            }
            // One rules handle, shared by concurrent lints.
            okr_lint_options o = OKR_LINT_OPTIONS_INIT;
            o.rules = rules;
            okr_lint_result* mine = nullptr;
            size_t count = 0;
            EXPECT(okr_graph_lint(g, &o, &mine) == OKR_OK && okr_lint_result_count(mine, &count) == OKR_OK &&
                   count == lints);
            okr_lint_result_free(mine);
        }
    });
    okr_scores_free(s);
    okr_alignment_free(a);
    okr_rocks_free(r);
    okr_lint_result_free(l);
    okr_lint_rules_free(rules);
    okr_scorecard_free(sc);
    okr_kpi_matrix_free(m);
    okr_lead_result_free(lead);
    okr_pair_table_free(pairs);
    okr_ols_result_free(fit);
    okr_rock_completion_free(done);
    okr_graph_free(g);
}

void last_error_per_thread() {
    okr_graph* g = load(example());
    together(4, [&](int t) {
        const std::string id = "no-such-node-" + std::to_string(t);
        for (int k = 0; k < 200; ++k) {
            double v = 0;
            EXPECT(okr_graph_score(g, id.c_str(), "2026-09-20", &v) == OKR_ERR_NOT_FOUND);
            EXPECT(std::strstr(okr_last_error(), id.c_str()) != nullptr);
        }
    });
    okr_graph_free(g);
}

void exclusive_writer() {
    okr_graph* g = load(example());
    // The states a reader may see: before the k-th check-in, for k = 0..writes.
    const int writes = 6;
    std::vector<std::string> states;
    {
        okr_graph* h = load(example());
        states.push_back(read_all(h, "2026-09-30"));
        for (int k = 0; k < writes; ++k) {
            const std::string date = "2026-09-2" + std::to_string(k);
            EXPECT(okr_graph_checkin(h, "kr-ms-kb", date.c_str(), 70 + k, NAN) == OKR_OK);
            states.push_back(read_all(h, "2026-09-30"));
        }
        okr_graph_free(h);
    }
    std::shared_mutex lock;
    together(3, [&](int t) {
        if (t == 0) {
            for (int k = 0; k < writes; ++k) {
                std::unique_lock<std::shared_mutex> w(lock);
                const std::string date = "2026-09-2" + std::to_string(k);
                EXPECT(okr_graph_checkin(g, "kr-ms-kb", date.c_str(), 70 + k, NAN) == OKR_OK);
                w.unlock();
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            return;
        }
        for (int k = 0; k < 40; ++k) {
            {
                std::shared_lock<std::shared_mutex> r(lock);
                const std::string seen = read_all(g, "2026-09-30");
                bool known = false;
                for (const std::string& s : states) known = known || s == seen;
                EXPECT(known);
            }
            std::this_thread::yield();
        }
    });
    EXPECT(read_all(g, "2026-09-30") == states.back());
    okr_graph_free(g);
}

}  // namespace

int main() {
    const struct {
        const char* name;
        void (*run)();
    } tests[] = {{"distinct graphs", distinct_graphs},
                 {"one graph, read-only calls", one_graph_read_only},
                 {"shared result handles", shared_result_handles},
                 {"okr_last_error per thread", last_error_per_thread},
                 {"an exclusive writer between readers", exclusive_writer}};
    for (const auto& t : tests) {
        const int before = failures.load();
        const auto start = std::chrono::steady_clock::now();
        t.run();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("%-40s %s (%.2f s)\n", t.name, failures.load() == before ? "ok" : "FAILED", took.count());
    }
    return failures.load() == 0 ? 0 : 1;
}
