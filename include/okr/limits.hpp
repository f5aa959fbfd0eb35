/// @file
/// @brief okr — limits on untrusted input, shared by the JSON and CSV readers (docs/reliability.md).
#pragma once

#include <cstddef>

namespace okr {

/// Limits on untrusted input: generous for real organisations (a
/// 1,000,000-node document loads with the defaults), protective against abuse. Exceeding one
/// throws ErrorCode::limit naming the limit, the value and where.
///
/// Limits are per call (LoadOptions::limits, the CSV readers' `limits` argument), never
/// process-wide. Every reader validates them first (validate()).
struct Limits {
    std::size_t max_document_bytes = 0xFFFFFFFFu;  ///< the JSON text (4 GiB − 1: also a 32-bit size_t); the CSV readers' text too
    std::size_t max_depth = 64;              ///< nesting of objects and arrays (in unknown fields too)
    std::size_t max_id_bytes = 256;          ///< ids of cycles, objectives, key results and KPIs
    std::size_t max_text_bytes = std::size_t{1} << 20;  ///< any other string: titles, notes, why now (1 MiB)
    std::size_t max_nodes = 50'000'000;      ///< objectives + key results
    std::size_t max_links = 100'000'000;     ///< links of every type
    std::size_t max_checkins = 500'000'000;  ///< check-ins (with the graph's own, when CSV check-ins are loaded into it)
    std::size_t max_kpi_values = 100'000'000;  ///< observations over all KPIs

    /// Throws ErrorCode::invalid_argument if a limit is 0 (or max_depth < 4: a document needs 3).
    /// @throws okr::Error ErrorCode::invalid_argument naming the limit
    void validate() const;
};

}  // namespace okr
