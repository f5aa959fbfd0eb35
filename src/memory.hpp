// Internal: large result arrays backed by transparent huge pages where the system offers them.
//
// A million-node result is tens of MB written once, front to back. With 4 KB pages its first
// touch is one page fault per 4 KB (tens of milliseconds, as much as the scoring itself); with
// 2 MB pages it is one per 2 MB. Linux gives anonymous memory huge pages when asked with
// madvise(MADV_HUGEPAGE) if transparent_hugepage is "madvise" (the usual default) or "always";
// elsewhere, or if the hint is refused, nothing changes.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace okr::detail {

/// Arrays from this size on ask for huge pages: one whole 2 MB page inside saves 511 faults,
/// where the system call costs about one.
constexpr std::size_t huge_page_threshold = std::size_t{2} << 20;

/// Hints that the whole 2 MB pages inside [p, p + bytes), not yet touched, be huge pages.
inline void advise_huge_pages(void* p, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    if (bytes < huge_page_threshold) return;  // no whole huge page inside
    const auto b = reinterpret_cast<std::uintptr_t>(p);
    const std::uintptr_t lo = (b + huge - 1) & ~(huge - 1), hi = (b + bytes) & ~(huge - 1);
    if (hi > lo) (void)madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // only a hint
#else
    (void)p;
    (void)bytes;
#endif
}

/// v.reserve(n), asking for huge pages for new storage of 2 MB or more before anything is moved
/// into it. Elements are moved if that cannot throw, else copied, so v is unchanged on failure.
template <class T>
void reserve_large(std::vector<T>& v, std::size_t n) {
    if (n <= v.capacity()) return;
    if (n * sizeof(T) < huge_page_threshold) {
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

/// A vector of n copies of `value`, on huge pages when large.
template <class T>
std::vector<T> large_vector(std::size_t n, const T& value = T{}) {
    std::vector<T> v;
    reserve_large(v, n);
    v.resize(n, value);
    return v;
}

/// A vector of the elements [first, last), on huge pages when large.
template <class T, class It>
std::vector<T> large_vector(It first, It last) {
    std::vector<T> v;
    reserve_large(v, static_cast<std::size_t>(last - first));
    v.assign(first, last);
    return v;
}

/// v.push_back(x), growing v geometrically onto huge pages when it is large (a plain push_back
/// regrows onto 4 KB pages, each a page fault at its first touch).
template <class T, class U>
void push_back_large(std::vector<T>& v, U&& x) {
    if (v.size() == v.capacity()) reserve_large(v, std::max<std::size_t>(16, 2 * v.capacity()));
    v.push_back(std::forward<U>(x));
}

}  // namespace okr::detail
