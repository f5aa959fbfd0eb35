// C ABI over the C++ core: conversion and error mapping only.
#include "okr.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <span>
#include <string_view>
#include <unordered_map>
#include <string>
#include <vector>

#include "okr/okr.hpp"

struct okr_graph {
    okr::Graph graph;
};

struct okr_scores {
    okr::Scores scores;
    std::vector<okr_kind> kinds;
    std::string id_text;                // every id, NUL-terminated, back to back
    std::vector<std::size_t> id_offset; // start of each id in id_text
    // id → index, built on the first okr_scores_find (once, safely from several threads).
    mutable std::once_flag index_once;
    mutable std::unordered_map<std::string_view, std::size_t> index;
};

struct okr_pair_table {
    okr::PairTable t;
};

struct okr_kpi_matrix {
    okr::KpiMatrix m;
    std::vector<std::string> starts;
};

struct okr_ols_result {
    okr::OlsResult r;
};

struct okr_lead_result {
    std::vector<okr::LeadRow> rows;
    std::vector<std::string> names;
};

struct okr_alignment {
    okr::AlignmentReport r;
    std::vector<std::string> ids;  // node ids, so the handle outlives the graph
    std::vector<std::uint8_t> is_kr;  // per node
    std::unordered_map<std::string_view, okr::NodeIndex> index;
    std::vector<std::string> codes, nodes, levels;  // per finding / coverage, stable c_str()s
};

namespace {

thread_local std::string last_error;

// A C caller may pass any int where an enum is expected; reading such a value through the C++
// enum type is undefined, so look at its bytes instead.
template <class E>
int enum_value(const E& e) noexcept {
    static_assert(sizeof(E) == sizeof(int));
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

okr_status set_error(okr_status code, const char* msg) noexcept {
    try {
        last_error = msg;
    } catch (...) {
        // Keep the code; the message could not be stored.
    }
    return code;
}

// Runs `body`, mapping every exception to a status code (nothing crosses the boundary).
template <class F>
okr_status guarded(F&& body) noexcept {
    try {
        body();
        return OKR_OK;
    } catch (const okr::Error& e) {
        return set_error(static_cast<okr_status>(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return set_error(OKR_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        return set_error(OKR_ERR_INTERNAL, (std::string("internal error: ") + e.what()).c_str());
    } catch (...) {
        return set_error(OKR_ERR_INTERNAL, "internal error: unknown exception");
    }
}

[[noreturn]] void null_arg(const char* name) {
    throw okr::Error(okr::ErrorCode::invalid_argument, std::string("argument \"") + name + "\" must not be NULL");
}

#define OKR_REQUIRE(p)            \
    do {                          \
        if ((p) == nullptr) null_arg(#p); \
    } while (0)

// A rows × cols column-major array: rejects sizes whose product overflows or that Eigen cannot
// index, and a NULL pointer for a non-empty array.
void check_matrix(const double* data, size_t rows, size_t cols, const char* name) {
    constexpr size_t max_index = static_cast<size_t>(std::numeric_limits<std::ptrdiff_t>::max());
    if (rows > max_index || cols > max_index || (cols != 0 && rows > max_index / cols))
        throw okr::Error(okr::ErrorCode::invalid_argument, std::string(name) + ": " + std::to_string(rows) + " x " +
                                                               std::to_string(cols) + " is too large");
    if (rows != 0 && cols != 0 && data == nullptr) null_arg(name);
}

okr::Date as_of_date(const char* as_of) {
    return as_of ? okr::Date::parse(as_of, "as_of") : okr::Date::today();
}

okr::NodeIndex node_of(const okr::Graph& g, const char* id) {
    return g.at(id);
}

std::size_t check_index(const okr_scores* s, std::size_t i) {
    if (i >= s->scores.nodes.size())
        throw okr::Error(okr::ErrorCode::not_found, "index " + std::to_string(i) + " is out of range (count " +
                                                        std::to_string(s->scores.nodes.size()) + ")");
    return i;
}

}  // namespace

extern "C" {

const char* okr_version(void) { return OKR_VERSION_STRING; }

const char* okr_last_error(void) { return last_error.c_str(); }

const char* okr_status_str(okr_status code) {
    const int v = enum_value(code);
    if (v > 0 || v < -9) return "unknown status";
    return okr::error_code_name(static_cast<okr::ErrorCode>(v));
}

const char* okr_progress_status_str(okr_progress_status s) {
    const int v = enum_value(s);
    if (v < OKR_PROGRESS_NO_DATA || v > OKR_PROGRESS_DONE) return "";
    return okr::to_string(static_cast<okr::Status>(v));
}

okr_status okr_graph_new(okr_graph** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        *out = new okr_graph();
    });
}

void okr_graph_free(okr_graph* g) { delete g; }

okr_status okr_graph_load_json(okr_graph* g, const char* json, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (json == nullptr && len != 0) null_arg("json");
        okr::Graph loaded = okr::load_json(std::string_view(json ? json : "", len));
        g->graph.swap(loaded);
    });
}

okr_status okr_graph_load_json_file(okr_graph* g, const char* path) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(path);
        okr::Graph loaded = okr::load_json_file(path);
        g->graph.swap(loaded);
    });
}

okr_status okr_graph_to_json(const okr_graph* g, char** out, size_t* len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const std::string text = okr::to_json(g->graph);
        char* buf = static_cast<char*>(std::malloc(text.size() + 1));
        if (!buf) throw std::bad_alloc();
        std::memcpy(buf, text.data(), text.size());
        buf[text.size()] = '\0';
        *out = buf;
        if (len) *len = text.size();
    });
}

void okr_string_free(char* s) { std::free(s); }

okr_status okr_graph_node_count(const okr_graph* g, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        *out = g->graph.node_count();
    });
}

void okr_checkin_options_init(okr_checkin_options* opts) {
    if (opts) *opts = okr_checkin_options{OKR_CHECKIN_OPTIONS_VERSION, NAN, nullptr, nullptr};
}

okr_status okr_graph_checkin_ex(okr_graph* g, const char* kr_id, const char* date, double value,
                                const okr_checkin_options* opts) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(kr_id);
        OKR_REQUIRE(date);
        okr::CheckIn c;
        c.key_result = kr_id;
        c.date = okr::Date::parse(date, "date");
        c.value = value;
        if (opts) {
            if (opts->version < 1 || opts->version > OKR_CHECKIN_OPTIONS_VERSION)
                throw okr::Error(okr::ErrorCode::version, "okr_checkin_options: unknown version " + std::to_string(opts->version));
            c.confidence = opts->confidence;
            if (opts->note) c.note = opts->note;
            if (opts->stage) c.stage = opts->stage;
        }
        g->graph.check_in(std::move(c));
    });
}

okr_status okr_graph_checkin(okr_graph* g, const char* kr_id, const char* date, double value, double confidence) {
    okr_checkin_options o{OKR_CHECKIN_OPTIONS_VERSION, confidence, nullptr, nullptr};
    return okr_graph_checkin_ex(g, kr_id, date, value, &o);
}

okr_status okr_graph_checkin_batch(okr_graph* g, const okr_checkin* items, size_t count) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (items == nullptr && count != 0) null_arg("items");
        std::vector<okr::CheckIn> batch;
        batch.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            const okr_checkin& in = items[i];
            const std::string at = "check-ins[" + std::to_string(i) + "]: ";
            if (in.version != OKR_CHECKIN_VERSION)
                throw okr::Error(okr::ErrorCode::version, at + "okr_checkin: unknown version " + std::to_string(in.version) +
                                                              " (initialise it with OKR_CHECKIN_INIT)");
            if (!in.key_result) throw okr::Error(okr::ErrorCode::invalid_argument, at + "key_result is NULL");
            if (!in.date) throw okr::Error(okr::ErrorCode::invalid_argument, at + "date is NULL");
            okr::CheckIn c;
            c.key_result = in.key_result;
            try {
                c.date = okr::Date::parse(in.date, "date");
            } catch (const okr::Error& e) {
                throw okr::Error(e.code(), at + e.what());
            }
            c.value = in.value;
            c.confidence = in.confidence;
            if (in.note) c.note = in.note;
            if (in.stage) c.stage = in.stage;
            batch.push_back(std::move(c));
        }
        g->graph.check_in_batch(std::move(batch));
    });
}

okr_status okr_graph_load_checkins_csv(okr_graph* g, const char* csv, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_checkins_csv(g->graph, std::string_view(csv ? csv : "", len));
    });
}

okr_status okr_graph_load_scorecard_csv(okr_graph* g, const char* csv, size_t len) {
    return guarded([&] {
        OKR_REQUIRE(g);
        if (csv == nullptr && len != 0) null_arg("csv");
        okr::load_scorecard_csv(g->graph, std::string_view(csv ? csv : "", len));
    });
}

okr_status okr_graph_score(const okr_graph* g, const char* id, const char* as_of, double* out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(id);
        OKR_REQUIRE(out);
        const okr::Date d = as_of_date(as_of);
        *out = okr::score_node(g->graph, node_of(g->graph, id), d).score;
    });
}

okr_status okr_graph_status(const okr_graph* g, const char* id, const char* as_of, okr_progress_status* out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(id);
        OKR_REQUIRE(out);
        const okr::Date d = as_of_date(as_of);
        *out = static_cast<okr_progress_status>(okr::score_node(g->graph, node_of(g->graph, id), d).status);
    });
}

okr_status okr_graph_node_id(const okr_graph* g, size_t i, const char** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const std::size_t n = g->graph.node_count();
        if (i >= n)  // as okr_scores_* do for an index out of range
            throw okr::Error(okr::ErrorCode::not_found,
                             "node index " + std::to_string(i) + " is out of range (the graph has " + std::to_string(n) + " nodes)");
        *out = g->graph.id(static_cast<okr::NodeIndex>(i)).c_str();
    });
}

okr_status okr_graph_score_vector(const okr_graph* g, const char* as_of, double* out, size_t capacity, size_t* count) {
    // `count` is written on success and with OKR_ERR_BUFFER_TOO_SMALL (the room needed) only.
    return guarded([&] {
        OKR_REQUIRE(g);
        const okr::Date d = as_of_date(as_of);
        const std::size_t n = g->graph.node_count();
        if (capacity < n) {
            if (count) *count = n;
            throw okr::Error(okr::ErrorCode::buffer_too_small, "okr_graph_score_vector: room for " + std::to_string(capacity) +
                                                                   " scores, the graph has " + std::to_string(n) + " nodes");
        }
        if (n > 0) OKR_REQUIRE(out);
        okr::score_vector(g->graph, d, std::span<double>(out, n));
        if (count) *count = n;
    });
}

okr_status okr_graph_scores(const okr_graph* g, const char* as_of, okr_scores** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        const okr::Date d = as_of_date(as_of);
        auto* s = new okr_scores();
        try {
            s->scores = okr::score_all(g->graph, d);
            const std::size_t n = g->graph.node_count();
            s->kinds.resize(n);
            s->id_offset.resize(n);
            std::size_t total = 0;
            for (okr::NodeIndex v = 0; v < n; ++v) total += g->graph.id(v).size() + 1;
            s->id_text.reserve(total);
            for (okr::NodeIndex v = 0; v < n; ++v) {
                s->kinds[v] = g->graph.kind(v) == okr::NodeKind::objective ? OKR_KIND_OBJECTIVE : OKR_KIND_KEY_RESULT;
                s->id_offset[v] = s->id_text.size();
                s->id_text += g->graph.id(v);
                s->id_text.push_back('\0');
            }
        } catch (...) {
            delete s;
            throw;
        }
        *out = s;
    });
}

void okr_scores_free(okr_scores* s) { delete s; }

okr_status okr_scores_count(const okr_scores* s, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = s->scores.nodes.size();
    });
}

okr_status okr_scores_find(const okr_scores* s, const char* id, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(id);
        OKR_REQUIRE(out);
        std::call_once(s->index_once, [s] {
            s->index.reserve(s->id_offset.size());
            for (std::size_t i = 0; i < s->id_offset.size(); ++i)
                s->index.emplace(std::string_view(s->id_text.c_str() + s->id_offset[i]), i);
        });
        const auto it = s->index.find(std::string_view(id));
        if (it != s->index.end()) {
            *out = it->second;
            return;
        }
        throw okr::Error(okr::ErrorCode::not_found, std::string("no node with id \"") + id + "\" in the scores");
    });
}

okr_status okr_scores_get(const okr_scores* s, size_t i, okr_node_score* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        if (out->version < 1 || out->version > OKR_NODE_SCORE_VERSION)
            throw okr::Error(okr::ErrorCode::version, "okr_node_score: unknown version " + std::to_string(out->version) +
                                                          " (initialise it with OKR_NODE_SCORE_INIT)");
        check_index(s, i);
        const okr::NodeScore& n = s->scores.nodes[i];
        out->id = s->id_text.c_str() + s->id_offset[i];
        out->kind = s->kinds[i];
        out->status = static_cast<okr_progress_status>(n.status);
        out->score = n.score;
        out->expected = n.expected;
        out->forecast = n.forecast;
        out->forecast_low = n.forecast_low;
        out->forecast_high = n.forecast_high;
        out->p_target = n.p_target;
        out->overachievement = n.overachievement;
        out->value = n.value;
        out->regressing = n.regressing ? 1 : 0;
        out->checkins = n.checkins;
    });
}

okr_status okr_scores_id(const okr_scores* s, size_t i, const char** out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = s->id_text.c_str() + s->id_offset[check_index(s, i)];
    });
}

okr_status okr_scores_kind(const okr_scores* s, size_t i, okr_kind* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = s->kinds[check_index(s, i)];
    });
}

okr_status okr_scores_score(const okr_scores* s, size_t i, double* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = s->scores.nodes[check_index(s, i)].score;
    });
}

okr_status okr_scores_status(const okr_scores* s, size_t i, okr_progress_status* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = static_cast<okr_progress_status>(s->scores.nodes[check_index(s, i)].status);
    });
}

okr_status okr_scores_forecast(const okr_scores* s, size_t i, double* out) {
    return guarded([&] {
        OKR_REQUIRE(s);
        OKR_REQUIRE(out);
        *out = s->scores.nodes[check_index(s, i)].forecast;
    });
}

}  // extern "C"

namespace {

template <class V>
std::size_t at_index(const V& v, std::size_t i, const char* what) {
    if (i >= v.size())
        throw okr::Error(okr::ErrorCode::not_found, std::string(what) + " index " + std::to_string(i) + " is out of range (count " +
                                                        std::to_string(v.size()) + ")");
    return i;
}

okr::NodeIndex alignment_node(const okr_alignment* a, const char* id) {
    auto it = a->index.find(std::string_view(id));
    if (it == a->index.end()) throw okr::Error(okr::ErrorCode::not_found, std::string("no node with id \"") + id + "\"");
    return it->second;
}

}  // namespace

extern "C" {

void okr_alignment_options_init(okr_alignment_options* opts) {
    if (opts) *opts = okr_alignment_options OKR_ALIGNMENT_OPTIONS_INIT;
}

okr_status okr_graph_alignment(const okr_graph* g, const char* as_of, const okr_alignment_options* opts, okr_alignment** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        okr::AlignmentOptions o;
        if (opts) {
            if (opts->version < 1 || opts->version > OKR_ALIGNMENT_OPTIONS_VERSION)
                throw okr::Error(okr::ErrorCode::version, "okr_alignment_options: unknown version " + std::to_string(opts->version));
            o.max_objectives = opts->max_objectives;
            o.min_key_results = opts->min_key_results;
            o.max_key_results = opts->max_key_results;
            o.min_bottom_up_share = opts->min_bottom_up_share;
            o.top_k = opts->top_k;
        }
        const okr::Date d = as_of_date(as_of);
        auto a = std::make_unique<okr_alignment>();
        a->r = okr::alignment(g->graph, o, d);
        a->ids.reserve(g->graph.node_count());
        a->is_kr.reserve(g->graph.node_count());
        for (okr::NodeIndex v = 0; v < g->graph.node_count(); ++v) {
            a->ids.push_back(g->graph.id(v));
            a->is_kr.push_back(g->graph.kind(v) == okr::NodeKind::key_result);
        }
        a->index.reserve(a->ids.size());
        for (okr::NodeIndex v = 0; v < a->ids.size(); ++v) a->index.emplace(std::string_view(a->ids[v]), v);
        for (const okr::Finding& f : a->r.findings) {
            a->codes.emplace_back(okr::to_string(f.code));
            a->nodes.emplace_back(f.node == okr::npos ? std::string() : a->ids[f.node]);
        }
        *out = a.release();
    });
}

void okr_alignment_free(okr_alignment* a) { delete a; }

okr_status okr_alignment_top_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.top.size();
    });
}

okr_status okr_alignment_top(const okr_alignment* a, size_t i, const char** id) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(id);
        *id = a->ids[a->r.top[at_index(a->r.top, i, "top objective")]].c_str();
    });
}

okr_status okr_alignment_orphan_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.orphans.size();
    });
}

okr_status okr_alignment_orphan(const okr_alignment* a, size_t i, const char** id) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(id);
        *id = a->ids[a->r.orphans[at_index(a->r.orphans, i, "orphan")]].c_str();
    });
}

okr_status okr_alignment_depth(const okr_alignment* a, const char* id, int* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(id);
        OKR_REQUIRE(out);
        const okr::NodeIndex v = alignment_node(a, id);
        if (a->is_kr[v])
            throw okr::Error(okr::ErrorCode::not_found, std::string("depth: \"") + id + "\" is a key result, not an objective");
        *out = a->r.depth[v];
    });
}

okr_status okr_alignment_coverage_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.coverage.size();
    });
}

okr_status okr_alignment_coverage(const okr_alignment* a, size_t i, const char** group_by, const char** group,
                                  size_t* objectives, size_t* aligned, double* share) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::Coverage& c = a->r.coverage[at_index(a->r.coverage, i, "coverage")];
        if (group_by) *group_by = c.group_by.c_str();
        if (group) *group = c.group.c_str();
        if (objectives) *objectives = c.objectives;
        if (aligned) *aligned = c.aligned;
        if (share) *share = c.share;
    });
}

okr_status okr_alignment_contribution(const okr_alignment* a, const char* top, const char* node, double* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(top);
        OKR_REQUIRE(node);
        OKR_REQUIRE(out);
        const okr::NodeIndex t = alignment_node(a, top), v = alignment_node(a, node);
        if (!a->r.is_top[t]) throw okr::Error(okr::ErrorCode::invalid_argument, std::string("\"") + top + "\" is not a top-level objective");
        *out = 0.0;
        for (const okr::Contribution& c : a->r.contributions)
            if (c.top == t && c.node == v) *out = c.value;
    });
}

okr_status okr_alignment_contribution_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.contributions.size();
    });
}

okr_status okr_alignment_contribution_at(const okr_alignment* a, size_t i, const char** top, const char** node, double* value) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::Contribution& c = a->r.contributions[at_index(a->r.contributions, i, "contribution")];
        if (top) *top = a->ids[c.top].c_str();
        if (node) *node = a->ids[c.node].c_str();
        if (value) *value = c.value;
    });
}

okr_status okr_alignment_finding_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.findings.size();
    });
}

okr_status okr_alignment_finding(const okr_alignment* a, size_t i, const char** code, const char** subject, const char** node,
                                 const char** message) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::Finding& f = a->r.findings[at_index(a->r.findings, i, "finding")];
        if (code) *code = a->codes[i].c_str();
        if (subject) *subject = f.subject.c_str();
        if (node) *node = a->nodes[i].c_str();
        if (message) *message = f.message.c_str();
    });
}

okr_status okr_alignment_dependency_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.dependencies.size();
    });
}

okr_status okr_alignment_dependency(const okr_alignment* a, size_t i, const char** from, const char** to, size_t* links,
                                    int* reciprocated) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::TeamDependency& d = a->r.dependencies[at_index(a->r.dependencies, i, "dependency")];
        if (from) *from = d.from.c_str();
        if (to) *to = d.to.c_str();
        if (links) *links = d.links;
        if (reciprocated) *reciprocated = d.reciprocated ? 1 : 0;
    });
}

okr_status okr_alignment_cycle_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.dependency_cycles.size();
    });
}

okr_status okr_alignment_cycle_size(const okr_alignment* a, size_t i, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.dependency_cycles[at_index(a->r.dependency_cycles, i, "cycle")].size();
    });
}

okr_status okr_alignment_cycle_team(const okr_alignment* a, size_t i, size_t j, const char** team) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(team);
        const auto& c = a->r.dependency_cycles[at_index(a->r.dependency_cycles, i, "cycle")];
        *team = c[at_index(c, j, "team")].c_str();
    });
}

okr_status okr_alignment_centrality_count(const okr_alignment* a, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(a);
        OKR_REQUIRE(out);
        *out = a->r.centrality.size();
    });
}

okr_status okr_alignment_centrality(const okr_alignment* a, size_t i, const char** team, size_t* dependents, size_t* links_in,
                                    double* betweenness) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::TeamCentrality& c = a->r.centrality[at_index(a->r.centrality, i, "team")];
        if (team) *team = c.team.c_str();
        if (dependents) *dependents = c.dependents;
        if (links_in) *links_in = c.links_in;
        if (betweenness) *betweenness = c.betweenness;
    });
}

okr_status okr_alignment_exposure(const okr_alignment* a, size_t i, const char** top, double* at_risk_share, size_t* inputs) {
    return guarded([&] {
        OKR_REQUIRE(a);
        const okr::Exposure& e = a->r.exposure[at_index(a->r.exposure, i, "exposure")];
        if (top) *top = a->ids[e.top].c_str();
        if (at_risk_share) *at_risk_share = e.at_risk_share;
        if (inputs) *inputs = e.inputs;
    });
}

}  // extern "C"

namespace {

okr::CorrMethod corr_method(const okr_corr_method& method) {
    const int m = enum_value(method);
    switch (m) {
        case OKR_CORR_PEARSON: return okr::CorrMethod::pearson;
        case OKR_CORR_SPEARMAN: return okr::CorrMethod::spearman;
        case OKR_CORR_KENDALL: return okr::CorrMethod::kendall;
    }
    throw okr::Error(okr::ErrorCode::invalid_argument, "method: unknown okr_corr_method " + std::to_string(m));
}

void fill(okr_pair_stats* out, const okr::PairStats& s) {
    if (out->version < 1 || out->version > OKR_PAIR_STATS_VERSION)
        throw okr::Error(okr::ErrorCode::version, "okr_pair_stats: unknown version " + std::to_string(out->version) +
                                                      " (initialise it with OKR_PAIR_STATS_INIT)");
    out->r = s.r;
    out->n = s.n;
    out->p = s.p;
    out->ci_low = s.ci_low;
    out->ci_high = s.ci_high;
    out->reason = static_cast<int>(s.reason);
}

}  // namespace

extern "C" {

okr_status okr_corr_matrix(const double* data, size_t rows, size_t cols, okr_corr_method method, int min_periods, double* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(data, rows, cols, "data");
        check_matrix(out, cols, cols, "out");
        const auto m = corr_method(method);
        const Eigen::Map<const Eigen::MatrixXd> d(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        const Eigen::MatrixXd r = okr::corr_matrix(d, m, min_periods);
        std::copy(r.data(), r.data() + r.size(), out);
    });
}

okr_status okr_correlate_pair(const double* x, const double* y, size_t n, okr_corr_method method, int min_periods, double level,
                              okr_pair_stats* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        if (n && !x) null_arg("x");
        if (n && !y) null_arg("y");
        const okr::PairStats s = okr::correlate_pair({x, n}, {y, n}, corr_method(method), min_periods, level);
        fill(out, s);
    });
}

okr_status okr_lagged_correlation(const double* driver, const double* outcome, size_t n, const int* lags, size_t nlags,
                                  okr_corr_method method, int min_periods, double level, okr_pair_stats* out) {
    return okr_lagged_correlation_ex(driver, outcome, n, lags, nlags, method, min_periods, level, OKR_LAG_PAIRWISE, out);
}

okr_status okr_lagged_correlation_ex(const double* driver, const double* outcome, size_t n, const int* lags, size_t nlags,
                                     okr_corr_method method, int min_periods, double level, okr_lag_normalization normalization,
                                     okr_pair_stats* out) {
    return guarded([&] {
        if (n && !driver) null_arg("driver");
        if (n && !outcome) null_arg("outcome");
        if (nlags && !lags) null_arg("lags");
        if (nlags && !out) null_arg("out");
        const int nv = enum_value(normalization);
        if (nv != OKR_LAG_PAIRWISE && nv != OKR_LAG_CCF)
            throw okr::Error(okr::ErrorCode::invalid_argument, "normalization: unknown okr_lag_normalization " + std::to_string(nv));
        const auto norm = nv == OKR_LAG_CCF ? okr::LagNormalization::ccf : okr::LagNormalization::pairwise;
        const auto rows = okr::lagged_correlation({driver, n}, {outcome, n}, {lags, nlags}, corr_method(method), min_periods, level, norm);
        for (std::size_t i = 0; i < nlags; ++i)
            if (out[i].version < 1 || out[i].version > OKR_PAIR_STATS_VERSION)
                throw okr::Error(okr::ErrorCode::version, "okr_pair_stats out[" + std::to_string(i) + "]: unknown version");
        for (std::size_t i = 0; i < nlags; ++i) fill(&out[i], rows[i].stats);
    });
}

okr_status okr_bh_qvalues(const double* p, size_t n, double* q) {
    return guarded([&] {
        if (n && !p) null_arg("p");
        if (n && !q) null_arg("q");
        const auto r = okr::bh_qvalues({p, n});
        std::copy(r.begin(), r.end(), q);
    });
}

}  // extern "C"

namespace {

okr::LeadOptions lead_options(const okr_lead_options* opts) {
    okr::LeadOptions o;
    if (!opts) return o;
    if (opts->version < 1 || opts->version > OKR_LEAD_OPTIONS_VERSION)
        throw okr::Error(okr::ErrorCode::version, "okr_lead_options: unknown version " + std::to_string(opts->version));
    if (opts->nlags) {
        if (!opts->lags) null_arg("opts->lags");
        o.lags.assign(opts->lags, opts->lags + opts->nlags);
    }
    o.method = corr_method(opts->method);
    const int tr = enum_value(opts->transform);
    if (tr < 0 || tr > 2) throw okr::Error(okr::ErrorCode::invalid_argument, "transform: unknown okr_transform " + std::to_string(tr));
    o.transform = static_cast<okr::Transform>(tr);
    o.adjust = opts->adjust != 0;
    o.alpha = opts->alpha;
    o.level = opts->level;
    o.min_periods = opts->min_periods;
    if (opts->period) o.period = opts->period;
    if (opts->version >= 2) {
        const int c = enum_value(opts->correction);
        if (c < 0 || c > 1) throw okr::Error(okr::ErrorCode::invalid_argument, "correction: unknown okr_correction " + std::to_string(c));
        o.correction = static_cast<okr::Correction>(c);
    }
    return o;
}

}  // namespace

extern "C" {

void okr_lead_options_init(okr_lead_options* opts) {
    if (opts) *opts = okr_lead_options OKR_LEAD_OPTIONS_INIT;
}

okr_status okr_leading_indicators(const double* drivers, size_t rows, size_t cols, const double* outcome,
                                  const char* const* names, const char* outcome_name, const okr_lead_options* opts,
                                  okr_lead_result** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(drivers, rows, cols, "drivers");
        check_matrix(outcome, rows, 1, "outcome");
        const okr::LeadOptions o = lead_options(opts);
        auto res = std::make_unique<okr_lead_result>();
        for (std::size_t j = 0; j < cols; ++j) {
            if (names && !names[j]) null_arg("names[j]");
            res->names.emplace_back(names ? std::string(names[j]) : "x" + std::to_string(j));
        }
        const Eigen::Map<const Eigen::MatrixXd> d(drivers, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        res->rows = okr::leading_indicators(d, {outcome, rows}, res->names, outcome_name ? outcome_name : "outcome", o);
        *out = res.release();
    });
}

void okr_lead_result_free(okr_lead_result* r) { delete r; }

okr_status okr_lead_result_count(const okr_lead_result* r, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        *out = r->rows.size();
    });
}

okr_status okr_lead_result_get(const okr_lead_result* r, size_t i, okr_lead_row* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        if (out->version < 1 || out->version > OKR_LEAD_ROW_VERSION)
            throw okr::Error(okr::ErrorCode::version, "okr_lead_row: unknown version " + std::to_string(out->version) +
                                                          " (initialise it with OKR_LEAD_ROW_INIT)");
        const okr::LeadRow& row = r->rows[at_index(r->rows, i, "row")];
        fill(&out->stats, row.stats);
        out->driver = row.driver;
        out->name = r->names[row.driver].c_str();
        out->lag = row.lag;
        out->q = row.q;
        out->n_eff = row.n_eff;
        out->slope = row.slope;
        out->slope_low = row.slope_low;
        out->slope_high = row.slope_high;
        out->trending = row.trending ? 1 : 0;
        out->low_confidence = row.low_confidence ? 1 : 0;
        out->verdict = row.verdict.c_str();
    });
}

}  // extern "C"

extern "C" {

okr_status okr_graph_leading_indicators(const okr_graph* g, const char* outcome, const char* const* drivers, size_t n_drivers,
                                        const char* freq, const okr_lead_options* opts, okr_lead_result** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(outcome);
        OKR_REQUIRE(out);
        if (n_drivers && !drivers) null_arg("drivers");
        std::vector<std::string> ds;
        for (std::size_t i = 0; i < n_drivers; ++i) {
            if (!drivers[i]) null_arg("drivers[i]");
            ds.emplace_back(drivers[i]);
        }
        const okr::LeadOptions o = lead_options(opts);
        auto res = std::make_unique<okr_lead_result>();
        res->rows = okr::leading_indicators(g->graph, outcome, ds, freq ? freq : "W", o, res->names);
        *out = res.release();
    });
}

okr_status okr_ols(const double* X, size_t rows, size_t cols, const double* y, const char* const* names, int add_intercept,
                   const char* cov_type, int maxlags, okr_ols_result** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(X, rows, cols, "X");
        check_matrix(y, rows, 1, "y");
        std::vector<std::string> ns;
        for (std::size_t j = 0; j < cols; ++j) {
            if (names && !names[j]) null_arg("names[j]");
            ns.emplace_back(names ? std::string(names[j]) : "x" + std::to_string(j + 1));
        }
        const Eigen::Map<const Eigen::MatrixXd> m(X, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        auto res = std::make_unique<okr_ols_result>();
        res->r = okr::ols(m, {y, rows}, ns, add_intercept != 0, cov_type ? cov_type : "nonrobust", maxlags);
        *out = res.release();
    });
}

void okr_ols_result_free(okr_ols_result* r) { delete r; }

okr_status okr_ols_param_count(const okr_ols_result* r, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        *out = r->r.names.size();
    });
}

okr_status okr_ols_param(const okr_ols_result* r, size_t i, const char** name, double* param, double* bse, double* tvalue,
                         double* pvalue) {
    return guarded([&] {
        OKR_REQUIRE(r);
        at_index(r->r.names, i, "parameter");
        const auto k = static_cast<Eigen::Index>(i);
        if (name) *name = r->r.names[i].c_str();
        if (param) *param = r->r.params(k);
        if (bse) *bse = r->r.bse(k);
        if (tvalue) *tvalue = r->r.tvalues(k);
        if (pvalue) *pvalue = r->r.pvalues(k);
    });
}

okr_status okr_ols_fit(const okr_ols_result* r, double* rsquared, double* rsquared_adj, size_t* nobs, double* df_resid) {
    return guarded([&] {
        OKR_REQUIRE(r);
        if (rsquared) *rsquared = r->r.rsquared;
        if (rsquared_adj) *rsquared_adj = r->r.rsquared_adj;
        if (nobs) *nobs = r->r.nobs;
        if (df_resid) *df_resid = r->r.df_resid;
    });
}

okr_status okr_partial_correlation(const double* x, const double* y, size_t n, const double* covariates, size_t k,
                                   okr_corr_method method, int min_periods, double level, okr_pair_stats* out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(x, n, 1, "x");
        check_matrix(y, n, 1, "y");
        check_matrix(covariates, n, k, "covariates");
        const Eigen::Map<const Eigen::MatrixXd> c(k ? covariates : nullptr, static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(k));
        fill(out, okr::partial_correlation({x, n}, {y, n}, c, corr_method(method), min_periods, level));
    });
}

okr_status okr_rolling_correlation(const double* x, const double* y, size_t n, int window, int min_periods, double* out) {
    return guarded([&] {
        if (n && !x) null_arg("x");
        if (n && !y) null_arg("y");
        if (n && !out) null_arg("out");
        const Eigen::VectorXd r = okr::rolling_correlation({x, n}, {y, n}, window, min_periods);
        std::copy(r.data(), r.data() + r.size(), out);
    });
}

}  // extern "C"

extern "C" {

okr_status okr_graph_kpis(const okr_graph* g, const char* freq, okr_kpi_matrix** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        auto res = std::make_unique<okr_kpi_matrix>();
        res->m = okr::kpi_matrix(g->graph, okr::parse_freq(freq ? freq : "W"));
        for (okr::Date d : res->m.periods) res->starts.push_back(d.iso());
        *out = res.release();
    });
}

void okr_kpi_matrix_free(okr_kpi_matrix* m) { delete m; }

okr_status okr_kpi_matrix_shape(const okr_kpi_matrix* m, size_t* periods, size_t* kpis) {
    return guarded([&] {
        OKR_REQUIRE(m);
        if (periods) *periods = m->m.periods.size();
        if (kpis) *kpis = m->m.ids.size();
    });
}

okr_status okr_kpi_matrix_period(const okr_kpi_matrix* m, size_t i, const char** start) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(start);
        *start = m->starts[at_index(m->starts, i, "period")].c_str();
    });
}

okr_status okr_kpi_matrix_id(const okr_kpi_matrix* m, size_t j, const char** id) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(id);
        *id = m->m.ids[at_index(m->m.ids, j, "KPI")].c_str();
    });
}

okr_status okr_kpi_matrix_values(const okr_kpi_matrix* m, const double** values) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(values);
        *values = m->m.values.data();
    });
}

}  // extern "C"

extern "C" {

okr_status okr_correlate_all(const double* data, size_t rows, size_t cols, okr_corr_method method, int min_periods,
                             double level, okr_correction correction, okr_pair_table** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(data, rows, cols, "data");
        const int c = enum_value(correction);
        if (c < 0 || c > 1) throw okr::Error(okr::ErrorCode::invalid_argument, "correction: unknown okr_correction " + std::to_string(c));
        const Eigen::Map<const Eigen::MatrixXd> d(data, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        auto res = std::make_unique<okr_pair_table>();
        res->t = okr::correlate_all(d, corr_method(method), min_periods, level, static_cast<okr::Correction>(c));
        *out = res.release();
    });
}

void okr_pair_table_free(okr_pair_table* t) { delete t; }

okr_status okr_pair_table_count(const okr_pair_table* t, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(t);
        OKR_REQUIRE(out);
        *out = t->t.stats.size();
    });
}

okr_status okr_pair_table_get(const okr_pair_table* t, size_t i, size_t* x, size_t* y, okr_pair_stats* stats, double* q) {
    return guarded([&] {
        OKR_REQUIRE(t);
        at_index(t->t.stats, i, "pair");
        if (stats) fill(stats, t->t.stats[i]);
        if (x) *x = t->t.x[i];
        if (y) *y = t->t.y[i];
        if (q) *q = t->t.q[i];
    });
}

}  // extern "C"
