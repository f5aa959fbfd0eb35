// okr._core: Python's small-object arenas on huge pages while a large column of str is built.
#pragma once

#include <Python.h>

#include <cstddef>
#include <unordered_set>

namespace okr::python {

/// While alive, the arenas Python's small-object allocator maps for new objects (1 MiB each in
/// CPython 3.10+) are cut from 2 MiB regions that ask for transparent huge pages.
///
/// A column of a million str fills about a hundred arenas. Faulted in one 4 KB page at a time,
/// that is some 20,000 page faults, the larger part of building the column; on huge pages it is
/// one fault per two arenas. An arena is still a range of an anonymous private mapping, of the
/// size Python asked for and released with munmap, as CPython's own arenas on Linux are: once the
/// scope ends, the previous allocator frees it like any other (munmap splits a huge page as it
/// must). Arenas the previous allocator made that are freed inside the scope go back to it. The
/// unused rest of the last region is unmapped when the scope ends.
///
/// Construct and destroy with the GIL held, and keep the GIL for the whole scope: Python calls the
/// arena allocator with the GIL held, so no other thread sees the swap. Scopes do not nest: an
/// inner one does nothing.
class PopulatedArenas {
public:
    PopulatedArenas() noexcept;
    ~PopulatedArenas();
    PopulatedArenas(const PopulatedArenas&) = delete;
    PopulatedArenas& operator=(const PopulatedArenas&) = delete;

private:
    static void* alloc(void* ctx, std::size_t size);
    static void free(void* ctx, void* ptr, std::size_t size);
    void* carve(std::size_t size);

    PyObjectArenaAllocator previous_{};
    std::unordered_set<void*> mine_;  // arenas made in this scope and not yet freed
    char* next_ = nullptr;            // the unused rest of the current region
    std::size_t left_ = 0;
    bool active_ = false;
};

}  // namespace okr::python
