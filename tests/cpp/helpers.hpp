#pragma once

#include <cstdlib>
#include <string>
#include <thread>

#include "okr/detail/text.hpp"
#include "okr/okr.hpp"

// A document with one cycle (2026-07-01 .. 2026-09-30), one objective "o", and the given KRs,
// links and check-ins (JSON array bodies).
inline std::string doc(const std::string& krs, const std::string& checkins = "", const std::string& links = "",
                       const std::string& extra_objectives = "") {
    return R"({"format":"okr","version":1,"cycles":[{"id":"q3","start":"2026-07-01","end":"2026-09-30"}],)"
           R"("objectives":[{"id":"o","title":"O","cycle":"q3"})" +
           (extra_objectives.empty() ? "" : "," + extra_objectives) + R"(],"key_results":[)" + krs +
           R"(],"links":[)" + links + R"(],"checkins":[)" + checkins + "]}";
}

inline okr::Date D(const char* s) { return okr::Date::parse(s); }

// The threads the library may use (OKR_NUM_THREADS, else the hardware's).
inline unsigned okr_threads() {
    const char* e = std::getenv("OKR_NUM_THREADS");
    if (e && std::atoi(e) >= 1) return static_cast<unsigned>(std::atoi(e));
    return std::thread::hardware_concurrency();
}
