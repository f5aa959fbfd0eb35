// The incremental scorer: keeps a graph's scores as of one date current while check-ins arrive,
// re-evaluating a KR and its ancestors only, with results identical to score_all.
#include <algorithm>
#include <cstring>

#include "../memory.hpp"
#include "evaluate.hpp"
#include "okr/incremental.hpp"

namespace okr {

using namespace scoring;

IncrementalScorer::IncrementalScorer(Graph& graph, Date as_of)
    : graph_(&graph),
      scores_(score_all(graph, as_of)),
      mark_(graph.node_count(), 0),
      tq_(std::make_shared<detail::TQuantiles>()) {
    const Topology& t = graph.topology();
    const std::size_t n = graph.node_count();
    edges_ = t.children.size();
    // The arrays a check-in reads at random ask for huge pages (fewer TLB misses), as the result does.
    detail::resize_large(sums_, graph.objective_count());
    policy_ = graph.policy();
    const Results get{[&](NodeIndex c) -> const NodeScore& { return scores_.nodes[c]; }};
    if (policy_.clamp)  // unclamped, objectives re-read their children (no fixed-point sums)
        for (NodeIndex v = 0; v < n; ++v)
            if (!(t.sub[v] & Topology::kr_bit))
                sums_[t.sub[v]] = sum_children(t, t.child_offsets[v], t.child_offsets[v + 1], get);

    // Per node: its cycle and the parent edges its result is counted through (objective ordinal
    // and share), in one consecutive run.
    detail::resize_large(info_, n + 1);
    std::size_t counted = 0;
    for (std::size_t i = 0; i < t.children.size(); ++i) counted += t.child_share[i] >= 0;
    detail::reserve_large(up_, counted);
    for (NodeIndex v = 0; v < n; ++v) {
        info_[v] = {t.cycle[v], static_cast<std::uint32_t>(up_.size()), t.sub[v], 0};
        for (std::uint32_t i = t.parent_offsets[v]; i < t.parent_offsets[v + 1]; ++i) {
            const double share = t.child_share[t.parent_slot[i]];
            const NodeIndex u = t.parents[i];
            if (share >= 0)
                up_.push_back({t.sub[u], rollup_bits(t.child_offsets[u + 1] - t.child_offsets[u]), share});
        }
    }
    info_[n] = {-1, static_cast<std::uint32_t>(up_.size()), 0, 0};
    for (const Cycle& c : graph.cycles()) expected_.push_back(expected_at(c, as_of));

    // Per node, the list of its ancestors children first (what a check-in on it rescores), so
    // that they are all known after one read and fetched from memory at once instead of one
    // level after another. A node with one parent shares the list of that parent with the parent
    // itself in front; only objectives and aggregating KRs (nodes with children) have such a
    // list of their own, and nodes with several parents a merged one. The lists take at most
    // 4 entries per node and edge in all; a node whose list would not fit walks its parents.
    detail::resize_large(plan_of_, n);
    std::fill(plan_of_.begin(), plan_of_.end(), npos);
    std::vector<detail::PlanEntry> plans;  // built here, then copied into plans_ of the right size
    plans.push_back({0, 0});               // offset 0: the empty list
    const std::size_t budget = 4 * (n + t.children.size()) + 16;
    std::vector<std::uint32_t> self(n, npos);  // offset of [v, ancestors of v...]
    std::vector<detail::PlanEntry> merged;
    auto list = [&](std::uint32_t off) {
        return std::span<const detail::PlanEntry>(plans.data() + off + 1, plans[off].node);
    };
    auto append = [&](std::span<const detail::PlanEntry> front, std::span<const detail::PlanEntry> rest) -> std::uint32_t {
        const std::size_t len = front.size() + rest.size();
        if (plans.size() + 1 + len > budget || plans.size() + 1 + len > npos) return npos;
        const auto off = static_cast<std::uint32_t>(plans.size());
        plans.push_back({static_cast<NodeIndex>(len), 0});
        plans.insert(plans.end(), front.begin(), front.end());
        plans.insert(plans.end(), rest.begin(), rest.end());  // never a part of plans itself
        return off;
    };
    for (std::size_t k = n; k-- > 0;) {  // parents before children
        const NodeIndex v = t.order[k];
        const std::uint32_t pb = t.parent_offsets[v], pe = t.parent_offsets[v + 1];
        if (pe == pb) {
            plan_of_[v] = 0;
        } else if (pe - pb == 1) {
            plan_of_[v] = self[t.parents[pb]];
        } else {
            merged.clear();
            bool fits = true;
            for (std::uint32_t i = pb; i < pe && fits; ++i) {
                const std::uint32_t s = self[t.parents[i]];
                if (s == npos) fits = false;
                else {
                    const auto l = list(s);
                    merged.insert(merged.end(), l.begin(), l.end());
                }
            }
            if (fits) {
                std::sort(merged.begin(), merged.end(), [&](const detail::PlanEntry& a, const detail::PlanEntry& b) {
                    return t.rank[a.node] < t.rank[b.node];
                });
                merged.erase(std::unique(merged.begin(), merged.end(),
                                         [](const detail::PlanEntry& a, const detail::PlanEntry& b) { return a.node == b.node; }),
                             merged.end());
                plan_of_[v] = append({}, merged);
            }
        }
        if (t.child_offsets[v + 1] > t.child_offsets[v] && plan_of_[v] != npos) {
            const detail::PlanEntry me{v, t.sub[v]};
            const std::uint32_t po = plan_of_[v];
            merged.assign(list(po).begin(), list(po).end());
            self[v] = append(std::span<const detail::PlanEntry>(&me, 1), merged);
        }
    }
    plans_.clear();
    detail::reserve_large(plans_, plans.size());
    plans_.assign(plans.begin(), plans.end());
}

std::size_t IncrementalScorer::memory_bytes() const noexcept {
    return scores_.nodes.capacity() * sizeof(NodeScore) + sums_.capacity() * sizeof(detail::RollupSum) +
           info_.capacity() * sizeof(detail::UpInfo) + up_.capacity() * sizeof(detail::UpEdge) +
           plan_of_.capacity() * sizeof(std::uint32_t) + plans_.capacity() * sizeof(detail::PlanEntry) +
           mark_.capacity() + (stack_.capacity() + touched_.capacity()) * sizeof(NodeIndex) +
           expected_.capacity() * sizeof(double);
}

void IncrementalScorer::check_in(CheckIn checkin) {
    const NodeIndex v = graph_->find(checkin.key_result);
    const Date d = checkin.date;
    if (v == npos) {
        graph_->check_in(std::move(checkin));  // reports the empty or unknown id
    } else {
        if (v < plan_of_.size()) {  // what refresh() reads first, fetched while the check-in is recorded
            __builtin_prefetch(&plan_of_[v]);
            __builtin_prefetch(&info_[v]);
            __builtin_prefetch(&scores_.nodes[v], 1);
            __builtin_prefetch(reinterpret_cast<const char*>(&scores_.nodes[v]) + sizeof(NodeScore) - 1, 1);
        }
        graph_->check_in(v, std::move(checkin));  // validates; throws before anything changes
    }
    if (d <= scores_.as_of) refresh(v);
}

// Re-evaluates node v (whose children are up to date) and moves its change into its parents' sums.
void IncrementalScorer::update(const void* ctx, NodeIndex v, std::uint32_t sub) {
    const Ctx& cx = *static_cast<const Ctx*>(ctx);
    struct Get {
        IncrementalScorer& self;
        const NodeScore& operator()(NodeIndex c) const { return self.scores_.nodes[c]; }
        detail::ChildInput input(std::uint32_t, NodeIndex c) const { return detail::ChildInput::of(self.scores_.nodes[c]); }
        detail::RollupSum sum(const Topology& t, NodeIndex u, std::uint32_t, std::uint32_t) const {
            return self.sums_[t.sub[u]];
        }
    } get{*this};
    NodeScore& slot = scores_.nodes[v];
    const detail::ChildInput before = detail::ChildInput::of(slot);
    const int cyc = info_[v].cycle;
    slot = (sub & Topology::kr_bit) || !cx.p.clamp || planned(cx, cyc)
               ? evaluate(cx, v, get, sub, cyc)
               : objective_result(cx.p, cyc >= 0 ? cx.expected[static_cast<std::size_t>(cyc)] : nan, sums_[sub]);
    if (!cx.p.clamp) return;  // no sums to keep: parents re-read their children
    const detail::ChildInput now = detail::ChildInput::of(slot);
    if (std::memcmp(&before.score, &now.score, sizeof(double)) == 0 &&
        std::memcmp(&before.forecast, &now.forecast, sizeof(double)) == 0 && before.started == now.started)
        return;  // the parents' sums stay as they are
    for (std::uint32_t j = info_[v].up_begin; j < info_[v + 1].up_begin; ++j) {
        const detail::UpEdge& e = up_[j];
        detail::RollupSum& sum = sums_[e.parent_sub];
        const double scale = scale_of(e.bits);
        add_child(sum, e.share, scale, before, -1);
        add_child(sum, e.share, scale, now, 1);
    }
}

void IncrementalScorer::refresh(NodeIndex node) {
    const Topology& topo = graph_->topology();
    if (mark_.size() != graph_->node_count() || scores_.nodes.size() != graph_->node_count() ||
        sums_.size() != graph_->objective_count() || topo.children.size() != edges_ ||
        expected_.size() != graph_->cycles().size())
        throw Error(ErrorCode::invalid_argument, "the graph changed structure since the scorer was created");
    if (!(graph_->policy() == policy_))
        throw Error(ErrorCode::invalid_argument, "the graph's scoring policy changed since the scorer was created");
    if (node >= mark_.size()) throw Error(ErrorCode::not_found, "node index out of range");
    const Ctx cx{*graph_, topo, scores_.as_of, graph_->policy(), tq_.get(), expected_};
    if (plan_of_[node] != npos) {
        const detail::PlanEntry* plan = plans_.data() + plan_of_[node];
        const std::uint32_t len = plan->node;
        ++plan;
        // Every line the updates below touch, requested at once: the results, sums and facts of
        // the ancestors, then (once the facts are in) their parent edges.
        const std::uint32_t sub = info_[node].sub;
        if (sub & Topology::kr_bit) {
            __builtin_prefetch(&topo.kr[sub & ~Topology::kr_bit]);
            __builtin_prefetch(reinterpret_cast<const char*>(&topo.kr[sub & ~Topology::kr_bit]) + 64);
        }
        for (std::uint32_t k = 0; k < len; ++k) {
            const detail::PlanEntry e = plan[k];
            __builtin_prefetch(&info_[e.node]);
            __builtin_prefetch(&scores_.nodes[e.node], 1);
            __builtin_prefetch(reinterpret_cast<const char*>(&scores_.nodes[e.node]) + sizeof(NodeScore) - 1, 1);
            if (!(e.sub & Topology::kr_bit)) __builtin_prefetch(&sums_[e.sub], 1);
        }
        __builtin_prefetch(up_.data() + info_[node].up_begin);  // (may be the end: only a hint)
        for (std::uint32_t k = 0; k < len; ++k) __builtin_prefetch(up_.data() + info_[plan[k].node].up_begin);
        update(&cx, node, sub);
        for (std::uint32_t k = 0; k < len; ++k) update(&cx, plan[k].node, plan[k].sub);
        return;
    }
    // No list (it would not have fitted): find the ancestors, then update them children first.
    touched_.clear();
    stack_.assign(1, node);
    mark_[node] = 1;
    while (!stack_.empty()) {
        const NodeIndex v = stack_.back();
        stack_.pop_back();
        touched_.push_back(v);
        for (std::uint32_t i = topo.parent_offsets[v]; i < topo.parent_offsets[v + 1]; ++i) {
            const NodeIndex u = topo.parents[i];
            if (!mark_[u]) {
                mark_[u] = 1;
                stack_.push_back(u);
            }
        }
    }
    std::sort(touched_.begin(), touched_.end(), [&](NodeIndex a, NodeIndex b) { return topo.rank[a] < topo.rank[b]; });
    for (const NodeIndex v : touched_) {
        mark_[v] = 0;
        update(&cx, v, info_[v].sub);
    }
}

}  // namespace okr