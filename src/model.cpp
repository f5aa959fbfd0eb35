#include "okr/model.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "okr/detail/text.hpp"
#include "memory.hpp"

namespace okr {

using detail::quote;

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
        default: return "";
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

namespace {

[[noreturn]] void fail(ErrorCode code, const std::string& msg) { throw Error(code, msg); }

// Room for `extra` more elements, growing geometrically (repeated small batches stay linear).
template <class V>
void reserve_more(V& v, std::size_t extra) {
    const std::size_t need = v.size() + extra;
    if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
}

// Makes sure the next push_back cannot throw (so a multi-vector insert is all-or-nothing), with
// geometric growth: reserve(size() + 1) would reallocate on every call.
template <class V>
void room_for_one(V& v) {
    if (v.size() == v.capacity()) v.reserve(std::max<std::size_t>(16, v.capacity() * 2));
}

std::string where(const char* what, const std::string& id) { return std::string(what) + " " + quote(id); }

// Names the element an error is about. Built into a string only when an error is raised, so
// validation costs nothing on the happy path (bulk loads validate millions of elements).
struct Who {
    enum Form { named, link, checkin } form;
    const char* what;
    const std::string* a;
    const std::string* b = nullptr;
    Date date{};

    std::string str() const {
        switch (form) {
            case link: return "link " + quote(*a) + " -> " + quote(*b);
            case checkin: return "check-in for " + quote(*a) + " on " + date.iso();
            default: return std::string(what) + " " + quote(*a);
        }
    }
};
std::string operator+(const Who& w, const char* s) { return w.str() + s; }

void require_finite(double v, const Who& who, const char* field) {
    if (!std::isfinite(v))
        fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" must be a finite number");
}

void require_weight(double w, const Who& who, const char* field = "weight") {
    require_finite(w, who, field);
    if (w <= 0) fail(ErrorCode::invalid_argument, who + ": field \"" + field + "\" must be > 0");
}

void require_text(const std::string& s, const Who& who, const char* field) {
    if (!detail::valid_utf8(s))
        fail(ErrorCode::parse, who + ": field \"" + field + "\" is not valid UTF-8");
}

}  // namespace

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

Graph::Graph(Graph&& o) noexcept { swap(o); }

Graph& Graph::operator=(const Graph& o) {
    if (this != &o) {
        Graph copy(o);
        swap(copy);
    }
    return *this;
}

Graph& Graph::operator=(Graph&& o) noexcept {
    if (this != &o) {
        Graph empty;
        swap(empty);
        swap(o);
    }
    return *this;
}

void Graph::swap(Graph& o) noexcept {
    using std::swap;
    swap(id_store_, o.id_store_);  // a deque swap keeps element addresses
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
            if (id_store_[v] == id) return v;  // the deque directly: one cache miss fewer than via nodes_
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
    auto it = std::lower_bound(checkin_text_.begin(), checkin_text_.end(), seq,
                               [](const auto& e, std::uint32_t s) { return e.first < s; });
    return it != checkin_text_.end() && it->first == seq ? &it->second : nullptr;
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
    require_text(id, who, "id");
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
    require_text(c.id, who, "id");
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
    require_text(k.id, who, "id");
    for (auto [s, f] : {std::pair{&k.title, "title"}, {&k.owner, "owner"}, {&k.team, "team"}, {&k.unit, "unit"}})
        require_text(*s, who, f);
    if (find(k.id) != npos || find_kpi(k.id) >= 0)
        fail(ErrorCode::duplicate, "duplicate id " + quote(k.id) + " (kpi)");
    if (k.comparison == Comparison::in_range) {
        require_finite(k.goal_low, who, "goal");
        require_finite(k.goal_high, who, "goal");
        if (k.goal_low > k.goal_high) fail(ErrorCode::invalid_argument, who + ": field \"goal\" must be [low, high] with low <= high");
    } else if (k.comparison != Comparison::none) {
        require_finite(k.goal, who, "goal");
    } else if (!std::isnan(k.goal)) {
        fail(ErrorCode::invalid_argument, who + ": field \"goal\" needs a \"comparison\"");
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
            throw Error(e.code(), (label ? label(i) : "kpis[" + std::to_string(i) + "]") + ": " + e.what());
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

void Graph::check_in(CheckIn c) {
    if (c.key_result.empty()) fail(ErrorCode::invalid_argument, "check-in: field \"key_result\" must not be empty");
    const NodeIndex v = find(c.key_result);
    if (v == npos) fail(ErrorCode::not_found, "check-in: field \"key_result\" names unknown key result " + quote(c.key_result));
    check_in(v, std::move(c));
}

Graph::PreparedCheckIn Graph::prepare_check_in(NodeIndex v, const CheckIn& c) const {
    const Node& n = nodes_.at(v);
    if (n.kind != NodeKind::key_result)
        fail(ErrorCode::not_found, "check-in: field \"key_result\" names objective " + quote(*n.id) + ", not a key result");
    const KeyResult& k = key_results_[n.sub];
    const Who who{Who::checkin, "check-in", n.id, nullptr, c.date};
    if (k.aggregate != Aggregate::none)
        fail(ErrorCode::invalid_argument, who + ": key result aggregates its contributors and takes no check-ins");
    require_finite(c.value, who, "value");
    if (!std::isnan(c.confidence) && !(c.confidence >= 0 && c.confidence <= 1))
        fail(ErrorCode::invalid_argument, who + ": field \"confidence\" must be in [0, 1]");
    require_text(c.note, who, "note");
    std::int32_t stage = -1;
    if (k.type == KrType::milestone) {
        if (c.value < 0 || c.value > 1)
            fail(ErrorCode::invalid_argument, who + ": field \"value\" must be in [0, 1] for a milestone");
        if (!k.stages.empty()) {
            if (c.stage.empty()) fail(ErrorCode::invalid_argument, who + ": field \"stage\" is required (staged milestone)");
            // A stage is named by its key: its id, or its title when it has none (keys are unique).
            for (std::size_t i = 0; i < k.stages.size() && stage < 0; ++i)
                if ((k.stages[i].id.empty() ? k.stages[i].title : k.stages[i].id) == c.stage)
                    stage = static_cast<std::int32_t>(i);
            // Failing that, by the title of a stage that has an id, if exactly one has that title
            // (the check-in is then written with the id).
            for (std::size_t i = 0; i < k.stages.size() && stage < 0; ++i) {
                if (k.stages[i].title != c.stage) continue;
                for (std::size_t j = i + 1; j < k.stages.size(); ++j)
                    if (k.stages[j].title == c.stage)
                        fail(ErrorCode::invalid_argument, who + ": field \"stage\": stages " + quote(k.stages[i].id) +
                                                              " and " + quote(k.stages[j].id) + " share the title " +
                                                              quote(c.stage) + "; name the stage by its id");
                stage = static_cast<std::int32_t>(i);
            }
            if (stage < 0) fail(ErrorCode::not_found, who + ": field \"stage\" names unknown stage " + quote(c.stage));
        }
    }
    if (stage < 0 && !c.stage.empty())
        fail(ErrorCode::invalid_argument, who + ": field \"stage\" applies to staged milestones only");
    return PreparedCheckIn{n.sub, stage};
}

void Graph::check_in(NodeIndex v, CheckIn c) {
    const PreparedCheckIn pc = prepare_check_in(v, c);
    checkins_.make_room(pc.sub, 1);  // may throw; the list keeps its records wherever they are
    if (!c.note.empty() || !c.extras.empty())
        checkin_text_.emplace_back(checkin_seq_, CheckInText{std::move(c.note), std::move(c.extras)});
    checkins_.insert(pc.sub, CheckInRecord{c.date, pc.stage, checkin_seq_, c.value, c.confidence});
    ++checkin_seq_;
    ++checkin_total_;
}

void Graph::reserve_checkins(std::size_t n) { checkins_.reserve_records(n); }

bool Graph::adopt_checkins(NodeIndex v, std::span<CheckInRecord> records, std::uint32_t first_seq) noexcept {
    if (v >= nodes_.size() || nodes_[v].kind != NodeKind::key_result) return false;
    const std::uint32_t sub = nodes_[v].sub;
    const KeyResult& k = key_results_[sub];
    if (!checkins_[sub].empty() || k.aggregate != Aggregate::none || !k.stages.empty() || records.empty()) return false;
    if (records.size() > std::numeric_limits<std::uint32_t>::max() - checkin_seq_) return false;
    const bool milestone = k.type == KrType::milestone;
    bool sorted = true;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const CheckInRecord& r = records[i];
        if (r.seq != first_seq + i || r.stage != -1 || !std::isfinite(r.value)) return false;
        if (!std::isnan(r.confidence) && !(r.confidence >= 0 && r.confidence <= 1)) return false;
        if (milestone && (r.value < 0 || r.value > 1)) return false;
        if (i > 0 && r.date < records[i - 1].date) sorted = false;
    }
    // Inserting one by one at the upper bound of the date is a stable sort by date; the sequence
    // numbers follow the graph's. Unsorted runs are sorted in a copy, so `records` changes only
    // on success.
    std::vector<CheckInRecord> sorted_copy;
    std::span<CheckInRecord> take = records;
    if (!sorted) {
        try {
            sorted_copy.assign(records.begin(), records.end());
        } catch (...) {
            return false;  // out of memory
        }
        std::stable_sort(sorted_copy.begin(), sorted_copy.end(),
                         [](const CheckInRecord& a, const CheckInRecord& b) { return a.date < b.date; });
        take = sorted_copy;
    }
    const std::uint32_t shift = checkin_seq_ - first_seq;  // modulo 2^32
    for (CheckInRecord& r : take) r.seq += shift;
    try {
        checkins_.assign(sub, take);
    } catch (...) {
        for (CheckInRecord& r : take) r.seq -= shift;
        return false;  // out of memory
    }
    if (!sorted) std::copy(sorted_copy.begin(), sorted_copy.end(), records.begin());
    checkin_seq_ += static_cast<std::uint32_t>(records.size());
    checkin_total_ += records.size();
    return true;
}

void Graph::check_in_batch(std::vector<CheckIn> batch, const std::function<std::string(std::size_t)>& label) {
    // 1. Validate everything; nothing changes before every check-in has passed.
    std::vector<PreparedCheckIn> prepared;
    prepared.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            const CheckIn& c = batch[i];
            if (c.key_result.empty()) fail(ErrorCode::invalid_argument, "check-in: field \"key_result\" must not be empty");
            const NodeIndex v = find(c.key_result);
            if (v == npos) fail(ErrorCode::not_found, "check-in: field \"key_result\" names unknown key result " + quote(c.key_result));
            prepared.push_back(prepare_check_in(v, c));
        } catch (const Error& e) {
            throw Error(e.code(), (label ? label(i) : "check-ins[" + std::to_string(i) + "]") + ": " + e.what());
        }
    }
    // 2. Make room (may throw, changes nothing observable).
    std::unordered_map<std::uint32_t, std::size_t> per_kr;
    for (const PreparedCheckIn& p : prepared) ++per_kr[p.sub];
    for (const auto& [sub, count] : per_kr) checkins_.make_room(sub, count);
    // 3. Notes and extras (undone if one of them cannot be stored).
    std::uint32_t seq = checkin_seq_;
    const std::size_t texts_before = checkin_text_.size();
    try {
        for (std::size_t i = 0; i < batch.size(); ++i, ++seq)
            if (!batch[i].note.empty() || !batch[i].extras.empty())
                checkin_text_.emplace_back(seq, CheckInText{std::move(batch[i].note), std::move(batch[i].extras)});
    } catch (...) {
        checkin_text_.resize(texts_before);
        throw;
    }
    // 4. The records: capacity is reserved, so nothing below allocates or throws.
    seq = checkin_seq_;
    for (std::size_t i = 0; i < batch.size(); ++i, ++seq) {
        const CheckIn& c = batch[i];
        checkins_.insert(prepared[i].sub, CheckInRecord{c.date, prepared[i].stage, seq, c.value, c.confidence});
    }
    checkin_seq_ = seq;
    checkin_total_ += batch.size();
}

const Topology& Graph::topology() const {
    std::lock_guard lock(topo_mutex_);
    if (!topo_) topo_ = build_topology();
    return *topo_;
}

std::shared_ptr<const Topology> Graph::build_topology() const {
    const std::size_t n = nodes_.size();
    auto t = std::make_shared<Topology>();
    // Flow edges child -> parent with the weight the parent gives the child.
    std::vector<std::uint32_t> ccount(n + 1, 0), pcount(n + 1, 0);
    for (std::size_t k = 0; k < key_results_.size(); ++k) {
        ++ccount[kr_objective_[k]];
    }
    for (const LinkRecord& l : links_)
        if (l.type == LinkType::contributes) ++ccount[l.to];
    t->child_offsets.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) t->child_offsets[v + 1] = t->child_offsets[v] + ccount[v];
    const std::size_t m = t->child_offsets[n];
    t->children.resize(m);
    t->child_weight.resize(m);
    t->child_contained.resize(m);
    t->child_is_kr.resize(m);
    std::vector<std::uint32_t> fill(t->child_offsets.begin(), t->child_offsets.end() - 1);
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
    t->parent_offsets.assign(n + 1, 0);
    for (std::size_t v = 0; v < n; ++v) t->parent_offsets[v + 1] = t->parent_offsets[v] + pcount[v];
    t->parents.resize(m);
    t->parent_slot.resize(m);
    std::vector<std::uint32_t> pfill(t->parent_offsets.begin(), t->parent_offsets.end() - 1);
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
    std::vector<std::uint32_t> pending(n);
    for (std::size_t v = 0; v < n; ++v) pending[v] = t->child_offsets[v + 1] - t->child_offsets[v];
    t->order.reserve(n);
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
    t->rank.resize(n);
    for (std::size_t i = 0; i < n; ++i) t->rank[t->order[i]] = static_cast<std::uint32_t>(i);
    t->cycle.resize(n);
    for (std::size_t v = 0; v < n; ++v) t->cycle[v] = cycle_of(static_cast<NodeIndex>(v));
    t->sub.resize(n);
    for (std::size_t v = 0; v < n; ++v)
        t->sub[v] = nodes_[v].sub | (nodes_[v].kind == NodeKind::key_result ? Topology::kr_bit : 0u);
    detail::reserve_large(t->kr, key_results_.size());  // read at random by incremental scoring
    for (const KeyResult& k : key_results_)
        t->any_aggregate |= k.aggregate != Aggregate::none;
    t->kr_node.resize(key_results_.size());
    for (std::size_t v = 0; v < n; ++v)
        if (nodes_[v].kind == NodeKind::key_result) t->kr_node[nodes_[v].sub] = static_cast<NodeIndex>(v);
    t->rollup_order.reserve(objectives_.size());
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
    t->kr_anchors.reserve(n_anchors);
    t->kr_stage_weights.reserve(n_stages);
    for (const KeyResult& k : key_results_) {
        const Anchor* anchors = t->kr_anchors.data() + t->kr_anchors.size();
        const double* weights = t->kr_stage_weights.data() + t->kr_stage_weights.size();
        t->kr_anchors.insert(t->kr_anchors.end(), k.anchors.begin(), k.anchors.end());
        for (const Stage& st : k.stages) t->kr_stage_weights.push_back(st.weight);
        t->kr.push_back(KrScoring{k.type, k.direction, k.aggregate, static_cast<std::uint32_t>(k.anchors.size()),
                                  static_cast<std::uint32_t>(k.stages.size()), k.start, k.target, k.required, k.threshold,
                                  k.band_low, k.band_high, k.tolerance, anchors, weights});
    }
    t->source.reserve(objectives_.size());
    for (const Objective& o : objectives_) t->source.push_back(o.progress_source);
    // Which children each objective's weighted mean counts, and their shares. Whether a node
    // can have a score does not depend on check-ins or the date (a KR has one, NaN only when its
    // numbers overflow; an objective has one when a child it counts has one and a weight above
    // 0), so it is settled here, children first.
    t->child_share.assign(m, -1.0);
    std::vector<std::uint8_t> scored(n, 0);
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
