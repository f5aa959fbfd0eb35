// Times okr::alignment on an organisation file (see benchmarks/run_alignment.py).
//   bench_alignment FILE [--as-of YYYY-MM-DD] [--reps N]
// Prints machine-readable lines: okr_alignment_s (median), okr_alignment_first_s, and counts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "okr/alignment.hpp"
#include "okr/io_json.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE [--as-of YYYY-MM-DD] [--reps N]\n", argv[0]);
        return 2;
    }
    std::string as_of = "2026-08-15";
    int reps = 5;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--as-of") as_of = argv[i + 1];
        else if (a == "--reps") reps = std::max(1, std::atoi(argv[i + 1]));
    }
    try {
        using Clock = std::chrono::steady_clock;
        const okr::Graph g = okr::load_json_file(argv[1]);
        const okr::Date d = okr::Date::parse(as_of, "--as-of");
        (void)g.topology();  // built on load in practice; keep it out of the timing
        std::vector<double> times;
        okr::AlignmentReport r;
        for (int k = 0; k < reps; ++k) {
            const auto t0 = Clock::now();
            r = okr::alignment(g, okr::AlignmentOptions{}, d);
            times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
        }
        const double first = times.front();
        std::sort(times.begin(), times.end());
        std::size_t kr_contribs = 0;
        for (const auto& c : r.contributions) kr_contribs += g.kind(c.node) == okr::NodeKind::key_result;
        std::printf("okr_nodes=%zu\n", g.node_count());
        std::printf("okr_alignment_reps=%d\n", reps);
        std::printf("okr_alignment_first_s=%.6f\n", first);
        std::printf("okr_alignment_s=%.6f\n", times[times.size() / 2]);
        std::printf("okr_alignment_min_s=%.6f\n", times.front());
        std::printf("okr_tops=%zu\n", r.top.size());
        std::printf("okr_orphans=%zu\n", r.orphans.size());
        std::printf("okr_contributions=%zu\n", r.contributions.size());
        std::printf("okr_kr_contributions=%zu\n", kr_contribs);
        std::printf("okr_findings=%zu\n", r.findings.size());
        std::printf("okr_dependency_cycles=%zu\n", r.dependency_cycles.size());
        std::printf("okr_teams=%zu\n", r.centrality.size());
    } catch (const okr::Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
