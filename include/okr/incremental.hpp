/// @file
/// @brief okr — incremental scoring: scores as of one date kept current while check-ins arrive
/// (docs/scoring.md). Included by okr/scoring.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "okr/model.hpp"
#include "okr/scoring.hpp"

namespace okr {

namespace detail {
struct TQuantiles;

/// What an objective reads of one child when it rolls up.
struct ChildInput {
    double score, forecast;
    bool started;
    static ChildInput of(const NodeScore& s) noexcept { return {s.score, s.forecast, s.status != Status::not_started}; }
};

/// An objective's roll-up sums in fixed point (docs/scoring.md, "Roll-up arithmetic"): each
/// counted child adds its share times its score and forecast, and its share, each rounded to a
/// multiple of 2^-52 (coarser for objectives with over 1024 children), as integers. Integer sums
/// do not depend on the order of the terms, so removing one child's old terms and adding its new
/// ones gives exactly the sums of a full pass.
struct alignas(32) RollupSum {
    std::int64_t score = 0, forecast = 0, weight = 0;
    std::int32_t started = 0;        ///< counted children that have started
    std::int32_t nan_forecasts = 0;  ///< counted children whose forecast is NaN
};

/// One entry of an incremental scorer's ancestor lists: a node and its Topology::sub.
struct PlanEntry {
    NodeIndex node;
    std::uint32_t sub;
};
/// An incremental scorer's per-node facts: cycle, and where its parent edges start.
struct UpInfo {
    std::int32_t cycle;
    std::uint32_t up_begin;
    std::uint32_t sub;
    std::uint32_t unused;
};
/// A parent edge along which a node counts in an objective's roll-up.
struct UpEdge {
    std::uint32_t parent_sub;  ///< the objective's ordinal
    std::int32_t bits;         ///< the objective's roll-up scale, 2^bits
    double share;
};
}  // namespace detail

/// Keeps the scores of a graph as of a fixed date current while check-ins arrive: each check-in
/// rescores that KR and its ancestors only (O(ancestors)), with results identical to score_all.
/// The scorer refers to `graph`, which must outlive it and change only through this object.
///
/// A scorer belongs to one thread at a time. Objectives, key results, contributes links or cycles
/// added to the graph after the scorer was made, or a changed policy, make check_in() and
/// refresh() throw; make a new scorer then.
class IncrementalScorer {
public:
    /// Scores `graph` as of `as_of` (one score_all()) and prepares the incremental updates.
    /// @param graph the graph; it must outlive the scorer and change only through it
    /// @param as_of the date the scores are kept at (check-ins after it do not change them)
    /// @throws okr::Error ErrorCode::cycle if the graph's roll-up has a cycle (see Graph::topology())
    IncrementalScorer(Graph& graph, Date as_of);
    /// The current scores, identical to score_all(graph, as_of).
    /// @return the scores; the reference stays valid while the scorer lives, and its contents
    ///         change with each check_in() and refresh()
    const Scores& scores() const noexcept { return scores_; }
    /// Records the check-in on the graph (strong guarantee) and updates the affected scores.
    ///
    /// A check-in dated after the scorer's date is recorded but changes no score.
    /// @param checkin the check-in, validated as Graph::check_in(CheckIn) validates it
    /// @throws okr::Error as Graph::check_in(CheckIn), and then nothing changes; as refresh() if
    ///         the graph's structure or policy changed since the scorer was made (the check-in is
    ///         then recorded on the graph, but the scores are not updated)
    void check_in(CheckIn checkin);
    /// Rescores the given node and every ancestor of it.
    /// @param node the node whose own inputs changed
    /// @throws okr::Error ErrorCode::invalid_argument if objectives, key results, contributes
    ///         links or cycles were added or the policy changed since the scorer was made;
    ///         ErrorCode::not_found if `node` >= the graph's node_count()
    void refresh(NodeIndex node);
    /// Bytes the scorer holds: the results and what it keeps to update them (docs/scoring.md).
    /// @return the bytes of the scorer's arrays (their capacity)
    std::size_t memory_bytes() const noexcept;

private:
    Graph* graph_;
    Scores scores_;
    // Per objective ordinal: its roll-up sums. A node whose result changed takes its old terms
    // out of each parent's sums and puts its new ones in, so a parent is re-evaluated without
    // reading its other children.
    std::vector<detail::RollupSum> sums_;
    std::size_t edges_ = 0;  // the topology's child slots when the scorer was made
    std::vector<detail::UpInfo> info_;         // per node (and one past the last)
    std::vector<detail::UpEdge> up_;           // per counted parent edge, grouped by child
    std::vector<std::uint32_t> plan_of_;       // per node: offset in plans_ of its ancestor list, or npos
    std::vector<detail::PlanEntry> plans_;     // lists: {length, 0}, then the ancestors children first
    std::vector<double> expected_;             // per cycle: the pace as of the scorer's date
    ScoringPolicy policy_;                     // the graph's when the scorer was made
    void update(const void* ctx, NodeIndex v, std::uint32_t sub);
    std::vector<NodeIndex> stack_;
    std::vector<std::uint8_t> mark_;
    std::vector<NodeIndex> touched_;
    std::shared_ptr<detail::TQuantiles> tq_;  // cached Student-t quantiles
};

}  // namespace okr
