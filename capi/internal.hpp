// Internal to the C ABI (capi/*.cpp): handle structs and shared helpers. Never installed.
#pragma once

#include "okr.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "okr/alignment.hpp"
#include "okr/correlation.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/model.hpp"
#include "okr/lint.hpp"
#include "okr/regression.hpp"
#include "okr/rocks.hpp"
#include "okr/scoring.hpp"
#include "okr/scorecard.hpp"
#include "okr/series.hpp"

struct okr_graph {
    okr::Graph graph;
};

struct okr_scores {
    okr::Scores scores;
    std::vector<okr_kind> kinds;
    std::string id_text;                // every id, NUL-terminated, back to back
    std::vector<std::size_t> id_offset; // start of each id in id_text
    // id → index, built on the first okr_scores_find (once, safely from several threads).
    mutable std::once_flag index_once;
    mutable std::unordered_map<std::string_view, std::size_t> index;
};

struct okr_pair_table {
    okr::PairTable t;
};

struct okr_kpi_matrix {
    okr::KpiMatrix m;
    std::vector<std::string> starts;
};

struct okr_scorecard {
    okr::Scorecard sc;
    std::vector<std::string> ids, starts, goals;  // stable c_str()s, so the handle outlives the graph
};

struct okr_rocks {
    okr::Rocks r;
    // Stable c_str()s, so the handle outlives the graph: per Rock its report date, per
    // milestone its key result's id and due date.
    std::vector<std::string> reported_on;
    std::vector<std::vector<std::array<std::string, 2>>> milestone_text;
    std::vector<std::string> finding_codes;
};

struct okr_rock_completion {
    std::vector<okr::RockCompletion> rows;
};

struct okr_lint_rules {
    okr::LintRules rules;
};

struct okr_lint_result {
    std::vector<okr::LintFinding> findings;
};

struct okr_ols_result {
    okr::OlsResult r;
};

struct okr_lead_result {
    std::vector<okr::LeadRow> rows;
    std::vector<std::string> names;
};

struct okr_alignment {
    okr::AlignmentReport r;
    std::vector<std::string> ids;  // node ids, so the handle outlives the graph
    std::vector<std::uint8_t> is_kr;  // per node
    std::unordered_map<std::string_view, okr::NodeIndex> index;
    std::vector<std::string> codes, nodes, levels;  // per finding / coverage, stable c_str()s
};

namespace okr::capi {

// Stores this thread's okr_last_error() text (errors.cpp). If the copy cannot be allocated,
// okr_last_error() says so instead of showing an earlier call's message.
void store_last_error(const char* msg) noexcept;

// A C caller may pass any int where an enum is expected; reading such a value through the C++
// enum type is undefined, so look at its bytes instead.
template <class E>
int enum_value(const E& e) noexcept {
    static_assert(sizeof(E) == sizeof(int));
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

inline okr_status set_error(okr_status code, const char* msg) noexcept {
    store_last_error(msg);
    return code;
}

// Runs `body`, mapping every exception to a status code (nothing crosses the boundary).
template <class F>
okr_status guarded(F&& body) noexcept {
    try {
        body();
        return OKR_OK;
    } catch (const okr::Error& e) {
        return set_error(static_cast<okr_status>(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return set_error(OKR_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        return set_error(OKR_ERR_INTERNAL, (std::string("internal error: ") + e.what()).c_str());
    } catch (...) {
        return set_error(OKR_ERR_INTERNAL, "internal error: unknown exception");
    }
}

[[noreturn]] inline void null_arg(const char* name) {
    throw okr::Error(okr::ErrorCode::invalid_argument, std::string("argument \"") + name + "\" must not be NULL");
}

#define OKR_REQUIRE(p)                                     \
    do {                                                   \
        if ((p) == nullptr) ::okr::capi::null_arg(#p);     \
    } while (0)

// A rows × cols column-major array: rejects sizes whose product overflows or that Eigen cannot
// index, and a NULL pointer for a non-empty array.
inline void check_matrix(const double* data, size_t rows, size_t cols, const char* name) {
    constexpr size_t max_index = static_cast<size_t>(std::numeric_limits<std::ptrdiff_t>::max());
    if (rows > max_index || cols > max_index || (cols != 0 && rows > max_index / cols))
        throw okr::Error(okr::ErrorCode::invalid_argument, std::string(name) + ": " + std::to_string(rows) + " x " +
                                                               std::to_string(cols) + " is too large");
    if (rows != 0 && cols != 0 && data == nullptr) null_arg(name);
}

inline okr::Date as_of_date(const char* as_of) {
    return as_of ? okr::Date::parse(as_of, "as_of") : okr::Date::today();
}

inline okr::NodeIndex node_of(const okr::Graph& g, const char* id) {
    return g.at(id);
}

// A versioned struct from the caller: `version` between 1 and `max` (else ErrorCode::version
// naming the struct and its initialiser).
inline void require_version(unsigned int version, unsigned int max, const char* type, const char* init) {
    if (version < 1 || version > max)
        throw okr::Error(okr::ErrorCode::version, std::string(type) + ": unknown version " + std::to_string(version) +
                                                      " (initialise it with " + init + ")");
}

template <class V>
std::size_t at_index(const V& v, std::size_t i, const char* what) {
    if (i >= v.size())
        throw okr::Error(okr::ErrorCode::not_found, std::string(what) + " index " + std::to_string(i) + " is out of range (count " +
                                                        std::to_string(v.size()) + ")");
    return i;
}

}  // namespace okr::capi
