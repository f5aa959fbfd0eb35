// okr — the goal model: objectives, key results, links, cycles and check-ins.
//
// A Graph maps caller-chosen string ids to dense node indices (0..node_count()-1, in insertion
// order). Every mutating call validates its input and either succeeds completely or throws
// okr::Error and leaves the graph unchanged (strong guarantee).
//
// Thread-safety: any number of threads may call const member functions (and run analyses) on one
// Graph at the same time; a mutating call needs exclusive access.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
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
#include "okr/error.hpp"

namespace okr {

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex npos = std::numeric_limits<NodeIndex>::max();

enum class NodeKind : std::uint8_t { objective, key_result };
enum class Level : std::uint8_t { unspecified, company, department, team, individual };
enum class Origin : std::uint8_t { unspecified, bottom_up, top_down, cross_functional };
enum class Flavor : std::uint8_t { okr, rock };
/// `automatic`: key_results if the objective has any, else aligned (the documented default).
enum class ProgressSource : std::uint8_t { automatic, key_results, aligned, both };
enum class KrType : std::uint8_t { metric, baseline, milestone, health };
enum class HealthDirection : std::uint8_t { at_least, at_most };
enum class Aggregate : std::uint8_t { none, sum, mean, min, max };
enum class LinkType : std::uint8_t { contributes, depends_on, measured_by };
enum class StatusRule : std::uint8_t { forecast, pace };
/// Where a Rock stands in its lifecycle: open until its owner closes it at the cycle's end.
enum class RockState : std::uint8_t { open, done, not_done, canceled };
/// What a Rock's owner reports in the weekly meeting.
enum class RockReportStatus : std::uint8_t { on_track, off_track };

const char* to_string(NodeKind) noexcept;
const char* to_string(Level) noexcept;
const char* to_string(Origin) noexcept;
const char* to_string(Flavor) noexcept;
const char* to_string(ProgressSource) noexcept;
const char* to_string(KrType) noexcept;
const char* to_string(HealthDirection) noexcept;
const char* to_string(Aggregate) noexcept;
const char* to_string(LinkType) noexcept;
const char* to_string(StatusRule) noexcept;
const char* to_string(RockState) noexcept;         ///< "open", "done", "not_done", "canceled"
const char* to_string(RockReportStatus) noexcept;  ///< "on_track", "off_track"

/// A field the JSON format does not define, kept verbatim (minified JSON) so export is lossless.
struct Extra {
    std::string name;
    std::string json;
};
using Extras = std::vector<Extra>;

/// How scores and statuses are computed. Travels in the JSON document (`scoring`), so that two
/// systems score the same data the same way. See docs/scoring.md.
struct ScoringPolicy {
    StatusRule status_rule = StatusRule::forecast;
    double on_track = 0.7;        ///< forecast rule: forecast >= on_track → on_track
    double at_risk = 0.4;         ///< forecast rule: forecast >= at_risk → at_risk, else off_track
    double pace_on_track = 0.9;   ///< pace rule: score/expected >= this → on_track
    double pace_at_risk = 0.6;    ///< pace rule: score/expected >= this → at_risk
    bool clamp = true;            ///< clamp KR scores to [0, 1] (over-achievement is reported anyway)
    bool partial_stages = true;   ///< staged milestones count partial stage progress
    double interval = 0.8;        ///< coverage of the forecast prediction interval
    double target_score = 0.7;    ///< p_target = P(score at cycle end >= target_score)
    int min_trend_checkins = 3;   ///< check-ins needed for a least-squares forecast

    friend bool operator==(const ScoringPolicy&, const ScoringPolicy&) = default;
    /// Throws okr::Error(invalid_argument) naming the field if a value is out of range.
    void validate() const;
};

struct Cycle {
    std::string id;
    Date start;
    Date end;
    Extras extras;
};

/// An owner's weekly report on a Rock (docs/rocks.md).
struct RockReport {
    Date date;
    RockReportStatus status = RockReportStatus::on_track;
    std::string note;
};

struct Objective {
    std::string id;
    std::string title;
    std::string owner;
    std::string team;
    Level level = Level::unspecified;
    std::string cycle;  ///< id of a Cycle, or empty
    Origin origin = Origin::unspecified;
    std::string why_now;
    Flavor flavor = Flavor::okr;
    double weight = 1.0;
    ProgressSource progress_source = ProgressSource::automatic;
    // Rocks only (flavor rock); see docs/rocks.md.
    RockState state = RockState::open;
    std::string carried_from;          ///< id of the Rock of an earlier cycle this one continues, or empty
    std::vector<RockReport> reports;   ///< the owner's weekly reports, by date (ties: in the order given)
    Extras extras;
};

struct Anchor {
    double score;
    double value;
};

struct Stage {
    std::string id;  ///< optional; check-ins name a stage by id, else by title
    std::string title;
    double weight = 1.0;
    std::optional<Date> due;  ///< when the stage is due (a Rock's milestone), if set
};

struct KeyResult {
    // Numbers first: scoring reads these for every KR, the strings below it never touches.
    KrType type = KrType::metric;
    HealthDirection direction = HealthDirection::at_least;  ///< health, with `threshold`
    Aggregate aggregate = Aggregate::none;  ///< any type: value = aggregate of contributing KRs
    double weight = 1.0;
    double start = nan;   ///< metric (and the scale of an aggregating KR)
    double target = nan;
    double required = nan;  ///< baseline: observations required (a positive whole number)
    double threshold = nan; ///< health
    double band_low = nan;  ///< health, instead of a threshold
    double band_high = nan;
    double tolerance = 0.0;  ///< health: distance outside the threshold/band at which the score reaches 0
    std::vector<Anchor> anchors;  ///< metric: optional intermediate anchors, score in (0, 1]
    std::vector<Stage> stages;    ///< milestone: empty means a single done / not done milestone
    std::optional<Date> due;      ///< milestone without stages: when it is due, if set
    std::string id;
    std::string objective;  ///< id of the objective that contains it
    std::string title;
    std::string unit;
    Extras extras;

    bool has_band() const noexcept { return !std::isnan(band_low); }
};

struct Link {
    std::string from;
    std::string to;
    LinkType type = LinkType::contributes;
    double weight = 1.0;
    Extras extras;
};

struct CheckIn {
    std::string key_result;
    Date date;
    double value = nan;
    double confidence = nan;  ///< NaN: none given
    std::string note;
    std::string stage;  ///< staged milestones: the stage's id, or its title (docs/format.md)
    Extras extras;
};

/// How a KPI's value is held against its goal. Bounds are inclusive for in_range ([low, high])
/// and exclusive for not_in_range (below low or above high).
enum class Comparison : std::uint8_t { none, ge, le, gt, lt, eq, in_range, not_in_range };
enum class KpiAggregation : std::uint8_t { sum, mean, last };
/// The period a KPI's goal is meant for (EOS measurables are weekly by default).
enum class KpiFrequency : std::uint8_t { week, month, quarter };
const char* to_string(Comparison) noexcept;  ///< ">=", "<=", ">", "<", "==", "in_range", "not_in_range", ""
const char* to_string(KpiAggregation) noexcept;
const char* to_string(KpiFrequency) noexcept;  ///< "week", "month", "quarter"

/// A KPI's goal from a date on: goals change as the business grows.
struct KpiGoal {
    Date from;                                  ///< in force from this date on
    Comparison comparison = Comparison::none;   ///< required
    double goal = nan;       ///< with >=, <=, >, <, ==
    double goal_low = nan;   ///< with in_range and not_in_range
    double goal_high = nan;
};

struct KpiPoint {
    Date date;
    double value;  ///< NaN: a missing observation (JSON null)
};

/// A KPI: a health metric tracked continuously, optionally with a goal.
struct Kpi {
    std::string id;  ///< unique among KPIs, objectives and key results
    std::string title;
    std::string owner;
    std::string team;
    std::string unit;
    Comparison comparison = Comparison::none;
    double goal = nan;       ///< with >=, <=, >, <, ==
    double goal_low = nan;   ///< with in_range and not_in_range
    double goal_high = nan;
    KpiAggregation aggregation = KpiAggregation::sum;  ///< how observations combine in a period
    /// Later goals, each in force from its date on (strictly increasing `from`); the goal above,
    /// if any, holds before the first of them.
    std::vector<KpiGoal> goals;
    KpiFrequency frequency = KpiFrequency::week;  ///< the period the goal is meant for
    std::vector<KpiPoint> values;  ///< strictly increasing dates
    Extras extras;
};

/// A check-in as stored on its key result (dense, 32 bytes: scoring reads millions of them).
/// Its note and unknown fields, which most check-ins lack, live beside it (Graph::checkin_note).
struct CheckInRecord {
    Date date;
    std::int32_t stage;  ///< index into KeyResult::stages, or -1
    std::uint32_t seq;   ///< insertion order (ties on a date: the later one supersedes)
    double value;
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
    NodeIndex from;
    NodeIndex to;
    LinkType type;
    double weight;
};

/// What scoring reads from a key result, packed (Topology::kr): 88 bytes in one array instead of
/// the whole record with its strings, so a roll-up over a million KRs does not stream the records.
/// The anchor and stage spans point into the graph's KeyResult records.
struct KrScoring {
    KrType type;
    HealthDirection direction;
    Aggregate aggregate;
    std::uint32_t anchor_count, stage_count;
    double start, target, required, threshold, band_low, band_high, tolerance;
    const Anchor* anchor_data;        ///< into Topology::kr_anchors (KR order, so a pass streams them)
    const double* stage_weight_data;  ///< into Topology::kr_stage_weights

    bool has_band() const noexcept { return !std::isnan(band_low); }
    std::span<const Anchor> anchors() const noexcept { return {anchor_data, anchor_count}; }
    std::span<const double> stage_weights() const noexcept { return {stage_weight_data, stage_count}; }
};

/// Frozen, cache-friendly view of the roll-up ("flow") structure: edges go child → parent
/// (a KR to the objective that contains it, a contributes link from → to). CSR arrays.
struct Topology {
    std::vector<std::uint32_t> child_offsets;  ///< size n+1
    std::vector<NodeIndex> children;           ///< children of node v: [child_offsets[v], child_offsets[v+1])
    std::vector<double> child_weight;          ///< the weight the parent gives that child
    std::vector<std::uint8_t> child_contained; ///< 1: KR contained by this objective; 0: contributes link
    std::vector<std::uint8_t> child_is_kr;     ///< 1: the child is a key result
    std::vector<std::uint32_t> parent_offsets; ///< size n+1
    std::vector<NodeIndex> parents;
    std::vector<std::uint32_t> parent_slot;    ///< per parent edge: its index in the parent's children
    std::vector<NodeIndex> order;              ///< topological order, children before parents
    std::vector<std::uint32_t> rank;           ///< position of each node in `order`
    std::vector<std::int32_t> cycle;           ///< per node: index into Graph::cycles(), or -1
    static constexpr std::uint32_t kr_bit = 0x80000000u;
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

class Graph {
public:
    Graph();
    Graph(const Graph&);
    /// A move may throw std::bad_alloc: the id store is a std::deque, which allocates even when
    /// empty (libstdc++). swap() never throws; nor does it allocate.
    Graph(Graph&&);
    Graph& operator=(const Graph&);
    Graph& operator=(Graph&&);
    ~Graph();

    // ---- building (strong guarantee; throws okr::Error naming the id and field) ----
    void add_cycle(Cycle cycle);
    NodeIndex add_objective(Objective objective);
    NodeIndex add_key_result(KeyResult key_result);
    /// Adds a link; a contributes link that would close a cycle throws ErrorCode::cycle.
    void add_link(Link link);
    /// Appends a check-in (history is kept; a later date supersedes for the current value).
    void check_in(CheckIn checkin);
    /// The same for the key result at dense index `key_result` (`checkin.key_result` is not looked up).
    void check_in(NodeIndex key_result, CheckIn checkin);
    /// Appends many check-ins, all or nothing: each is validated as check_in() does before any is
    /// stored; the first invalid one throws with its position ("check-ins[3]: ...", or what
    /// `label(i)` returns) and the graph is unchanged.
    void check_in_batch(std::vector<CheckIn> checkins, const std::function<std::string(std::size_t)>& label = {});
    void set_policy(const ScoringPolicy& policy, bool explicit_in_document = true);
    /// Rocks (docs/rocks.md). Each throws ErrorCode::invalid_argument if `rock` is not a Rock
    /// (an objective with flavor rock); the graph is then unchanged.
    /// Closes (or reopens) a Rock.
    void set_rock_state(NodeIndex rock, RockState state);
    /// Sets the Rock `rock` continues (empty: none). `from` must name a Rock whose cycle starts
    /// before this one's, and the lineage must not loop (ErrorCode::not_found / invalid_argument /
    /// cycle, naming the field "carried_from").
    void set_carried_from(NodeIndex rock, std::string from);
    /// Records an owner's report (kept in date order; a later one on the same date comes after).
    void report_rock(NodeIndex rock, RockReport report);
    /// How many times Rock `rock` was carried over: the length of its carried_from chain.
    int times_carried(NodeIndex rock) const;
    /// Adds a KPI series (dates strictly increasing, values finite or NaN for missing).
    std::size_t add_kpi(Kpi kpi);
    /// Adds many KPIs, all or nothing (errors prefixed "kpis[i]: " or with `label(i)`).
    void add_kpis(std::vector<Kpi> kpis, const std::function<std::string(std::size_t)>& label = {});
    /// Links key result `key_result` to KPI `kpi` ("measured by").
    void add_measured_by(std::string_view key_result, std::string_view kpi, Extras extras = {});

    // ---- reading ----
    std::size_t node_count() const noexcept { return nodes_.size(); }
    std::size_t objective_count() const noexcept { return objectives_.size(); }
    std::size_t key_result_count() const noexcept { return key_results_.size(); }
    std::size_t checkin_count() const noexcept { return checkin_total_; }
    /// Dense index of `id`, or npos.
    NodeIndex find(std::string_view id) const noexcept;
    /// Dense index of `id`; throws ErrorCode::not_found naming it.
    NodeIndex at(std::string_view id) const;
    NodeKind kind(NodeIndex v) const { return nodes_.at(v).kind; }
    const std::string& id(NodeIndex v) const { return *nodes_.at(v).id; }
    const Objective& objective(NodeIndex v) const;
    const KeyResult& key_result(NodeIndex v) const;
    /// The objective containing key result `v`.
    NodeIndex objective_of(NodeIndex v) const;
    /// Check-ins of key result `v`, sorted by (date, insertion order). The span stays valid until
    /// the next check-in on `v` (or the graph is destroyed or assigned to).
    std::span<const CheckInRecord> checkins(NodeIndex v) const;
    /// The same by KR ordinal (0 .. key_result_count(), Topology::sub without kr_bit).
    std::span<const CheckInRecord> checkins_of_kr(std::uint32_t ordinal) const { return checkins_.at(ordinal); }
    /// The note of a check-in ("" if none).
    const std::string& checkin_note(const CheckInRecord& r) const noexcept;
    /// Unknown JSON fields of a check-in (empty if none).
    const Extras& checkin_extras(const CheckInRecord& r) const noexcept;
    std::span<const Cycle> cycles() const noexcept { return cycles_; }
    /// Index into cycles() of the cycle of node `v` (a KR: its objective's), or -1.
    int cycle_of(NodeIndex v) const;
    const Cycle* find_cycle(std::string_view id) const noexcept;
    std::span<const LinkRecord> links() const noexcept { return links_; }
    const Extras& link_extras(std::size_t i) const { return link_extras_.at(i); }
    std::span<const Kpi> kpis() const noexcept { return kpis_; }
    /// Index of KPI `id` in kpis(), or -1.
    std::ptrdiff_t find_kpi(std::string_view id) const noexcept;
    struct MeasuredBy {
        NodeIndex key_result;
        std::uint32_t kpi;
        Extras extras;
    };
    std::span<const MeasuredBy> measured_by() const noexcept { return measured_by_; }
    const ScoringPolicy& policy() const noexcept { return policy_; }
    bool policy_is_explicit() const noexcept { return policy_explicit_; }
    /// Unknown top-level fields of the document it was loaded from.
    Extras& document_extras() noexcept { return doc_extras_; }
    const Extras& document_extras() const noexcept { return doc_extras_; }

    /// The frozen roll-up structure; built on first use after a structural change (thread-safe).
    const Topology& topology() const;

    void swap(Graph& other) noexcept;

    /// For bulk loaders: add links without the per-link cycle and duplicate searches (the loader
    /// checks duplicates itself), then `check_acyclic()` once.
    void add_link_unchecked(Link link);
    /// Throws ErrorCode::cycle listing the members of one cycle if the roll-up has a cycle.
    void check_acyclic() const;
    void reserve(std::size_t objectives, std::size_t key_results, std::size_t links);
    /// For bulk loaders: room for `n` more check-ins in one block, so that the key results given
    /// their check-ins next by adopt_checkins() hold them side by side, in that order.
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
        const std::string* id;  // points into id_store_ (a deque: stable addresses)
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
    std::deque<std::string> id_store_;
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
    // grows, so appending keeps the order; lookups are a binary search). A deque: references
    // returned by checkin_note() stay valid while check-ins are added.
    std::deque<std::pair<std::uint32_t, CheckInText>> checkin_text_;
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
