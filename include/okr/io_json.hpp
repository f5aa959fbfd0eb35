// okr — the JSON interchange format, version 1 (docs/format.md, docs/okr.schema.json).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "okr/model.hpp"

namespace okr {

inline constexpr int json_format_version = 1;

/// Parses and validates a whole document into a new graph. Throws okr::Error naming the
/// offending element (by id where it has one) and field. Fields the format does not define are
/// kept verbatim and written back by to_json.
///
/// The text is parsed where it is when the parser's 64 bytes of read-ahead past its end lie on
/// the page of its last byte (their content is never used; do not write them concurrently);
/// otherwise, on non-x86 targets (memory tagging) and in sanitizer builds, from a padded copy.
Graph load_json(std::string_view text);

namespace detail {
/// Test hook: the text size from which load_json parses the "links" and "checkins" arrays on a
/// second thread while the rest of the document is read (default 8 MB; needs OKR_NUM_THREADS
/// unset or >= 2). Returns the previous value.
std::size_t parallel_checkins_threshold(std::size_t bytes) noexcept;
/// How many loads so far used the check-ins (links) read on a second thread (for tests).
std::size_t parallel_checkins_loads() noexcept;
std::size_t parallel_links_loads() noexcept;
/// How many runs of one key result's check-ins were taken over whole (Graph::adopt_checkins).
std::size_t adopted_checkin_runs() noexcept;
/// Test hook: the size of the chunks in which large arrays are read (default 256 KB; a chunk
/// ends at the first element boundary after it). Returns the previous value.
std::size_t json_chunk_bytes(std::size_t bytes) noexcept;
/// Test hook: the text size from which a document read on two threads is read from its
/// skeleton (the top level without its four big arrays, which are read in chunks; default 0:
/// whenever the second thread runs). Returns the previous value.
std::size_t skeleton_threshold(std::size_t bytes) noexcept;
/// How many loads so far were read from a skeleton (for tests).
std::size_t skeleton_loads() noexcept;
}  // namespace detail

/// Reads a file and calls load_json.
Graph load_json_file(const std::string& path);

/// Serialises the graph as a version-1 document; load_json(to_json(g)) equals g.
std::string to_json(const Graph& graph);

}  // namespace okr
