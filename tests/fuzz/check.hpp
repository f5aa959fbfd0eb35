// The fuzz targets' invariant checks: a broken invariant prints what broke and aborts, which
// libFuzzer reports as a finding (with the input saved) and the corpus replay as a failed test.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace okr_fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}

// Equal doubles, NaN equal to NaN.
inline bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace okr_fuzz

#define FUZZ_CHECK(cond)                                                  \
    do {                                                                  \
        if (!(cond)) ::okr_fuzz::fail(#cond, __FILE__, __LINE__);         \
    } while (0)
