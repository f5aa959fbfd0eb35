// JSON interchange, format version 1: the speculative, parallel load of a large document
// (internal to src/json). A second thread guesses where the big arrays (links, check-ins) lie and
// parses them while the main thread reads the rest; the arrays are read in chunks that stay in
// cache; and a document in its usual shape is read from its skeleton (the top level without the
// big arrays' contents). Entry point: read_document() in speculative.cpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "fields.hpp"
#include "okr/io_json.hpp"

namespace okr::json {

// Thrown on the second thread when its results will not be used.
struct Cancelled {};

// Reads a JSON array of objects from the text in chunks of about chunk_bytes, each copied into
// a buffer between a "[" and a "]" and parsed there: the parser's structural index (four bytes
// per token, about one token per byte of the text) then stays small, reused and in cache,
// instead of taking fresh memory the size of the array, and each byte is scanned once.
//
// A chunk ends at a guessed element boundary: a '}' followed by ',' and '{'. A chunk that starts
// at an element and parses whole (every bracket and string it opens closed) ends at one, so the
// chunks together read exactly the array. A wrong guess (such bytes inside a string, or between
// the objects of a nested array) makes the element it cuts fail, or the chunk's scan when it cuts
// a string: the elements before it were read exactly as a reading of the whole array reads them,
// and reading resumes at the failed element with a chunk twice as long. A failure anywhere else,
// or in the last chunk (which ends at the array's last element), is the array's own.
struct ChunkReader {
    od::parser parser;
    std::vector<char> chunk;  // "[" + text[from, from + n) + "]" + padding
    const char* chunk_from = nullptr;
    std::deque<std::string> owned;  // strings with escapes read from chunks (they view the parser's buffer)
    const std::atomic<bool>* cancel = nullptr;  // checked before each element (throws Cancelled)
    std::size_t chunk_bytes = LoadOptions{}.chunk_bytes;  // the size of a chunk (it ends at the next element boundary)

    static bool ws(char ch) noexcept { return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t'; }

    // One past the ']' that ends the array before the key at `key` (whitespace, ',' and
    // whitespace between), the array starting after `from`; npos if there is none.
    static std::size_t end_before(std::string_view t, std::size_t from, std::size_t key) {
        std::size_t r = key;
        while (r > from && ws(t[r - 1])) --r;
        if (r <= from || t[r - 1] != ',') return std::string_view::npos;
        --r;
        while (r > from && ws(t[r - 1])) --r;
        return r > from + 1 && t[r - 1] == ']' ? r : std::string_view::npos;
    }

    // A view of a string read from the current chunk that stays valid while the text does: a
    // string read in place views the chunk, whose bytes are those of the text at chunk_from.
    std::string_view lasting(std::string_view s) {
        if (s.empty()) return s;
        const char* const b = chunk.data() + 1;
        if (s.data() >= b && s.data() < chunk.data() + chunk.size()) return {chunk_from + (s.data() - b), s.size()};
        return owned.emplace_back(s);
    }

    // The end (one past the '}') of the first '}' at or after `from` that is followed by ',' and
    // '{' (whitespace between), the '{' before `end`; npos if there is none.
    static std::size_t boundary(std::string_view t, std::size_t from, std::size_t end) {
        for (std::size_t k = from; k < end;) {
            const void* hit = std::memchr(t.data() + k, '}', end - k);
            if (!hit) break;
            k = static_cast<std::size_t>(static_cast<const char*>(hit) - t.data()) + 1;
            std::size_t q = k;
            while (q < end && ws(t[q])) ++q;
            if (q >= end || t[q] != ',') continue;
            ++q;
            while (q < end && ws(t[q])) ++q;
            if (q < end && t[q] == '{') return k;
        }
        return std::string_view::npos;
    }

    // Reads the array text[b, e) (from its '[' to its ']'), calling read(object, index) for each
    // element. sized(n), if it is not null, is called once, after the first chunk, with an
    // estimate of the element count (an upper bound when elements are alike). True when the
    // array's ']' is the one at e - 1; false when a ']' before it closed the array (e was guessed
    // too far; what follows that ']' is not read).
    template <class Read, class Sized>
    bool read(std::string_view t, std::size_t b, std::size_t e, const char* name, Read&& read, Sized&& sized) {
        if (e <= b + 1 || t[b] != '[' || t[e - 1] != ']') throw SyntaxError{simdjson::TAPE_ERROR};
        std::size_t pos = b + 1, end = e - 1;  // the elements lie in [pos, end)
        while (pos < end && ws(t[pos])) ++pos;
        while (end > pos && ws(t[end - 1])) --end;
        if (pos == end) return true;  // []
        const std::size_t chunk_size = std::max<std::size_t>(1, chunk_bytes);
        const std::size_t first = pos;
        std::size_t index = 0, size = chunk_size;
        bool estimated = false;
        for (;;) {
            std::size_t g = pos + size < end ? boundary(t, pos + size, end) : std::string_view::npos;
            const bool last = g == std::string_view::npos;
            if (last) g = end;
            const std::size_t n = g - pos;
            if (chunk.size() < n + 2 + simdjson::SIMDJSON_PADDING) chunk.resize(n + 2 + simdjson::SIMDJSON_PADDING);
            chunk[0] = '[';
            std::memcpy(chunk.data() + 1, t.data() + pos, n);
            chunk[n + 1] = ']';
            // The parser looks at the byte after the text (a ']' or '}' there changes how it
            // reads a cut chunk): the padding is reset, not left as the previous chunk had it.
            std::memset(chunk.data() + n + 2, ' ', simdjson::SIMDJSON_PADDING);
            chunk_from = t.data() + pos;
            bool scanned = false, ended = false;
            const char* pending = nullptr;  // the start of the element being read
            try {
                od::document doc;
                if (auto err = parser.iterate(simdjson::padded_string_view(chunk.data(), n + 2, chunk.size())).get(doc))
                    throw SyntaxError{err};
                od::array a = take(doc.get_array());
                scanned = true;
                for (auto el : a) {
                    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled{};
                    od::value v = take(std::move(el));
                    pending = v.raw_json_token().data();
                    od::object o;
                    if (type_of(v) != od::json_type::object || v.get_object().get(o))
                        fail(ErrorCode::parse, std::string(name) + "[" + std::to_string(index) + "] must be an object");
                    read(o, index);
                    ++index;
                    pending = nullptr;
                }
                // Text after the chunk's array: its ']' was the array's own.
                const char* rest;
                ended = !doc.current_location().get(rest);
            } catch (const Cancelled&) {
                throw;
            } catch (...) {
                if (last || (scanned && !pending)) throw;
                if (pending) pos += static_cast<std::size_t>(pending - (chunk.data() + 1));
                size *= 2;
                continue;
            }
            if (!estimated) {
                estimated = true;
                if constexpr (!std::is_same_v<std::decay_t<Sized>, std::nullptr_t>)
                    if (!last && !ended && index > 0) {
                        // As many again per byte as in this chunk, and an eighth more; at most
                        // one per 16 bytes (no element of these arrays is shorter).
                        const std::size_t n_est = index + index * (end - g) / (g - first) + index / 8 + 16;
                        sized(std::min(n_est, (end - first) / 16 + 16));
                    }
            }
            if (last || ended) return !ended;
            pos = g;  // then ',' and '{', with whitespace between (as boundary() found)
            while (ws(t[pos])) ++pos;
            ++pos;
            while (ws(t[pos])) ++pos;
            size = chunk_size;
        }
    }
};

// The links and check-ins arrays parsed ahead, on another thread, while the main thread reads
// the objectives and key results (the two arrays are typically 60 % of a document). Where they
// are is a guess made without parsing: the first `"links"` / `"checkins"` key followed by `[`;
// the links end at the `]` before `, "checkins"`, the check-ins at the `]` before the
// document's final `}`. Both are read in chunks (ChunkReader). In a skeleton read (Skeleton) a
// result is used only if it was read without error and ended exactly at the guessed end; in a
// whole read, only if the top-level array the main thread reaches starts at that same byte and
// was read without error. Otherwise the main thread reads the array itself (which also reports
// any error exactly as a sequential read does).
struct ArraysAhead {
    // Links: read first, ready when `links_ready` is set.
    const char* links_start = nullptr;  // the '[' parsed
    std::vector<Link> links;
    std::exception_ptr links_error;  // the links are then read on the main thread
    std::atomic<bool> links_ready{false};

    // Check-ins, as runs of consecutive check-ins of one key result (exports group them so),
    // each run's records ready to be given to the graph whole (Graph::adopt_checkins). Record k
    // of a run has seq = its position in the array; the rare note, stage and unknown fields go
    // to `rich`.
    const char* start = nullptr;  // the '[' parsed
    ChunkReader reader;           // reads both arrays
    std::size_t max_depth = 64;   // Limits::max_depth, for the unknown fields it keeps
    bool links_whole = false, checkins_whole = false;  // the arrays ended at the guessed ends
    // The views below view the text, or `owned` for strings with escapes.
    struct Run {
        std::string_view key_result;
        std::uint32_t first;  // position of its first check-in in the array
        bool rich;            // some check-in of it has a note, stage or unknown field
        std::uint32_t begin, count;  // its records: records[begin, begin + count)
    };
    struct Rich {
        std::uint32_t index;  // position in the array
        std::string_view note, stage;
        Extras extras;
    };
    std::vector<Run> runs;
    std::vector<CheckInRecord> records;  // every run's, in array order
    std::vector<Rich> rich;  // by increasing index
    std::exception_ptr error;  // the check-ins are then read on the main thread

    std::thread thread;
    std::atomic<bool> cancel{false};  // set when the results will not be used (an error elsewhere)

    ArraysAhead() { reader.cancel = &cancel; }
    ArraysAhead(const ArraysAhead&) = delete;
    ArraysAhead& operator=(const ArraysAhead&) = delete;
    ~ArraysAhead() {
        cancel.store(true, std::memory_order_relaxed);
        join();
    }
    void join() {
        if (thread.joinable()) thread.join();
    }
    void wait_links() const { links_ready.wait(false, std::memory_order_acquire); }

    // Where the arrays were found (before they are read): the '[' (links_start, start) and the
    // key's opening quote of each, and one past its guessed ']'; npos when not found.
    std::size_t links_key = std::string_view::npos, links_end = std::string_view::npos;
    std::size_t checkins_key = std::string_view::npos, checkins_end = std::string_view::npos;
    std::atomic<bool> found{false};
    void publish() {
        found.store(true, std::memory_order_release);
        found.notify_all();
    }
    void wait_found() const { found.wait(false, std::memory_order_acquire); }

    // Starts the search and parse on another thread if the text is large; false otherwise.
    bool start_on(simdjson::padded_string_view text, std::size_t min_size);

    static bool ws(char ch) noexcept { return ChunkReader::ws(ch); }

    // The first `needle` (3 bytes or more) in t[from, end), or npos. On x86 its second and
    // second-to-last bytes are compared at 16 positions at a time and only the positions where
    // both match are compared in full: ~5 GB/s, where a Boyer-Moore-Horspool search (a JSON key
    // starts with '"', the most frequent byte of the text) reaches ~1.2.
    static std::size_t find(std::string_view t, std::string_view needle, std::size_t from, std::size_t end);

    // The first `needle` in t[from, end) followed by `:` and `[`: {position of the `[`, of the
    // needle}, or npos twice.
    static std::pair<std::size_t, std::size_t> find_array(std::string_view t, std::string_view needle, std::size_t from,
                                                          std::size_t end);

    void run(simdjson::padded_string_view text) noexcept;
};

// Thrown when a skeleton read cannot go on: the document is then read as a whole.
struct Fallback {};

// A large document in its usual shape, read without a structural index of the whole text: the
// top-level object is read from a copy of the text without the contents of its four big arrays
// (objectives, key_results, links, checkins: "[...]" becomes "[]"), and each of those arrays from
// the text, in chunks (ChunkReader): the first two on this thread, the others on the second
// thread (ArraysAhead). Where they are is guessed as the second thread guesses: each key followed
// by ':' and '[', the array ending at the ']' before the next one's key (or before a "kpis" key
// between the key results and the links; the check-ins at the ']' before the final '}'). The
// read holds only if each array ends exactly there and is reached, in the skeleton, as the value
// of its key in the top-level object; then every byte of the text has been read once, and the
// result is the whole read's. Anything else (another order or shape, or any error) is a Fallback.
struct Skeleton {
    struct Cut {
        int stage;
        std::size_t at, end;  // the array in the text: its '[' and one past its ']'
        std::size_t in_skeleton;  // its "[" in the skeleton
    };
    std::vector<Cut> cuts;
    std::string text;  // with SIMDJSON_PADDING bytes after `size`
    std::size_t size = 0;

    // Finds the arrays (waiting for the second thread's search); false if the text does not have
    // the usual shape.
    bool make(std::string_view t, ArraysAhead& ahead);
};

// Reads the document `text`: speculatively when it is large and has the usual shape, else (and
// whenever a guess does not hold) sequentially; the result and the errors are the sequential
// read's either way. `stats`, if not null, says which path was taken.
Graph read_document(simdjson::padded_string_view text, const LoadOptions& options, LoadStats* stats);

}  // namespace okr::json
