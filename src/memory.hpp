// Internal: large result arrays backed by transparent huge pages where the system offers them.
//
// A million-node result is tens of MB written once, front to back. With 4 KB pages its first
// touch is one page fault per 4 KB (tens of milliseconds, as much as the scoring itself); with
// 2 MB pages it is one per 2 MB. Linux gives anonymous memory huge pages when asked with
// madvise(MADV_HUGEPAGE) if transparent_hugepage is "madvise" (the usual default) or "always";
// elsewhere, or if the hint is refused, nothing changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace okr::detail {

/// Hints that the whole 2 MB pages inside [p, p + bytes), not yet touched, be huge pages.
inline void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    if (bytes < 4 * huge) return;  // small arrays: not worth a system call
    const auto b = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t lo = (b + huge - 1) & ~(huge - 1), hi = (b + bytes) & ~(huge - 1);
    if (hi > lo) (void)madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // only a hint
#else
    (void)p;
    (void)bytes;
#endif
}

/// v.reserve(n), asking for huge pages for new storage of 8 MB or more before anything is moved
/// into it. Elements are moved if that cannot throw, else copied, so v is unchanged on failure.
template <class T>
void reserve_large(std::vector<T>& v, std::size_t n) {
    if (n <= v.capacity()) return;
    if (n * sizeof(T) < (std::size_t{8} << 20)) {
        v.reserve(n);
        return;
    }
    std::vector<T> fresh;
    fresh.reserve(n);
    advise_huge_pages(fresh.data(), n * sizeof(T));
    for (T& x : v) fresh.push_back(std::move_if_noexcept(x));
    v.swap(fresh);
}

/// v.resize(n), asking for huge pages first when the resize allocates new storage.
template <class T>
void resize_large(std::vector<T>& v, std::size_t n) {
    reserve_large(v, n);
    v.resize(n);
}

}  // namespace okr::detail
