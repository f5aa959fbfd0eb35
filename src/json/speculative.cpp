// JSON interchange, format version 1: the speculative, parallel load (see speculative.hpp).
#include "speculative.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <system_error>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../memory.hpp"
#include "../parallel.hpp"
#include "loader.hpp"

namespace okr::json {

bool ArraysAhead::start_on(simdjson::padded_string_view text, std::size_t min_size) {
    if (text.size() < min_size || detail::max_threads() < 2) return false;
    try {
        thread = std::thread([this, text] { run(text); });
    } catch (const std::system_error&) {
        return false;
    }
    return true;
}

std::size_t ArraysAhead::find(std::string_view t, std::string_view needle, std::size_t from, std::size_t end) {
    constexpr std::size_t none = std::string_view::npos;
    const std::size_t m = needle.size();
    if (end > t.size()) end = t.size();
    if (from >= end || end - from < m) return none;
    const char* const d = t.data();
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i c1 = _mm_set1_epi8(needle[1]), c2 = _mm_set1_epi8(needle[m - 2]);
    for (; i + 16 + m <= end; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 1));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + m - 2));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, c1), _mm_cmpeq_epi8(b, c2))));
        while (mask) {
            const std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(mask));
            if (std::memcmp(d + k, needle.data(), m) == 0) return k;
            mask &= mask - 1;
        }
    }
#endif
    const std::boyer_moore_horspool_searcher search(needle.begin(), needle.end());
    const auto it = std::search(t.begin() + static_cast<std::ptrdiff_t>(i), t.begin() + static_cast<std::ptrdiff_t>(end), search);
    return it == t.begin() + static_cast<std::ptrdiff_t>(end) ? none : static_cast<std::size_t>(it - t.begin());
}

std::pair<std::size_t, std::size_t> ArraysAhead::find_array(std::string_view t, std::string_view needle, std::size_t from,
                                                      std::size_t end) {
    constexpr std::size_t none = std::string_view::npos;
    for (std::size_t k = find(t, needle, from, end); k != none; k = find(t, needle, k + 1, end)) {
        std::size_t q = k + needle.size();
        while (q < end && ws(t[q])) ++q;
        if (q >= end || t[q] != ':') continue;
        ++q;
        while (q < end && ws(t[q])) ++q;
        if (q < end && t[q] == '[') return {q, k};
    }
    return {none, none};
}

void ArraysAhead::run(simdjson::padded_string_view text) noexcept {
    constexpr std::size_t none = std::string_view::npos;
    const std::string_view t(text.data(), text.size());
    // The end of the document's last value, which must be an array: "...]" ws "}" ws.
    std::size_t e = t.size();
    while (e > 0 && ws(t[e - 1])) --e;
    bool shape = e > 0 && t[e - 1] == '}';
    if (shape) {
        --e;
        while (e > 0 && ws(t[e - 1])) --e;
        shape = e > 0 && t[e - 1] == ']';
    }
    std::pair<std::size_t, std::size_t> l{none, none}, c{none, none};
    if (shape) {
        l = find_array(t, "\"links\"", 0, e);
        c = find_array(t, "\"checkins\"", l.first == none ? 0 : l.first, e);
    }
    // The links end at the ']' before ', "checkins"' when that is what follows them.
    std::size_t le = l.first != none && c.second != none ? ChunkReader::end_before(t, l.first, c.second) : none;
    if (le == none) le = e;
    if (l.first != none) {
        links_start = t.data() + l.first;
        links_key = l.second;
        links_end = le;
    }
    if (c.first != none) {
        start = t.data() + c.first;
        checkins_key = c.second;
        checkins_end = e;
    }
    publish();
    ExtraKeeper xk;
    xk.max_depth = max_depth;
    try {
        if (l.first != none) {
            detail::reserve_large(links, (le - l.first) / 48);  // a link is ~60 bytes of text
            links_whole = reader.read(
                t, l.first, le, "links", [&](od::object o, std::size_t i) { detail::push_back_large(links, read_link(o, i, xk)); }, nullptr);
        }
    } catch (...) {
        links_error = std::current_exception();
    }
    links_ready.store(true, std::memory_order_release);
    links_ready.notify_all();
    try {
        if (c.first != none) {
            std::string_view key;
            std::uint32_t first = 0;
            std::size_t begin = 0;  // the current run's first record
            bool run_rich = false;
            auto close_run = [&] {
                if (records.size() == begin) return;
                detail::push_back_large(runs, Run{key, first, run_rich, static_cast<std::uint32_t>(begin),
                                   static_cast<std::uint32_t>(records.size() - begin)});
                begin = records.size();  // closed: an element read again after a failure cannot close it twice
            };
            // Virtual until used: ~4 check-ins of ~70 bytes per run. Huge pages for large
            // arrays (src/memory.hpp): their first touch is otherwise a page fault per 4 KB.
            detail::reserve_large(runs, (e - c.first) / 256);
            detail::reserve_large(records, (e - c.first) / 64);
            checkins_whole = reader.read(
                t, c.first, e, "checkins",
                [&](od::object o, std::size_t i) {
                    CheckInView v;
                    read_checkin(o, i, xk, v);
                    if (i > 0xfffffff0u) throw Cancelled{};  // (read on the main thread)
                    const auto idx = static_cast<std::uint32_t>(i);
                    if (records.size() == begin || v.key_result != key) {
                        close_run();
                        key = reader.lasting(v.key_result);
                        first = idx;  // (close_run set begin)
                        run_rich = false;
                    }
                    if (!v.note.empty() || !v.stage.empty() || !v.extras.empty()) {
                        detail::push_back_large(rich, Rich{idx, reader.lasting(v.note), reader.lasting(v.stage), std::move(v.extras)});
                        run_rich = true;
                    }
                    detail::push_back_large(records, CheckInRecord{v.date, -1, idx, v.value, v.confidence});
                },
                nullptr);
            close_run();
        }
    } catch (...) {
        error = std::current_exception();
    }
}

bool Skeleton::make(std::string_view t, ArraysAhead& ahead) {
    constexpr std::size_t none = std::string_view::npos;
    ahead.wait_found();
    if (!ahead.links_start || !ahead.start) return false;
    const auto la = static_cast<std::size_t>(ahead.links_start - t.data()), lk = ahead.links_key, le = ahead.links_end;
    const auto ca = static_cast<std::size_t>(ahead.start - t.data()), ck = ahead.checkins_key, ce = ahead.checkins_end;
    if (le == none || ce == none || le > ck) return false;
    const auto o = ArraysAhead::find_array(t, "\"objectives\"", 0, lk);
    if (o.first == none) return false;
    const auto k = ArraysAhead::find_array(t, "\"key_results\"", o.first, lk);
    if (k.first == none) return false;
    const auto kp = ArraysAhead::find_array(t, "\"kpis\"", k.first, lk);
    const std::size_t oe = ChunkReader::end_before(t, o.first, k.second), ke = ChunkReader::end_before(t, k.first, kp.first == none ? lk : kp.second);
    if (oe == none || ke == none) return false;
    cuts = {{s_objectives, o.first, oe, 0}, {s_key_results, k.first, ke, 0}, {s_links, la, le, 0}, {s_checkins, ca, ce, 0}};
    std::size_t from = 0;
    for (Cut& c : cuts) {
        text.append(t.data() + from, c.at + 1 - from);
        c.in_skeleton = text.size() - 1;
        from = c.end - 1;
    }
    text.append(t.data() + from, t.size() - from);
    size = text.size();
    text.append(simdjson::SIMDJSON_PADDING, ' ');
    return true;
}

// Skeleton read (parse_top with a Skeleton): the array `stage` from text[at, end). Throws
// Fallback where the text is not as guessed or the second thread's arrays cannot be used.
void Loader::cut(int stage, std::string_view text, std::size_t at, std::size_t end) {
    bool whole = true;
    const std::size_t no = g.objective_count(), nk = g.key_result_count();
    switch (stage) {
        case s_objectives:
            whole = reader.read(
                text, at, end, "objectives", [&](od::object o, std::size_t i) { objective(read_objective(o, i, xk), i); },
                [&](std::size_t n) {
                    check_count("objectives and key results", no + nk + n, limits->max_nodes, "max_nodes");
                    g.reserve(no + n, nk, g.links().size());
                });
            break;
        case s_key_results:
            whole = reader.read(
                text, at, end, "key_results", [&](od::object o, std::size_t i) { key_result(read_key_result(o, i, xk), i); },
                [&](std::size_t n) {
                    check_count("objectives and key results", no + nk + n, limits->max_nodes, "max_nodes");
                    g.reserve(no, nk + n, g.links().size());
                });
            break;
        case s_links:
            ahead->wait_links();
            if (ahead->links_error || !ahead->links_whole) throw Fallback{};
            check_count("links", g.links().size() + ahead->links.size(), limits->max_links, "max_links");
            g.reserve(no, nk, g.links().size() + ahead->links.size());
            seen_links[0].reserve(ahead->links.size());
            take_links();
            start_acyclic();
            break;
        case s_checkins:
            ahead->join();
            if (ahead->error || !ahead->checkins_whole) throw Fallback{};
            take_checkins();
            break;
        default: throw Fallback{};
    }
    if (!whole) throw Fallback{};
}

// The links read by the second thread, recorded as a sequential read records them.
void Loader::take_links() {
    if (stats) stats->links_on_second_thread = true;
    for (std::size_t i = 0; i < ahead->links.size(); ++i) link(std::move(ahead->links[i]), i);
    ahead->links = {};
}

// The check-ins read by the second thread: runs taken over whole where they can be, others
// recorded one by one, as a sequential read records them (which reports any error).
void Loader::take_checkins() {
    if (stats) stats->checkins_on_second_thread = true;
    std::vector<ArraysAhead::Rich>& rich = ahead->rich;
    auto r = rich.begin();
    g.reserve_checkins(ahead->records.size());  // the lists side by side, in document order
    for (ArraysAhead::Run& run : ahead->runs) {
        const std::span<CheckInRecord> records(ahead->records.data() + run.begin, run.count);
        if (!run.rich) {
            const NodeIndex v = resolve(run.key_result);
            if (v != npos && g.adopt_checkins(v, records, run.first)) {
                if (stats) ++stats->adopted_checkin_runs;
                continue;
            }
        }
        // One by one, as a sequential read does (which reports any error).
        for (const CheckInRecord& rec : records) {
            CheckIn c;
            c.date = rec.date;
            c.value = rec.value;
            c.confidence = rec.confidence;
            while (r != rich.end() && r->index < rec.seq) ++r;
            if (r != rich.end() && r->index == rec.seq) {
                c.note = std::string(r->note);
                c.stage = std::string(r->stage);
                c.extras = std::move(r->extras);
            }
            checkin(run.key_result, std::move(c), rec.seq);
        }
    }
    ahead->runs = {};
    ahead->records = {};
    ahead->rich = {};
}

// Why this is safe (the invariant every part keeps): a result prepared by guessing is used only
// where the document's own read confirms the guess (the array the top level reaches starts at
// the byte guessed, or, in a skeleton read, every array ends exactly where guessed and is reached
// as the value of its key), and only when it was read without error. Any doubt (a guess not
// confirmed, an error on the speculative path, no thread to be had) means the sequential read of
// the whole text: the same graph, and the same error, as if nothing had been guessed.
Graph read_document(const simdjson::padded_string_view text, const LoadOptions& options, LoadStats* stats) {
    if (stats) *stats = LoadStats{};
    // Declared before the loader: its thread is joined after the loader's.
    std::unique_ptr<ArraysAhead> ahead = std::make_unique<ArraysAhead>();
    ahead->reader.chunk_bytes = options.chunk_bytes;
    ahead->max_depth = options.limits.max_depth;
    if (!ahead->start_on(text, options.parallel_threshold)) ahead.reset();
    // (Not beyond what a whole read can index, so that no document loads only on two threads.)
    if (ahead && options.skeleton_threshold <= text.size() && text.size() <= simdjson::SIMDJSON_MAXSIZE_BYTES) {
        const std::string_view t(text.data(), text.size());
        bool tried = false;
        try {
            Skeleton sk;
            if (sk.make(t, *ahead)) {
                tried = true;
                Graph g = parse_top(simdjson::padded_string_view(sk.text.data(), sk.size, sk.text.size()), options, stats,
                                    ahead.get(), &sk, t);
                if (stats) stats->skeleton = true;
                return g;
            }
        } catch (...) {
            // Not as guessed, or an error: the whole read below gives the authoritative result.
            tried = true;
        }
        if (tried) ahead.reset();
    }
    return parse_top(text, options, stats, ahead.get(), nullptr, {});
}

}  // namespace okr::json
