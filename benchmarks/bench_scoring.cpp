// okr — scoring benchmark: JSON load throughput, full rescore, incremental check-ins.
//
//   bench_scoring FILE.json [--as-of YYYY-MM-DD] [--load-reps N] [--rescore-reps N]
//                 [--checkins N] [--seed S] [--dump-scores PATH] [--no-verify]
//
// Prints machine-readable `key=value` lines (times in seconds unless the key says otherwise;
// MB = 10^6 bytes):
//   okr_load_s            median wall time of load_json on the in-memory text
//   okr_load_mb_s         file size / okr_load_s (okr_load_best_* from the fastest repetition)
//   okr_full_rescore_s    median of score_all (the first call, which also builds the cached
//                         topology, is reported separately as okr_full_rescore_first_s)
//   okr_full_rescore_reuse_s  median of score_all(graph, as_of, out) into one reused result
//   okr_score_vector_s    median of score_vector (scores only) into one reused vector, and
//                         okr_score_vector_mismatches against score_all's scores
//   okr_incremental_us    median µs per IncrementalScorer::check_in on uniformly random KRs
// With --dump-scores, writes "id<TAB>score" per node (score_all before any incremental
// check-in), for cross-checking against the Python anchor. Unless --no-verify, the incremental
// scores are compared with a fresh score_all afterwards (okr_incremental_mismatches).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/io_json.hpp"
#include "okr/model.hpp"
#include "okr/scoring.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) throw std::runtime_error("cannot size " + path);
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    if (size > 0 && !in.read(text.data(), static_cast<std::streamsize>(size)))
        throw std::runtime_error("cannot read " + path);
    return text;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

double checksum(const okr::Scores& s) {
    double sum = 0.0;
    for (const okr::NodeScore& n : s.nodes)
        if (!std::isnan(n.score)) sum += n.score;
    return sum;
}

struct Options {
    std::string path;
    std::string as_of = "2026-08-15";
    int load_reps = 3;
    int rescore_reps = 10;
    int checkins = 10000;
    std::uint64_t seed = 42;
    std::string dump_scores;
    bool verify = true;
};

[[noreturn]] void usage(const char* argv0) {
    std::fprintf(stderr,
                 "usage: %s FILE.json [--as-of YYYY-MM-DD] [--load-reps N] [--rescore-reps N] "
                 "[--checkins N] [--seed S] [--dump-scores PATH] [--no-verify]\n",
                 argv0);
    std::exit(2);
}

Options parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(argv[0]);
            return argv[++i];
        };
        if (a == "--as-of") o.as_of = value();
        else if (a == "--load-reps") o.load_reps = std::max(1, std::atoi(value().c_str()));
        else if (a == "--rescore-reps") o.rescore_reps = std::max(1, std::atoi(value().c_str()));
        else if (a == "--checkins") o.checkins = std::max(0, std::atoi(value().c_str()));
        else if (a == "--seed") o.seed = std::strtoull(value().c_str(), nullptr, 10);
        else if (a == "--dump-scores") o.dump_scores = value();
        else if (a == "--no-verify") o.verify = false;
        else if (a == "-h" || a == "--help") usage(argv[0]);
        else if (!a.empty() && a[0] == '-') usage(argv[0]);
        else if (o.path.empty()) o.path = std::string(a);
        else usage(argv[0]);
    }
    if (o.path.empty()) usage(argv[0]);
    return o;
}

// A plausible check-in for key result `v` (valid for its type), dated `date`.
okr::CheckIn make_checkin(const okr::Graph& g, okr::NodeIndex v, okr::Date date, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u01(0.0, 1.0);
    const okr::KeyResult& k = g.key_result(v);
    okr::CheckIn c;
    c.key_result = g.id(v);
    c.date = date;
    switch (k.type) {
        case okr::KrType::metric:
            c.value = k.start + (k.target - k.start) * (-0.1 + 1.3 * u01(rng));
            break;
        case okr::KrType::baseline:
            c.value = 100.0 * u01(rng);
            break;
        case okr::KrType::milestone:
            if (k.stages.empty()) {
                c.value = u01(rng) < 0.5 ? 0.0 : 1.0;
            } else {
                const okr::Stage& s = k.stages[static_cast<std::size_t>(rng() % k.stages.size())];
                c.stage = s.id.empty() ? s.title : s.id;
                c.value = u01(rng);
            }
            break;
        case okr::KrType::health:
            if (k.has_band()) {
                const double w = k.band_high - k.band_low;
                c.value = k.band_low - 0.5 * w + 2.0 * w * u01(rng);
            } else {
                const double scale = k.tolerance > 0 ? k.tolerance : std::max(1.0, std::fabs(k.threshold) * 0.05);
                c.value = k.threshold + scale * (-2.0 + 4.0 * u01(rng));
            }
            break;
    }
    return c;
}

int run(const Options& opt) {
    const okr::Date as_of = okr::Date::parse(opt.as_of, "--as-of");
    const std::string text = read_file(opt.path);
    const double mb = static_cast<double>(text.size()) / 1e6;

    // ---- load_json ----
    okr::Graph graph;
    std::vector<double> load_times;
    std::size_t skeleton_reads = 0;
    for (int r = 0; r < opt.load_reps; ++r) {
        okr::LoadStats stats;
        const auto t0 = Clock::now();
        okr::Graph g = okr::load_json(text, okr::LoadOptions{}, &stats);
        load_times.push_back(seconds(Clock::now() - t0));
        skeleton_reads += stats.skeleton;
        graph = std::move(g);  // the previous graph is freed here, outside the timed region
    }
    const double load_s = median(load_times);
    const double load_best = *std::min_element(load_times.begin(), load_times.end());

    std::printf("okr_file=%s\n", opt.path.c_str());
    std::printf("okr_file_mb=%.3f\n", mb);
    std::printf("okr_nodes=%zu\n", graph.node_count());
    std::printf("okr_objectives=%zu\n", graph.objective_count());
    std::printf("okr_key_results=%zu\n", graph.key_result_count());
    std::printf("okr_links=%zu\n", graph.links().size());
    std::printf("okr_checkins=%zu\n", graph.checkin_count());
    std::printf("okr_load_reps=%d\n", opt.load_reps);
    std::printf("okr_load_s=%.6f\n", load_s);
    std::printf("okr_load_best_s=%.6f\n", load_best);
    std::printf("okr_load_mb_s=%.1f\n", mb / load_s);
    std::printf("okr_load_best_mb_s=%.1f\n", mb / load_best);
    // How many of the loads were read from a skeleton (the big arrays in chunks; docs/benchmarks.md).
    std::printf("okr_load_skeleton_reads=%zu\n", skeleton_reads);
    std::fflush(stdout);

    // ---- score_all ----
    double sink = 0.0;
    auto t0 = Clock::now();
    okr::Scores first = okr::score_all(graph, as_of);
    const double first_s = seconds(Clock::now() - t0);
    sink += checksum(first);
    std::vector<double> rescore_times;
    for (int r = 0; r < opt.rescore_reps; ++r) {
        t0 = Clock::now();
        okr::Scores s = okr::score_all(graph, as_of);
        rescore_times.push_back(seconds(Clock::now() - t0));
        sink += checksum(s);  // uses the result (and frees it) outside the timed region
    }
    // The same into one reused result (score_all(graph, as_of, out)): no fresh allocation.
    std::vector<double> reuse_times;
    okr::Scores reused;
    okr::score_all(graph, as_of, reused);
    for (int r = 0; r < opt.rescore_reps; ++r) {
        t0 = Clock::now();
        okr::score_all(graph, as_of, reused);
        reuse_times.push_back(seconds(Clock::now() - t0));
        sink += checksum(reused);
    }
    // Scores only (score_vector), into a reused vector, checked against score_all's scores.
    std::vector<double> only;
    okr::score_vector(graph, as_of, only);
    std::vector<double> only_times;
    for (int r = 0; r < opt.rescore_reps; ++r) {
        t0 = Clock::now();
        okr::score_vector(graph, as_of, only);
        only_times.push_back(seconds(Clock::now() - t0));
    }
    std::size_t only_mismatches = only.size() == first.nodes.size() ? 0 : only.size() + 1;
    for (std::size_t v = 0; v < only.size() && v < first.nodes.size(); ++v)
        if (!same(only[v], first.nodes[v].score)) ++only_mismatches;
    std::printf("okr_score_vector_s=%.6f\n", median(only_times));
    std::printf("okr_score_vector_min_s=%.6f\n", *std::min_element(only_times.begin(), only_times.end()));
    std::printf("okr_score_vector_mismatches=%zu\n", only_mismatches);
    std::printf("okr_as_of=%s\n", as_of.iso().c_str());
    std::printf("okr_full_rescore_reuse_s=%.6f\n", median(reuse_times));
    std::printf("okr_full_rescore_first_s=%.6f\n", first_s);
    std::printf("okr_full_rescore_reps=%d\n", opt.rescore_reps);
    std::printf("okr_full_rescore_s=%.6f\n", median(rescore_times));
    std::printf("okr_full_rescore_min_s=%.6f\n", *std::min_element(rescore_times.begin(), rescore_times.end()));
    std::printf("okr_score_checksum=%.12g\n", checksum(first));
    std::fflush(stdout);

    if (!opt.dump_scores.empty()) {
        std::FILE* f = std::fopen(opt.dump_scores.c_str(), "wb");
        if (!f) throw std::runtime_error("cannot write " + opt.dump_scores);
        for (okr::NodeIndex v = 0; v < graph.node_count(); ++v) {
            const double s = first.nodes[v].score;
            if (std::isnan(s)) std::fprintf(f, "%s\tnan\n", graph.id(v).c_str());
            else std::fprintf(f, "%s\t%.17g\n", graph.id(v).c_str(), s);
        }
        if (std::fclose(f) != 0) throw std::runtime_error("cannot write " + opt.dump_scores);
    }
    first = okr::Scores{};

    // ---- IncrementalScorer::check_in ----
    std::vector<okr::NodeIndex> krs;
    krs.reserve(graph.key_result_count());
    for (okr::NodeIndex v = 0; v < graph.node_count(); ++v)
        if (graph.kind(v) == okr::NodeKind::key_result && graph.key_result(v).aggregate == okr::Aggregate::none)
            krs.push_back(v);
    if (krs.empty() || opt.checkins == 0) {
        std::printf("okr_incremental_checkins=0\n");
        std::printf("okr_sink=%.6g\n", sink);
        return 0;
    }
    t0 = Clock::now();
    okr::IncrementalScorer scorer(graph, as_of);
    std::printf("okr_incremental_init_s=%.6f\n", seconds(Clock::now() - t0));
    std::printf("okr_incremental_memory_mb=%.1f\n", static_cast<double>(scorer.memory_bytes()) / 1e6);

    std::mt19937_64 rng(opt.seed);
    std::vector<double> inc_us;
    inc_us.reserve(static_cast<std::size_t>(opt.checkins));
    const auto all0 = Clock::now();
    for (int i = 0; i < opt.checkins; ++i) {
        const okr::NodeIndex v = krs[static_cast<std::size_t>(rng() % krs.size())];
        okr::CheckIn c = make_checkin(graph, v, as_of, rng);
        const auto c0 = Clock::now();
        scorer.check_in(std::move(c));
        inc_us.push_back(seconds(Clock::now() - c0) * 1e6);
    }
    const double all_s = seconds(Clock::now() - all0);
    double mean_us = 0.0;
    for (double x : inc_us) mean_us += x;
    mean_us /= static_cast<double>(inc_us.size());
    std::printf("okr_incremental_checkins=%zu\n", inc_us.size());
    std::printf("okr_incremental_us=%.3f\n", median(inc_us));
    std::printf("okr_incremental_mean_us=%.3f\n", mean_us);
    std::printf("okr_incremental_p99_us=%.3f\n", percentile(inc_us, 0.99));
    std::printf("okr_incremental_max_us=%.3f\n", *std::max_element(inc_us.begin(), inc_us.end()));
    std::printf("okr_incremental_loop_s=%.6f\n", all_s);
    sink += checksum(scorer.scores());
    std::fflush(stdout);

    // ---- incremental == full rescore ----
    if (opt.verify) {
        const okr::Scores full = okr::score_all(graph, as_of);
        const okr::Scores& inc = scorer.scores();
        std::size_t mismatches = 0;
        double max_diff = 0.0;
        if (full.nodes.size() != inc.nodes.size()) {
            mismatches = std::max(full.nodes.size(), inc.nodes.size());
        } else {
            for (std::size_t v = 0; v < full.nodes.size(); ++v) {
                const okr::NodeScore& a = full.nodes[v];
                const okr::NodeScore& b = inc.nodes[v];
                const bool ok = same(a.score, b.score) && same(a.forecast, b.forecast) && same(a.value, b.value) &&
                                a.status == b.status && a.checkins == b.checkins;
                if (!ok) {
                    if (mismatches == 0)
                        std::fprintf(stderr, "bench_scoring: incremental differs from score_all at %s: score %.17g vs %.17g\n",
                                     graph.id(static_cast<okr::NodeIndex>(v)).c_str(), b.score, a.score);
                    ++mismatches;
                }
                if (!std::isnan(a.score) && !std::isnan(b.score)) max_diff = std::max(max_diff, std::fabs(a.score - b.score));
            }
        }
        std::printf("okr_incremental_mismatches=%zu\n", mismatches);
        std::printf("okr_incremental_max_abs_diff=%.3g\n", max_diff);
    }
    std::printf("okr_sink=%.6g\n", sink);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse_args(argc, argv);
    try {
        return run(opt);
    } catch (const okr::Error& e) {
        std::fprintf(stderr, "bench_scoring: okr error (%s): %s\n", okr::error_code_name(e.code()), e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_scoring: %s\n", e.what());
    }
    return 1;
}
