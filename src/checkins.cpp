// Check-ins: the lists of a graph's key results (detail::CheckInStore, declared in okr/model.hpp)
// and their recording on the graph (Graph::check_in, check_in_batch, adopt_checkins).
#include <algorithm>
#include <functional>
#include <limits>
#include <new>
#include <stdexcept>

#include "memory.hpp"
#include "model_checks.hpp"
#include "okr/model.hpp"

namespace okr::detail {

namespace {
constexpr std::size_t huge_block = std::size_t{8} << 20;  // bytes: from here, 2 MB aligned and huge pages
constexpr std::size_t first_block = 1024;                 // records (32 KB)
constexpr std::size_t max_growth_block = std::size_t{1} << 20;  // records (32 MB)

std::align_val_t alignment_for(std::size_t bytes) noexcept {
    return std::align_val_t{bytes >= huge_block ? std::size_t{2} << 20 : std::size_t{64}};
}

bool before(Date d, const CheckInRecord& r) noexcept { return d < r.date; }
}  // namespace

CheckInStore::Block::Block(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(CheckInRecord)) throw std::bad_alloc();
    const std::size_t bytes = n * sizeof(CheckInRecord);
    data = static_cast<CheckInRecord*>(::operator new(bytes, alignment_for(bytes)));
    capacity = n;
    advise_huge_pages(data, bytes);  // before the first touch
}

CheckInStore::Block& CheckInStore::Block::operator=(Block&& o) noexcept {
    std::swap(data, o.data);  // o frees what this held
    std::swap(capacity, o.capacity);
    std::swap(used, o.used);
    return *this;
}

CheckInStore::Block::~Block() {
    if (data) ::operator delete(data, alignment_for(capacity * sizeof(CheckInRecord)));
}

CheckInStore::CheckInStore(const CheckInStore& o) : lists_(o.lists_) {
    std::size_t total = 0;
    for (const List& l : lists_) total += l.size;
    if (total == 0) {
        for (List& l : lists_) l = List{};
        return;
    }
    blocks_.emplace_back(total);
    Block& b = blocks_.back();
    for (List& l : lists_) {
        CheckInRecord* p = b.data + b.used;
        std::copy_n(l.data, l.size, p);
        b.used += l.size;
        l.data = l.size ? p : nullptr;
        l.capacity = l.size;
    }
}

CheckInStore& CheckInStore::operator=(const CheckInStore& o) {
    if (this != &o) {
        CheckInStore copy(o);
        *this = std::move(copy);
    }
    return *this;
}

void CheckInStore::out_of_range() { throw std::out_of_range("okr: key result ordinal out of range"); }

void CheckInStore::reserve_lists(std::size_t n) {
    if (n > lists_.capacity()) reserve_large(lists_, std::max(n, 2 * lists_.capacity()));
}

void CheckInStore::add_list() { lists_.emplace_back(); }

CheckInRecord* CheckInStore::take(std::size_t n) {
    if (blocks_.empty() || blocks_.back().capacity - blocks_.back().used < n) {
        std::size_t total = 0;
        for (const Block& b : blocks_) total += b.capacity;
        // Each new block about half of all so far, up to 32 MB: few blocks, and a graph grows
        // without ever copying more than one list.
        blocks_.reserve(blocks_.size() + 1);
        blocks_.emplace_back(std::max({n, first_block, std::min(total / 2, max_growth_block)}));
    }
    Block& b = blocks_.back();
    CheckInRecord* p = b.data + b.used;
    b.used += n;
    return p;
}

void CheckInStore::make_room(std::uint32_t k, std::size_t more) {
    List& l = lists_[k];
    const std::size_t need = std::size_t{l.size} + more;
    if (need <= l.capacity) return;
    constexpr std::size_t most = std::numeric_limits<std::uint32_t>::max();
    if (need > most) throw std::length_error("okr: too many check-ins on one key result");
    // Key results are checked in weekly or so: room for a few at first, then twice as much.
    const std::size_t cap = std::min(most, std::max({need, std::size_t{4}, 2 * std::size_t{l.capacity}}));
    if (l.data && !blocks_.empty()) {
        Block& b = blocks_.back();
        const bool in_block = !std::less<const CheckInRecord*>{}(l.data, b.data) &&
                              std::less<const CheckInRecord*>{}(l.data, b.data + b.capacity);
        if (in_block && l.data + l.capacity == b.data + b.used && b.capacity - b.used >= cap - l.capacity) {
            b.used += cap - l.capacity;  // the list ends the newest block's used part: grow in place
            l.capacity = static_cast<std::uint32_t>(cap);
            return;
        }
    }
    CheckInRecord* p = take(cap);
    std::copy_n(l.data, l.size, p);
    l.data = p;
    l.capacity = static_cast<std::uint32_t>(cap);
}

void CheckInStore::insert(std::uint32_t k, const CheckInRecord& r) noexcept {
    List& l = lists_[k];
    CheckInRecord* end = l.data + l.size;
    CheckInRecord* pos = std::upper_bound(l.data, end, r.date, before);
    std::copy_backward(pos, end, end + 1);
    *pos = r;
    ++l.size;
}

void CheckInStore::assign(std::uint32_t k, std::span<const CheckInRecord> records) {
    List& l = lists_[k];
    if (records.empty()) return;
    if (records.size() > l.capacity) {
        if (records.size() > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("okr: too many check-ins on one key result");
        l.data = take(records.size());
        l.capacity = static_cast<std::uint32_t>(records.size());
    }
    std::copy(records.begin(), records.end(), l.data);
    l.size = static_cast<std::uint32_t>(records.size());
}

void CheckInStore::reserve_records(std::size_t records) {
    if (records == 0 || (!blocks_.empty() && blocks_.back().capacity - blocks_.back().used >= records)) return;
    blocks_.reserve(blocks_.size() + 1);
    blocks_.emplace_back(records);
}

std::size_t CheckInStore::capacity_bytes() const noexcept {
    std::size_t total = 0;
    for (const Block& b : blocks_) total += b.capacity * sizeof(CheckInRecord);
    return total;
}

}  // namespace okr::detail

namespace okr {

using namespace model;

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
            okr::detail::throw_error(e.code(), (label ? label(i) : "check-ins[" + std::to_string(i) + "]") + ": " + e.what());
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
        while (checkin_text_.size() > texts_before) checkin_text_.pop_back();
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

}  // namespace okr
