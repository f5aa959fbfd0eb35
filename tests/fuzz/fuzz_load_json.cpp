// Fuzz target: the JSON load, differential. Every input is read on one thread and on two (the
// speculative chunked path, in chunks of 1 to 61 bytes so that chunk boundaries fall everywhere);
// both must give the same graph or the same error (code and message). A graph that loads must
// then pass exercise(): round trip, scores, status, incremental = full rescore, analyses. One
// input in three is read under tight limits, on both paths, so the limit checks are compared too.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "check.hpp"
#include "exercise.hpp"

using namespace okr;

namespace {

okr_fuzz::Outcome read(std::string_view text, const LoadOptions& options, Graph& g) {
    okr_fuzz::Outcome out;
    try {
        g = load_json(text, options);
    } catch (const Error& e) {
        out.code = e.code();
        out.text = e.what();
        FUZZ_CHECK(!out.text.empty());
        return out;
    }
    out.ok = true;
    out.text = to_json(g);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    LoadOptions one;
    one.parallel_threshold = std::numeric_limits<std::size_t>::max();
    if (size % 3 == 0) {
        one.limits.max_depth = 8;
        one.limits.max_id_bytes = 12;
        one.limits.max_text_bytes = 64;
        one.limits.max_nodes = 24;
        one.limits.max_links = 16;
        one.limits.max_checkins = 24;
        one.limits.max_kpi_values = 24;
    }
    LoadOptions two = one;
    two.parallel_threshold = 0;
    two.skeleton_threshold = 0;
    two.chunk_bytes = 1 + size % 61;

    Graph a, b;
    const okr_fuzz::Outcome x = read(text, one, a);
    const okr_fuzz::Outcome y = read(text, two, b);
    FUZZ_CHECK(x.ok == y.ok);
    FUZZ_CHECK(x.ok || x.code == y.code);
    FUZZ_CHECK(x.text == y.text);
    if (x.ok) FUZZ_CHECK(okr_fuzz::exercise(a) == x.text);
    return 0;
}
