// okr — alignment analysis: ladder-up, coverage, contribution, focus, cross-team dependencies
// and at-risk exposure (docs/alignment.md).
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

    void validate() const;
};

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
const char* to_string(FindingCode) noexcept;

struct Finding {
    FindingCode code;
    NodeIndex node = npos;  ///< the node it is about (npos for team / organisation findings)
    std::string subject;    ///< the node id, or the team / owner it is about
    std::string message;
};

/// Coverage of one group (a level, a team, or everything): objectives that ladder up.
struct Coverage {
    std::string group_by;  ///< "level", "team" or "all"
    std::string group;     ///< level name, team name ("" = no team) or "all"
    std::size_t objectives = 0;
    std::size_t aligned = 0;
    double share = nan;  ///< aligned / objectives
};

/// d score(top) / d score(node) under the roll-up rule as of the date.
struct Contribution {
    NodeIndex top;
    NodeIndex node;
    double value;
};

struct TeamDependency {
    std::string from;  ///< the team that depends
    std::string to;    ///< the team depended upon
    std::size_t links = 0;
    bool reciprocated = false;  ///< some link (any type) goes back from `to`'s nodes to `from`'s
};

struct TeamCentrality {
    std::string team;
    std::size_t dependents = 0;   ///< distinct teams that depend on it (in-degree)
    std::size_t links_in = 0;     ///< depends_on links pointing at it
    double betweenness = 0;       ///< Brandes betweenness on the team dependency graph, normalised
};

struct Exposure {
    NodeIndex top;
    double at_risk_share = nan;  ///< contribution-weighted share of its KR inputs at_risk/off_track
    std::size_t inputs = 0;      ///< KRs that contribute to it
    std::vector<std::pair<NodeIndex, double>> offenders;  ///< at-risk/off-track KRs by contribution
};

struct AlignmentReport {
    Date as_of;
    std::vector<NodeIndex> top;                 ///< top-level objectives
    std::vector<std::uint8_t> is_top;           ///< per node
    std::vector<std::int32_t> depth;            ///< per node: fewest contributes hops to a top (-1: none or a KR)
    std::vector<NodeIndex> orphans;
    std::vector<Coverage> coverage;
    std::vector<Contribution> contributions;    ///< sparse, grouped by top: the top first, then down the roll-up
    std::vector<std::vector<std::pair<NodeIndex, double>>> top_contributors;  ///< per top: top_k KRs
    std::vector<Finding> findings;
    std::vector<TeamDependency> dependencies;
    std::vector<std::vector<std::string>> dependency_cycles;  ///< teams in each cycle (strong component)
    std::vector<TeamCentrality> centrality;
    std::vector<Exposure> exposure;              ///< one per top, same order as `top`
};

/// Runs the whole analysis. Top-level objectives are the company-level ones if the graph has any,
/// else the objectives that contribute to no other objective.
AlignmentReport alignment(const Graph& graph, const AlignmentOptions& options, Date as_of);

/// Up to `max_paths` paths from objective `node` up to a top objective (each from `node` to the
/// top, shortest first), following contributes links between objectives. Empty for an orphan;
/// {{node}} for a top objective. Throws ErrorCode::invalid_argument if `node` is a key result.
std::vector<std::vector<NodeIndex>> paths_to_top(const Graph& graph, const AlignmentReport& report, NodeIndex node,
                                                 int max_paths);

}  // namespace okr
