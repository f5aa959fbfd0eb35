// Fuzz target: the weekly scorecard CSV reader, into the example organisation (see fuzz_csv.hpp).
#include "fuzz_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    okr_fuzz::fuzz_csv(data, size, [](okr::Graph& g, std::string_view text, const okr::Limits& limits) {
        okr::load_scorecard_csv(g, text, limits);
    });
    return 0;
}
