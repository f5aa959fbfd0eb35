// Alignment analysis. Graph algorithms (multi-source BFS for ladder-up depth, strong components
// for team dependency cycles, Brandes betweenness for team centrality) are Boost.Graph's, run on
// small adjacency lists built from the frozen topology.
#include "okr/alignment.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/visitors.hpp>

#include "okr/detail/text.hpp"

namespace okr {

using detail::quote;

const char* to_string(FindingCode c) noexcept {
    switch (c) {
        case FindingCode::orphan: return "orphan";
        case FindingCode::cross_cycle_key_result: return "cross_cycle_key_result";
        case FindingCode::cross_cycle_link: return "cross_cycle_link";
        case FindingCode::aligned_to_lower_level: return "aligned_to_lower_level";
        case FindingCode::owner_overloaded: return "owner_overloaded";
        case FindingCode::team_overloaded: return "team_overloaded";
        case FindingCode::too_few_key_results: return "too_few_key_results";
        case FindingCode::too_many_key_results: return "too_many_key_results";
        case FindingCode::low_bottom_up_share: return "low_bottom_up_share";
        case FindingCode::dependency_cycle: return "dependency_cycle";
        case FindingCode::unreciprocated_dependency: return "unreciprocated_dependency";
    }
    return "";
}

void AlignmentOptions::validate() const {
    auto bad = [](const char* field, const std::string& rule) {
        throw Error(ErrorCode::invalid_argument, std::string("alignment option \"") + field + "\" " + rule);
    };
    if (max_objectives < 1) bad("max_objectives", "must be >= 1");
    if (min_key_results < 0) bad("min_key_results", "must be >= 0");
    if (max_key_results < min_key_results) bad("max_key_results", "must be >= min_key_results");
    if (!(min_bottom_up_share >= 0 && min_bottom_up_share <= 1)) bad("min_bottom_up_share", "must be in [0, 1]");
    if (top_k < 0) bad("top_k", "must be >= 0");
}

namespace {

using DiGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

// The children whose scores an objective's roll-up uses (as in scoring: the children its
// progress_source counts, Topology::child_share, less those without a score), with their
// normalised weights.
template <class Fn>
void rollup_children(const Graph& g, const Topology& t, const Scores& s, NodeIndex v, Fn&& fn) {
    const std::uint32_t b = t.child_offsets[v], e = t.child_offsets[v + 1];
    if (g.kind(v) != NodeKind::objective) return;  // aggregating KRs combine values, not scores
    auto used = [&](std::uint32_t i) { return t.child_share[i] >= 0 && !std::isnan(s.nodes[t.children[i]].score); };
    double wsum = 0;
    for (std::uint32_t i = b; i < e; ++i)
        if (used(i)) wsum += t.child_weight[i];
    if (!(wsum > 0)) return;
    for (std::uint32_t i = b; i < e; ++i)
        if (used(i)) fn(t.children[i], t.child_weight[i] / wsum);
}

}  // namespace

AlignmentReport alignment(const Graph& g, const AlignmentOptions& opt, Date as_of) {
    opt.validate();
    const Topology& t = g.topology();
    const std::size_t n = g.node_count();
    AlignmentReport r;
    r.as_of = as_of;
    const Scores scores = score_all(g, as_of);

    // Intern teams and owners once: the per-group tables below are then plain vectors.
    std::vector<std::string_view> team_names{std::string_view()}, owner_names{std::string_view()};
    std::vector<std::int32_t> node_team(n, 0), obj_owner(n, 0);
    {
        std::unordered_map<std::string_view, std::int32_t> teams{{std::string_view(), 0}}, owners{{std::string_view(), 0}};
        for (NodeIndex v = 0; v < n; ++v) {
            if (g.kind(v) != NodeKind::objective) continue;
            const Objective& o = g.objective(v);
            auto [it, fresh] = teams.try_emplace(o.team, static_cast<std::int32_t>(team_names.size()));
            if (fresh) team_names.push_back(o.team);
            node_team[v] = it->second;
            auto [jt, fresh2] = owners.try_emplace(o.owner, static_cast<std::int32_t>(owner_names.size()));
            if (fresh2) owner_names.push_back(o.owner);
            obj_owner[v] = jt->second;
        }
        for (NodeIndex v = 0; v < n; ++v)
            if (g.kind(v) == NodeKind::key_result) node_team[v] = node_team[g.objective_of(v)];
    }
    const std::size_t n_teams = team_names.size();

    // ---- top-level objectives ----
    bool any_company = false;
    for (NodeIndex v = 0; v < n; ++v)
        if (g.kind(v) == NodeKind::objective && g.objective(v).level == Level::company) any_company = true;
    r.is_top.assign(n, 0);
    for (NodeIndex v = 0; v < n; ++v) {
        if (g.kind(v) != NodeKind::objective) continue;
        bool top;
        if (any_company) {
            top = g.objective(v).level == Level::company;
        } else {
            top = true;
            for (std::uint32_t i = t.parent_offsets[v]; i < t.parent_offsets[v + 1]; ++i)
                if (g.kind(t.parents[i]) == NodeKind::objective) top = false;
        }
        if (top) {
            r.is_top[v] = 1;
            r.top.push_back(v);
        }
    }

    // ---- depth: multi-source BFS from the tops down the objective contributes edges ----
    {
        // parent objective -> child objective, as a compressed sparse row graph (compact at 1M nodes)
        std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
        for (const LinkRecord& l : g.links())
            if (l.type == LinkType::contributes && g.kind(l.from) == NodeKind::objective &&
                g.kind(l.to) == NodeKind::objective)
                edges.emplace_back(l.to, l.from);
        using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
        const Csr down(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), n);
        std::vector<std::int32_t> dist(n, -1);
        for (NodeIndex v : r.top) dist[v] = 0;
        if (!r.top.empty()) {
            std::vector<boost::default_color_type> color(n, boost::white_color);
            auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, down));
            boost::queue<Csr::vertex_descriptor> q;
            auto vis = boost::make_bfs_visitor(
                boost::record_distances(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, down)),
                                        boost::on_tree_edge()));
            boost::breadth_first_search(down, r.top.begin(), r.top.end(), q, vis, cmap);
        }
        r.depth = std::move(dist);
    }

    // ---- orphans and coverage ----
    {
        std::array<std::pair<std::size_t, std::size_t>, 5> by_level{};  // (objectives, aligned)
        std::vector<std::pair<std::size_t, std::size_t>> by_team(n_teams);
        std::pair<std::size_t, std::size_t> all{0, 0};
        for (NodeIndex v = 0; v < n; ++v) {
            if (g.kind(v) != NodeKind::objective) continue;
            const bool aligned = r.depth[v] >= 0;
            if (!aligned) r.orphans.push_back(v);
            for (auto* c : {&all, &by_level[static_cast<std::size_t>(g.objective(v).level)], &by_team[static_cast<std::size_t>(node_team[v])]}) {
                ++c->first;
                c->second += aligned;
            }
        }
        auto row = [&](const char* by, std::string group, std::pair<std::size_t, std::size_t> c) {
            if (c.first)
                r.coverage.push_back(Coverage{by, std::move(group), c.first, c.second,
                                              static_cast<double>(c.second) / static_cast<double>(c.first)});
        };
        row("all", "all", all);
        // Levels in their natural order (unspecified first, as ""), teams by name.
        for (std::size_t l = 0; l < by_level.size(); ++l) row("level", to_string(static_cast<Level>(l)), by_level[l]);
        std::vector<std::int32_t> team_order(n_teams);
        for (std::size_t i = 0; i < n_teams; ++i) team_order[i] = static_cast<std::int32_t>(i);
        std::sort(team_order.begin(), team_order.end(), [&](auto a, auto b) { return team_names[a] < team_names[b]; });
        for (auto ti : team_order) row("team", std::string(team_names[ti]), by_team[static_cast<std::size_t>(ti)]);
    }
    for (NodeIndex v : r.orphans)
        r.findings.push_back({FindingCode::orphan, v, g.id(v),
                              "objective " + quote(g.id(v)) + " does not ladder up to a top-level objective"});

    // ---- contributions: per top, reverse topological DP over its descendants ----
    {
        std::vector<double> acc(n, 0.0);
        std::vector<std::uint8_t> mark(n, 0);
        std::vector<NodeIndex> sub, stack;
        r.top_contributors.resize(r.top.size());
        r.exposure.resize(r.top.size());
        for (std::size_t ti = 0; ti < r.top.size(); ++ti) {
            const NodeIndex top = r.top[ti];
            sub.clear();
            stack.assign(1, top);
            mark[top] = 1;
            while (!stack.empty()) {
                const NodeIndex v = stack.back();
                stack.pop_back();
                sub.push_back(v);
                for (std::uint32_t i = t.child_offsets[v]; i < t.child_offsets[v + 1]; ++i)
                    if (!mark[t.children[i]]) {
                        mark[t.children[i]] = 1;
                        stack.push_back(t.children[i]);
                    }
            }
            if (sub.size() * 8 > n) {
                // A large share of the graph: a pass over the topological order beats sorting.
                sub.clear();
                for (auto it = t.order.rbegin(); it != t.order.rend(); ++it)
                    if (mark[*it]) sub.push_back(*it);
            } else {
                std::sort(sub.begin(), sub.end(), [&](NodeIndex a, NodeIndex b) { return t.rank[a] > t.rank[b]; });
            }
            acc[top] = 1.0;
            for (NodeIndex v : sub)
                if (acc[v] != 0) rollup_children(g, t, scores, v, [&](NodeIndex c, double w) { acc[c] += acc[v] * w; });
            Exposure& ex = r.exposure[ti];
            ex.top = top;
            double total = 0, risky = 0;
            std::vector<std::pair<NodeIndex, double>> krs, offenders;
            for (const NodeIndex v : sub) {  // the top first, then down the roll-up
                if (acc[v] != 0) {
                    r.contributions.push_back({top, v, acc[v]});
                    if (g.kind(v) == NodeKind::key_result) {
                        krs.emplace_back(v, acc[v]);
                        total += acc[v];
                        const Status st = scores.nodes[v].status;
                        if (st == Status::at_risk || st == Status::off_track) {
                            risky += acc[v];
                            offenders.emplace_back(v, acc[v]);
                        }
                    }
                }
                acc[v] = 0;
                mark[v] = 0;
            }
            auto by_value = [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); };
            ex.inputs = krs.size();
            std::stable_sort(krs.begin(), krs.end(), by_value);
            std::stable_sort(offenders.begin(), offenders.end(), by_value);
            if (krs.size() > static_cast<std::size_t>(opt.top_k)) krs.resize(static_cast<std::size_t>(opt.top_k));
            if (offenders.size() > static_cast<std::size_t>(opt.top_k)) offenders.resize(static_cast<std::size_t>(opt.top_k));
            r.top_contributors[ti] = std::move(krs);
            ex.at_risk_share = total > 0 ? risky / total : nan;
            ex.offenders = std::move(offenders);
        }
    }

    // ---- link findings: cross-cycle and upside-down alignment ----
    for (const LinkRecord& l : g.links()) {
        if (l.type != LinkType::contributes || g.kind(l.to) != NodeKind::objective) continue;
        const int cf = g.cycle_of(l.from), ct = g.cycle_of(l.to);
        const bool from_kr = g.kind(l.from) == NodeKind::key_result;
        if (cf != ct && cf >= 0 && ct >= 0) {
            const std::string msg = std::string(from_kr ? "key result " : "objective ") + quote(g.id(l.from)) + " (cycle " +
                                    quote(g.cycles()[static_cast<std::size_t>(cf)].id) + ") contributes to " + quote(g.id(l.to)) +
                                    " (cycle " + quote(g.cycles()[static_cast<std::size_t>(ct)].id) + ")";
            r.findings.push_back({from_kr ? FindingCode::cross_cycle_key_result : FindingCode::cross_cycle_link, l.from,
                                  g.id(l.from), msg});
        }
        if (!from_kr) {
            const Level a = g.objective(l.from).level, b = g.objective(l.to).level;
            if (a != Level::unspecified && b != Level::unspecified && b > a)
                r.findings.push_back({FindingCode::aligned_to_lower_level, l.from, g.id(l.from),
                                      "objective " + quote(g.id(l.from)) + " (" + to_string(a) + ") aligns up to " +
                                          quote(g.id(l.to)) + " (" + to_string(b) + "), a lower level"});
        }
    }

    // ---- focus ----
    {
        const std::uint64_t n_cycles = g.cycles().size() + 1;
        auto key = [&](std::int32_t who, int cyc) { return static_cast<std::uint64_t>(who) * n_cycles + static_cast<std::uint64_t>(cyc + 1); };
        std::unordered_map<std::uint64_t, std::size_t> per_owner, per_team;
        std::vector<std::pair<std::size_t, std::size_t>> origin(n_teams);  // per team: (with origin, bottom-up)
        std::pair<std::size_t, std::size_t> origin_all{0, 0};
        for (NodeIndex v = 0; v < n; ++v) {
            if (g.kind(v) != NodeKind::objective) continue;
            const Objective& o = g.objective(v);
            // Rocks are not OKRs: their own focus rule (Rocks per owner) is in rocks().
            if (o.flavor == Flavor::rock) continue;
            const int cyc = g.cycle_of(v);
            if (obj_owner[v] != 0) ++per_owner[key(obj_owner[v], cyc)];
            if (node_team[v] != 0) ++per_team[key(node_team[v], cyc)];
            if (o.origin != Origin::unspecified) {
                auto& c = origin[static_cast<std::size_t>(node_team[v])];
                ++c.first;
                ++origin_all.first;
                if (o.origin == Origin::bottom_up) {
                    ++c.second;
                    ++origin_all.second;
                }
            }
            // Key results: contained plus linked. An objective that rolls up aligned objectives
            // only (progress_source aligned, or no KRs and child objectives) is not judged on KRs.
            std::size_t krs = 0, child_objectives = 0;
            for (std::uint32_t i = t.child_offsets[v]; i < t.child_offsets[v + 1]; ++i)
                (t.child_is_kr[i] ? krs : child_objectives) += 1;
            const bool rolls_up_aligned = o.progress_source == ProgressSource::aligned ||
                                          (o.progress_source == ProgressSource::automatic && krs == 0 && child_objectives > 0);
            if (!rolls_up_aligned && krs < static_cast<std::size_t>(opt.min_key_results))
                r.findings.push_back({FindingCode::too_few_key_results, v, g.id(v),
                                      "objective " + quote(g.id(v)) + " has " + std::to_string(krs) + " key result(s); " +
                                          std::to_string(opt.min_key_results) + " to " + std::to_string(opt.max_key_results) +
                                          " make it measurable"});
            if (krs > static_cast<std::size_t>(opt.max_key_results))
                r.findings.push_back({FindingCode::too_many_key_results, v, g.id(v),
                                      "objective " + quote(g.id(v)) + " has " + std::to_string(krs) + " key results (more than " +
                                          std::to_string(opt.max_key_results) + ")"});
        }
        auto cycle_name = [&](int c) { return c >= 0 ? g.cycles()[static_cast<std::size_t>(c)].id : std::string("(no cycle)"); };
        // Report in a stable order: by name, then cycle.
        auto overloaded = [&](const std::unordered_map<std::uint64_t, std::size_t>& per, const std::vector<std::string_view>& names,
                              FindingCode code, const char* what) {
            std::vector<std::pair<std::uint64_t, std::size_t>> rows;
            for (const auto& [k, count] : per)
                if (count > static_cast<std::size_t>(opt.max_objectives)) rows.emplace_back(k, count);
            std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
                const auto na = names[a.first / n_cycles], nb = names[b.first / n_cycles];
                return na != nb ? na < nb : a.first % n_cycles < b.first % n_cycles;
            });
            for (const auto& [k, count] : rows) {
                const std::string name(names[k / n_cycles]);
                r.findings.push_back({code, npos, name,
                                      std::string(what) + " " + quote(name) + " has " + std::to_string(count) + " objectives in " +
                                          cycle_name(static_cast<int>(k % n_cycles) - 1) + " (at most " +
                                          std::to_string(opt.max_objectives) + " keeps focus)"});
            }
        };
        overloaded(per_owner, owner_names, FindingCode::owner_overloaded, "owner");
        overloaded(per_team, team_names, FindingCode::team_overloaded, "team");
        auto share_finding = [&](const std::string& subject, std::pair<std::size_t, std::size_t> c) {
            if (c.first == 0) return;
            const double share = static_cast<double>(c.second) / static_cast<double>(c.first);
            if (share < opt.min_bottom_up_share) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.0f%%", share * 100);
                r.findings.push_back({FindingCode::low_bottom_up_share, npos, subject,
                                      (subject.empty() ? std::string("the organisation") : "team " + quote(subject)) +
                                          " originates " + buf + " of its objectives bottom-up"});
            }
        };
        {
            std::vector<std::int32_t> order;
            for (std::size_t i = 1; i < n_teams; ++i) order.push_back(static_cast<std::int32_t>(i));
            std::sort(order.begin(), order.end(), [&](auto a, auto b) { return team_names[a] < team_names[b]; });
            for (auto ti : order) share_finding(std::string(team_names[ti]), origin[static_cast<std::size_t>(ti)]);
        }
        share_finding("", origin_all);
    }

    // ---- team dependencies ----
    {
        auto pair_key = [&](std::int32_t a, std::int32_t b) { return static_cast<std::uint64_t>(a) * n_teams + static_cast<std::uint64_t>(b); };
        std::unordered_map<std::uint64_t, std::size_t> dep_count;
        std::unordered_set<std::uint64_t> any_link;  // (team of from, team of to), any link type
        for (const LinkRecord& l : g.links()) {
            const std::int32_t a = node_team[l.from], b = node_team[l.to];
            if (a == 0 || b == 0 || a == b) continue;
            any_link.insert(pair_key(a, b));
            if (l.type == LinkType::depends_on) ++dep_count[pair_key(a, b)];
        }
        std::map<std::pair<std::string, std::string>, std::size_t> deps;  // sorted by team names
        for (const auto& [k, c] : dep_count)
            deps[{std::string(team_names[k / n_teams]), std::string(team_names[k % n_teams])}] = c;
        std::unordered_map<std::string, std::int32_t> team_index;
        for (std::size_t i = 1; i < n_teams; ++i) team_index.emplace(std::string(team_names[i]), static_cast<std::int32_t>(i));
        std::vector<std::string> teams;
        {
            std::set<std::string> ts;
            for (const auto& [k, c] : deps) {
                ts.insert(k.first);
                ts.insert(k.second);
            }
            teams.assign(ts.begin(), ts.end());
        }
        std::unordered_map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < teams.size(); ++i) index[teams[i]] = i;
        DiGraph tg(teams.size());
        r.centrality.resize(teams.size());
        for (std::size_t i = 0; i < teams.size(); ++i) r.centrality[i].team = teams[i];
        for (const auto& [k, c] : deps) {
            const bool back = any_link.count(pair_key(team_index.at(k.second), team_index.at(k.first))) > 0;
            r.dependencies.push_back({k.first, k.second, c, back});
            boost::add_edge(index[k.first], index[k.second], tg);
            auto& ce = r.centrality[index[k.second]];
            ++ce.dependents;
            ce.links_in += c;
            if (!back)
                r.findings.push_back({FindingCode::unreciprocated_dependency, npos, k.first,
                                      "team " + quote(k.first) + " depends on team " + quote(k.second) + ", but no link goes back from " +
                                          quote(k.second) + " to " + quote(k.first) + ", so " + quote(k.second) +
                                          " does not see the key results that wait on it"});
        }
        if (!teams.empty()) {
            std::vector<int> comp(teams.size());
            const int ncomp = boost::strong_components(
                tg, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, tg)));
            std::vector<std::vector<std::string>> groups(static_cast<std::size_t>(ncomp));
            for (std::size_t i = 0; i < teams.size(); ++i) groups[static_cast<std::size_t>(comp[i])].push_back(teams[i]);
            for (auto& grp : groups)
                if (grp.size() >= 2) {
                    std::sort(grp.begin(), grp.end());
                    r.dependency_cycles.push_back(grp);
                }
            std::sort(r.dependency_cycles.begin(), r.dependency_cycles.end());
            for (const auto& grp : r.dependency_cycles) {
                std::string names;
                for (const auto& tm : grp) names += (names.empty() ? "" : ", ") + quote(tm);
                r.findings.push_back({FindingCode::dependency_cycle, npos, grp.front(),
                                      "teams " + names + " depend on each other in a cycle"});
            }
            std::vector<double> bc(teams.size(), 0.0);
            boost::brandes_betweenness_centrality(
                tg, boost::centrality_map(boost::make_iterator_property_map(bc.begin(), boost::get(boost::vertex_index, tg))));
            const double m = static_cast<double>(teams.size());
            const double scale = m > 2 ? 1.0 / ((m - 1) * (m - 2)) : 1.0;  // NetworkX's directed normalisation
            for (std::size_t i = 0; i < teams.size(); ++i) r.centrality[i].betweenness = m > 2 ? bc[i] * scale : 0.0;
        }
    }
    return r;
}

std::vector<std::vector<NodeIndex>> paths_to_top(const Graph& g, const AlignmentReport& r, NodeIndex node, int max_paths) {
    if (node >= g.node_count()) throw Error(ErrorCode::not_found, "node index out of range");
    if (g.kind(node) != NodeKind::objective)
        throw Error(ErrorCode::invalid_argument, "paths_to_top: " + quote(g.id(node)) + " is a key result, not an objective");
    if (r.depth.size() != g.node_count()) throw Error(ErrorCode::invalid_argument, "paths_to_top: the report is of another graph");
    std::vector<std::vector<NodeIndex>> out;
    if (max_paths <= 0 || r.depth[node] < 0) return out;
    const Topology& t = g.topology();
    // DFS up reaching parents, nearest-to-top first: the first path found is a shortest one.
    std::vector<NodeIndex> path{node};
    auto rec = [&](auto&& self, NodeIndex v) -> void {
        if (static_cast<int>(out.size()) >= max_paths) return;
        if (r.is_top[v]) {
            out.push_back(path);
            return;
        }
        std::vector<NodeIndex> ups;
        for (std::uint32_t i = t.parent_offsets[v]; i < t.parent_offsets[v + 1]; ++i) {
            const NodeIndex p = t.parents[i];
            if (g.kind(p) == NodeKind::objective && r.depth[p] >= 0) ups.push_back(p);
        }
        std::stable_sort(ups.begin(), ups.end(), [&](NodeIndex a, NodeIndex b) { return r.depth[a] < r.depth[b]; });
        for (NodeIndex p : ups) {
            path.push_back(p);
            self(self, p);
            path.pop_back();
            if (static_cast<int>(out.size()) >= max_paths) return;
        }
    };
    rec(rec, node);
    return out;
}

}  // namespace okr
