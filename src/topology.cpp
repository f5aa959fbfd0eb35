// The frozen snapshot of a graph's roll-up structure (okr::Topology, declared in okr/model.hpp):
// child and parent lists in CSR form, each objective's counted children with their shares, and
// the contributes/contains cycle check. Rebuilt only on structural change.
#include <algorithm>
#include <memory>
#include <mutex>
#include <vector>

#include "memory.hpp"
#include "model_checks.hpp"
#include "okr/model.hpp"

namespace okr {

using namespace model;

const Topology& Graph::topology() const {
    std::lock_guard lock(topo_mutex_);
    if (!topo_) topo_ = build_topology();
    return *topo_;
}

std::shared_ptr<const Topology> Graph::build_topology() const {
    const std::size_t n = nodes_.size();
    auto t = std::make_shared<Topology>();
    // Every array below is per node or per edge: on huge pages when large (src/memory.hpp), or
    // the first touch of a million-node graph's arrays is tens of thousands of page faults.
    using detail::large_vector;
    using detail::reserve_large;
    using detail::resize_large;
    // Flow edges child -> parent with the weight the parent gives the child.
    std::vector<std::uint32_t> ccount = large_vector<std::uint32_t>(n + 1), pcount = large_vector<std::uint32_t>(n + 1);
    for (std::size_t k = 0; k < key_results_.size(); ++k) {
        ++ccount[kr_objective_[k]];
    }
    for (const LinkRecord& l : links_)
        if (l.type == LinkType::contributes) ++ccount[l.to];
    t->child_offsets = large_vector<std::uint32_t>(n + 1);
    for (std::size_t v = 0; v < n; ++v) t->child_offsets[v + 1] = t->child_offsets[v] + ccount[v];
    const std::size_t m = t->child_offsets[n];
    resize_large(t->children, m);
    resize_large(t->child_weight, m);
    resize_large(t->child_contained, m);
    resize_large(t->child_is_kr, m);
    std::vector<std::uint32_t> fill = large_vector<std::uint32_t>(t->child_offsets.begin(), t->child_offsets.end() - 1);
    // Contained KRs first (in KR order), then links in document order: deterministic.
    for (std::size_t v = 0; v < n; ++v) {
        const Node& nd = nodes_[v];
        if (nd.kind != NodeKind::key_result) continue;
        const NodeIndex o = kr_objective_[nd.sub];
        const std::uint32_t at = fill[o]++;
        t->children[at] = static_cast<NodeIndex>(v);
        t->child_weight[at] = key_results_[nd.sub].weight;
        t->child_contained[at] = 1;
        t->child_is_kr[at] = 1;
    }
    for (const LinkRecord& l : links_) {
        if (l.type != LinkType::contributes) continue;
        const std::uint32_t at = fill[l.to]++;
        t->children[at] = l.from;
        t->child_weight[at] = l.weight;
        t->child_contained[at] = 0;
        t->child_is_kr[at] = nodes_[l.from].kind == NodeKind::key_result;
    }
    // Parents (reverse CSR).
    for (std::size_t i = 0; i < m; ++i) ++pcount[t->children[i]];
    t->parent_offsets = large_vector<std::uint32_t>(n + 1);
    for (std::size_t v = 0; v < n; ++v) t->parent_offsets[v + 1] = t->parent_offsets[v] + pcount[v];
    resize_large(t->parents, m);
    resize_large(t->parent_slot, m);
    std::vector<std::uint32_t> pfill = large_vector<std::uint32_t>(t->parent_offsets.begin(), t->parent_offsets.end() - 1);
    for (std::size_t v = 0; v < n; ++v)
        for (std::uint32_t i = t->child_offsets[v]; i < t->child_offsets[v + 1]; ++i) {
            const std::uint32_t j = pfill[t->children[i]]++;
            t->parents[j] = static_cast<NodeIndex>(v);
            t->parent_slot[j] = i;
        }
    // Children before parents, and otherwise in descending index order: documents list goals
    // top-down (and a KR after its objective), so this order walks the arrays backwards almost
    // sequentially and a roll-up streams through memory instead of jumping. A node whose
    // children finish after the cursor passed it is emitted as soon as they do.
    std::vector<std::uint32_t> pending = large_vector<std::uint32_t>(n);
    for (std::size_t v = 0; v < n; ++v) pending[v] = t->child_offsets[v + 1] - t->child_offsets[v];
    reserve_large(t->order, n);
    std::vector<NodeIndex> ready;
    for (std::size_t c = n; c-- > 0;) {
        if (pending[c] != 0) continue;
        pending[c] = npos;  // emitted
        ready.push_back(static_cast<NodeIndex>(c));
        while (!ready.empty()) {
            const NodeIndex v = ready.back();
            ready.pop_back();
            t->order.push_back(v);
            for (std::uint32_t i = t->parent_offsets[v]; i < t->parent_offsets[v + 1]; ++i) {
                const NodeIndex p = t->parents[i];
                if (--pending[p] == 0 && p > c) {  // the cursor has passed it: emit now
                    pending[p] = npos;
                    ready.push_back(p);
                }
            }
        }
    }
    if (t->order.size() != n) {
        // Walk child edges among the unresolved nodes until a node repeats: that is a cycle.
        NodeIndex start = npos;
        for (std::size_t v = 0; v < n && start == npos; ++v)
            if (pending[v] > 0 && pending[v] != npos) start = static_cast<NodeIndex>(v);
        std::vector<std::uint32_t> seen_at(n, npos);
        std::vector<NodeIndex> path;
        NodeIndex v = start;
        while (seen_at[v] == npos) {
            seen_at[v] = static_cast<std::uint32_t>(path.size());
            path.push_back(v);
            NodeIndex next = npos;
            for (std::uint32_t i = t->child_offsets[v]; i < t->child_offsets[v + 1]; ++i)
                if (pending[t->children[i]] > 0 && pending[t->children[i]] != npos) {
                    next = t->children[i];
                    break;
                }
            v = next;
        }
        // path[seen_at[v]..] is the cycle, walking child edges; print it in flow direction.
        std::string msg = "contributes cycle: ";
        std::vector<NodeIndex> cyc(path.begin() + seen_at[v], path.end());
        std::reverse(cyc.begin(), cyc.end());
        std::rotate(cyc.begin(), std::min_element(cyc.begin(), cyc.end()), cyc.end());  // start at the first-declared
        for (NodeIndex c : cyc) msg += quote(*nodes_[c].id) + " -> ";
        msg += quote(*nodes_[cyc.front()].id);
        fail(ErrorCode::cycle, msg);
    }
    resize_large(t->rank, n);
    for (std::size_t i = 0; i < n; ++i) t->rank[t->order[i]] = static_cast<std::uint32_t>(i);
    resize_large(t->cycle, n);
    for (std::size_t v = 0; v < n; ++v) t->cycle[v] = cycle_of(static_cast<NodeIndex>(v));
    resize_large(t->sub, n);
    for (std::size_t v = 0; v < n; ++v)
        t->sub[v] = nodes_[v].sub | (nodes_[v].kind == NodeKind::key_result ? Topology::kr_bit : 0u);
    reserve_large(t->kr, key_results_.size());  // read at random by incremental scoring
    for (const KeyResult& k : key_results_)
        t->any_aggregate |= k.aggregate != Aggregate::none;
    resize_large(t->kr_node, key_results_.size());
    for (std::size_t v = 0; v < n; ++v)
        if (nodes_[v].kind == NodeKind::key_result) t->kr_node[nodes_[v].sub] = static_cast<NodeIndex>(v);
    reserve_large(t->rollup_order, objectives_.size());
    for (const NodeIndex v : t->order)
        if (nodes_[v].kind == NodeKind::objective || key_results_[nodes_[v].sub].aggregate != Aggregate::none)
            t->rollup_order.push_back(v);
    // Anchors and stage weights copied into two arrays in KR order (not read from each KR's own
    // vectors, one cache miss each): a pass over the KR table then streams them too.
    std::size_t n_anchors = 0, n_stages = 0;
    for (const KeyResult& k : key_results_) {
        n_anchors += k.anchors.size();
        n_stages += k.stages.size();
    }
    reserve_large(t->kr_anchors, n_anchors);
    reserve_large(t->kr_stage_weights, n_stages);
    for (const KeyResult& k : key_results_) {
        const Anchor* anchors = t->kr_anchors.data() + t->kr_anchors.size();
        const double* weights = t->kr_stage_weights.data() + t->kr_stage_weights.size();
        t->kr_anchors.insert(t->kr_anchors.end(), k.anchors.begin(), k.anchors.end());
        for (const Stage& st : k.stages) t->kr_stage_weights.push_back(st.weight);
        t->kr.push_back(KrScoring{k.type, k.direction, k.aggregate, static_cast<std::uint32_t>(k.anchors.size()),
                                  static_cast<std::uint32_t>(k.stages.size()), k.start, k.target, k.required, k.threshold,
                                  k.band_low, k.band_high, k.tolerance, anchors, weights});
    }
    reserve_large(t->source, objectives_.size());
    for (const Objective& o : objectives_) t->source.push_back(o.progress_source);
    // Which children each objective's weighted mean counts, and their shares. Whether a node
    // can have a score does not depend on check-ins or the date (a KR has one, NaN only when its
    // numbers overflow; an objective has one when a child it counts has one and a weight above
    // 0), so it is settled here, children first.
    t->child_share = large_vector<double>(m, -1.0);
    std::vector<std::uint8_t> scored = large_vector<std::uint8_t>(n);
    for (const NodeIndex v : t->order) {
        if (nodes_[v].kind == NodeKind::key_result) {
            scored[v] = 1;
            continue;
        }
        const std::uint32_t b = t->child_offsets[v], e = t->child_offsets[v + 1];
        ProgressSource src = t->source[nodes_[v].sub];
        if (src == ProgressSource::automatic) {
            src = ProgressSource::aligned;
            for (std::uint32_t i = b; i < e; ++i)
                if (t->child_is_kr[i]) src = ProgressSource::key_results;
        }
        const auto selects = [&](ProgressSource sr, std::uint32_t i) {
            return sr == ProgressSource::both || (sr == ProgressSource::key_results) == (t->child_is_kr[i] != 0);
        };
        double largest = 0;
        for (std::uint32_t i = b; i < e; ++i) {
            const bool counts = scored[t->children[i]] && selects(src, i);
            if (counts) largest = std::max(largest, t->child_weight[i]);
        }
        if (!(largest > 0)) continue;  // nothing to score: NaN, and its own parents do not count it
        scored[v] = 1;
        for (std::uint32_t i = b; i < e; ++i) {
            const bool counts = scored[t->children[i]] && selects(src, i);
            if (counts) t->child_share[i] = t->child_weight[i] / largest;
        }
    }
    return t;
}

}  // namespace okr
