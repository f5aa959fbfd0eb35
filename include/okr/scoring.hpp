/// @file
/// @brief okr — scoring: KR scores, objective roll-up, pace, forecast and status as of a date.
/// The rules are the Scoring contract in docs/scoring.md.
///
/// "As of" a date: only check-ins dated on or before it count, pace is measured on it, and nodes
/// of cycles that start after it are planned.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "okr/model.hpp"

namespace okr {

/// A node's status as of a date.
///
/// `planned`: the node's cycle starts after the date; its score is NaN and its parents leave it
/// out (a next-quarter objective does not drag this quarter's roll-up down).
///
/// Statuses are decided in the order planned, no_data, not_started, done, then the policy's
/// status rule (docs/scoring.md, "Status").
enum class Status : std::uint8_t { no_data /**< an objective with no used child that has a score */, not_started /**< a KR with no check-in on or before the date (an objective: all used children not started) */, off_track /**< below the status rule's at-risk threshold */, at_risk /**< at or above the at-risk threshold, below the on-track one */, on_track /**< at or above the status rule's on-track threshold */, done /**< score >= 1 (never for a health KR) */, planned /**< the node's cycle starts after the date */ };
/// The name of a status.
/// @return "no_data", "not_started", "off_track", "at_risk", "on_track", "done" or "planned"
///         (static storage)
const char* to_string(Status) noexcept;

/// The score of one node as of a date. Numbers that do not apply are NaN.
struct NodeScore {
    double score = nan;            ///< 0..1 (NaN: objective with nothing to score, or a planned node; above 1 only without clamp)
    double expected = nan;         ///< pace: share of the cycle elapsed (NaN: no cycle)
    double forecast = nan;         ///< projected score at the cycle end
    double forecast_low = nan;     ///< lower end of the prediction interval of the forecast (least-squares forecasts only)
    double forecast_high = nan;    ///< upper end of that interval
    double p_target = nan;         ///< P(score at cycle end >= policy.target_score) (least squares only)
    double overachievement = 0.0;  ///< how far the unclamped score goes beyond 1.0 (0 when it does not)
    double value = nan;            ///< KR: current value (aggregated for aggregating KRs; baseline: mean)
    std::uint32_t checkins = 0;    ///< KR: check-ins on or before the date
    Status status = Status::no_data;  ///< the node's status as of the date
    bool regressing = false;       ///< metric: value beyond `start`, away from `target`; health: outside its limit
};

/// The scores of every node of a graph as of a date (score_all()), owned by the caller.
struct Scores {
    Date as_of;                    ///< the date the scores are as of
    std::vector<NodeScore> nodes;  ///< indexed by NodeIndex
    /// The score of node `v`.
    /// @param v a node index
    /// @return `nodes[v]`
    /// @throws std::out_of_range if `v` >= nodes.size()
    const NodeScore& operator[](NodeIndex v) const { return nodes.at(v); }
};

/// Scores every node as of `as_of` (check-ins after it are ignored) under graph.policy(); threads: docs/c_api.md.
/// @param graph the graph
/// @param as_of the date
/// @return one NodeScore per node
/// @throws okr::Error ErrorCode::cycle if the graph's roll-up has a cycle (see Graph::topology())
Scores score_all(const Graph& graph, Date as_of);
/// The same into `out`, reusing its storage: for callers that rescore repeatedly (a fresh
/// million-node result costs as much in first-touch page faults as the scoring itself).
/// @param graph the graph
/// @param as_of the date
/// @param[out] out receives the scores (resized to node_count())
/// @throws okr::Error as score_all(const Graph&, Date)
void score_all(const Graph& graph, Date as_of, Scores& out);

/// Only the scores: out[v] is score_all(graph, as_of)[v].score for every node v (NaN: an
/// objective with nothing to score), computed without pace, forecast, interval or status.
/// For dashboards and exports that need the percentages alone; several times faster than
/// score_all on a large graph. `out` is resized to node_count() and its storage reused.
/// @param graph the graph
/// @param as_of the date
/// @param[out] out receives one score per node, indexed by NodeIndex
/// @throws okr::Error ErrorCode::cycle if the graph's roll-up has a cycle
void score_vector(const Graph& graph, Date as_of, std::vector<double>& out);
/// Only the scores, in a new vector (see the overload above).
/// @param graph the graph
/// @param as_of the date
/// @return one score per node, indexed by NodeIndex
/// @throws okr::Error ErrorCode::cycle if the graph's roll-up has a cycle
std::vector<double> score_vector(const Graph& graph, Date as_of);
/// The same into caller-owned memory of exactly node_count() elements (else ErrorCode::invalid_argument).
/// @param graph the graph
/// @param as_of the date
/// @param[out] out receives one score per node, indexed by NodeIndex
/// @throws okr::Error ErrorCode::invalid_argument if out.size() != node_count();
///         ErrorCode::cycle if the graph's roll-up has a cycle
void score_vector(const Graph& graph, Date as_of, std::span<double> out);

/// Scores one node, evaluating only the nodes it depends on.
///
/// The result equals score_all(graph, as_of)[node].
/// @param graph the graph
/// @param node the node's index
/// @param as_of the date
/// @return the node's score
/// @throws okr::Error ErrorCode::not_found if `node` >= node_count(); ErrorCode::cycle if the
///         graph's roll-up has a cycle
NodeScore score_node(const Graph& graph, NodeIndex node, Date as_of);

}  // namespace okr

// The incremental scorer (IncrementalScorer) has its own header; it is part of this one's API.
#include "okr/incremental.hpp"
