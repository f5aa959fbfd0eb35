#include "fuzz_csv.hpp"

#include <fstream>
#include <sstream>

#include "check.hpp"
#include "exercise.hpp"

#ifndef OKR_EXAMPLES_DIR
#error "OKR_EXAMPLES_DIR must name the examples directory"
#endif

namespace okr_fuzz {

const okr::Graph& example_graph() {
    static const okr::Graph g = [] {
        std::ifstream in(std::string(OKR_EXAMPLES_DIR) + "/learning_platform.json", std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return okr::load_json(ss.str());
    }();
    return g;
}

void fuzz_csv(const std::uint8_t* data, std::size_t size,
              void (*load)(okr::Graph&, std::string_view, const okr::Limits&)) {
    static const std::string before = okr::to_json(example_graph());
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    okr::Limits limits;
    if (size % 3 == 0) {
        limits.max_id_bytes = 12;
        limits.max_text_bytes = 16;
        limits.max_checkins = example_graph().checkin_count() + 4;
        limits.max_kpi_values = 12;
    }
    okr::Graph g = example_graph();
    try {
        load(g, text, limits);
    } catch (const okr::Error& e) {
        FUZZ_CHECK(*e.what() != '\0');
        FUZZ_CHECK(okr::to_json(g) == before);
        return;
    }
    (void)exercise(g);
}

}  // namespace okr_fuzz
