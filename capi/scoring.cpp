// C ABI: scoring a graph (one node, a vector, or an okr_scores table) and the okr_scores accessors.
#include "okr.h"

#include <cstddef>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "internal.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/model.hpp"
#include "okr/scoring.hpp"

using namespace okr::capi;

namespace {

std::size_t check_index(const okr_scores* s, std::size_t i) {
    if (i >= s->scores.nodes.size())
        throw okr::Error(okr::ErrorCode::not_found, "index " + std::to_string(i) + " is out of range (count " +
                                                        std::to_string(s->scores.nodes.size()) + ")");
    return i;
}

}  // namespace

extern "C" {

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
        require_version(out->version, OKR_NODE_SCORE_VERSION, "okr_node_score", "OKR_NODE_SCORE_INIT");
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
