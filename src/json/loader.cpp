// JSON interchange, format version 1: the loader and the read of the top-level object.
#include "loader.hpp"
#include "okr/detail/text.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <cctype>
#include <iterator>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../parallel.hpp"

namespace okr::json {

Loader::~Loader() {
    if (acyclic.joinable()) acyclic.join();
}

void Loader::start_acyclic() {
    // Starting a thread costs more than checking a small graph (a 2,000-node tenant loads about
    // 5 % faster without it): a second thread only for a large graph, or beside a parallel read.
    constexpr std::size_t acyclic_thread_min = 4096;  // objectives, key results and links
    const bool large = ahead != nullptr || g.node_count() + g.links().size() >= acyclic_thread_min;
    if (large && detail::max_threads() > 1) {
        try {
            acyclic = std::thread([this] {
                try {
                    g.check_acyclic();
                } catch (...) {
                    acyclic_error = std::current_exception();
                }
            });
            return;
        } catch (const std::system_error&) {
            // no thread to be had: check here
        }
    }
    g.check_acyclic();
}

// Waits for the check started by start_acyclic(); throws its error, if any.
void Loader::finish_acyclic() {
    if (acyclic.joinable()) acyclic.join();
    if (acyclic_error) {
        const std::exception_ptr e = acyclic_error;
        acyclic_error = nullptr;
        std::rethrow_exception(e);
    }
}

void Loader::array(int stage, od::value v) {
    Where top{"document", 0, {}};
    const char* const a_start = v.raw_json_token().data();
    od::array a = get_array(top, stage_names[stage], v);
    // Size the containers once (counting is a fast skip): no rehashing or regrowth of
    // million-element tables while building.
    if (stage == s_objectives || stage == s_key_results || stage == s_links) {
        const std::size_t n = take(a.count_elements());
        const std::size_t no = g.objective_count(), nk = g.key_result_count(), nl = g.links().size();
        if (stage == s_links) check_count("links", nl + n, limits->max_links, "max_links");
        else check_count("objectives and key results", no + nk + n, limits->max_nodes, "max_nodes");
        if (stage == s_objectives) g.reserve(no + n, nk, nl);
        if (stage == s_key_results) g.reserve(no, nk + n, nl);
        if (stage == s_links) {
            g.reserve(no, nk, nl + n);
            seen_links[0].reserve(n);
        }
    }
    switch (stage) {
        case s_cycles: each_object(a, "cycles", [&](od::object o, std::size_t i) { cycle(read_cycle(o, i, xk), i); }); break;
        case s_objectives:
            each_object(a, "objectives", [&](od::object o, std::size_t i) { objective(read_objective(o, i, xk), i); });
            break;
        case s_key_results:
            each_object(a, "key_results", [&](od::object o, std::size_t i) { key_result(read_key_result(o, i, xk), i); });
            break;
        case s_kpis:
            each_object(a, "kpis", [&](od::object o, std::size_t i) {
                try {
                    kpi(read_kpi(o, i, xk), i);
                } catch (const Error& e) {
                    if (std::string_view(e.what()).starts_with("kpis[")) throw;
                    rethrow_with_context(e, "kpis", i);
                }
            });
            break;
        case s_links:
            if (ahead) ahead->wait_links();
            // A result with an error is not used: the guessed end may have cut the array
            // short. Reading it in turn gives the authoritative error (or none).
            if (ahead && ahead->links_start && a_start == ahead->links_start && !ahead->links_error) {
                take_links();
            } else {
                each_object(a, "links", [&](od::object o, std::size_t i) { link(read_link(o, i, xk), i); });
            }
            start_acyclic();
            break;
        case s_checkins:
            if (ahead) ahead->join();
            if (ahead && ahead->start && a_start == ahead->start && !ahead->error) {  // (as for links)
                take_checkins();
            } else {
                each_object(a, "checkins", [&](od::object o, std::size_t i) {
                    CheckInView c;
                    read_checkin(o, i, xk, c);
                    checkin(c.key_result, to_checkin(std::move(c)), i);
                });
            }
            break;
    }
}

namespace {

std::string element(const char* array, std::size_t i, const std::string& id) {
    std::string s = std::string(array) + "[" + std::to_string(i) + "]";
    if (!id.empty() && id.size() <= 256) s += " " + quote(id);
    return s;
}

}  // namespace

void Loader::check_id(const char* array, std::size_t i, const std::string& id) const {
    if (id.size() > limits->max_id_bytes)
        fail(ErrorCode::limit, element(array, i, {}) + ": field \"id\" is " + std::to_string(id.size()) +
                                   " bytes, more than max_id_bytes (" + std::to_string(limits->max_id_bytes) + ")");
    // The graph refuses these too; here the message also gives the element's position.
    if (id.empty()) fail(ErrorCode::invalid_argument, element(array, i, {}) + ": field \"id\" must not be empty");
    if (const std::string e = detail::control_character_error(id); !e.empty())
        fail(ErrorCode::invalid_argument, element(array, i, id) + ": " + e);
}

void Loader::check_text(const char* array, std::size_t i, const std::string& id, const char* field, const std::string& s) const {
    if (s.size() > limits->max_text_bytes)
        fail(ErrorCode::limit, element(array, i, id) + ": field \"" + field + "\" is " + std::to_string(s.size()) +
                                   " bytes, more than max_text_bytes (" + std::to_string(limits->max_text_bytes) + ")");
}

void Loader::check_count(const char* what, std::size_t n, std::size_t max, const char* limit) const {
    if (n > max)
        fail(ErrorCode::limit, std::string("document: ") + std::to_string(n) + " " + what + ", more than " + limit + " (" +
                                   std::to_string(max) + ")");
}

void Loader::cycle(Cycle c, std::size_t i) {
    check_id("cycles", i, c.id);
    g.add_cycle(std::move(c));
}

void Loader::key_result(KeyResult k, std::size_t i) {
    check_id("key_results", i, k.id);
    for (auto [f, s] : {std::pair{"title", &k.title}, {"unit", &k.unit}, {"objective", &k.objective}})
        check_text("key_results", i, k.id, f, *s);
    for (const Stage& st : k.stages) {
        check_text("key_results", i, k.id, "stages.id", st.id);
        check_text("key_results", i, k.id, "stages.title", st.title);
    }
    g.add_key_result(std::move(k));
}

void Loader::kpi(Kpi k, std::size_t i) {
    check_id("kpis", i, k.id);
    for (auto [f, s] : {std::pair{"title", &k.title}, {"owner", &k.owner}, {"team", &k.team}, {"unit", &k.unit}})
        check_text("kpis", i, k.id, f, *s);
    kpi_values += k.values.size();
    check_count("KPI values", kpi_values, limits->max_kpi_values, "max_kpi_values");
    g.add_kpi(std::move(k));
}

void Loader::objective(Objective o, std::size_t i) {
    check_id("objectives", i, o.id);
    for (auto [f, s] : {std::pair{"title", &o.title}, {"owner", &o.owner}, {"team", &o.team}, {"why_now", &o.why_now},
                        {"cycle", &o.cycle}, {"carried_from", &o.carried_from}})
        check_text("objectives", i, o.id, f, *s);
    for (const RockReport& r : o.reports) check_text("objectives", i, o.id, "reports.note", r.note);
    // A Rock's lineage is set once every objective is in (it may name one declared later); on
    // another objective the field stays, for add_objective to refuse by name.
    std::string from = o.flavor == Flavor::rock ? std::exchange(o.carried_from, {}) : std::string();
    const NodeIndex v = g.add_objective(std::move(o));
    if (!from.empty()) carried.emplace_back(v, std::move(from));
}

void Loader::resolve_carried() {
    if (carried.empty()) return;
    // A loop in the lineage is reported as one, before the checks of each link (a loop also puts
    // some Rock in a cycle that does not start before the next one's).
    std::unordered_map<std::string_view, std::string_view> next;
    for (const auto& [v, from] : carried) next.emplace(g.id(v), from);
    std::unordered_set<std::string_view> clear;  // ids known to lead out of the lineage map
    for (const auto& [v, from] : carried) {
        std::vector<std::string_view> path{g.id(v)};
        std::unordered_set<std::string_view> seen{g.id(v)};
        std::string_view at = from;
        while (true) {
            path.push_back(at);
            if (clear.count(at)) break;
            if (!seen.insert(at).second) {
                if (at != path.front()) break;  // a loop further up: reported from one of its members
                std::string p;
                for (std::string_view id : path) p += (p.empty() ? "" : " -> ") + quote(id);
                fail(ErrorCode::cycle, "objective " + quote(g.id(v)) + ": field \"carried_from\" makes the lineage a cycle: " + p);
            }
            const auto it = next.find(at);
            if (it == next.end()) break;
            at = it->second;
        }
        clear.insert(g.id(v));
    }
    for (auto& [v, from] : carried) g.set_carried_from(v, std::move(from));
    carried.clear();
}

void Loader::link(Link l, std::size_t i) {
    const bool measured = l.type == LinkType::measured_by;
    try {
        g.add_link_unchecked(std::move(l));
    } catch (const Error& e) {
        rethrow_with_context(e, "links", i);
    }
    if (measured) return;
    const LinkRecord& r = g.links().back();
    const std::uint64_t key = (static_cast<std::uint64_t>(r.from) << 32) | r.to;
    if (!seen_links[r.type == LinkType::depends_on].insert(key).second)
        fail(ErrorCode::duplicate, "links[" + std::to_string(i) + "]: duplicate " + to_string(r.type) + " link " +
                                       quote(g.id(r.from)) + " -> " + quote(g.id(r.to)));
}

// The key result named `key`, or npos. Exports list check-ins grouped by key result, and
// in the order the key results were declared: the last one found, then the next one, are
// tried before a lookup.
NodeIndex Loader::resolve(std::string_view key) {
    if (last_v != npos && key == last_kr) return last_v;
    const NodeIndex next = last_v == npos ? npos : last_v + 1;
    last_v = npos;
    NodeIndex v = npos;
    if (next < g.node_count() && g.id(next) == key) v = next;
    else if (!key.empty()) v = g.find(key);
    if (v != npos) {
        last_kr.assign(key);
        last_v = v;
    }
    return v;
}

// Records check-in `i` for key result `key` (c.key_result is not read).
void Loader::checkin(std::string_view key, CheckIn c, std::size_t i) {
    check_text("checkins", i, {}, "note", c.note);
    check_text("checkins", i, {}, "stage", c.stage);
    check_count("check-ins", g.checkin_count() + 1, limits->max_checkins, "max_checkins");
    try {
        const NodeIndex v = resolve(key);
        if (v != npos) {
            g.check_in(v, std::move(c));
        } else {
            c.key_result = std::string(key);
            g.check_in(std::move(c));  // reports the missing or empty id
        }
    } catch (const Error& e) {
        rethrow_with_context(e, "checkins", i);
    }
}

// simdjson 3.0's On-Demand parser::allocate does not check the allocation of its string buffer
// (the buffer unescaped strings are written to): when that allocation fails, parsing goes on and
// the first string with an escape is written through a null pointer. So the loader allocates the
// parser itself and checks the buffer. The buffer is private; an explicit instantiation may name
// a private member ([temp.spec.general]/6), which hands its pointer-to-member to
// parser_string_buf.
namespace {

using ParserStringBuf = std::unique_ptr<std::uint8_t[]> od::parser::*;
ParserStringBuf parser_string_buf();
template <ParserStringBuf Member>
struct ExposeParserStringBuf {
    friend ParserStringBuf parser_string_buf() { return Member; }
};
template struct ExposeParserStringBuf<&od::parser::string_buf>;

}  // namespace

void allocate_parser(od::parser& parser, std::size_t bytes) {
    if (auto err = parser.allocate(bytes)) throw SyntaxError{err};
    if (!(parser.*parser_string_buf())) throw SyntaxError{simdjson::MEMALLOC};
}

// Reads the document `text`; with `sk`, `text` is its skeleton and `whole` the document.
Graph parse_top(const simdjson::padded_string_view text, const LoadOptions& options, LoadStats* stats, ArraysAhead* ahead,
                Skeleton* sk, std::string_view whole) {
    od::parser parser;
    allocate_parser(parser, text.length());
    od::document doc;
    if (auto err = parser.iterate(text).get(doc)) throw SyntaxError{err};
    od::object root;
    {
        od::json_type t;
        if (auto err = doc.type().get(t)) throw SyntaxError{err};
        if (t != od::json_type::object) {
            std::string start(detail::utf8_prefix(text, 20));
            fail(ErrorCode::parse, "JSON parse error: the top level must be a JSON object (the text starts with " +
                                       quote(start) + ")");
        }
        root = take(doc.get_object());
    }
    Loader L;
    L.limits = &options.limits;
    L.xk.max_depth = options.limits.max_depth;
    L.stats = stats;
    L.ahead = ahead;
    L.reader.chunk_bytes = options.chunk_bytes;
    std::size_t cuts_read = 0;
    try {
        bool has_format = false, has_version = false, format_ok = false;
        double version = 0;
        std::string version_text;
        bool present[s_count] = {}, done[s_count] = {};
        Where top{"document", 0, {}};
        // A skeleton is small: which arrays it has is known before it is read (an array absent
        // from it is one nothing waits for).
        bool absent[s_count] = {};
        if (sk) {
            std::fill(std::begin(absent), std::end(absent), true);
            each_field(root, top, [&](std::string_view key, od::value) {
                for (int k = 0; k < s_count; ++k)
                    if (key == stage_names[k]) absent[k] = false;
            });
            doc.rewind();
            root = take(doc.get_object());
        }
        auto ready = [&](int s) {
            if (!(has_format && has_version)) return false;
            for (int k = 0; k < s; ++k)
                if (!done[k] && !absent[k]) return false;
            return true;
        };
        auto check_format = [&] {
            if (!has_format) fail(ErrorCode::version, "document: field \"format\" is required (\"okr\")");
            if (!format_ok) fail(ErrorCode::version, "document: field \"format\" must be \"okr\"");
            if (!has_version) fail(ErrorCode::version, "document: field \"version\" is required");
            if (version != json_format_version)
                fail(ErrorCode::version, "document: field \"version\": unsupported version " + version_text +
                                             " (this library reads version " + std::to_string(json_format_version) + ")");
        };
        // One pass in document order; an array whose prerequisites come later is revisited below.
        each_field(root, top, [&](std::string_view key, od::value v) {
            if (key == "format") {
                std::string_view s;
                has_format = true;
                format_ok = type_of(v) == od::json_type::string && !v.get_string().get(s) && s == "okr";
                if (!format_ok) check_format();
            } else if (key == "version") {
                has_version = true;
                version_text = std::string(detail::utf8_prefix(v.raw_json_token(), 20));
                while (!version_text.empty() && std::isspace(static_cast<unsigned char>(version_text.back()))) version_text.pop_back();
                if (type_of(v) != od::json_type::number || v.get_double().get(version)) version = -1;
                if (has_format) check_format();
            } else if (key == "scoring") {
                L.g.set_policy(read_policy(get_object(top, key, v)), true);
            } else {
                int s = -1;
                for (int k = 0; k < s_count; ++k)
                    if (key == stage_names[k]) s = k;
                if (s < 0) {
                    L.xk.keep(L.g.document_extras(), key, v, top);
                } else if (present[s]) {
                    fail(ErrorCode::parse, "document: field " + quote(key) + " is given twice");
                } else {
                    present[s] = true;
                    const Skeleton::Cut* cut = nullptr;
                    if (sk) {
                        const char* const at = v.raw_json_token().data();
                        for (const Skeleton::Cut& c : sk->cuts)
                            if (sk->text.data() + c.in_skeleton == at) cut = &c;
                        if (cut ? cut->stage != s || !ready(s)
                                : s == s_objectives || s == s_key_results || s == s_links || s == s_checkins)
                            throw Fallback{};
                    }
                    if (cut) {
                        L.cut(s, whole, cut->at, cut->end);
                        done[s] = true;
                        ++cuts_read;
                    } else if (ready(s)) {
                        L.array(s, v);
                        done[s] = true;
                    }
                }
            }
            // An array is read in this pass only when every array it depends on was read before it;
            // otherwise (another order, or an earlier array absent) it is read again below, after a
            // rewind, which costs a second pass over that array.
        });
        {
            const char* rest;
            if (!doc.current_location().get(rest)) fail(ErrorCode::parse, "JSON parse error: unexpected content after the document");
        }
        check_format();
        if (sk) {
            if (cuts_read != sk->cuts.size()) throw Fallback{};
            for (int s = 0; s < s_count; ++s)
                if (present[s] && !done[s]) throw Fallback{};
        }
        for (int s = 0; s < s_count; ++s) {
            if (done[s] || !present[s]) {
                done[s] = true;
                continue;
            }
            doc.rewind();
            od::object again = take(doc.get_object());
            od::value v = take(again.find_field_unordered(stage_names[s]));
            L.array(s, v);
            done[s] = true;
        }
        L.check_count("check-ins", L.g.checkin_count(), options.limits.max_checkins, "max_checkins");  // (runs taken whole)
        L.resolve_carried();
        L.finish_acyclic();
    } catch (...) {
        // Whatever failed after the links were read, a cycle among them is reported first, as
        // when the cycle check ran before anything else (and as with OKR_NUM_THREADS=1).
        L.finish_acyclic();
        throw;
    }
    return std::move(L.g);
}

}  // namespace okr::json
