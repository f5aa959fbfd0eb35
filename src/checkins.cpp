// The check-in lists of a graph's key results (detail::CheckInStore, declared in okr/model.hpp).
#include <algorithm>
#include <functional>
#include <limits>
#include <new>
#include <stdexcept>

#include "memory.hpp"
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
    if (n > lists_.capacity()) lists_.reserve(std::max(n, 2 * lists_.capacity()));
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
