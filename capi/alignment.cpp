// C ABI: alignment report (okr_graph_alignment) and the okr_alignment_* accessors.
#include "okr.h"
#include "okr/detail/text.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "internal.hpp"
#include "okr/alignment.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/model.hpp"

using namespace okr::capi;

namespace {

okr::NodeIndex alignment_node(const okr_alignment* a, const char* id) {
    auto it = a->index.find(std::string_view(id));
    if (it == a->index.end()) throw okr::Error(okr::ErrorCode::not_found, "no node with id " + okr::detail::quote(id));
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
            require_version(opts->version, OKR_ALIGNMENT_OPTIONS_VERSION, "okr_alignment_options", "OKR_ALIGNMENT_OPTIONS_INIT");
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
