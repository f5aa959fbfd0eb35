// The memory of detail::ChunkedStore (okr/detail/chunked_store.hpp): chunks of 2 MB or more are
// 2 MB aligned and advised for huge pages before their first touch (src/memory.hpp).
#include "okr/detail/chunked_store.hpp"

#include "memory.hpp"

namespace okr::detail {

namespace {
std::align_val_t alignment_for(std::size_t bytes) noexcept {
    constexpr std::size_t huge = std::size_t{2} << 20;
    return std::align_val_t{bytes >= huge_page_threshold ? huge : alignof(std::max_align_t)};
}
}  // namespace

void* allocate_chunk(std::size_t bytes) {
    void* p = ::operator new(bytes, alignment_for(bytes));
    advise_huge_pages(p, bytes);
    return p;
}

void free_chunk(void* p, std::size_t bytes) noexcept { ::operator delete(p, alignment_for(bytes)); }

}  // namespace okr::detail
