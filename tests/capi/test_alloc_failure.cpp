// Allocation failure along a C API workload: for every N, the Nth allocation made by a call
// fails (operator new throws std::bad_alloc, nothrow new returns NULL, mmap returns MAP_FAILED
// with ENOMEM). The library allocates through operator new only, except the page buffer of a
// large file load, which it maps; this file replaces both (mmap by interposing the symbol, which
// the library's call resolves to). The call must then
// return OKR_ERR_NO_MEMORY with a message, leave the graph's document exactly as it was and
// hand out no handle; nothing may leak (the test runs under AddressSanitizer's leak checker in
// the sanitizer build). N runs from 1 until the call succeeds: every allocation of every call
// fails once. The workload: new, load (plain and with limits; a text, a small file and a file
// large enough to be read into mapped pages), check-in, check-in with options, batch, both CSV
// readers (plain and with limits), Rock report / state / lineage, score, status, score vector,
// scores, alignment, scorecard, KPI matrix, leading indicators, Rocks, lint, write, free.
//
// Written in C++ only to replace the global operator new; everything it calls is the C API.
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "okr.h"

namespace {

// The allocation hook: 0 = off; else the allocation number `fail_at` (counting from 1 since the
// hook was armed) fails.
long fail_at = 0;
long counted = 0;

// Where a failure is injected (a place for a debugger's breakpoint).
[[gnu::noinline]] void failing_here() noexcept { asm volatile(""); }

bool should_fail() noexcept {
    if (fail_at == 0) return false;
    if (++counted != fail_at) return false;
    failing_here();
    return true;
}

void* allocate(std::size_t n, std::size_t align) noexcept {
    if (should_fail()) return nullptr;
    if (n == 0) n = 1;
    if (align <= alignof(std::max_align_t)) return std::malloc(n);
    void* p = nullptr;
    return posix_memalign(&p, align, (n + align - 1) / align * align) == 0 ? p : nullptr;
}

using MmapFn = void* (*)(void*, std::size_t, int, int, int, off_t);
MmapFn real_mmap = nullptr;  // the next definition (libc's, or a sanitizer's interceptor)
long mmaps_failed = 0;

}  // namespace

// Every mmap of the process comes here: the library's (a large file's buffer) counts as an
// allocation and fails in turn; the C library's own mappings (malloc, thread stacks) call the
// system directly and never do.
extern "C" [[gnu::visibility("default")]] void* mmap(void* addr, std::size_t len, int prot, int flags, int fd, off_t off) noexcept {
    if (should_fail()) {
        ++mmaps_failed;
        errno = ENOMEM;
        return MAP_FAILED;
    }
    if (!real_mmap) real_mmap = reinterpret_cast<MmapFn>(dlsym(RTLD_NEXT, "mmap"));
    return real_mmap(addr, len, prot, flags, fd, off);
}

void* operator new(std::size_t n) {
    if (void* p = allocate(n, 0)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    if (void* p = allocate(n, 0)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a) {
    if (void* p = allocate(n, static_cast<std::size_t>(a))) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) {
    if (void* p = allocate(n, static_cast<std::size_t>(a))) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    return allocate(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

int failures = 0;

#define EXPECT(cond)                                                                   \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            std::fprintf(stderr, "%s:%d: %s failed (%s)\n", __FILE__, __LINE__, #cond, what); \
            ++failures;                                                                \
        }                                                                              \
    } while (0)

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string dump(const okr_graph* g) {
    char* text = nullptr;
    size_t len = 0;
    if (okr_graph_to_json(g, &text, &len) != OKR_OK) {
        std::fprintf(stderr, "okr_graph_to_json failed with the hook off: %s\n", okr_last_error());
        std::exit(1);
    }
    std::string s(text, len);
    okr_string_free(text);
    return s;
}

using Call = std::function<okr_status(okr_graph*, void**)>;
using Release = std::function<void(void*)>;

okr_graph* copy_of(const std::string& doc) {
    okr_graph* c = nullptr;
    if (okr_graph_new(&c) != OKR_OK || okr_graph_load_json(c, doc.data(), doc.size()) != OKR_OK) {
        std::fprintf(stderr, "cannot copy a graph with the hook off: %s\n", okr_last_error());
        std::exit(1);
    }
    return c;
}

// Runs `call` on g with allocation N failing, for N = 1, 2, ... until a call makes fewer than N
// allocations. `call` stores any handle it got in *handle (freed by `release`). A failure must
// give OKR_ERR_NO_MEMORY, no handle and an unchanged graph. A call may also recover from a
// failed allocation (std::stable_sort falls back to sorting in place): then its effect on the
// graph must be exactly that of a call without failure, after which the graph is restored and N
// goes on. Returns the number of allocations the call makes.
long fail_each_allocation(const char* what, okr_graph* g, const Call& call, const Release& release) {
    const std::string before = dump(g);
    std::string expected;
    {
        okr_graph* c = copy_of(before);
        void* handle = nullptr;
        if (call(c, &handle) != OKR_OK) {
            std::fprintf(stderr, "%s fails with the hook off: %s\n", what, okr_last_error());
            std::exit(1);
        }
        if (handle && release) release(handle);
        expected = dump(c);
        okr_graph_free(c);
    }
    for (long n = 1;; ++n) {
        void* handle = nullptr;
        counted = 0;
        fail_at = n;
        const okr_status s = call(g, &handle);
        fail_at = 0;
        if (handle && release) release(handle);
        if (s == OKR_OK) {
            const std::string after = dump(g);
            EXPECT(after == expected);
            if (counted < n) return n - 1;  // allocation n was never reached: done
            if (after != expected) return n;
            if (after != before && okr_graph_load_json(g, before.data(), before.size()) != OKR_OK) std::exit(1);
            continue;
        }
        EXPECT(s == OKR_ERR_NO_MEMORY);
        if (s != OKR_ERR_NO_MEMORY) {
            std::fprintf(stderr, "  allocation %ld: status %d: %s\n", n, static_cast<int>(s), okr_last_error());
            return n;
        }
        EXPECT(std::strcmp(okr_last_error(), "out of memory") == 0 || std::strstr(okr_last_error(), "memory"));
        EXPECT(handle == nullptr);
        const std::string after = dump(g);
        EXPECT(after == before);
        if (after != before) {
            std::fprintf(stderr, "  the graph changed when allocation %ld failed\n", n);
            return n;
        }
    }
}

}  // namespace

int main() {
    const std::string example = read_file(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json");
    const std::string rocks_doc = read_file(std::string(OKR_TEST_DATA_DIR) + "/rocks.json");
    const std::string checkins_csv = read_file(std::string(OKR_EXAMPLES_DIR) + "/checkins.csv");
    const std::string scorecard_csv =
        "Department,Owner,Measurable,Goal,Unit,2026-01-05,2026-01-12\n"
        "Support,Ann,Tickets closed,>= 5,tickets,6,4\n";
    if (example.empty() || rocks_doc.empty() || checkins_csv.empty()) {
        std::fprintf(stderr, "cannot read the example files\n");
        return 1;
    }
    struct Row {
        const char* what;
        long allocations;
    };
    std::vector<Row> rows;
    auto run = [&](const char* what, okr_graph* graph, const Call& call, const Release& release = nullptr) {
        rows.push_back({what, fail_each_allocation(what, graph, call, release)});
    };

    okr_graph* g = nullptr;
    if (okr_graph_new(&g) != OKR_OK) return 1;
    okr_graph* r = nullptr;
    if (okr_graph_new(&r) != OKR_OK) return 1;

    run("okr_graph_new", g, [](okr_graph*, void** h) {
        okr_graph* made = nullptr;
        const okr_status s = okr_graph_new(&made);
        *h = made;
        return s;
    }, [](void* h) { okr_graph_free(static_cast<okr_graph*>(h)); });

    run("okr_graph_load_json", g, [&](okr_graph* g, void**) { return okr_graph_load_json(g, example.data(), example.size()); });
    run("okr_graph_load_json_ex", r, [&](okr_graph* r, void**) {
        okr_load_options o = OKR_LOAD_OPTIONS_INIT;
        return okr_graph_load_json_ex(r, rocks_doc.data(), rocks_doc.size(), &o);
    });
    // Loading into a graph that already holds a document: the old one must survive a failure.
    run("okr_graph_load_json (replacing)", r, [&](okr_graph* r, void**) {
        return okr_graph_load_json(r, rocks_doc.data(), rocks_doc.size());
    });
    // Files: one small enough for a heap buffer, one read into mapped pages (4 MiB and more:
    // the example organisation followed by spaces).
    const std::string small_path = std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json";
    char large_path[] = "/tmp/okr_alloc_failure_XXXXXX";
    {
        const int fd = mkstemp(large_path);
        const std::string padded = example + std::string((std::size_t{5} << 20) - example.size(), ' ');
        if (fd < 0 || write(fd, padded.data(), padded.size()) != static_cast<ssize_t>(padded.size())) {
            std::fprintf(stderr, "cannot write %s\n", large_path);
            return 1;
        }
        close(fd);
    }
    okr_graph* f = nullptr;
    if (okr_graph_new(&f) != OKR_OK) return 1;
    run("okr_graph_load_json_file", f, [&](okr_graph* f, void**) { return okr_graph_load_json_file(f, small_path.c_str()); });
    run("okr_graph_load_json_file_ex", r, [&](okr_graph* r, void**) {
        okr_load_options o = OKR_LOAD_OPTIONS_INIT;
        return okr_graph_load_json_file_ex(r, small_path.c_str(), &o);
    });
    mmaps_failed = 0;
    run("okr_graph_load_json_file (5 MiB)", f, [&](okr_graph* f, void**) { return okr_graph_load_json_file(f, large_path); });
    {
        const char* what = "okr_graph_load_json_file (5 MiB)";
        EXPECT(mmaps_failed == 1);  // the file's buffer is the one mapping, and it failed once
        if (mmaps_failed != 1) std::fprintf(stderr, "  %ld mmap calls failed\n", mmaps_failed);
    }
    std::remove(large_path);
    okr_graph_free(f);

    run("okr_graph_checkin", g, [&](okr_graph* g, void**) { return okr_graph_checkin(g, "kr-ms-kb", "2026-09-16", 72, 0.7); });
    run("okr_graph_checkin_ex", g, [&](okr_graph* g, void**) {
        okr_checkin_options o = OKR_CHECKIN_OPTIONS_INIT;
        o.note = "a note long enough not to fit in a short string's own buffer";
        o.stage = "content";
        return okr_graph_checkin_ex(g, "kr-rock-deploy", "2026-09-16", 1, &o);
    });
    run("okr_graph_checkin_batch", g, [&](okr_graph* g, void**) {
        okr_checkin items[3] = {OKR_CHECKIN_INIT, OKR_CHECKIN_INIT, OKR_CHECKIN_INIT};
        const char* ids[3] = {"kr-ms-kb", "kr-co-csat", "kr-ms-escalations"};
        const double values[3] = {74, 87, 98};
        for (int i = 0; i < 3; ++i) {
            items[i].key_result = ids[i];
            items[i].date = "2026-09-17";
            items[i].value = values[i];
        }
        items[1].note = "batch note, also longer than a short string holds";
        return okr_graph_checkin_batch(g, items, 3);
    });
    run("okr_graph_load_checkins_csv", g, [&](okr_graph* g, void**) {
        return okr_graph_load_checkins_csv(g, checkins_csv.data(), checkins_csv.size());
    });
    run("okr_graph_load_scorecard_csv", g, [&](okr_graph* g, void**) {
        return okr_graph_load_scorecard_csv(g, scorecard_csv.data(), scorecard_csv.size());
    });
    run("okr_graph_load_checkins_csv_ex", g, [&](okr_graph* g, void**) {
        okr_load_options o = OKR_LOAD_OPTIONS_INIT;
        o.max_id_bytes = 64;
        return okr_graph_load_checkins_csv_ex(g, checkins_csv.data(), checkins_csv.size(), &o);
    });
    run("okr_graph_load_scorecard_csv_ex", g, [&](okr_graph* g, void**) {
        okr_load_options o = OKR_LOAD_OPTIONS_INIT;
        o.max_text_bytes = 64;
        static const char csv[] = "Department,Owner,Measurable,Goal,Unit,2026-01-05,2026-01-12\n"
                                  "Support,Bo,Chats answered,>= 40,chats,52,38\n";
        return okr_graph_load_scorecard_csv_ex(g, csv, sizeof csv - 1, &o);
    });
    run("okr_graph_report_rock", g, [&](okr_graph* g, void**) {
        return okr_graph_report_rock(g, "o-ms-rock", "2026-09-18", OKR_REPORT_OFF_TRACK, "behind on sourcing");
    });
    run("okr_graph_set_rock_state", g, [&](okr_graph* g, void**) { return okr_graph_set_rock_state(g, "o-hr-rock", OKR_ROCK_DONE); });
    run("okr_graph_set_carried_from", g, [&](okr_graph* g, void**) { return okr_graph_set_carried_from(g, "o-ms-rock", nullptr); });

    run("okr_graph_score", g, [&](okr_graph* g, void**) {
        double v = 0;
        return okr_graph_score(g, "o-ms-rock", "2026-09-20", &v);
    });
    run("okr_graph_status", g, [&](okr_graph* g, void**) {
        okr_progress_status p = OKR_PROGRESS_NO_DATA;
        return okr_graph_status(g, "kr-ms-kb", "2026-09-20", &p);
    });
    std::vector<double> vector_out(200);
    run("okr_graph_score_vector", g, [&](okr_graph* g, void**) {
        std::vector<double>& out = vector_out;
        size_t n = 0;
        return okr_graph_score_vector(g, "2026-09-20", out.data(), out.size(), &n);
    });
    run("okr_graph_scores", g, [&](okr_graph* g, void** h) {
        okr_scores* s = nullptr;
        const okr_status st = okr_graph_scores(g, "2026-09-20", &s);
        *h = s;
        return st;
    }, [](void* h) { okr_scores_free(static_cast<okr_scores*>(h)); });
    run("okr_graph_alignment", g, [&](okr_graph* g, void** h) {
        okr_alignment* a = nullptr;
        const okr_status st = okr_graph_alignment(g, "2026-09-20", nullptr, &a);
        *h = a;
        return st;
    }, [](void* h) { okr_alignment_free(static_cast<okr_alignment*>(h)); });
    run("okr_graph_scorecard", g, [&](okr_graph* g, void** h) {
        okr_scorecard_options o = OKR_SCORECARD_OPTIONS_INIT;
        o.freq = "W";
        okr_scorecard* sc = nullptr;
        const okr_status st = okr_graph_scorecard(g, "2026-08-31", &o, &sc);
        *h = sc;
        return st;
    }, [](void* h) { okr_scorecard_free(static_cast<okr_scorecard*>(h)); });
    run("okr_graph_kpis", g, [&](okr_graph* g, void** h) {
        okr_kpi_matrix* m = nullptr;
        const okr_status st = okr_graph_kpis(g, "W", &m);
        *h = m;
        return st;
    }, [](void* h) { okr_kpi_matrix_free(static_cast<okr_kpi_matrix*>(h)); });
    run("okr_graph_leading_indicators", g, [&](okr_graph* g, void** h) {
        okr_lead_result* l = nullptr;
        const okr_status st = okr_graph_leading_indicators(g, "lessons_completed", nullptr, 0, "W", nullptr, &l);
        *h = l;
        return st;
    }, [](void* h) { okr_lead_result_free(static_cast<okr_lead_result*>(h)); });
    run("okr_graph_rocks", g, [&](okr_graph* g, void** h) {
        okr_rocks* x = nullptr;
        const okr_status st = okr_graph_rocks(g, "2026-09-20", &x);
        *h = x;
        return st;
    }, [](void* h) { okr_rocks_free(static_cast<okr_rocks*>(h)); });
    run("okr_graph_lint", g, [&](okr_graph* g, void** h) {
        okr_lint_result* x = nullptr;
        const okr_status st = okr_graph_lint(g, nullptr, &x);
        *h = x;
        return st;
    }, [](void* h) { okr_lint_result_free(static_cast<okr_lint_result*>(h)); });
    run("okr_graph_to_json", g, [&](okr_graph* g, void** h) {
        char* text = nullptr;
        const okr_status st = okr_graph_to_json(g, &text, nullptr);
        *h = text;
        return st;
    }, [](void* h) { okr_string_free(static_cast<char*>(h)); });

    okr_graph_free(g);
    okr_graph_free(r);

    long total = 0;
    for (const Row& row : rows) {
        std::printf("%-36s %6ld allocations, each failed once\n", row.what, row.allocations);
        total += row.allocations;
    }
    std::printf("%ld failed allocations in all; %d problems\n", total, failures);
    return failures == 0 ? 0 : 1;
}
