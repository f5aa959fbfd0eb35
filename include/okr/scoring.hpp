// okr — scoring: KR scores, objective roll-up, pace, forecast and status as of a date.
// The rules are the Scoring contract in docs/scoring.md.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "okr/model.hpp"

namespace okr {

/// `planned`: the node's cycle starts after the date; its score is NaN and its parents leave it
/// out (a next-quarter objective does not drag this quarter's roll-up down).
enum class Status : std::uint8_t { no_data, not_started, off_track, at_risk, on_track, done, planned };
const char* to_string(Status) noexcept;

/// The score of one node as of a date. Numbers that do not apply are NaN.
struct NodeScore {
    double score = nan;            ///< 0..1 (NaN: objective with nothing to score)
    double expected = nan;         ///< pace: share of the cycle elapsed (NaN: no cycle)
    double forecast = nan;         ///< projected score at the cycle end
    double forecast_low = nan;     ///< prediction interval of the forecast (least-squares forecasts only)
    double forecast_high = nan;
    double p_target = nan;         ///< P(score at cycle end >= policy.target_score) (least squares only)
    double overachievement = 0.0;  ///< how far the unclamped score goes beyond 1.0 (0 when it does not)
    double value = nan;            ///< KR: current value (aggregated for aggregating KRs; baseline: mean)
    std::uint32_t checkins = 0;    ///< KR: check-ins on or before the date
    Status status = Status::no_data;
    bool regressing = false;       ///< metric: value beyond `start`, away from `target`; health: outside its limit
};

struct Scores {
    Date as_of;
    std::vector<NodeScore> nodes;  ///< indexed by NodeIndex
    const NodeScore& operator[](NodeIndex v) const { return nodes.at(v); }
};

/// Scores every node as of `as_of` (check-ins after it are ignored) under graph.policy().
Scores score_all(const Graph& graph, Date as_of);
/// The same into `out`, reusing its storage: for callers that rescore repeatedly (a fresh
/// million-node result costs as much in first-touch page faults as the scoring itself).
void score_all(const Graph& graph, Date as_of, Scores& out);

/// Only the scores: out[v] is score_all(graph, as_of)[v].score for every node v (NaN: an
/// objective with nothing to score), computed without pace, forecast, interval or status.
/// For dashboards and exports that need the percentages alone; several times faster than
/// score_all on a large graph. `out` is resized to node_count() and its storage reused.
void score_vector(const Graph& graph, Date as_of, std::vector<double>& out);
std::vector<double> score_vector(const Graph& graph, Date as_of);
/// The same into caller-owned memory of exactly node_count() elements (else ErrorCode::invalid_argument).
void score_vector(const Graph& graph, Date as_of, std::span<double> out);

/// Scores one node, evaluating only the nodes it depends on.
NodeScore score_node(const Graph& graph, NodeIndex node, Date as_of);

}  // namespace okr

// The incremental scorer (IncrementalScorer) has its own header; it is part of this one's API.
#include "okr/incremental.hpp"
