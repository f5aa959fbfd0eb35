// Uses the installed C++ library through find_package(okr).
#include <okr/okr.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const okr::Graph g = okr::load_json_file(argv[1]);
    const okr::Scores s = okr::score_all(g, okr::Date::parse("2026-09-07"));
    const double ar = s[g.at("kr-fin-ar")].score;
    std::printf("okr %s: kr-fin-ar %.4f\n", okr::version_string, ar);
    return ar == 0.5625 ? 0 : 1;
}
