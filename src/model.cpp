// The goal model: okr::Graph and its building blocks (ids to dense indices, objectives, key results,
// links, KPIs, the scoring policy), each mutation validated and all-or-nothing; enum names.
#include "okr/model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "okr/detail/text.hpp"
#include "memory.hpp"
#include "model_checks.hpp"

namespace okr {

using detail::quote;

Error::Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {
    // what() is always valid UTF-8: bytes that are not (from an argument that was not) as \xNN.
    if (!detail::valid_utf8(message)) static_cast<std::runtime_error&>(*this) = std::runtime_error(detail::escape_invalid_utf8(message));
}

const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok: return "ok";
        case ErrorCode::invalid_argument: return "invalid argument";
        case ErrorCode::not_found: return "not found";
        case ErrorCode::duplicate: return "duplicate";
        case ErrorCode::cycle: return "cycle";
        case ErrorCode::parse: return "parse error";
        case ErrorCode::version: return "unsupported format or version";
        case ErrorCode::buffer_too_small: return "buffer too small";
        case ErrorCode::no_memory: return "out of memory";
        case ErrorCode::internal: return "internal error";
        case ErrorCode::limit: return "limit exceeded";
    }
    return "unknown error";
}

const char* to_string(NodeKind v) noexcept { return v == NodeKind::objective ? "objective" : "key_result"; }
const char* to_string(Level v) noexcept {
    switch (v) {
        case Level::company: return "company";
        case Level::department: return "department";
        case Level::team: return "team";
        case Level::individual: return "individual";
        default: return "";
    }
}
const char* to_string(Origin v) noexcept {
    switch (v) {
        case Origin::bottom_up: return "bottom_up";
        case Origin::top_down: return "top_down";
        case Origin::cross_functional: return "cross_functional";
        default: return "";
    }
}
const char* to_string(Flavor v) noexcept { return v == Flavor::rock ? "rock" : "okr"; }
const char* to_string(ProgressSource v) noexcept {
    switch (v) {
        case ProgressSource::key_results: return "key_results";
        case ProgressSource::aligned: return "aligned";
        case ProgressSource::both: return "both";
        default: return "";
    }
}
const char* to_string(KrType v) noexcept {
    switch (v) {
        case KrType::metric: return "metric";
        case KrType::baseline: return "baseline";
        case KrType::milestone: return "milestone";
        case KrType::health: return "health";
    }
    return "";
}
const char* to_string(HealthDirection v) noexcept { return v == HealthDirection::at_most ? "at_most" : "at_least"; }
const char* to_string(Aggregate v) noexcept {
    switch (v) {
        case Aggregate::sum: return "sum";
        case Aggregate::mean: return "mean";
        case Aggregate::min: return "min";
        case Aggregate::max: return "max";
        default: return "";
    }
}
const char* to_string(LinkType v) noexcept {
    switch (v) {
        case LinkType::depends_on: return "depends_on";
        case LinkType::measured_by: return "measured_by";
        default: return "contributes";
    }
}
const char* to_string(Comparison v) noexcept {
    switch (v) {
        case Comparison::ge: return ">=";
        case Comparison::le: return "<=";
        case Comparison::gt: return ">";
        case Comparison::lt: return "<";
        case Comparison::eq: return "==";
        case Comparison::in_range: return "in_range";
        case Comparison::not_in_range: return "not_in_range";
        default: return "";
    }
}
const char* to_string(KpiFrequency v) noexcept {
    switch (v) {
        case KpiFrequency::month: return "month";
        case KpiFrequency::quarter: return "quarter";
        default: return "week";
    }
}
const char* to_string(KpiAggregation v) noexcept {
    switch (v) {
        case KpiAggregation::mean: return "mean";
        case KpiAggregation::last: return "last";
        default: return "sum";
    }
}
const char* to_string(StatusRule v) noexcept { return v == StatusRule::pace ? "pace" : "forecast"; }
const char* to_string(RockState v) noexcept {
    switch (v) {
        case RockState::done: return "done";
        case RockState::not_done: return "not_done";
        case RockState::canceled: return "canceled";
        default: return "open";
    }
}
const char* to_string(RockReportStatus v) noexcept { return v == RockReportStatus::off_track ? "off_track" : "on_track"; }

using namespace model;

void ScoringPolicy::validate() const {
    auto in01 = [](double v, const char* field) {
        if (!std::isfinite(v) || v < 0 || v > 1)
            fail(ErrorCode::invalid_argument, std::string("scoring: field \"") + field + "\" must be in [0, 1]");
    };
    in01(on_track, "on_track");
    in01(at_risk, "at_risk");
    if (at_risk > on_track) fail(ErrorCode::invalid_argument, "scoring: field \"at_risk\" must be <= \"on_track\"");
    if (!std::isfinite(pace_on_track) || !std::isfinite(pace_at_risk) || pace_at_risk < 0 || pace_on_track < 0)
        fail(ErrorCode::invalid_argument, "scoring: fields \"pace_on_track\"/\"pace_at_risk\" must be finite and >= 0");
    if (pace_at_risk > pace_on_track)
        fail(ErrorCode::invalid_argument, "scoring: field \"pace_at_risk\" must be <= \"pace_on_track\"");
    if (!std::isfinite(interval) || interval <= 0 || interval >= 1)
        fail(ErrorCode::invalid_argument, "scoring: field \"interval\" must be in (0, 1)");
    if (!std::isfinite(target_score) || target_score <= 0 || target_score > 1)
        fail(ErrorCode::invalid_argument, "scoring: field \"target_score\" must be in (0, 1]");
    if (min_trend_checkins < 3)
        fail(ErrorCode::invalid_argument, "scoring: field \"min_trend_checkins\" must be >= 3");
}

Graph::Graph() = default;
Graph::~Graph() = default;

Graph::Graph(const Graph& o)
    : nodes_(o.nodes_),
      objectives_(o.objectives_),
      key_results_(o.key_results_),
      kr_objective_(o.kr_objective_),
      checkins_(o.checkins_),
      checkin_text_(o.checkin_text_),
      checkin_total_(o.checkin_total_),
      checkin_seq_(o.checkin_seq_),
      cycles_(o.cycles_),
      objective_cycle_(o.objective_cycle_),
      links_(o.links_),
      link_extras_(o.link_extras_),
      kpis_(o.kpis_),
      kpi_ids_(o.kpi_ids_),
      measured_by_(o.measured_by_),
      policy_(o.policy_),
      policy_explicit_(o.policy_explicit_),
      doc_extras_(o.doc_extras_) {
    id_store_ = o.id_store_;
    id_slots_ = o.id_slots_;
    // Node ids point into the id store: repoint them into our own.
    for (std::size_t v = 0; v < nodes_.size(); ++v) nodes_[v].id = &id_store_[v];
    // The topology is not copied: the copy builds its own on first use.
}

Graph::Graph(Graph&& o) { swap(o); }

Graph& Graph::operator=(const Graph& o) {
    if (this != &o) {
        Graph copy(o);
        swap(copy);
    }
    return *this;
}

Graph& Graph::operator=(Graph&& o) {
    if (this != &o) {
        Graph empty;
        swap(empty);
        swap(o);
    }
    return *this;
}

void Graph::swap(Graph& o) noexcept {
    using std::swap;
    swap(id_store_, o.id_store_);  // keeps element addresses
    swap(id_slots_, o.id_slots_);
    swap(nodes_, o.nodes_);
    swap(objectives_, o.objectives_);
    swap(key_results_, o.key_results_);
    swap(kr_objective_, o.kr_objective_);
    swap(checkins_, o.checkins_);
    swap(checkin_text_, o.checkin_text_);
    swap(checkin_total_, o.checkin_total_);
    swap(checkin_seq_, o.checkin_seq_);
    swap(cycles_, o.cycles_);
    swap(objective_cycle_, o.objective_cycle_);
    swap(links_, o.links_);
    swap(link_extras_, o.link_extras_);
    swap(kpis_, o.kpis_);
    swap(kpi_ids_, o.kpi_ids_);
    swap(measured_by_, o.measured_by_);
    swap(policy_, o.policy_);
    swap(policy_explicit_, o.policy_explicit_);
    swap(doc_extras_, o.doc_extras_);
    std::scoped_lock lock(topo_mutex_, o.topo_mutex_);
    swap(topo_, o.topo_);
}

void Graph::reserve(std::size_t objectives, std::size_t key_results, std::size_t links) {
    id_index_reserve(nodes_.size() + objectives + key_results);
    // Large organisations: the records are hundreds of MB written once; huge pages where the
    // system offers them (src/memory.hpp).
    detail::reserve_large(nodes_, objectives + key_results);
    detail::reserve_large(objectives_, objectives);
    detail::reserve_large(objective_cycle_, objectives);
    detail::reserve_large(key_results_, key_results);
    detail::reserve_large(kr_objective_, key_results);
    checkins_.reserve_lists(key_results);
    detail::reserve_large(links_, links);
    detail::reserve_large(link_extras_, links);
}

void Graph::invalidate() noexcept {
    // Changes have exclusive access to the graph (no topology() runs meanwhile), so the pointer
    // can be tested without the lock: bulk loads call this once per node.
    if (!topo_) return;
    std::lock_guard lock(topo_mutex_);
    topo_.reset();
}

namespace {
std::uint64_t id_hash(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
}  // namespace

NodeIndex Graph::find(std::string_view id) const noexcept { return find_hashed(id, id_hash(id)); }

NodeIndex Graph::find_hashed(std::string_view id, std::uint64_t h) const noexcept {
    if (id_slots_.empty()) return npos;
    const std::uint64_t tag = h >> 32, mask = id_slots_.size() - 1;
    for (std::uint64_t i = h & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = id_slots_[i];
        if (slot == 0) return npos;
        if ((slot >> 32) == tag) {
            const auto v = static_cast<NodeIndex>((slot & 0xffffffffu) - 1);
            if (id_store_[v] == id) return v;  // the store directly: one cache miss fewer than via nodes_
        }
    }
}

void Graph::id_index_reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (cap <= id_slots_.size()) return;
    std::vector<std::uint64_t> old;
    detail::resize_large(old, cap);  // zeros
    old.swap(id_slots_);  // id_slots_ is now the new, empty table
    for (std::size_t v = 0; v < nodes_.size(); ++v) id_index_insert(id_hash(*nodes_[v].id), static_cast<NodeIndex>(v));
}

void Graph::id_index_insert(std::uint64_t h, NodeIndex v) noexcept {
    const std::uint64_t mask = id_slots_.size() - 1;
    std::uint64_t i = h & mask;
    while (id_slots_[i] != 0) i = (i + 1) & mask;
    id_slots_[i] = ((h >> 32) << 32) | (static_cast<std::uint64_t>(v) + 1);
}

NodeIndex Graph::at(std::string_view id) const {
    const NodeIndex v = find(id);
    if (v == npos) fail(ErrorCode::not_found, "no objective or key result with id " + quote(std::string(id)));
    return v;
}

const Objective& Graph::objective(NodeIndex v) const {
    const Node& n = nodes_.at(v);
    if (n.kind != NodeKind::objective) fail(ErrorCode::invalid_argument, where("node", *n.id) + " is not an objective");
    return objectives_[n.sub];
}

const KeyResult& Graph::key_result(NodeIndex v) const {
    const Node& n = nodes_.at(v);
    if (n.kind != NodeKind::key_result) fail(ErrorCode::invalid_argument, where("node", *n.id) + " is not a key result");
    return key_results_[n.sub];
}

NodeIndex Graph::objective_of(NodeIndex v) const {
    const Node& n = nodes_.at(v);
    return n.kind == NodeKind::key_result ? kr_objective_[n.sub] : npos;
}

std::span<const CheckInRecord> Graph::checkins(NodeIndex v) const {
    const Node& n = nodes_.at(v);
    if (n.kind != NodeKind::key_result) return {};
    return checkins_[n.sub];
}

const Graph::CheckInText* Graph::find_checkin_text(std::uint32_t seq) const noexcept {
    std::size_t lo = 0, hi = checkin_text_.size();  // the first entry whose seq is not below `seq`
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (checkin_text_[mid].first < seq) lo = mid + 1;
        else hi = mid;
    }
    return lo < checkin_text_.size() && checkin_text_[lo].first == seq ? &checkin_text_[lo].second : nullptr;
}

const std::string& Graph::checkin_note(const CheckInRecord& r) const noexcept {
    static const std::string none;
    const CheckInText* t = find_checkin_text(r.seq);
    return t ? t->note : none;
}

const Extras& Graph::checkin_extras(const CheckInRecord& r) const noexcept {
    static const Extras none;
    const CheckInText* t = find_checkin_text(r.seq);
    return t ? t->extras : none;
}

int Graph::cycle_of(NodeIndex v) const {
    const Node& n = nodes_.at(v);
    if (n.kind == NodeKind::key_result) return objective_cycle_[nodes_[kr_objective_[n.sub]].sub];
    return objective_cycle_[n.sub];
}

const Cycle* Graph::find_cycle(std::string_view id) const noexcept {
    for (const Cycle& c : cycles_)
        if (c.id == id) return &c;
    return nullptr;
}

void Graph::prefetch_id_slot(std::uint64_t h) const noexcept {
    if (!id_slots_.empty()) __builtin_prefetch(&id_slots_[h & (id_slots_.size() - 1)]);
}

NodeIndex Graph::add_node(const std::string& id, std::uint64_t h, NodeKind kind, std::uint32_t sub, std::string_view what) {
    const std::string what_s(what);
    const Who who{Who::named, what_s.c_str(), &id};
    if (id.empty()) fail(ErrorCode::invalid_argument, std::string(what) + ": field \"id\" must not be empty");
    require_id(id, who);
    if (nodes_.size() >= npos - 1) fail(ErrorCode::invalid_argument, "too many nodes");
    if (find_hashed(id, h) != npos) fail(ErrorCode::duplicate, "duplicate id " + quote(id) + " (" + std::string(what) + ")");
    if (!kpi_ids_.empty() && find_kpi(id) >= 0) fail(ErrorCode::duplicate, "duplicate id " + quote(id) + " (" + std::string(what) + "; a KPI has it)");
    // Everything that can throw happens before the index changes.
    if (2 * (nodes_.size() + 1) > id_slots_.size()) id_index_reserve(std::max<std::size_t>(16, 2 * (nodes_.size() + 1)));
    room_for_one(nodes_);
    id_store_.push_back(id);
    const auto v = static_cast<NodeIndex>(nodes_.size());
    nodes_.push_back(Node{&id_store_.back(), kind, sub});  // capacity reserved: does not throw
    id_index_insert(h, v);
    return v;
}

void Graph::add_cycle(Cycle c) {
    const Who who{Who::named, "cycle", &c.id};
    if (c.id.empty()) fail(ErrorCode::invalid_argument, "cycle: field \"id\" must not be empty");
    require_id(c.id, who);
    if (find_cycle(c.id)) fail(ErrorCode::duplicate, "duplicate cycle id " + quote(c.id));
    if (c.end < c.start)
        fail(ErrorCode::invalid_argument, who + ": field \"end\" (" + c.end.iso() + ") is before \"start\" (" +
                                              c.start.iso() + ")");
    cycles_.push_back(std::move(c));
}

NodeIndex Graph::add_objective(Objective o) {
    // The id's slot in the index is a cache miss on a large graph: start loading it now, to
    // overlap with the checks below.
    const std::uint64_t h = id_hash(o.id);
    prefetch_id_slot(h);
    const Who who{Who::named, "objective", &o.id};
    require_weight(o.weight, who);
    for (auto [s, f] : {std::pair{&o.title, "title"}, {&o.owner, "owner"}, {&o.team, "team"}, {&o.why_now, "why_now"}})
        require_text(*s, who, f);
    int cyc = -1;
    if (!o.cycle.empty()) {
        const Cycle* c = find_cycle(o.cycle);
        if (!c) fail(ErrorCode::not_found, who + ": field \"cycle\" names unknown cycle " + quote(o.cycle));
        cyc = static_cast<int>(c - cycles_.data());
    }
    validate_rock(o, cyc, npos);
    std::stable_sort(o.reports.begin(), o.reports.end(), [](const RockReport& a, const RockReport& b) { return a.date < b.date; });
    room_for_one(objectives_);
    room_for_one(objective_cycle_);
    const NodeIndex v = add_node(o.id, h, NodeKind::objective, static_cast<std::uint32_t>(objectives_.size()), "objective");
    objectives_.push_back(std::move(o));
    objective_cycle_.push_back(cyc);
    invalidate();
    return v;
}

namespace {

void validate_kr(const KeyResult& k) {
    const Who who{Who::named, "key_result", &k.id};
    require_weight(k.weight, who);
    for (auto [s, f] : {std::pair{&k.title, "title"}, {&k.unit, "unit"}})
        require_text(*s, who, f);
    const bool scaled = k.type == KrType::metric;
    if (k.due && k.type != KrType::milestone)
        fail(ErrorCode::invalid_argument, who + ": field \"due\" needs type milestone (a Rock's milestones are milestone key results or their stages)");
    if (k.due && !k.stages.empty())
        fail(ErrorCode::invalid_argument, who + ": field \"due\" is for a milestone without stages; give each stage its own \"due\"");
    if (k.aggregate != Aggregate::none && k.type != KrType::metric && k.type != KrType::health)
        fail(ErrorCode::invalid_argument, who + ": field \"aggregate\" needs type metric or health");
    if (scaled) {
        require_finite(k.start, who, "start");
        require_finite(k.target, who, "target");
        if (k.start == k.target)
            fail(ErrorCode::invalid_argument, who + ": field \"target\" must differ from \"start\" (both " +
                                                  detail::number(k.start) + ")");
        const double dir = k.target > k.start ? 1.0 : -1.0;
        double prev_score = 0.0, prev_value = k.start;
        for (std::size_t i = 0; i < k.anchors.size(); ++i) {
            const Anchor& a = k.anchors[i];
            const std::string field = "anchors[" + std::to_string(i) + "]";
            require_finite(a.score, who, (field + ".score").c_str());
            require_finite(a.value, who, (field + ".value").c_str());
            if (a.score <= 0 || a.score > 1)
                fail(ErrorCode::invalid_argument, who + ": field \"" + field + ".score\" must be in (0, 1]");
            if (a.score == 1.0) {
                if (a.value != k.target || i + 1 != k.anchors.size())
                    fail(ErrorCode::invalid_argument,
                         who + ": field \"" + field + "\": the 1.0 anchor must be last and equal \"target\"");
                continue;
            }
            if (a.score <= prev_score)
                fail(ErrorCode::invalid_argument, who + ": field \"" + field + ".score\": anchor scores must increase");
            if ((a.value - prev_value) * dir <= 0 || (k.target - a.value) * dir <= 0)
                fail(ErrorCode::invalid_argument,
                     who + ": field \"" + field +
                         ".value\": anchor values must be strictly monotone from \"start\" toward \"target\"");
            prev_score = a.score;
            prev_value = a.value;
        }
    } else if (!k.anchors.empty()) {
        fail(ErrorCode::invalid_argument, who + ": field \"anchors\" applies to metric key results only");
    }
    // A field of another type would be dropped when the graph is written: reject it instead.
    const auto only_for = [&](bool given, KrType type, const char* field) {
        if (given && k.type != type)
            fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" applies to " + to_string(type) +
                                                  " key results only");
    };
    only_for(!std::isnan(k.start), KrType::metric, "start");
    only_for(!std::isnan(k.target), KrType::metric, "target");
    only_for(!std::isnan(k.required), KrType::baseline, "required");
    only_for(!std::isnan(k.threshold), KrType::health, "threshold");
    only_for(k.direction != HealthDirection::at_least, KrType::health, "direction");
    only_for(!std::isnan(k.band_low) || !std::isnan(k.band_high), KrType::health, "band");
    only_for(k.tolerance != 0.0, KrType::health, "tolerance");
    if (k.type == KrType::baseline) {
        require_finite(k.required, who, "required");
        if (k.required < 1 || std::floor(k.required) != k.required)
            fail(ErrorCode::invalid_argument, who + ": field \"required\" must be a whole number >= 1");
    }
    if (!k.stages.empty()) {
        if (k.type != KrType::milestone)
            fail(ErrorCode::invalid_argument, who + ": field \"stages\" applies to milestone key results only");
        double sum = 0;
        for (std::size_t i = 0; i < k.stages.size(); ++i) {
            const Stage& s = k.stages[i];
            const std::string field = "stages[" + std::to_string(i) + "]";
            require_finite(s.weight, who, (field + ".weight").c_str());
            if (s.weight < 0) fail(ErrorCode::invalid_argument, who + ": field \"" + field + ".weight\" must be >= 0");
            require_text(s.id, who, (field + ".id").c_str());
            require_text(s.title, who, (field + ".title").c_str());
            if (s.id.empty() && s.title.empty())
                fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" needs an \"id\" or a \"title\"");
            for (std::size_t j = 0; j < i; ++j) {
                const std::string& a = s.id.empty() ? s.title : s.id;
                const std::string& b = k.stages[j].id.empty() ? k.stages[j].title : k.stages[j].id;
                if (a == b) fail(ErrorCode::duplicate, who + ": field \"" + field + "\": duplicate stage " + quote(a));
            }
            sum += s.weight;
        }
        if (!(sum > 0)) fail(ErrorCode::invalid_argument, who + ": field \"stages\": weights must have a positive sum");
    }
    if (k.type == KrType::health) {
        const bool band = !std::isnan(k.band_low) || !std::isnan(k.band_high);
        if (band) {
            require_finite(k.band_low, who, "band");
            require_finite(k.band_high, who, "band");
            if (k.band_low > k.band_high) fail(ErrorCode::invalid_argument, who + ": field \"band\" must be [low, high] with low <= high");
            if (!std::isnan(k.threshold))
                fail(ErrorCode::invalid_argument, who + ": give either \"threshold\" or \"band\", not both");
            if (k.direction != HealthDirection::at_least)
                fail(ErrorCode::invalid_argument, who + ": field \"direction\" applies to a \"threshold\", not a \"band\"");
        } else {
            require_finite(k.threshold, who, "threshold");
        }
        require_finite(k.tolerance, who, "tolerance");
        if (k.tolerance < 0) fail(ErrorCode::invalid_argument, who + ": field \"tolerance\" must be >= 0");
    }
}

}  // namespace

NodeIndex Graph::add_key_result(KeyResult k) {
    const std::uint64_t h = id_hash(k.id);
    prefetch_id_slot(h);  // as in add_objective
    const Who who{Who::named, "key_result", &k.id};
    validate_kr(k);
    // Documents list an objective's key results together, objectives in order: try the previous
    // KR's objective and the one declared after it before a lookup.
    NodeIndex obj = npos;
    if (!kr_objective_.empty()) {
        const NodeIndex prev = kr_objective_.back();
        if (id_store_[prev] == k.objective) obj = prev;
        else if (prev + 1 < nodes_.size() && nodes_[prev + 1].kind == NodeKind::objective && id_store_[prev + 1] == k.objective)
            obj = prev + 1;
    }
    if (obj == npos) obj = find(k.objective);
    if (k.objective.empty()) fail(ErrorCode::invalid_argument, who + ": field \"objective\" is required");
    if (obj == npos) fail(ErrorCode::not_found, who + ": field \"objective\" names unknown objective " + quote(k.objective));
    if (nodes_[obj].kind != NodeKind::objective)
        fail(ErrorCode::invalid_argument, who + ": field \"objective\" names key result " + quote(k.objective) + ", not an objective");
    room_for_one(key_results_);
    room_for_one(kr_objective_);
    checkins_.reserve_lists(checkins_.lists() + 1);
    const NodeIndex v = add_node(k.id, h, NodeKind::key_result, static_cast<std::uint32_t>(key_results_.size()), "key_result");
    key_results_.push_back(std::move(k));
    kr_objective_.push_back(obj);
    checkins_.add_list();
    invalidate();
    return v;
}

void Graph::resolve_link(const Link& l, NodeIndex& from, NodeIndex& to) const {
    const Who who{Who::link, "link", &l.from, &l.to};
    if (l.from.empty()) fail(ErrorCode::invalid_argument, "link: field \"from\" must not be empty");
    if (l.to.empty()) fail(ErrorCode::invalid_argument, "link: field \"to\" must not be empty");
    require_weight(l.weight, who);
    // Two independent lookups: start both cache misses before waiting on either.
    const std::uint64_t hf = id_hash(l.from), ht = id_hash(l.to);
    prefetch_id_slot(hf);
    prefetch_id_slot(ht);
    from = find_hashed(l.from, hf);
    to = find_hashed(l.to, ht);
    if (from == npos) fail(ErrorCode::not_found, who + ": field \"from\" names unknown node " + quote(l.from));
    if (to == npos) fail(ErrorCode::not_found, who + ": field \"to\" names unknown node " + quote(l.to));
    if (from == to) fail(ErrorCode::invalid_argument, who + ": a node cannot link to itself");
    if (l.type == LinkType::contributes) {
        const Node& t = nodes_[to];
        const Node& f = nodes_[from];
        if (t.kind == NodeKind::key_result) {
            if (key_results_[t.sub].aggregate == Aggregate::none)
                fail(ErrorCode::invalid_argument,
                     who + ": field \"to\": key result " + quote(l.to) + " does not declare \"aggregate\"");
            if (f.kind != NodeKind::key_result)
                fail(ErrorCode::invalid_argument, who + ": only key results contribute to an aggregating key result");
        } else if (f.kind == NodeKind::key_result && kr_objective_[f.sub] == to) {
            fail(ErrorCode::duplicate, who + ": key result " + quote(l.from) + " already belongs to objective " + quote(l.to));
        }
    }
}

void Graph::validate_link(const Link& l, NodeIndex& from, NodeIndex& to) const {
    resolve_link(l, from, to);
    for (const LinkRecord& r : links_)
        if (r.from == from && r.to == to && r.type == l.type)
            fail(ErrorCode::duplicate, "duplicate " + std::string(to_string(l.type)) + " link " + quote(l.from) +
                                           " -> " + quote(l.to));
}

void Graph::add_link_unchecked(Link l) {
    if (l.type == LinkType::measured_by) {
        if (l.weight != 1.0)  // it has no meaning there, and would be dropped when written
            fail(ErrorCode::invalid_argument, Who{Who::link, "link", &l.from, &l.to} +
                                                  ": field \"weight\" does not apply to measured_by links");
        return add_measured_by(l.from, l.to, std::move(l.extras));
    }
    NodeIndex from, to;
    resolve_link(l, from, to);
    room_for_one(link_extras_);
    links_.push_back(LinkRecord{from, to, l.type, l.weight});
    link_extras_.push_back(std::move(l.extras));
    if (l.type == LinkType::contributes) invalidate();
}

void Graph::add_link(Link l) {
    if (l.type == LinkType::measured_by) {
        if (l.weight != 1.0)  // it has no meaning there, and would be dropped when written
            fail(ErrorCode::invalid_argument, Who{Who::link, "link", &l.from, &l.to} +
                                                  ": field \"weight\" does not apply to measured_by links");
        return add_measured_by(l.from, l.to, std::move(l.extras));
    }
    NodeIndex from, to;
    validate_link(l, from, to);
    const bool structural = l.type == LinkType::contributes;
    room_for_one(link_extras_);
    links_.push_back(LinkRecord{from, to, l.type, l.weight});
    link_extras_.push_back(std::move(l.extras));
    if (!structural) return;
    invalidate();
    try {
        check_acyclic();
    } catch (...) {
        links_.pop_back();
        link_extras_.pop_back();
        invalidate();
        throw;
    }
}

void Graph::check_acyclic() const { (void)topology(); }

std::ptrdiff_t Graph::find_kpi(std::string_view id) const noexcept {
    auto it = kpi_ids_.find(id);
    return it == kpi_ids_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

void Graph::validate_kpi(const Kpi& k) const {
    const Who who{Who::named, "kpi", &k.id};
    if (k.id.empty()) fail(ErrorCode::invalid_argument, "kpi: field \"id\" must not be empty");
    require_id(k.id, who);
    for (auto [s, f] : {std::pair{&k.title, "title"}, {&k.owner, "owner"}, {&k.team, "team"}, {&k.unit, "unit"}})
        require_text(*s, who, f);
    if (find(k.id) != npos || find_kpi(k.id) >= 0)
        fail(ErrorCode::duplicate, "duplicate id " + quote(k.id) + " (kpi)");
    // One goal: a finite number, or a finite range low <= high for the range comparisons.
    const auto check_goal = [&](Comparison c, double goal, double low, double high, const std::string& field) {
        const bool ranged = c == Comparison::in_range || c == Comparison::not_in_range;
        if (ranged) {
            require_finite(low, who, field.c_str());
            require_finite(high, who, field.c_str());
            if (low > high)
                fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" must be [low, high] with low <= high (got [" +
                                                      detail::number(low) + ", " + detail::number(high) + "])");
        } else if (c != Comparison::none) {
            require_finite(goal, who, field.c_str());
        } else if (!std::isnan(goal) || !std::isnan(low) || !std::isnan(high)) {
            fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" needs a \"comparison\"");
        }
    };
    check_goal(k.comparison, k.goal, k.goal_low, k.goal_high, "goal");
    for (std::size_t i = 0; i < k.goals.size(); ++i) {
        const KpiGoal& g = k.goals[i];
        const std::string at = "goals[" + std::to_string(i) + "]";
        if (g.comparison == Comparison::none)
            fail(ErrorCode::invalid_argument, who + ": field \"" + at + ".comparison\" is required");
        check_goal(g.comparison, g.goal, g.goal_low, g.goal_high, at + ".goal");
        if (i > 0 && !(k.goals[i - 1].from < g.from))
            fail(ErrorCode::invalid_argument, who + ": field \"" + at + ".from\" " + g.from.iso() +
                                                  " is not after the previous goal's " + k.goals[i - 1].from.iso() +
                                                  " (goals must be in increasing \"from\" order)");
    }
    for (std::size_t i = 0; i < k.values.size(); ++i) {
        const KpiPoint& pt = k.values[i];
        if (std::isinf(pt.value))
            fail(ErrorCode::invalid_argument, who + ": field \"values[" + std::to_string(i) + "].value\" must be finite (or null for missing)");
        if (i > 0 && !(k.values[i - 1].date < pt.date))
            fail(ErrorCode::invalid_argument, who + ": field \"values[" + std::to_string(i) + "].date\" " + pt.date.iso() +
                                                  (k.values[i - 1].date == pt.date ? " repeats the previous date" : " is before the previous date") +
                                                  " (dates must be strictly increasing)");
    }
}

std::size_t Graph::add_kpi(Kpi k) {
    validate_kpi(k);
    room_for_one(kpis_);
    const auto index = static_cast<std::uint32_t>(kpis_.size());
    kpi_ids_.emplace(k.id, index);
    kpis_.push_back(std::move(k));
    return index;
}

void Graph::add_kpis(std::vector<Kpi> batch, const std::function<std::string(std::size_t)>& label) {
    std::unordered_map<std::string_view, std::size_t> seen;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            validate_kpi(batch[i]);
            if (!seen.emplace(batch[i].id, i).second)
                fail(ErrorCode::duplicate, "duplicate id " + quote(batch[i].id) + " (kpi)");
        } catch (const Error& e) {
            okr::detail::throw_error(e.code(), (label ? label(i) : "kpis[" + std::to_string(i) + "]") + ": " + e.what());
        }
    }
    reserve_more(kpis_, batch.size());
    const auto first = static_cast<std::uint32_t>(kpis_.size());
    std::size_t added = 0;
    try {
        for (; added < batch.size(); ++added) kpi_ids_.emplace(batch[added].id, first + static_cast<std::uint32_t>(added));
    } catch (...) {
        for (std::size_t i = 0; i < added; ++i) kpi_ids_.erase(batch[i].id);
        throw;
    }
    for (Kpi& k : batch) kpis_.push_back(std::move(k));  // capacity reserved: does not throw
}

void Graph::add_measured_by(std::string_view key_result, std::string_view kpi, Extras extras) {
    const std::string who = "link " + quote(key_result) + " -> " + quote(kpi);
    const NodeIndex v = find(key_result);
    if (v == npos) fail(ErrorCode::not_found, who + ": field \"from\" names unknown key result " + quote(key_result));
    if (nodes_[v].kind != NodeKind::key_result)
        fail(ErrorCode::invalid_argument, who + ": \"measured_by\" links go from a key result, not an objective");
    const std::ptrdiff_t k = find_kpi(kpi);
    if (k < 0) fail(ErrorCode::not_found, who + ": field \"to\" names unknown KPI " + quote(kpi));
    for (const MeasuredBy& m : measured_by_)
        if (m.key_result == v && m.kpi == static_cast<std::uint32_t>(k)) fail(ErrorCode::duplicate, "duplicate measured_by " + who);
    measured_by_.push_back({v, static_cast<std::uint32_t>(k), std::move(extras)});
}

void Graph::set_policy(const ScoringPolicy& p, bool explicit_in_document) {
    p.validate();
    policy_ = p;
    policy_explicit_ = explicit_in_document;
}

}  // namespace okr
