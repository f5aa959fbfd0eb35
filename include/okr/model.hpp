/// @file
/// @brief okr — the goal model: objectives, key results, links, cycles and check-ins.
///
/// A Graph maps caller-chosen string ids to dense node indices (0..node_count()-1, in insertion
/// order). Every mutating call validates its input and either succeeds completely or throws
/// okr::Error and leaves the graph unchanged (strong guarantee).
///
/// Thread-safety: any number of threads may call const member functions (and run analyses) on one
/// Graph at the same time; a mutating call needs exclusive access.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "okr/date.hpp"
#include "okr/detail/chunked_store.hpp"
#include "okr/error.hpp"

namespace okr {

/// A quiet NaN: the value of a number that is not given, missing or does not apply.
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// Dense index of a node (objective or key result): 0 to Graph::node_count() − 1, in the order
/// the nodes were added.
using NodeIndex = std::uint32_t;
/// "No node": returned by Graph::find() for an unknown id, and used where a result is not about a
/// node.
inline constexpr NodeIndex npos = std::numeric_limits<NodeIndex>::max();

/// What a node is.
enum class NodeKind : std::uint8_t { objective /**< an objective: a qualitative destination */, key_result /**< a key result: how its objective's progress is measured */ };
/// An objective's position in the hierarchy; `company` objectives are the top-level ones
/// (docs/alignment.md).
enum class Level : std::uint8_t { unspecified /**< not given */, company /**< company-wide */, department /**< a department's */, team /**< a team's */, individual /**< one person's */ };
/// Who proposed an objective (the alignment analysis reports the share proposed bottom-up).
enum class Origin : std::uint8_t { unspecified /**< not given */, bottom_up /**< proposed by the team itself */, top_down /**< handed down */, cross_functional /**< agreed across teams */ };
/// What kind of goal an objective is.
enum class Flavor : std::uint8_t { okr /**< an OKR objective */, rock /**< an EOS Rock: one owner, done or not done at the cycle's end (docs/rocks.md) */ };
/// Which children an objective's score is the weighted mean of (docs/scoring.md, "Objective
/// roll-up"). Its key results are those it contains and those linked to it with `contributes`.
///
/// `automatic`: key_results if the objective has any, else aligned (the documented default).
enum class ProgressSource : std::uint8_t { automatic /**< key_results if the objective has any key result, else aligned */, key_results /**< its key results */, aligned /**< the objectives that contribute to it */, both /**< all of these */ };
/// How a key result is scored (docs/scoring.md, "KR score by type").
enum class KrType : std::uint8_t { metric /**< move a number from `start` to `target` */, baseline /**< gather `required` observations of a number not measured before */, milestone /**< done / not done, or weighted stages */, health /**< keep a number at a threshold or inside a band */ };
/// Which side of its threshold a health key result is healthy on (the threshold is inclusive).
enum class HealthDirection : std::uint8_t { at_least /**< healthy at or above the threshold */, at_most /**< healthy at or below the threshold */ };
/// How a value-aggregating key result combines the current values of the key results that
/// contribute to it (contributors without a value are skipped).
enum class Aggregate : std::uint8_t { none /**< not aggregating: the key result takes check-ins */, sum /**< their sum */, mean /**< their mean */, min /**< the smallest */, max /**< the largest */ };
/// The meaning of a link (docs/format.md, "links[]").
enum class LinkType : std::uint8_t { contributes /**< roll-up: `from` counts toward `to` */, depends_on /**< horizontal: `from` needs `to`; not part of scoring */, measured_by /**< from a key result to the KPI that measures it */ };
/// How status is decided during a cycle (docs/scoring.md, "Status").
enum class StatusRule : std::uint8_t { forecast /**< by the forecast at the cycle end */, pace /**< by the score against the share of the cycle elapsed */ };
/// Where a Rock stands in its lifecycle: open until its owner closes it at the cycle's end.
enum class RockState : std::uint8_t { open /**< not closed yet (the default) */, done /**< closed as done */, not_done /**< closed as not done */, canceled /**< dropped */ };
/// What a Rock's owner reports in the weekly meeting.
enum class RockReportStatus : std::uint8_t { on_track /**< "on track" */, off_track /**< "off track" */ };

/// The name of a node kind.
/// @return "objective" or "key_result" (static storage)
const char* to_string(NodeKind) noexcept;
/// The JSON name of a level.
/// @return "company", "department", "team", "individual", or "" for unspecified (static storage)
const char* to_string(Level) noexcept;
/// The JSON name of an origin.
/// @return "bottom_up", "top_down", "cross_functional", or "" for unspecified (static storage)
const char* to_string(Origin) noexcept;
/// The JSON name of a flavor.
/// @return "okr" or "rock" (static storage)
const char* to_string(Flavor) noexcept;
/// The JSON name of a progress source.
/// @return "key_results", "aligned", "both", or "" for automatic (static storage)
const char* to_string(ProgressSource) noexcept;
/// The JSON name of a key-result type.
/// @return "metric", "baseline", "milestone" or "health" (static storage)
const char* to_string(KrType) noexcept;
/// The JSON name of a health direction.
/// @return "at_least" or "at_most" (static storage)
const char* to_string(HealthDirection) noexcept;
/// The JSON name of an aggregate.
/// @return "sum", "mean", "min", "max", or "" for none (static storage)
const char* to_string(Aggregate) noexcept;
/// The JSON name of a link type.
/// @return "contributes", "depends_on" or "measured_by" (static storage)
const char* to_string(LinkType) noexcept;
/// The JSON name of a status rule.
/// @return "forecast" or "pace" (static storage)
const char* to_string(StatusRule) noexcept;
/// The JSON name of a Rock state.
/// @return "open", "done", "not_done" or "canceled" (static storage)
const char* to_string(RockState) noexcept;         ///< "open", "done", "not_done", "canceled"
/// The JSON name of a Rock report status.
/// @return "on_track" or "off_track" (static storage)
const char* to_string(RockReportStatus) noexcept;  ///< "on_track", "off_track"

/// A field the JSON format does not define, kept verbatim (minified JSON) so export is lossless.
struct Extra {
    std::string name;  ///< the field's name
    std::string json;  ///< its value as minified JSON text (any JSON value)
};
/// The unknown fields of one element, in document order.
using Extras = std::vector<Extra>;

/// How scores and statuses are computed. Travels in the JSON document (`scoring`), so that two
/// systems score the same data the same way. See docs/scoring.md.
///
/// Graph::set_policy() validates a policy before it takes effect; the defaults are valid.
struct ScoringPolicy {
    StatusRule status_rule = StatusRule::forecast;  ///< how status is decided (docs/scoring.md, "Status")
    double on_track = 0.7;        ///< forecast rule: forecast >= on_track → on_track
    double at_risk = 0.4;         ///< forecast rule: forecast >= at_risk → at_risk, else off_track
    double pace_on_track = 0.9;   ///< pace rule: score/expected >= this → on_track
    double pace_at_risk = 0.6;    ///< pace rule: score/expected >= this → at_risk
    bool clamp = true;            ///< clamp KR scores to [0, 1] (over-achievement is reported anyway)
    bool partial_stages = true;   ///< staged milestones count partial stage progress
    double interval = 0.8;        ///< coverage of the forecast prediction interval
    double target_score = 0.7;    ///< p_target = P(score at cycle end >= target_score)
    int min_trend_checkins = 3;   ///< check-ins needed for a least-squares forecast

    /// Field-by-field equality.
    /// @return true if every field of the two policies is equal
    friend bool operator==(const ScoringPolicy&, const ScoringPolicy&) = default;
    /// Throws okr::Error(invalid_argument) naming the field if a value is out of range.
    ///
    /// Ranges: on_track and at_risk in [0, 1] with at_risk <= on_track; pace_on_track and
    /// pace_at_risk finite and >= 0 with pace_at_risk <= pace_on_track; interval in (0, 1);
    /// target_score in (0, 1]; min_trend_checkins >= 3.
    /// @throws okr::Error ErrorCode::invalid_argument naming the first field out of range
    void validate() const;
};

/// A named period that OKRs run for (a quarter by default). Cycles may be declared ahead of use.
struct Cycle {
    std::string id;  ///< unique among cycles, non-empty (a namespace separate from node ids)
    Date start;      ///< the first day of the cycle
    Date end;        ///< the last day, on or after `start`
    Extras extras;   ///< unknown JSON fields, written back by to_json
};

/// An owner's weekly report on a Rock (docs/rocks.md).
struct RockReport {
    Date date;  ///< the day of the report
    RockReportStatus status = RockReportStatus::on_track;  ///< what the owner reported
    std::string note;  ///< free text ("" if none)
};

/// An objective: a qualitative destination (docs/format.md, "objectives[]").
struct Objective {
    std::string id;     ///< unique across objectives, key results and KPIs; non-empty, no control characters
    std::string title;  ///< the qualitative destination
    std::string owner;  ///< the accountable person ("" if none)
    std::string team;   ///< the owning team or department ("" if none)
    Level level = Level::unspecified;  ///< position in the hierarchy (company objectives are top-level)
    std::string cycle;  ///< id of a Cycle, or empty
    Origin origin = Origin::unspecified;  ///< who proposed it
    std::string why_now;  ///< why it matters this cycle (3–5 sentences; "" if none, a lint finding)
    Flavor flavor = Flavor::okr;  ///< okr, or rock for an EOS Rock
    double weight = 1.0;  ///< the objective's own weight, > 0 (focus and reporting; the roll-up uses link weights)
    ProgressSource progress_source = ProgressSource::automatic;  ///< which children its score is the weighted mean of
    // Rocks only (flavor rock); see docs/rocks.md.
    RockState state = RockState::open;  ///< Rocks only: the owner's verdict at the cycle's end
    std::string carried_from;          ///< id of the Rock of an earlier cycle this one continues, or empty
    std::vector<RockReport> reports;   ///< the owner's weekly reports, by date (ties: in the order given)
    Extras extras;  ///< unknown JSON fields, written back by to_json
};

/// A point of a metric key result's piecewise-linear score curve: `value` scores `score`.
struct Anchor {
    double score;  ///< in (0, 1]; a score of 1 is allowed only on a last anchor equal to `target`
    double value;  ///< the value that scores `score`, strictly between `start` and `target`
};

/// One stage of a staged milestone key result (a Rock's phase, say).
struct Stage {
    std::string id;  ///< optional; check-ins name a stage by id, else by title
    std::string title;  ///< the stage's title (id or title must be non-empty)
    double weight = 1.0;  ///< its weight in the key result's score, >= 0 (the stages' weights must sum to more than 0)
    std::optional<Date> due;  ///< when the stage is due (a Rock's milestone), if set
};

/// A key result: how progress toward its objective is measured (docs/format.md,
/// "key_results[]"). Which fields apply depends on `type`; a field of another type is an error.
struct KeyResult {
    // Numbers first: scoring reads these for every KR, the strings below it never touches.
    KrType type = KrType::metric;  ///< how it is scored
    HealthDirection direction = HealthDirection::at_least;  ///< health, with `threshold`
    Aggregate aggregate = Aggregate::none;  ///< any type: value = aggregate of contributing KRs
    double weight = 1.0;  ///< its weight in the containing objective's mean, > 0
    double start = nan;   ///< metric (and the scale of an aggregating KR)
    double target = nan;  ///< metric: the value that scores 1.0, != `start` (below `start`: a decreasing KR)
    double required = nan;  ///< baseline: observations required (a positive whole number)
    double threshold = nan; ///< health
    double band_low = nan;  ///< health, instead of a threshold
    double band_high = nan;  ///< health: the band's upper limit (inclusive, >= band_low)
    double tolerance = 0.0;  ///< health: distance outside the threshold/band at which the score reaches 0
    std::vector<Anchor> anchors;  ///< metric: optional intermediate anchors, score in (0, 1]
    std::vector<Stage> stages;    ///< milestone: empty means a single done / not done milestone
    std::optional<Date> due;      ///< milestone without stages: when it is due, if set
    std::string id;  ///< unique across objectives, key results and KPIs; non-empty, no control characters
    std::string objective;  ///< id of the objective that contains it
    std::string title;  ///< the measurable statement
    std::string unit;  ///< display unit ("%", "USD", "days"; "" if none)
    Extras extras;  ///< unknown JSON fields, written back by to_json

    /// Whether a health key result has a band rather than a threshold.
    /// @return true if `band_low` is not NaN
    bool has_band() const noexcept { return !std::isnan(band_low); }
};

/// A link between two nodes, by id (docs/format.md, "links[]").
struct Link {
    std::string from;  ///< id of the node the link goes from (the child of a contributes link)
    std::string to;    ///< id of the node it goes to (the parent of a contributes link; a KPI for measured_by)
    LinkType type = LinkType::contributes;  ///< what the link means
    double weight = 1.0;  ///< > 0: the weight the parent gives this child (contributes); must be 1 for measured_by
    Extras extras;  ///< unknown JSON fields, written back by to_json
};

/// A dated update of a key result, by id (docs/format.md, "checkins[]").
struct CheckIn {
    std::string key_result;  ///< id of the key result (not an objective, not an aggregating key result)
    Date date;  ///< the day the value applies to
    double value = nan;  ///< finite: the measured number (metric, health), one observation (baseline) or progress in [0, 1] (milestone)
    double confidence = nan;  ///< NaN: none given
    std::string note;  ///< free text ("" if none)
    std::string stage;  ///< staged milestones: the stage's id, or its title (docs/format.md)
    Extras extras;  ///< unknown JSON fields, written back by to_json
};

/// How a KPI's value is held against its goal. Bounds are inclusive for in_range ([low, high])
/// and exclusive for not_in_range (below low or above high).
enum class Comparison : std::uint8_t { none /**< no goal */, ge /**< value >= goal */, le /**< value <= goal */, gt /**< value > goal */, lt /**< value < goal */, eq /**< value == goal */, in_range /**< low <= value <= high */, not_in_range /**< value < low or value > high */ };
/// How a KPI's observations combine within one calendar period (missing observations are skipped).
enum class KpiAggregation : std::uint8_t { sum /**< their sum (the default) */, mean /**< their mean */, last /**< the last one */ };
/// The period a KPI's goal is meant for (EOS measurables are weekly by default).
enum class KpiFrequency : std::uint8_t { week /**< weekly (the default) */, month /**< monthly */, quarter /**< quarterly */ };
/// The JSON spelling of a comparison.
/// @return ">=", "<=", ">", "<", "==", "in_range", "not_in_range", or "" for none (static storage)
const char* to_string(Comparison) noexcept;  ///< ">=", "<=", ">", "<", "==", "in_range", "not_in_range", ""
/// The JSON name of a KPI aggregation.
/// @return "sum", "mean" or "last" (static storage)
const char* to_string(KpiAggregation) noexcept;
/// The JSON name of a KPI frequency.
/// @return "week", "month" or "quarter" (static storage)
const char* to_string(KpiFrequency) noexcept;  ///< "week", "month", "quarter"

/// A KPI's goal from a date on: goals change as the business grows.
struct KpiGoal {
    Date from;                                  ///< in force from this date on
    Comparison comparison = Comparison::none;   ///< required
    double goal = nan;       ///< with >=, <=, >, <, ==
    double goal_low = nan;   ///< with in_range and not_in_range
    double goal_high = nan;  ///< with in_range and not_in_range (>= goal_low)
};

/// One observation of a KPI.
struct KpiPoint {
    Date date;     ///< the day of the observation
    double value;  ///< NaN: a missing observation (JSON null)
};

/// A KPI: a health metric tracked continuously, optionally with a goal.
struct Kpi {
    std::string id;  ///< unique among KPIs, objectives and key results
    std::string title;  ///< the KPI's name ("" if none)
    std::string owner;  ///< the accountable person ("" if none)
    std::string team;   ///< the owning team or department ("" if none)
    std::string unit;   ///< display unit ("" if none)
    Comparison comparison = Comparison::none;  ///< how the goal reads (none: no goal before the first of `goals`)
    double goal = nan;       ///< with >=, <=, >, <, ==
    double goal_low = nan;   ///< with in_range and not_in_range
    double goal_high = nan;  ///< with in_range and not_in_range (>= goal_low)
    KpiAggregation aggregation = KpiAggregation::sum;  ///< how observations combine in a period
    /// Later goals, each in force from its date on (strictly increasing `from`); the goal above,
    /// if any, holds before the first of them.
    std::vector<KpiGoal> goals;
    KpiFrequency frequency = KpiFrequency::week;  ///< the period the goal is meant for
    std::vector<KpiPoint> values;  ///< strictly increasing dates
    Extras extras;  ///< unknown JSON fields, written back by to_json
};

/// A check-in as stored on its key result (dense, 32 bytes: scoring reads millions of them).
/// Its note and unknown fields, which most check-ins lack, live beside it (Graph::checkin_note).
struct CheckInRecord {
    Date date;           ///< the day the value applies to
    std::int32_t stage;  ///< index into KeyResult::stages, or -1
    std::uint32_t seq;   ///< insertion order (ties on a date: the later one supersedes)
    double value;        ///< the check-in's value (finite)
    double confidence;   ///< NaN: none
};

namespace detail {
/// The check-in lists of a graph's key results (one list per KR ordinal, each sorted by date),
/// kept in a few large blocks instead of one allocation per key result: a pass over every KR
/// streams them in KR order after a bulk load, whatever else the heap holds. A list that
/// outgrows its room moves to the end of the newest block with twice the room (the old range is
/// left unused: at most the list's current room); blocks never move, so growing never copies
/// more than the one list. Internal to Graph.
class CheckInStore {
public:
    CheckInStore() = default;
    CheckInStore(const CheckInStore& o);  ///< a compact copy (one block, no spare room)
    CheckInStore(CheckInStore&&) noexcept = default;
    CheckInStore& operator=(const CheckInStore& o);
    CheckInStore& operator=(CheckInStore&&) noexcept = default;
    ~CheckInStore() = default;

    std::size_t lists() const noexcept { return lists_.size(); }
    std::span<const CheckInRecord> operator[](std::uint32_t k) const noexcept { return {lists_[k].data, lists_[k].size}; }
    std::span<const CheckInRecord> at(std::uint32_t k) const {  ///< throws std::out_of_range
        if (k >= lists_.size()) out_of_range();
        return (*this)[k];
    }
    /// Room for `n` lists in all (may throw; then nothing changes).
    void reserve_lists(std::size_t n);
    /// Adds an empty list; cannot throw after reserve_lists(lists() + 1).
    void add_list();
    /// Room for `more` records in list k (may throw; then nothing observable changes).
    void make_room(std::uint32_t k, std::size_t more);
    /// Inserts `r` after the records of list k dated on or before `r.date`; needs make_room(k, 1).
    void insert(std::uint32_t k, const CheckInRecord& r) noexcept;
    /// Fills empty list k with `records` (copied, no spare room); may throw, then nothing changes.
    void assign(std::uint32_t k, std::span<const CheckInRecord> records);
    /// Room for `records` records in one block: lists filled next by assign() lie there in order.
    void reserve_records(std::size_t records);
    /// Bytes held by the blocks (used or not).
    std::size_t capacity_bytes() const noexcept;

private:
    struct List {
        CheckInRecord* data = nullptr;
        std::uint32_t size = 0, capacity = 0;
    };
    struct Block {
        CheckInRecord* data = nullptr;
        std::size_t capacity = 0, used = 0;
        Block() = default;
        explicit Block(std::size_t n);
        Block(Block&& o) noexcept : data(o.data), capacity(o.capacity), used(o.used) { o.data = nullptr; }
        Block& operator=(Block&& o) noexcept;
        ~Block();
    };
    [[noreturn]] static void out_of_range();
    CheckInRecord* take(std::size_t n);  // n unused records of the newest block (a new block if needed)
    std::vector<List> lists_;
    std::vector<Block> blocks_;
};
}  // namespace detail

/// A resolved link between dense indices.
struct LinkRecord {
    NodeIndex from;  ///< the node the link goes from (the child of a contributes link)
    NodeIndex to;    ///< the node it goes to (the parent of a contributes link)
    LinkType type;   ///< contributes or depends_on (measured_by links are in Graph::measured_by())
    double weight;   ///< the weight the parent gives the child (contributes)
};

/// What scoring reads from a key result, packed (Topology::kr): 88 bytes in one array instead of
/// the whole record with its strings, so a roll-up over a million KRs does not stream the records.
/// The anchor and stage spans point into the Topology's copies of the KeyResult records' anchors
/// and stage weights (Topology::kr_anchors, Topology::kr_stage_weights), valid while that Topology is.
struct KrScoring {
    KrType type;  ///< KeyResult::type
    HealthDirection direction;  ///< KeyResult::direction
    Aggregate aggregate;  ///< KeyResult::aggregate
    std::uint32_t anchor_count, /**< the number of KeyResult::anchors */ stage_count;  ///< the number of KeyResult::stages
    double start, /**< KeyResult::start */ target, /**< KeyResult::target */ required, /**< KeyResult::required */ threshold, /**< KeyResult::threshold */ band_low, /**< KeyResult::band_low */ band_high, /**< KeyResult::band_high */ tolerance;  ///< KeyResult::tolerance
    const Anchor* anchor_data;        ///< into Topology::kr_anchors (KR order, so a pass streams them)
    const double* stage_weight_data;  ///< into Topology::kr_stage_weights

    /// Whether a health key result has a band rather than a threshold.
    /// @return true if `band_low` is not NaN
    bool has_band() const noexcept { return !std::isnan(band_low); }
    /// The key result's anchors.
    /// @return `anchor_count` anchors from `anchor_data`
    std::span<const Anchor> anchors() const noexcept { return {anchor_data, anchor_count}; }
    /// The key result's stage weights, in stage order.
    /// @return `stage_count` weights from `stage_weight_data`
    std::span<const double> stage_weights() const noexcept { return {stage_weight_data, stage_count}; }
};

/// Frozen, cache-friendly view of the roll-up ("flow") structure: edges go child → parent
/// (a KR to the objective that contains it, a contributes link from → to). CSR arrays.
///
/// Arrays "per node" are indexed by NodeIndex (size Graph::node_count()); "KR ordinal" and
/// "objective ordinal" number the key results and the objectives in the order they were added.
/// An objective's children are its contained key results (in KR order), then the nodes linked to
/// it with contributes, in link order. Obtained from Graph::topology().
struct Topology {
    std::vector<std::uint32_t> child_offsets;  ///< size n+1
    std::vector<NodeIndex> children;           ///< children of node v: [child_offsets[v], child_offsets[v+1])
    std::vector<double> child_weight;          ///< the weight the parent gives that child
    std::vector<std::uint8_t> child_contained; ///< 1: KR contained by this objective; 0: contributes link
    std::vector<std::uint8_t> child_is_kr;     ///< 1: the child is a key result
    std::vector<std::uint32_t> parent_offsets; ///< size n+1
    std::vector<NodeIndex> parents;            ///< parents of node v: [parent_offsets[v], parent_offsets[v+1])
    std::vector<std::uint32_t> parent_slot;    ///< per parent edge: its index in the parent's children
    std::vector<NodeIndex> order;              ///< topological order, children before parents
    std::vector<std::uint32_t> rank;           ///< position of each node in `order`
    std::vector<std::int32_t> cycle;           ///< per node: index into Graph::cycles(), or -1
    static constexpr std::uint32_t kr_bit = 0x80000000u;  ///< set in `sub` for a key result
    std::vector<std::uint32_t> sub;            ///< per node: KR ordinal | kr_bit, or objective ordinal
    std::vector<KrScoring> kr;                 ///< per KR ordinal
    std::vector<Anchor> kr_anchors;            ///< every KR's anchors, in KR order
    std::vector<double> kr_stage_weights;      ///< every KR's stage weights, in KR order
    std::vector<ProgressSource> source;        ///< per objective ordinal: its progress_source
    /// Per child slot of an objective: the child's share in the objective's weighted mean, its
    /// weight over the largest weight among the children counted (in [0, 1]); -1 when the
    /// child does not count (not selected by progress_source, or never has a score: an
    /// objective with nothing to score) and for the children of an aggregating KR.
    std::vector<double> child_share;
    bool any_aggregate = false;                ///< some KR aggregates its contributors' values
    std::vector<NodeIndex> kr_node;            ///< per KR ordinal: its node index
    std::vector<NodeIndex> rollup_order;       ///< `order` without the KRs that only read check-ins
};

/// The goal graph: objectives and key results (the nodes), the links between them, cycles,
/// check-ins, KPIs and the scoring policy.
///
/// A Graph maps caller-chosen string ids to dense node indices (0..node_count()-1, in insertion
/// order). Objective, key-result and KPI ids share one namespace; cycle ids are separate. Every
/// mutating call validates its input and either succeeds completely or throws okr::Error naming
/// the id and field, and leaves the graph unchanged (strong guarantee). Out of memory is
/// std::bad_alloc.
///
/// Thread-safety: any number of threads may call const member functions (and run analyses) on
/// one Graph at the same time; a mutating call needs exclusive access.
///
/// References, pointers and spans returned by the reading functions point into the graph. Unless
/// a function says otherwise, they stay valid until the graph is next changed in the same part
/// (an added objective may move every Objective, an added cycle every Cycle, ...), assigned to or
/// destroyed.
class Graph {
public:
    /// An empty graph with the default scoring policy.
    Graph();
    /// A deep copy (the copy builds its own topology on first use).
    Graph(const Graph&);
    /// Takes over another graph's contents. It allocates nothing today; it is not declared
    /// noexcept so that a member added later may allocate. swap() never throws; nor does it
    /// allocate.
    ///
    /// The moved-from graph is left empty.
    Graph(Graph&&);
    /// Replaces the contents with a copy of another graph (strong guarantee).
    /// @return `*this`
    Graph& operator=(const Graph&);
    /// Takes over another graph's contents, leaving it empty; may throw std::bad_alloc (see the
    /// move constructor), and then nothing changes.
    /// @return `*this`
    Graph& operator=(Graph&&);
    /// Destroys the graph; references into it become invalid.
    ~Graph();

    // ---- building (strong guarantee; throws okr::Error naming the id and field) ----
    /// Adds a cycle.
    /// @param cycle the cycle; its id must be non-empty, valid UTF-8 without control characters,
    ///        and new among the cycles
    /// @throws okr::Error ErrorCode::invalid_argument for an empty id, a control character in it
    ///         or `end` before `start`; ErrorCode::parse for an id that is not valid UTF-8;
    ///         ErrorCode::duplicate for a cycle id already used
    void add_cycle(Cycle cycle);
    /// Adds an objective; its `cycle` and, for a Rock, its `carried_from` must already be in the
    /// graph. A Rock's reports are sorted by date (ties keep their order).
    /// @param objective the objective
    /// @return its node index (the previous node_count())
    /// @throws okr::Error ErrorCode::invalid_argument for an empty id or one with a control
    ///         character, a weight that is not finite and > 0, Rock fields on an objective that
    ///         is not a Rock, or a `carried_from` Rock whose cycle does not start before this
    ///         one's (or either without a cycle); ErrorCode::parse for text that is not valid
    ///         UTF-8; ErrorCode::not_found for an unknown `cycle` or `carried_from`;
    ///         ErrorCode::duplicate for an id already used by a node or a KPI;
    ///         ErrorCode::cycle if the `carried_from` lineage would loop
    NodeIndex add_objective(Objective objective);
    /// Adds a key result to the objective named by its `objective` field.
    /// @param key_result the key result; the fields of its type are checked as docs/format.md
    ///        describes
    /// @return its node index (the previous node_count())
    /// @throws okr::Error ErrorCode::invalid_argument for an empty id or `objective`, an
    ///         `objective` that names a key result, or a field that is missing, out of range or
    ///         not of its type (start = target, misordered anchors, stage weights, ...);
    ///         ErrorCode::parse for text that is not valid UTF-8; ErrorCode::not_found for an
    ///         unknown objective; ErrorCode::duplicate for an id already used by a node or a
    ///         KPI, or two stages with the same key
    NodeIndex add_key_result(KeyResult key_result);
    /// Adds a link; a contributes link that would close a cycle throws ErrorCode::cycle.
    ///
    /// A measured_by link is recorded as add_measured_by() records it (its weight must be 1).
    /// @param link the link; `from` and `to` must name existing nodes (`to` a KPI for measured_by)
    /// @throws okr::Error ErrorCode::invalid_argument for an empty `from` or `to`, a weight that
    ///         is not finite and > 0 (not 1 for measured_by), a self-link, or a forbidden shape (a
    ///         contributes link to a key result without `aggregate`, or from an objective to an
    ///         aggregating key result); ErrorCode::not_found for an unknown id;
    ///         ErrorCode::duplicate for the same (from, to, type) twice or a key result linked to
    ///         the objective that contains it; ErrorCode::cycle naming the members of the cycle
    void add_link(Link link);
    /// Appends a check-in (history is kept; a later date supersedes for the current value).
    ///
    /// Check-ins on one date keep their insertion order; the later one supersedes.
    /// @param checkin the check-in; `checkin.key_result` names the key result
    /// @throws okr::Error ErrorCode::invalid_argument for an empty key_result, an aggregating
    ///         key result, a value that is not finite (or outside [0, 1] for a milestone), a
    ///         confidence outside [0, 1], or a `stage` that is missing, ambiguous or given for a
    ///         key result without stages; ErrorCode::not_found for an unknown key result (or an
    ///         objective's id) or stage; ErrorCode::parse for a note that is not valid UTF-8
    void check_in(CheckIn checkin);
    /// The same for the key result at dense index `key_result` (`checkin.key_result` is not looked up).
    /// @param key_result the key result's node index
    /// @param checkin the check-in
    /// @throws std::out_of_range if `key_result` >= node_count()
    /// @throws okr::Error as check_in(CheckIn); ErrorCode::not_found if `key_result` is an objective
    void check_in(NodeIndex key_result, CheckIn checkin);
    /// Appends many check-ins, all or nothing: each is validated as check_in() does before any is
    /// stored; the first invalid one throws with its position ("check-ins[3]: ...", or what
    /// `label(i)` returns) and the graph is unchanged.
    /// @param checkins the check-ins, stored in this order
    /// @param label names check-in i in error messages (the text before ": "); empty: "check-ins[i]"
    /// @throws okr::Error as check_in(CheckIn), the message prefixed with the check-in's position
    void check_in_batch(std::vector<CheckIn> checkins, const std::function<std::string(std::size_t)>& label = {});
    /// Sets the scoring policy after validating it.
    /// @param policy the policy
    /// @param explicit_in_document whether to_json writes it as the document's `scoring` object
    ///        (see policy_is_explicit())
    /// @throws okr::Error ErrorCode::invalid_argument naming the field (ScoringPolicy::validate())
    void set_policy(const ScoringPolicy& policy, bool explicit_in_document = true);
    // Rocks (docs/rocks.md). Each throws ErrorCode::invalid_argument if `rock` is not a Rock
    // (an objective with flavor rock); the graph is then unchanged.
    /// Closes (or reopens) a Rock.
    /// @param rock the Rock's node index
    /// @param state its new state
    /// @throws okr::Error ErrorCode::not_found if `rock` >= node_count();
    ///         ErrorCode::invalid_argument if it is not a Rock or `state` is not a RockState value
    void set_rock_state(NodeIndex rock, RockState state);
    /// Sets the Rock `rock` continues (empty: none). `from` must name a Rock whose cycle starts
    /// before this one's, and the lineage must not loop (ErrorCode::not_found / invalid_argument /
    /// cycle, naming the field "carried_from").
    /// @param rock the Rock's node index
    /// @param from the id of the earlier Rock, or empty for none
    /// @throws okr::Error ErrorCode::not_found if `rock` >= node_count() or `from` names nothing;
    ///         ErrorCode::invalid_argument if `rock` or `from` is not a Rock, either has no cycle,
    ///         or `from`'s cycle does not start before `rock`'s; ErrorCode::parse if `from` is
    ///         not valid UTF-8; ErrorCode::cycle if the lineage would loop
    void set_carried_from(NodeIndex rock, std::string from);
    /// Records an owner's report (kept in date order; a later one on the same date comes after).
    /// @param rock the Rock's node index
    /// @param report the report
    /// @throws okr::Error ErrorCode::not_found if `rock` >= node_count();
    ///         ErrorCode::invalid_argument if it is not a Rock or the status is not a
    ///         RockReportStatus value; ErrorCode::parse for a note that is not valid UTF-8
    void report_rock(NodeIndex rock, RockReport report);
    /// How many times Rock `rock` was carried over: the length of its carried_from chain.
    /// @param rock the Rock's node index
    /// @return 0 for a Rock that continues none
    /// @throws okr::Error ErrorCode::not_found if `rock` >= node_count();
    ///         ErrorCode::invalid_argument if it is not a Rock
    int times_carried(NodeIndex rock) const;
    /// Adds a KPI series (dates strictly increasing, values finite or NaN for missing).
    /// @param kpi the KPI; its id must be new among KPIs, objectives and key results
    /// @return its index in kpis()
    /// @throws okr::Error ErrorCode::invalid_argument for an empty id or one with a control
    ///         character, a goal without a comparison (or a comparison without a finite goal, a
    ///         range with low > high), dated goals without a comparison or not in strictly
    ///         increasing `from` order, an infinite value, or dates not strictly increasing;
    ///         ErrorCode::parse for text that is not valid UTF-8; ErrorCode::duplicate for an id
    ///         already used
    std::size_t add_kpi(Kpi kpi);
    /// Adds many KPIs, all or nothing (errors prefixed "kpis[i]: " or with `label(i)`).
    /// @param kpis the KPIs, added in this order
    /// @param label names KPI i in error messages (the text before ": "); empty: "kpis[i]"
    /// @throws okr::Error as add_kpi(), also ErrorCode::duplicate for an id given twice in `kpis`
    void add_kpis(std::vector<Kpi> kpis, const std::function<std::string(std::size_t)>& label = {});
    /// Links key result `key_result` to KPI `kpi` ("measured by").
    /// @param key_result the key result's id
    /// @param kpi the KPI's id
    /// @param extras unknown JSON fields of the link, written back by to_json
    /// @throws okr::Error ErrorCode::not_found for an unknown key result or KPI;
    ///         ErrorCode::invalid_argument if `key_result` names an objective;
    ///         ErrorCode::duplicate if the link exists
    void add_measured_by(std::string_view key_result, std::string_view kpi, Extras extras = {});

    // ---- reading ----
    /// The number of nodes (objectives and key results).
    /// @return the number of nodes; valid node indices are 0 to node_count() − 1
    std::size_t node_count() const noexcept { return nodes_.size(); }
    /// The number of objectives.
    /// @return the number of objectives, Rocks included
    std::size_t objective_count() const noexcept { return objectives_.size(); }
    /// The number of key results.
    /// @return the number of key results; their ordinals are 0 to key_result_count() − 1
    std::size_t key_result_count() const noexcept { return key_results_.size(); }
    /// The number of check-ins recorded.
    /// @return the number of check-ins on all key results together
    std::size_t checkin_count() const noexcept { return checkin_total_; }
    /// Dense index of `id`, or npos.
    /// @param id an objective's or key result's id
    /// @return its node index, or npos if no node has it
    NodeIndex find(std::string_view id) const noexcept;
    /// Dense index of `id`; throws ErrorCode::not_found naming it.
    /// @param id an objective's or key result's id
    /// @return its node index
    /// @throws okr::Error ErrorCode::not_found naming `id` if no node has it
    NodeIndex at(std::string_view id) const;
    /// Whether node `v` is an objective or a key result.
    /// @param v a node index
    /// @return its kind
    /// @throws std::out_of_range if `v` >= node_count()
    NodeKind kind(NodeIndex v) const { return nodes_.at(v).kind; }
    /// The id of node `v`.
    /// @param v a node index
    /// @return its id; the reference stays valid while nodes are added, until the graph is
    ///         assigned to or destroyed
    /// @throws std::out_of_range if `v` >= node_count()
    const std::string& id(NodeIndex v) const { return *nodes_.at(v).id; }
    /// The objective at node `v`.
    /// @param v a node index
    /// @return the objective; valid until the next objective is added
    /// @throws std::out_of_range if `v` >= node_count()
    /// @throws okr::Error ErrorCode::invalid_argument if `v` is a key result
    const Objective& objective(NodeIndex v) const;
    /// The key result at node `v`.
    /// @param v a node index
    /// @return the key result; valid until the next key result is added
    /// @throws std::out_of_range if `v` >= node_count()
    /// @throws okr::Error ErrorCode::invalid_argument if `v` is an objective
    const KeyResult& key_result(NodeIndex v) const;
    /// The objective containing key result `v`.
    /// @param v a node index
    /// @return the containing objective's node index; npos if `v` is an objective
    /// @throws std::out_of_range if `v` >= node_count()
    NodeIndex objective_of(NodeIndex v) const;
    /// Check-ins of key result `v`, sorted by (date, insertion order). The span stays valid until
    /// the next check-in on `v` (or the graph is destroyed or assigned to).
    /// @param v a node index
    /// @return the check-ins; empty for an objective
    /// @throws std::out_of_range if `v` >= node_count()
    std::span<const CheckInRecord> checkins(NodeIndex v) const;
    /// The same by KR ordinal (0 .. key_result_count() − 1, Topology::sub without kr_bit).
    /// @param ordinal the key result's ordinal
    /// @return its check-ins, sorted by (date, insertion order), valid as checkins() says
    /// @throws std::out_of_range if `ordinal` >= key_result_count()
    std::span<const CheckInRecord> checkins_of_kr(std::uint32_t ordinal) const { return checkins_.at(ordinal); }
    /// The note of a check-in ("" if none).
    /// @param r a check-in record of this graph (from checkins() or checkins_of_kr())
    /// @return its note; the reference stays valid while check-ins are added, until the graph is
    ///         assigned to or destroyed
    const std::string& checkin_note(const CheckInRecord& r) const noexcept;
    /// Unknown JSON fields of a check-in (empty if none).
    /// @param r a check-in record of this graph (from checkins() or checkins_of_kr())
    /// @return its unknown fields; valid as checkin_note() says
    const Extras& checkin_extras(const CheckInRecord& r) const noexcept;
    /// The cycles, in the order they were added.
    /// @return the cycles; valid until the next cycle is added
    std::span<const Cycle> cycles() const noexcept { return cycles_; }
    /// Index into cycles() of the cycle of node `v` (a KR: its objective's), or -1.
    /// @param v a node index
    /// @return the cycle's index, or -1 if the node has no cycle
    /// @throws std::out_of_range if `v` >= node_count()
    int cycle_of(NodeIndex v) const;
    /// The cycle with id `id`.
    /// @param id a cycle id
    /// @return the cycle (valid until the next cycle is added), or nullptr if there is none
    const Cycle* find_cycle(std::string_view id) const noexcept;
    /// The contributes and depends_on links, in the order they were added (measured_by links are
    /// in measured_by()).
    /// @return the links; valid until the next link is added
    std::span<const LinkRecord> links() const noexcept { return links_; }
    /// Unknown JSON fields of link `i`.
    /// @param i an index into links()
    /// @return its unknown fields (empty if none); valid until the next link is added
    /// @throws std::out_of_range if `i` >= links().size()
    const Extras& link_extras(std::size_t i) const { return link_extras_.at(i); }
    /// The KPIs, in the order they were added (document order).
    /// @return the KPIs; valid until the next KPI is added
    std::span<const Kpi> kpis() const noexcept { return kpis_; }
    /// Index of KPI `id` in kpis(), or -1.
    /// @param id a KPI id
    /// @return its index in kpis(), or -1 if there is no such KPI
    std::ptrdiff_t find_kpi(std::string_view id) const noexcept;
    /// A measured_by link: a key result measured by a KPI.
    struct MeasuredBy {
        NodeIndex key_result;  ///< the key result's node index
        std::uint32_t kpi;     ///< the KPI's index in kpis()
        Extras extras;         ///< unknown JSON fields of the link
    };
    /// The measured_by links, in the order they were added.
    /// @return the links; valid until the next measured_by link is added
    std::span<const MeasuredBy> measured_by() const noexcept { return measured_by_; }
    /// The scoring policy (the default until set_policy() or a document's `scoring` sets it).
    /// @return the policy; the reference stays valid while the graph lives (set_policy()
    ///         changes what it refers to)
    const ScoringPolicy& policy() const noexcept { return policy_; }
    /// Whether the policy was given explicitly (to_json then writes the `scoring` object).
    /// @return the `explicit_in_document` of the last set_policy(), false if it was never called
    bool policy_is_explicit() const noexcept { return policy_explicit_; }
    /// Unknown top-level fields of the document it was loaded from.
    /// @return the fields, modifiable; to_json writes them back
    Extras& document_extras() noexcept { return doc_extras_; }
    /// Unknown top-level fields of the document it was loaded from.
    /// @return the fields (empty if none)
    const Extras& document_extras() const noexcept { return doc_extras_; }

    /// The frozen roll-up structure; built on first use after a structural change (thread-safe).
    /// @return the structure; valid until the next structural change (an objective, a key result
    ///         or a contributes link added), or until the graph is assigned to or destroyed
    /// @throws okr::Error ErrorCode::cycle listing the members of a cycle, which only links added
    ///         with add_link_unchecked() can close
    const Topology& topology() const;

    /// Exchanges the contents of two graphs; never throws, nor allocates.
    /// @param other the graph to exchange with
    void swap(Graph& other) noexcept;

    /// For bulk loaders: add links without the per-link cycle and duplicate searches (the loader
    /// checks duplicates itself), then `check_acyclic()` once.
    /// @param link the link, validated otherwise as add_link() validates it (a measured_by link
    ///        is still checked for duplicates)
    /// @throws okr::Error as add_link(), except the duplicate-link and cycle checks
    void add_link_unchecked(Link link);
    /// Throws ErrorCode::cycle listing the members of one cycle if the roll-up has a cycle.
    /// @throws okr::Error ErrorCode::cycle listing the members of one cycle
    void check_acyclic() const;
    /// Reserves room for more nodes and links (a hint for bulk loaders).
    /// @param objectives objectives to be added
    /// @param key_results key results to be added
    /// @param links links to be added
    void reserve(std::size_t objectives, std::size_t key_results, std::size_t links);
    /// For bulk loaders: room for `n` more check-ins in one block, so that the key results given
    /// their check-ins next by adopt_checkins() hold them side by side, in that order.
    /// @param n the number of check-ins
    void reserve_checkins(std::size_t n);
    /// For bulk loaders: gives key result `key_result`, which has no check-ins yet, its check-ins
    /// as ready records, copied from `records`. The records are in the order they were
    /// given, `records[k].seq == first_seq + k`, with `stage == -1`; the caller makes sure none
    /// had a note, stage or unknown field (those are recorded with check_in()). Each record is
    /// validated as check_in() validates it. On success the records are sorted by date (ties in
    /// the order given) and renumbered from the graph's next sequence number, in `records` and in
    /// the graph, and true is returned. Otherwise false is returned and nothing changes, `records`
    /// included: when `key_result` is not a key result's index, the key result already has
    /// check-ins, has stages or aggregates, `records` is empty, a record fails validation or its
    /// seq or stage is not as above, the sequence numbers would overflow, or memory runs out. The
    /// caller then records them one by one with check_in(), which reports the error.
    /// @param key_result the key result's node index
    /// @param records the check-ins, sorted and renumbered in place on success
    /// @param first_seq the `seq` of `records[0]`
    /// @return true if the check-ins were recorded
    bool adopt_checkins(NodeIndex key_result, std::span<CheckInRecord> records, std::uint32_t first_seq) noexcept;

private:
    struct PreparedCheckIn {
        std::uint32_t sub;   // index into key_results_
        std::int32_t stage;  // resolved stage, or -1
    };
    PreparedCheckIn prepare_check_in(NodeIndex v, const CheckIn& c) const;
    void validate_kpi(const Kpi& k) const;
    void validate_rock(const Objective& o, int cycle, NodeIndex self) const;
    const Objective& rock_at(NodeIndex v, const char* what) const;
    struct Node {
        const std::string* id;  // points into id_store_ (stable addresses)
        NodeKind kind;
        std::uint32_t sub;  // index into objectives_ / key_results_
    };
    NodeIndex add_node(const std::string& id, std::uint64_t hash, NodeKind kind, std::uint32_t sub, std::string_view what);
    void prefetch_id_slot(std::uint64_t hash) const noexcept;
    void resolve_link(const Link& link, NodeIndex& from, NodeIndex& to) const;
    void validate_link(const Link& link, NodeIndex& from, NodeIndex& to) const;
    void invalidate() noexcept;
    std::shared_ptr<const Topology> build_topology() const;

    struct IdHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    // Node ids, by node index, and an open-addressing index over them (linear probing; a slot
    // holds the upper 32 bits of the id's hash and node index + 1, 0 = empty; at most half full).
    detail::ChunkedStore<std::string> id_store_;
    std::vector<std::uint64_t> id_slots_;
    void id_index_reserve(std::size_t n);
    void id_index_insert(std::uint64_t hash, NodeIndex v) noexcept;
    NodeIndex find_hashed(std::string_view id, std::uint64_t hash) const noexcept;
    std::vector<Node> nodes_;
    std::vector<Objective> objectives_;
    std::vector<KeyResult> key_results_;
    std::vector<NodeIndex> kr_objective_;            // per key result: containing objective
    detail::CheckInStore checkins_;                  // per key result
    struct CheckInText {
        std::string note;
        Extras extras;
    };
    // Notes and extras of the check-ins that have any, as (seq, text) in increasing seq (seq only
    // grows, so appending keeps the order; lookups are a binary search). Stable addresses:
    // references returned by checkin_note() stay valid while check-ins are added.
    detail::ChunkedStore<std::pair<std::uint32_t, CheckInText>> checkin_text_;
    const CheckInText* find_checkin_text(std::uint32_t seq) const noexcept;
    std::size_t checkin_total_ = 0;
    std::uint32_t checkin_seq_ = 0;
    std::vector<Cycle> cycles_;
    std::vector<int> objective_cycle_;               // per objective: index into cycles_ or -1
    std::vector<LinkRecord> links_;
    std::vector<Extras> link_extras_;
    std::vector<Kpi> kpis_;
    std::unordered_map<std::string, std::uint32_t, IdHash, std::equal_to<>> kpi_ids_;
    std::vector<MeasuredBy> measured_by_;
    ScoringPolicy policy_;
    bool policy_explicit_ = false;
    Extras doc_extras_;

    mutable std::mutex topo_mutex_;
    mutable std::shared_ptr<const Topology> topo_;
};

}  // namespace okr
