/// @file
/// @brief okr — alignment analysis: ladder-up, coverage, contribution, focus, cross-team
/// dependencies and at-risk exposure (docs/alignment.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "okr/model.hpp"
#include "okr/scoring.hpp"

namespace okr {

/// Options with the DOMAIN.md defaults. validate() throws ErrorCode::invalid_argument naming the
/// field when a value is out of range.
struct AlignmentOptions {
    int max_objectives = 3;            ///< per owner and per team per cycle; more is a finding
    int min_key_results = 2;           ///< per objective; fewer is a finding
    int max_key_results = 4;           ///< per objective; more is a finding
    double min_bottom_up_share = 0.5;  ///< per team and overall; lower is a finding
    int top_k = 10;                    ///< contributors / offenders listed per top objective (0: none)

    /// Checks the ranges: max_objectives >= 1, min_key_results >= 0, max_key_results >=
    /// min_key_results, min_bottom_up_share in [0, 1], top_k >= 0.
    /// @throws okr::Error ErrorCode::invalid_argument naming the first option out of range
    void validate() const;
};

/// What an alignment finding is about (docs/alignment.md, "Findings"). Findings are not errors.
enum class FindingCode : std::uint8_t {
    orphan,                   ///< a non-top objective that reaches no top-level objective
    cross_cycle_key_result,   ///< a KR contributes to an objective of another cycle
    cross_cycle_link,         ///< an objective contributes to an objective of another cycle
    aligned_to_lower_level,   ///< an objective contributes to one of a lower level (team → individual)
    owner_overloaded,         ///< an owner has more than max_objectives objectives in a cycle
    team_overloaded,          ///< a team has more than max_objectives objectives in a cycle
    too_few_key_results,      ///< an objective has fewer than min_key_results KRs
    too_many_key_results,     ///< an objective has more than max_key_results KRs
    low_bottom_up_share,      ///< a team (or the organisation) originates < min_bottom_up_share bottom-up
    dependency_cycle,         ///< teams depend on each other in a cycle
    unreciprocated_dependency ///< team A depends on team B but nothing of A is linked to B
};
/// The name of a finding code.
/// @return the enumerator's name ("orphan", "cross_cycle_key_result", ...; static storage)
const char* to_string(FindingCode) noexcept;

/// One alignment finding.
struct Finding {
    FindingCode code;       ///< what it is about
    NodeIndex node = npos;  ///< the node it is about (npos for team / organisation findings)
    std::string subject;    ///< the node id, or the team / owner it is about
    std::string message;    ///< a sentence for people, naming the node, team or owner
};

/// Coverage of one group (a level, a team, or everything): objectives that ladder up.
struct Coverage {
    std::string group_by;  ///< "level", "team" or "all"
    std::string group;     ///< level name ("" = unspecified), team name ("" = no team) or "all"
    std::size_t objectives = 0;  ///< objectives in the group (> 0: empty groups get no row)
    std::size_t aligned = 0;     ///< those that reach a top-level objective (tops count as reaching)
    double share = nan;  ///< aligned / objectives
};

/// d score(top) / d score(node) under the roll-up rule as of the date.
///
/// The sum over all paths from the node up to the top of the product of normalised weights: a
/// key result shared by several objectives contributes through each of them.
struct Contribution {
    NodeIndex top;   ///< the top-level objective
    NodeIndex node;  ///< a node it depends on (the top itself, with value 1, included)
    double value;    ///< ∂score(top) / ∂score(node), in (0, 1]
};

/// The depends_on links from the nodes of one team to those of another (docs/alignment.md,
/// "Team dependencies"). A node's team is its own (objectives) or its objective's (key results).
struct TeamDependency {
    std::string from;  ///< the team that depends
    std::string to;    ///< the team depended upon
    std::size_t links = 0;  ///< depends_on links from `from`'s nodes to `to`'s
    bool reciprocated = false;  ///< some link (any type) goes back from `to`'s nodes to `from`'s
};

/// A team's place in the team dependency graph (teams that take part in some dependency).
struct TeamCentrality {
    std::string team;  ///< the team's name
    std::size_t dependents = 0;   ///< distinct teams that depend on it (in-degree)
    std::size_t links_in = 0;     ///< depends_on links pointing at it
    double betweenness = 0;       ///< Brandes betweenness on the team dependency graph, normalised
};

/// How exposed a top-level objective is to key results that are at risk or off track.
struct Exposure {
    NodeIndex top;  ///< the top-level objective
    double at_risk_share = nan;  ///< contribution-weighted share of its KR inputs at_risk/off_track
    std::size_t inputs = 0;      ///< KRs that contribute to it
    std::vector<std::pair<NodeIndex, double>> offenders;  ///< at-risk/off-track KRs by contribution (largest first, at most top_k)
};

/// The result of alignment(): plain values indexed by dense node index, owned by the caller
/// (they do not refer to the graph).
struct AlignmentReport {
    Date as_of;  ///< the date the scores behind contributions and exposure are taken at
    std::vector<NodeIndex> top;                 ///< top-level objectives
    std::vector<std::uint8_t> is_top;           ///< per node
    std::vector<std::int32_t> depth;            ///< per node: fewest contributes hops to a top (-1: none or a KR)
    std::vector<NodeIndex> orphans;             ///< non-top objectives that reach no top, in node order
    std::vector<Coverage> coverage;             ///< "all" first, then per level, then per team by name
    std::vector<Contribution> contributions;    ///< sparse, grouped by top: the top first, then down the roll-up
    std::vector<std::vector<std::pair<NodeIndex, double>>> top_contributors;  ///< per top: top_k KRs
    std::vector<Finding> findings;              ///< every finding (docs/alignment.md, "Findings")
    std::vector<TeamDependency> dependencies;   ///< per pair of teams with depends_on links, by team names
    std::vector<std::vector<std::string>> dependency_cycles;  ///< teams in each cycle (strong component)
    std::vector<TeamCentrality> centrality;     ///< per team in `dependencies`, by name
    std::vector<Exposure> exposure;              ///< one per top, same order as `top`
};

/// Runs the whole analysis. Top-level objectives are the company-level ones if the graph has any,
/// else the objectives that contribute to no other objective.
///
/// Contributions and exposure follow the scores as of `as_of` (score_all()); the rest depends on
/// the structure only. Rocks are left out of the focus findings.
/// @param graph the graph
/// @param options thresholds and list lengths
/// @param as_of the date the scores are taken at (check-ins after it are ignored)
/// @return the report
/// @throws okr::Error ErrorCode::invalid_argument naming an option out of range
///         (AlignmentOptions::validate()), before anything is computed
AlignmentReport alignment(const Graph& graph, const AlignmentOptions& options, Date as_of);

/// Up to `max_paths` paths from objective `node` up to a top objective (each from `node` to the
/// top, shortest first), following contributes links between objectives. Empty for an orphan;
/// {{node}} for a top objective. Throws ErrorCode::invalid_argument if `node` is a key result.
/// @param graph the graph the report was made from
/// @param report the result of alignment() on `graph`
/// @param node an objective's node index
/// @param max_paths the most paths returned (0 or less: none)
/// @return the paths, each a list of node indices from `node` to a top
/// @throws okr::Error ErrorCode::not_found if `node` >= graph.node_count();
///         ErrorCode::invalid_argument if `node` is a key result or `report` is of another graph
///         (detected when its node count differs)
std::vector<std::vector<NodeIndex>> paths_to_top(const Graph& graph, const AlignmentReport& report, NodeIndex node,
                                                 int max_paths);

}  // namespace okr
