#include "exercise.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include "check.hpp"
#include "okr/alignment.hpp"
#include "okr/detail/text.hpp"
#include "okr/lint.hpp"
#include "okr/rocks.hpp"
#include "okr/scorecard.hpp"
#include "okr/series.hpp"

namespace okr_fuzz {
namespace {

using namespace okr;

bool is_health_kr(const Graph& g, NodeIndex v) {
    return g.kind(v) == NodeKind::key_result && g.key_result(v).type == KrType::health;
}

void check_scores(const Graph& g, const Scores& s) {
    FUZZ_CHECK(s.nodes.size() == g.node_count());
    const bool clamp = g.policy().clamp;
    for (NodeIndex v = 0; v < g.node_count(); ++v) {
        const NodeScore& n = s.nodes[v];
        if (!std::isnan(n.score)) {
            FUZZ_CHECK(n.score >= 0.0);
            if (clamp) FUZZ_CHECK(n.score <= 1.0);
        }
        switch (n.status) {
            case Status::planned:
                FUZZ_CHECK(std::isnan(n.score));
                break;
            case Status::no_data:
                FUZZ_CHECK(std::isnan(n.score));
                FUZZ_CHECK(g.kind(v) == NodeKind::objective);
                break;
            case Status::done:
                FUZZ_CHECK(n.score >= 1.0);
                FUZZ_CHECK(!is_health_kr(g, v));
                break;
            case Status::on_track:
            case Status::at_risk:
            case Status::off_track:
                FUZZ_CHECK(!std::isnan(n.score));
                FUZZ_CHECK(n.score < 1.0 || is_health_kr(g, v));
                break;
            case Status::not_started:
                break;
            default:
                FUZZ_CHECK(!"a status outside the enum");
        }
        if (!std::isnan(n.forecast_low) && !std::isnan(n.forecast_high)) FUZZ_CHECK(n.forecast_low <= n.forecast_high);
    }
}

bool same_results(const Scores& a, const Scores& b) {
    if (a.nodes.size() != b.nodes.size()) return false;
    for (std::size_t v = 0; v < a.nodes.size(); ++v) {
        const NodeScore &x = a.nodes[v], &y = b.nodes[v];
        if (!same(x.score, y.score) || !same(x.forecast, y.forecast) || x.status != y.status ||
            !same(x.value, y.value) || x.checkins != y.checkins)
            return false;
    }
    return true;
}

// A few check-ins on the first key results, with values of every kind of KR; those the graph
// refuses must leave it unchanged.
void check_incremental(const Graph& original, Date as_of) {
    Graph g = original;
    IncrementalScorer inc(g, as_of);
    int tried = 0;
    for (NodeIndex v = 0; v < g.node_count() && tried < 6; ++v) {
        if (g.kind(v) != NodeKind::key_result) continue;
        ++tried;
        const KeyResult& kr = g.key_result(v);
        const std::array<double, 4> values = {kr.target, kr.start, 0.5, 1.0};
        for (std::size_t k = 0; k < values.size(); ++k) {
            CheckIn c;
            c.key_result = kr.id;
            c.date = Date{as_of.days - static_cast<std::int32_t>(3 * k + static_cast<std::size_t>(tried))};
            c.value = values[k];
            if (!kr.stages.empty()) c.stage = kr.stages[k % kr.stages.size()].id.empty()
                                                  ? kr.stages[k % kr.stages.size()].title
                                                  : kr.stages[k % kr.stages.size()].id;
            const std::size_t before = g.checkin_count();
            try {
                inc.check_in(c);
            } catch (const Error&) {
                FUZZ_CHECK(g.checkin_count() == before);
                continue;
            }
            FUZZ_CHECK(g.checkin_count() == before + 1);
        }
    }
    const Scores full = score_all(g, as_of);
    FUZZ_CHECK(same_results(inc.scores(), full));
    check_scores(g, full);
}

void check_dates(const Graph& g, Date as_of) {
    const Scores all = score_all(g, as_of);
    check_scores(g, all);
    const std::vector<double> v = score_vector(g, as_of);
    FUZZ_CHECK(v.size() == g.node_count());
    for (NodeIndex n = 0; n < g.node_count(); ++n) FUZZ_CHECK(same(v[n], all.nodes[n].score));
    // score_node on a few nodes (each evaluates its own subtree).
    for (NodeIndex n = 0; n < g.node_count(); n += 1 + g.node_count() / 4) {
        const NodeScore one = score_node(g, n, as_of);
        FUZZ_CHECK(same(one.score, all.nodes[n].score));
        FUZZ_CHECK(one.status == all.nodes[n].status);
    }
    check_incremental(g, as_of);

    // Every sentence the library writes is valid UTF-8, whatever the ids, titles and numbers.
    for (const auto& f : alignment(g, AlignmentOptions{}, as_of).findings)
        FUZZ_CHECK(detail::valid_utf8(f.subject) && detail::valid_utf8(f.message));
    const Rocks r = rocks(g, as_of);
    for (const RockRow& row : r.rows) FUZZ_CHECK(row.rock < g.node_count());
    for (const RockFinding& f : r.findings) FUZZ_CHECK(detail::valid_utf8(f.message));
    try {
        (void)scorecard(g, as_of);
    } catch (const Error&) {
        // KPIs of different frequencies without a chosen one: an error, by contract.
    }
}

}  // namespace

std::string exercise(const Graph& g) {
    const std::string text = to_json(g);
    const Graph again = load_json(text);
    FUZZ_CHECK(again.node_count() == g.node_count());
    FUZZ_CHECK(to_json(again) == text);

    // A date inside the example's cycles, or (one graph in three, by size) one after them all.
    check_dates(g, g.node_count() % 3 == 2 ? Date::from_ymd(2031, 1, 1) : Date::from_ymd(2026, 8, 15));
    if (!g.kpis().empty()) (void)kpi_matrix(g, Freq::week);
    for (const LintFinding& f : lint(g))
        FUZZ_CHECK(detail::valid_utf8(f.message) && detail::valid_utf8(f.question) && detail::valid_utf8(f.suggestion));
    return text;
}

}  // namespace okr_fuzz
