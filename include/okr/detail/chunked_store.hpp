// okr — a sequence whose elements never move, stored in few large chunks (internal; not part of
// the public API).
//
// What a std::deque gives (stable addresses, appends without moving anything), with chunks that
// double in size (64 elements, then 128, 256, ...) instead of libstdc++'s 512-byte blocks: a
// million-element store is 15 chunks instead of 62,500 heap blocks, and chunks of 2 MB or more
// are 2 MB aligned and asked to be huge pages, so their first touch is one page fault per 2 MB
// instead of one per 4 KB (src/chunked_store.cpp).
#pragma once

#include <bit>
#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace okr::detail {

/// Uninitialised memory for `bytes` (> 0): 2 MB aligned and advised for huge pages from 2 MB.
void* allocate_chunk(std::size_t bytes);
/// Frees what allocate_chunk(bytes) returned.
void free_chunk(void* p, std::size_t bytes) noexcept;

template <class T>
class ChunkedStore {
public:
    ChunkedStore() = default;
    ChunkedStore(const ChunkedStore& o) {
        for (std::size_t i = 0; i < o.size_; ++i) emplace_back(o[i]);  // on a throw, ~ChunkedStore frees
    }
    ChunkedStore(ChunkedStore&& o) noexcept { swap(o); }
    ChunkedStore& operator=(ChunkedStore o) noexcept {
        swap(o);
        return *this;
    }
    ~ChunkedStore() {
        while (size_ > 0) pop_back();
        for (std::size_t k = 0; k < chunks_.size(); ++k) free_chunk(chunks_[k], chunk_size(k) * sizeof(T));
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    T& operator[](std::size_t i) noexcept { return at_unchecked(i); }
    const T& operator[](std::size_t i) const noexcept { return const_cast<ChunkedStore*>(this)->at_unchecked(i); }
    T& back() noexcept { return at_unchecked(size_ - 1); }
    const T& back() const noexcept { return (*this)[size_ - 1]; }

    /// Appends an element built from `args`; on a throw nothing changes (strong guarantee).
    template <class... Args>
    T& emplace_back(Args&&... args) {
        const std::size_t k = chunk_of(size_);
        if (k == chunks_.size()) {
            chunks_.reserve(k + 1);
            chunks_.push_back(static_cast<T*>(allocate_chunk(chunk_size(k) * sizeof(T))));
        }
        T* p = ::new (static_cast<void*>(chunks_[k] + (size_ - chunk_start(k)))) T(std::forward<Args>(args)...);
        ++size_;
        return *p;
    }
    void push_back(const T& x) { emplace_back(x); }

    /// Removes the last element (the chunks are kept).
    void pop_back() noexcept {
        back().~T();
        --size_;
    }

    void swap(ChunkedStore& o) noexcept {
        chunks_.swap(o.chunks_);
        std::swap(size_, o.size_);
    }
    friend void swap(ChunkedStore& a, ChunkedStore& b) noexcept { a.swap(b); }

private:
    static constexpr std::size_t first = 64;  // elements in chunk 0; chunk k holds first << k
    static std::size_t chunk_of(std::size_t i) noexcept { return static_cast<std::size_t>(std::bit_width(i / first + 1)) - 1; }
    static std::size_t chunk_start(std::size_t k) noexcept { return first * ((std::size_t{1} << k) - 1); }
    static std::size_t chunk_size(std::size_t k) noexcept { return first << k; }
    T& at_unchecked(std::size_t i) noexcept {
        const std::size_t k = chunk_of(i);
        return chunks_[k][i - chunk_start(k)];
    }

    std::vector<T*> chunks_;
    std::size_t size_ = 0;
};

}  // namespace okr::detail
