/// @file
/// @brief okr — the JSON interchange format, version 1 (docs/format.md, docs/okr.schema.json).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "okr/limits.hpp"
#include "okr/model.hpp"

namespace okr {

/// The version of the JSON format this library reads and writes (the document's `version`).
inline constexpr int json_format_version = 1;

/// Parses and validates a whole document into a new graph. Throws okr::Error naming the
/// offending element (by id where it has one) and field. Fields the format does not define are
/// kept verbatim and written back by to_json.
///
/// The text is parsed where it is when the parser's 64 bytes of read-ahead past its end lie on
/// the page of its last byte (their content is never used; do not write them concurrently);
/// otherwise, and always on non-x86 targets (memory tagging) and in sanitizer builds, from a
/// padded copy.
///
/// Uses the default LoadOptions. A document of 8 MB or more is read on two threads (see
/// LoadOptions::parallel_threshold).
/// @param text the document (UTF-8); needed only during the call
/// @return the graph
/// @throws okr::Error ErrorCode::parse (not JSON, not UTF-8, a wrong JSON type, a key given
///         twice), ErrorCode::version (`format` or `version`), ErrorCode::limit (beyond
///         Limits), ErrorCode::no_memory, or the codes of the model's rules (invalid_argument,
///         not_found, duplicate, cycle): docs/format.md, "Validation and errors"
Graph load_json(std::string_view text);

/// How a document is loaded: limits on its size and shape, and tuning of the parallel read (per
/// call, so that loads in one process never share settings). The tuning defaults suit every
/// document; tests use the others to drive each path on small texts. Whatever the tuning, the
/// result (graph or error) is the same.
struct LoadOptions {
    Limits limits;  ///< limits on the document's size and shape (validated first)
    /// Text size from which the "links" and "checkins" arrays are parsed on a second thread while
    /// the rest of the document is read (8 MB ≈ 50,000 check-ins; needs OKR_NUM_THREADS unset or
    /// >= 2). SIZE_MAX: never.
    std::size_t parallel_threshold = std::size_t{8} << 20;
    /// Size of the chunks in which those arrays are read (a chunk ends at the first element
    /// boundary after it); at least 1 (0 counts as 1).
    std::size_t chunk_bytes = std::size_t{256} << 10;
    /// Text size from which a document read on two threads is read from its skeleton (the top
    /// level without its four big arrays, which are read in chunks); 0: whenever the second
    /// thread runs.
    std::size_t skeleton_threshold = 0;
};

/// Which paths a load took (for tests and diagnostics; filled by the overloads that take it). A
/// skeleton read that did not hold may have taken the second thread's arrays before the document
/// was read again as a whole; the flags say so.
struct LoadStats {
    bool links_on_second_thread = false;     ///< the links read on the second thread were taken
    bool checkins_on_second_thread = false;  ///< ... and the check-ins
    bool skeleton = false;                   ///< the document was read from its skeleton
    std::size_t adopted_checkin_runs = 0;    ///< runs of one KR's check-ins taken over whole
};

/// load_json with options; `stats`, if not null, receives which paths were taken.
/// @param text the document (UTF-8); needed only during the call
/// @param options limits and tuning
/// @param[out] stats if not null, receives which paths the load took (reset first)
/// @return the graph
/// @throws okr::Error as load_json(std::string_view); ErrorCode::invalid_argument for invalid
///         `options.limits`
Graph load_json(std::string_view text, const LoadOptions& options, LoadStats* stats = nullptr);

/// Reads a file and calls load_json.
/// @param path the file's path
/// @return the graph
/// @throws okr::Error ErrorCode::not_found if the file cannot be opened or read;
///         ErrorCode::limit if it is larger than max_document_bytes (measured before it is
///         read); otherwise as load_json(std::string_view)
Graph load_json_file(const std::string& path);
/// Reads a file and calls load_json with options.
/// @param path the file's path
/// @param options limits and tuning
/// @param[out] stats if not null, receives which paths the load took (reset first)
/// @return the graph
/// @throws okr::Error as load_json_file(const std::string&); ErrorCode::invalid_argument for
///         invalid `options.limits`
Graph load_json_file(const std::string& path, const LoadOptions& options, LoadStats* stats = nullptr);

/// Serialises the graph as a version-1 document; load_json(to_json(g)) equals g.
///
/// The order of the top-level fields is the one that loads fastest (docs/format.md, "Large
/// documents"); the `scoring` object is written only when Graph::policy_is_explicit().
/// @param graph the graph
/// @return the document, UTF-8 JSON text
std::string to_json(const Graph& graph);

}  // namespace okr
