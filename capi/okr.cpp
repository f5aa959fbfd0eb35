// C ABI over the C++ core: conversion and error mapping only.
#include "okr.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
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

namespace {

thread_local std::string last_error;

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
    return okr::error_code_name(static_cast<okr::ErrorCode>(code));
}

const char* okr_progress_status_str(okr_progress_status s) {
    if (s < OKR_PROGRESS_NO_DATA || s > OKR_PROGRESS_DONE) return "";
    return okr::to_string(static_cast<okr::Status>(s));
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
