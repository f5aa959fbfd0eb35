// Scores of a whole graph or of one node as of a date: score_all, score_vector, score_node.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "../memory.hpp"
#include "../parallel.hpp"
#include "evaluate.hpp"
#include "okr/scoring.hpp"

namespace okr {

using namespace scoring;

const char* to_string(Status s) noexcept {
    switch (s) {
        case Status::no_data: return "no_data";
        case Status::not_started: return "not_started";
        case Status::off_track: return "off_track";
        case Status::at_risk: return "at_risk";
        case Status::on_track: return "on_track";
        case Status::done: return "done";
        case Status::planned: return "planned";
    }
    return "";
}

void score_all(const Graph& graph, Date as_of, Scores& s) {
    const Topology& topo = graph.topology();
    s.as_of = as_of;
    detail::resize_large(s.nodes, graph.node_count());  // every entry is overwritten below
    Results get{[&](NodeIndex c) -> const NodeScore& { return s.nodes[c]; }};
    // 1. Key results scored from their own check-ins, in KR order (the KR table and check-in
    //    lists are streamed front to back). No KR depends on another: blocks of KRs are scored
    //    on several threads, each with its own quantile cache, when there are several blocks.
    const std::size_t nk = topo.kr.size();
    constexpr std::size_t block = 16384;
    std::vector<TQuantiles> tqs(detail::max_threads());
    detail::parallel_for(
        (nk + block - 1) / block,
        [&](std::size_t task, unsigned worker) {
            const Ctx cx{graph, topo, as_of, graph.policy(), &tqs[worker]};
            const std::size_t end = std::min(nk, (task + 1) * block);
            for (std::size_t o = task * block; o < end; ++o) {
                if (o + 16 < end) {
                    const auto cs = graph.checkins_of_kr(static_cast<std::uint32_t>(o + 16));
                    if (!cs.empty()) __builtin_prefetch(&cs.back());
                    __builtin_prefetch(&s.nodes[topo.kr_node[o + 16]], 1);  // the result it will write
                }
                if (topo.kr[o].aggregate != Aggregate::none) continue;
                const NodeIndex v = topo.kr_node[o];
                s.nodes[v] = evaluate(cx, v, get);
            }
        },
        2);
    TQuantiles tq;
    const Ctx cx{graph, topo, as_of, graph.policy(), &tq};
    // 2. Objectives and aggregating KRs, children first.
    const std::vector<NodeIndex>& order = topo.rollup_order;
    const std::size_t n = order.size();
    constexpr std::size_t ahead = 8;  // nodes: enough to hide a cache miss behind the work between
    for (std::size_t i = 0; i < n; ++i) {
        if (i + ahead < n) {
            // The scores a node a few steps on will read, and the slot it will write.
            const NodeIndex f = order[i + ahead];
            __builtin_prefetch(&s.nodes[f], 1);
            const std::uint32_t cb = topo.child_offsets[f], ce = std::min(topo.child_offsets[f + 1], cb + 6);
            for (std::uint32_t c = cb; c < ce; ++c) __builtin_prefetch(&s.nodes[topo.children[c]]);
        }
        const NodeIndex v = order[i];
        s.nodes[v] = evaluate(cx, v, get);
    }
}

void score_vector(const Graph& graph, Date as_of, std::vector<double>& out) {
    detail::resize_large(out, graph.node_count());
    score_vector(graph, as_of, std::span<double>(out));
}

void score_vector(const Graph& graph, Date as_of, std::span<double> out) {
    const std::size_t n = graph.node_count();
    if (out.size() != n)
        throw Error(ErrorCode::invalid_argument, "score_vector: the output has " + std::to_string(out.size()) +
                                                     " elements, the graph " + std::to_string(n) + " nodes");
    const Topology& topo = graph.topology();
    const ScoringPolicy& p = graph.policy();
    double* const score = out.data();
    // Aggregating KRs read their contributors' values, not scores: kept only if there are any.
    std::vector<double> value;
    const bool keep_values = topo.any_aggregate;
    if (keep_values) value.assign(n, nan);
    // Cycles not started by the date: their nodes are planned, with no score (as in evaluate()).
    std::vector<std::uint8_t> planned;
    bool any_planned = false;
    for (const Cycle& c : graph.cycles()) {
        planned.push_back(as_of < c.start);
        any_planned |= planned.back() != 0;
    }
    auto is_planned = [&](NodeIndex v) {
        const std::int32_t c = topo.cycle[v];
        return c >= 0 && planned[static_cast<std::size_t>(c)];
    };

    // 1. Key results scored from their own check-ins, in KR order: the KR table and the check-in
    //    lists are read front to back (a stream, not a walk), and nothing depends on another KR.
    const std::size_t nk = topo.kr.size();
    constexpr std::size_t ahead = 48;
    for (std::size_t o = 0; o < nk; ++o) {
        if (o + ahead < nk) {
            const auto cs = graph.checkins_of_kr(static_cast<std::uint32_t>(o + ahead));
            if (!cs.empty()) __builtin_prefetch(&cs.back());  // the latest check-ins are read first
        }
        const KrScoring& k = topo.kr[o];
        if (k.aggregate != Aggregate::none) continue;
        const auto all = graph.checkins_of_kr(static_cast<std::uint32_t>(o));
        const NodeIndex v = topo.kr_node[o];
        if (any_planned && is_planned(v)) {
            score[v] = nan;
            continue;  // (value[v] stays NaN)
        }
        const KrNow now = kr_now(k, p, all.first(count_upto(all, as_of)));
        score[v] = now.score;
        if (keep_values) value[v] = now.value;
    }

    // 2. Objectives and aggregating KRs, children first, with the same rules as evaluate().
    const std::vector<NodeIndex>& order = topo.rollup_order;
    const std::size_t nr = order.size();
    for (std::size_t i = 0; i < nr; ++i) {
        if (i + 8 < nr) {
            const NodeIndex f = order[i + 8];
            const std::uint32_t cb = topo.child_offsets[f], ce = std::min(topo.child_offsets[f + 1], cb + 6);
            for (std::uint32_t c = cb; c < ce; ++c) __builtin_prefetch(&score[topo.children[c]]);
        }
        const NodeIndex v = order[i];
        if (any_planned && is_planned(v)) {
            score[v] = nan;
            if (keep_values) value[v] = nan;
            continue;
        }
        const std::uint32_t sub = topo.sub[v];
        const std::uint32_t b = topo.child_offsets[v], e = topo.child_offsets[v + 1];
        if (sub & Topology::kr_bit) {
            const KrScoring& k = topo.kr[sub & ~Topology::kr_bit];
            std::uint32_t cnt = 0;
            const double val = aggregate_of(topo, b, e, k.aggregate, [&](NodeIndex c) { return value[c]; }, cnt);
            score[v] = cnt > 0 ? score_value(k, p, val, nullptr, nullptr) : 0.0;
            value[v] = val;
            continue;
        }
        // The same sums as evaluate(), scores only: in fixed point (sum_children), or unclamped
        // in floating point.
        if (p.clamp) {
            const double scale = rollup_scale(e - b);
            std::int64_t ws = 0, wsum = 0;
            for (std::uint32_t c = b; c < e; ++c) {
                const double share = topo.child_share[c];
                if (share < 0) continue;
                const double cs = score[topo.children[c]];
                if (std::isnan(cs)) continue;
                ws += fixed(share * cs * scale);
                wsum += fixed(share * scale);
            }
            score[v] = wsum > 0 ? static_cast<double>(ws) / static_cast<double>(wsum) : nan;
        } else {
            double ws = 0, wsum = 0;
            for (std::uint32_t c = b; c < e; ++c) {
                if (topo.child_share[c] < 0) continue;
                const double cs = score[topo.children[c]];
                if (std::isnan(cs)) continue;
                const double w = topo.child_weight[c];
                ws += w * cs;
                wsum += w;
            }
            score[v] = wsum > 0 ? ws / wsum : nan;
        }
    }
}

std::vector<double> score_vector(const Graph& graph, Date as_of) {
    std::vector<double> out;
    score_vector(graph, as_of, out);
    return out;
}

Scores score_all(const Graph& graph, Date as_of) {
    Scores s;
    score_all(graph, as_of, s);
    return s;
}

NodeScore score_node(const Graph& graph, NodeIndex node, Date as_of) {
    if (node >= graph.node_count()) throw Error(ErrorCode::not_found, "node index out of range");
    const Topology& topo = graph.topology();
    TQuantiles tq;
    const Ctx cx{graph, topo, as_of, graph.policy(), &tq};
    // Collect the descendants (the nodes `node` depends on), evaluate them children-first.
    std::unordered_map<NodeIndex, NodeScore> memo;
    std::vector<NodeIndex> todo{node}, sub;
    memo.emplace(node, NodeScore{});
    while (!todo.empty()) {
        const NodeIndex v = todo.back();
        todo.pop_back();
        sub.push_back(v);
        for (std::uint32_t i = topo.child_offsets[v]; i < topo.child_offsets[v + 1]; ++i)
            if (memo.emplace(topo.children[i], NodeScore{}).second) todo.push_back(topo.children[i]);
    }
    std::sort(sub.begin(), sub.end(), [&](NodeIndex a, NodeIndex b) { return topo.rank[a] < topo.rank[b]; });
    Results get{[&](NodeIndex c) -> const NodeScore& { return memo.at(c); }};
    for (NodeIndex v : sub) memo[v] = evaluate(cx, v, get);
    return memo.at(node);
}

}  // namespace okr
