// okr._core: Python's small-object arenas on huge pages while a large column of str is built
// (arenas.hpp).
#include "arenas.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace okr::python {

namespace {

PopulatedArenas* current = nullptr;  // the active scope; guarded by the GIL
constexpr std::size_t region = std::size_t{2} << 20;

// A 2 MiB-aligned anonymous region of 2 MiB that asks for a huge page, or nullptr.
char* map_region() noexcept {
    void* p = mmap(nullptr, 2 * region, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    const auto b = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t lo = (b + region - 1) & ~(region - 1);
    if (lo > b) munmap(p, lo - b);
    if (lo + region < b + 2 * region) munmap(reinterpret_cast<void*>(lo + region), b + 2 * region - (lo + region));
#ifdef MADV_HUGEPAGE
    (void)madvise(reinterpret_cast<void*>(lo), region, MADV_HUGEPAGE);  // only a hint
#endif
    return reinterpret_cast<char*>(lo);
}

}  // namespace

PopulatedArenas::PopulatedArenas() noexcept {
    if (current) return;
    PyObject_GetArenaAllocator(&previous_);
    PyObjectArenaAllocator mine{this, &PopulatedArenas::alloc, &PopulatedArenas::free};
    PyObject_SetArenaAllocator(&mine);
    current = this;
    active_ = true;
}

PopulatedArenas::~PopulatedArenas() {
    if (!active_) return;
    PyObject_SetArenaAllocator(&previous_);
    current = nullptr;
    if (left_ > 0) munmap(next_, left_);
}

void* PopulatedArenas::carve(std::size_t size) {
    if (size == 0 || region % size != 0) {  // not a divisor of the region: a mapping of its own
        void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? nullptr : p;
    }
    if (left_ < size) {
        if (left_ > 0) munmap(next_, left_);
        next_ = map_region();
        left_ = next_ ? region : 0;
        if (!next_) return nullptr;
    }
    char* p = next_;
    next_ += size;
    left_ -= size;
    return p;
}

void* PopulatedArenas::alloc(void* ctx, std::size_t size) {
    auto* self = static_cast<PopulatedArenas*>(ctx);
    void* p = self->carve(size);
    if (!p) return nullptr;
    try {
        self->mine_.insert(p);
    } catch (...) {  // no memory for the bookkeeping: no arena rather than an untracked one
        munmap(p, size);
        return nullptr;
    }
    return p;
}

void PopulatedArenas::free(void* ctx, void* ptr, std::size_t size) {
    auto* self = static_cast<PopulatedArenas*>(ctx);
    if (self->mine_.erase(ptr) != 0) {
        munmap(ptr, size);
        return;
    }
    self->previous_.free(self->previous_.ctx, ptr, size);
}

}  // namespace okr::python
