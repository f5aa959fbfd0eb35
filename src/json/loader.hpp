// JSON interchange, format version 1: the loader, which builds a graph from the document's
// arrays in the order references resolve and reports errors as a sequential read of the text
// meets them (internal to src/json). parse_top() reads the top-level object; the speculative
// load (speculative.hpp) hands it what its second thread and its guesses prepared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "fields.hpp"
#include "okr/io_json.hpp"
#include "speculative.hpp"

namespace okr::json {

struct Loader {
    Graph g;
    ExtraKeeper xk;
    std::unordered_set<std::uint64_t> seen_links[2];
    std::string last_kr;
    NodeIndex last_v = npos;
    // The roll-up structure (and with it the cycle check) is fixed once the links are read, and
    // check-ins do not touch what it reads: for a graph of 4,096 objectives, key results and
    // links or more, or in a parallel read, it is built on another thread while the check-ins,
    // typically half the document, are parsed (smaller graphs, or OKR_NUM_THREADS=1: on this
    // thread, in turn).
    std::thread acyclic;
    std::exception_ptr acyclic_error;
    ArraysAhead* ahead = nullptr;  // check-ins parsed on another thread, if started
    ChunkReader reader;            // the objectives and key results of a skeleton read
    LoadStats* stats = nullptr;    // which paths were taken, if the caller asked
    // Rocks and the Rock each continues: set once every objective is in (a Rock may name one
    // declared after it).
    std::vector<std::pair<NodeIndex, std::string>> carried;

    const Limits* limits = nullptr;  // the load's limits (LoadOptions::limits)
    std::size_t kpi_values = 0;      // observations read so far, for Limits::max_kpi_values

    // Adds an objective; its carried_from waits for resolve_carried().
    void objective(Objective o, std::size_t i);
    void key_result(KeyResult k, std::size_t i);
    void cycle(Cycle c, std::size_t i);
    void kpi(Kpi k, std::size_t i);
    // Limits: a string's length, an array's element count (throw ErrorCode::limit naming them).
    void check_id(const char* array, std::size_t i, const std::string& id) const;
    void check_text(const char* array, std::size_t i, const std::string& id, const char* field, const std::string& s) const;
    void check_count(const char* what, std::size_t n, std::size_t max, const char* limit) const;
    void resolve_carried();

    // Skeleton read (parse_top with a Skeleton): the array `stage` from text[at, end). Throws
    // Fallback where the text is not as guessed or the second thread's arrays cannot be used.
    void cut(int stage, std::string_view text, std::size_t at, std::size_t end);

    Loader() = default;
    Loader(const Loader&) = delete;
    Loader& operator=(const Loader&) = delete;
    ~Loader();

    // Starts the cycle check of the links read so far (on another thread where there is one).
    void start_acyclic();

    // Waits for the check started by start_acyclic(); throws its error, if any.
    void finish_acyclic();

    // Reads the top-level array `stage` (a Part) from the document being parsed.
    void array(int stage, od::value v);

    // The links read by the second thread, recorded as a sequential read records them.
    void take_links();

    // The check-ins read by the second thread: runs taken over whole where they can be, others
    // recorded one by one, as a sequential read records them (which reports any error).
    void take_checkins();

    // Records link `i`; a repeated contributes or depends_on link is an error.
    void link(Link l, std::size_t i);

    // The key result named `key`, or npos. Exports list check-ins grouped by key result, and
    // in the order the key results were declared: the last one found, then the next one, are
    // tried before a lookup.
    NodeIndex resolve(std::string_view key);

    // Records check-in `i` for key result `key` (c.key_result is not read).
    void checkin(std::string_view key, CheckIn c, std::size_t i);
};

// Reads the document `text` with `options`; with `ahead`, uses the arrays the second thread read
// where they hold; with `sk`, `text` is the skeleton of the document `whole` (throws Fallback
// where the skeleton read cannot go on).
Graph parse_top(simdjson::padded_string_view text, const LoadOptions& options, LoadStats* stats, ArraysAhead* ahead,
                Skeleton* sk, std::string_view whole);

}  // namespace okr::json
