// okr._core bindings: the graph — the _Graph class, JSON load/dump, check-ins (one or a batch), the
// CSV loaders, its nodes, links, topology, objectives and cycles as plain columns, and its counts
// (okr.Graph in python/okr/_graph.py wraps these).
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <algorithm>
#include <unordered_map>
#include <cstdint>
#include <cstring>
#include <span>
#include "arenas.hpp"
#include "bindings.hpp"
#include "okr/io_json.hpp"

using namespace okr::python;

namespace {

// Limits from Python (okr.Limits.astuple(): the eight fields in the order of okr::Limits), or the defaults.
okr::LoadOptions load_options(const std::optional<std::vector<std::size_t>>& limits) {
    okr::LoadOptions o;
    if (!limits) return o;
    if (limits->size() != 8) throw okr::Error(okr::ErrorCode::invalid_argument, "limits: expected 8 values");
    okr::Limits& l = o.limits;
    const std::vector<std::size_t>& v = *limits;
    l.max_document_bytes = v[0];
    l.max_depth = v[1];
    l.max_id_bytes = v[2];
    l.max_text_bytes = v[3];
    l.max_nodes = v[4];
    l.max_links = v[5];
    l.max_checkins = v[6];
    l.max_kpi_values = v[7];
    return o;
}

// One text attribute of node v, for the node columns: the objective's own, or for a key result
// its own (id, type, title, objective, unit) or its objective's (owner, team, level, cycle).
enum class NodeText { id, kind, type, title, owner, team, level, objective, cycle, unit, flavor, origin };

NodeText node_text_of(const std::string& name) {
    static const std::pair<const char*, NodeText> names[] = {
        {"id", NodeText::id},         {"kind", NodeText::kind},   {"type", NodeText::type},
        {"title", NodeText::title},   {"owner", NodeText::owner}, {"team", NodeText::team},
        {"level", NodeText::level},   {"objective", NodeText::objective}, {"cycle", NodeText::cycle},
        {"unit", NodeText::unit},     {"flavor", NodeText::flavor}, {"origin", NodeText::origin}};
    for (const auto& [n, f] : names)
        if (name == n) return f;
    throw okr::Error(okr::ErrorCode::invalid_argument, "no node column " + name);
}

std::string_view node_text(const okr::Graph& g, okr::NodeIndex v, NodeText f) {
    if (f == NodeText::id) return g.id(v);
    if (g.kind(v) == okr::NodeKind::objective) {
        const okr::Objective& o = g.objective(v);
        switch (f) {
            case NodeText::kind: return "objective";
            case NodeText::title: return o.title;
            case NodeText::owner: return o.owner;
            case NodeText::team: return o.team;
            case NodeText::level: return okr::to_string(o.level);
            case NodeText::cycle: return o.cycle;
            case NodeText::flavor: return okr::to_string(o.flavor);
            case NodeText::origin: return okr::to_string(o.origin);
            default: return {};
        }
    }
    const okr::KeyResult& k = g.key_result(v);
    switch (f) {
        case NodeText::kind: return "key_result";
        case NodeText::type: return okr::to_string(k.type);
        case NodeText::title: return k.title;
        case NodeText::objective: return k.objective;
        case NodeText::unit: return k.unit;
        case NodeText::flavor:
        case NodeText::origin: return {};
        default: break;
    }
    const okr::Objective& o = g.objective(g.objective_of(v));
    switch (f) {
        case NodeText::owner: return o.owner;
        case NodeText::team: return o.team;
        case NodeText::level: return okr::to_string(o.level);
        case NodeText::cycle: return o.cycle;
        default: return {};
    }
}

py::str utf8(std::string_view s) {
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

// Whether a key result shows its objective's value in column f (owner, team, level, cycle).
bool inherited(NodeText f) {
    return f == NodeText::owner || f == NodeText::team || f == NodeText::level || f == NodeText::cycle;
}

// A node column as a numpy object array of str, made straight from the graph's strings. The
// objective column repeats its objective's id on every key result: one str per objective,
// shared by its key results (no decoding per row).
py::array node_text_column(const okr::Graph& g, const std::string& name) {
    const NodeText f = node_text_of(name);
    const std::size_t n = g.node_count();
    // numpy.empty fills an object array with None (new references), which each str replaces.
    py::array out = py::module_::import("numpy").attr("empty")(n, py::arg("dtype") = "object");
    const PopulatedArenas arenas;
    auto** data = static_cast<PyObject**>(out.mutable_data());
    auto put = [&](okr::NodeIndex v, PyObject* s) {  // takes a new reference
        Py_XDECREF(data[v]);
        data[v] = s;
    };
    if (f == NodeText::objective) {
        std::vector<py::object> by_objective;  // the str of each objective's id, made once
        okr::detail::resize_large(by_objective, n);
        const py::str empty = utf8("");
        for (okr::NodeIndex v = 0; v < n; ++v) {
            if (g.kind(v) == okr::NodeKind::objective) {
                put(v, empty.inc_ref().ptr());
                continue;
            }
            const okr::NodeIndex o = g.objective_of(v);
            if (!by_objective[o]) by_objective[o] = utf8(g.id(o));
            put(v, by_objective[o].inc_ref().ptr());
        }
        return out;
    }
    for (okr::NodeIndex v = 0; v < n; ++v) put(v, utf8(node_text(g, v, f)).release().ptr());
    return out;
}

// A string's first 16 bytes as two big-endian integers, with where it lies and where it came
// from: enough to order most pairs of strings inside the sort's own array. The strings lie
// wherever the graph keeps them, and reading two of them for each comparison is two cache misses.
struct TextKey {
    std::uint64_t hi = 0, lo = 0;
    const char* data = nullptr;
    std::uint32_t len = 0;
    std::uint32_t at = 0;

    std::string_view text() const { return {data, len}; }
};

TextKey text_key(std::string_view s, std::uint32_t at) {
    if (s.size() > UINT32_MAX) throw okr::Error(okr::ErrorCode::limit, "node columns: a text of 4 GiB or more");
    TextKey k;
    k.data = s.data();
    k.len = static_cast<std::uint32_t>(s.size());
    k.at = at;
    for (std::size_t b = 0; b < 16; ++b) {
        const std::uint64_t byte = b < s.size() ? static_cast<unsigned char>(s[b]) : 0u;
        std::uint64_t& half = b < 8 ? k.hi : k.lo;
        half = (half << 8) | byte;
    }
    return k;
}

// The byte order (code point order, as pandas sorts str) of the strings behind two keys: <0, 0, >0.
// Equal 16-byte prefixes of strings of at most 16 bytes differ only in length (zero bytes past
// the shorter's end); the strings are read only when one is longer.
int compare(const TextKey& a, const TextKey& b) {
    if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
    if (a.len <= 16 && b.len <= 16) return a.len == b.len ? 0 : (a.len < b.len ? -1 : 1);
    return a.text().compare(b.text());
}

void sort_keys(std::vector<TextKey>& keys) {
    std::sort(keys.begin(), keys.end(), [](const TextKey& a, const TextKey& b) { return compare(a, b) < 0; });
}

// Column f's codes for the nodes `is_source` picks, when it has at most 16 distinct values (kind,
// type, level, cycle, ...): each value is found by a short scan, where the names of enumerations
// compare by address. Writes code[v] of the sources and the sorted values; false for more values.
template <class Source, class Text>
bool few_values(const okr::Graph& g, const Text& text_of, const Source& is_source, std::span<std::int32_t> code,
                std::vector<std::string_view>& categories) {
    constexpr std::size_t most = 16;
    std::vector<std::string_view> values;
    for (okr::NodeIndex v = 0; v < g.node_count(); ++v) {
        if (!is_source(v)) continue;
        const std::string_view t = text_of(v);
        std::size_t i = 0;
        while (i < values.size() && !(values[i].data() == t.data() && values[i].size() == t.size()) && values[i] != t) ++i;
        if (i == values.size()) {
            if (values.size() == most) return false;
            values.push_back(t);
        }
        code[v] = static_cast<std::int32_t>(i);
    }
    std::vector<std::int32_t> order(values.size()), rank(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return values[a] < values[b]; });
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = static_cast<std::int32_t>(i);
        categories.push_back(values[order[i]]);
    }
    for (okr::NodeIndex v = 0; v < g.node_count(); ++v)
        if (is_source(v)) code[v] = rank[static_cast<std::size_t>(code[v])];
    return true;
}

// The same for many distinct values (owners, teams): one key per source node, sorted (no hash
// table); equal neighbours share a code.
template <class Source, class Text>
void many_values(const okr::Graph& g, bool per_objective, const Text& text_of, const Source& is_source,
                 std::span<std::int32_t> code, std::vector<std::string_view>& categories) {
    std::vector<TextKey> keys;
    okr::detail::reserve_large(keys, per_objective ? g.objective_count() : g.node_count());
    for (okr::NodeIndex v = 0; v < g.node_count(); ++v)
        if (is_source(v)) keys.push_back(text_key(text_of(v), static_cast<std::uint32_t>(v)));
    sort_keys(keys);
    okr::detail::reserve_large(categories, keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i == 0 || compare(keys[i - 1], keys[i]) != 0) categories.push_back(keys[i].text());
        code[keys[i].at] = static_cast<std::int32_t>(categories.size() - 1);
    }
}

// A low-cardinality node column as (codes, categories) for pandas.Categorical.from_codes:
// categories sorted (as pandas sorts them) in a numpy object array, one str per distinct value. A key result's
// owner, team, level and cycle are its objective's: only the objectives' values are looked at, and
// each key result takes its objective's code.
py::tuple node_code_column(const okr::Graph& g, const std::string& name) {
    const NodeText f = node_text_of(name);
    const std::size_t n = g.node_count();
    if (n > UINT32_MAX) throw okr::Error(okr::ErrorCode::limit, "node columns: more than 2^32 nodes");
    const bool from_objective = inherited(f);
    const auto is_source = [&](okr::NodeIndex v) { return !from_objective || g.kind(v) == okr::NodeKind::objective; };
    auto codes = empty_array<std::int32_t>(n);  // every element is written below
    const std::span<std::int32_t> code(codes.mutable_data(), n);
    std::vector<std::string_view> categories;  // in sorted order
    // The codes are worked out without the GIL (Graph._node_column holds the graph's read lock).
    auto columns = [&](const auto& text_of) {
        py::gil_scoped_release release;
        if (!few_values(g, text_of, is_source, code, categories))
            many_values(g, from_objective, text_of, is_source, code, categories);
    };
    if (f == NodeText::type) {
        // From the topology's packed table of key results: the KeyResult structs are large, and
        // a pass over them for one byte each streams hundreds of MB.
        const okr::Topology& t = g.topology();
        columns([&](okr::NodeIndex v) -> std::string_view {
            const std::uint32_t sub = t.sub[v];
            return (sub & okr::Topology::kr_bit) ? okr::to_string(t.kr[sub & ~okr::Topology::kr_bit].type) : std::string_view{};
        });
    } else {
        columns([&](okr::NodeIndex v) { return node_text(g, v, f); });
    }
    if (from_objective) {
        py::gil_scoped_release release;
        for (okr::NodeIndex v = 0; v < n; ++v)
            if (g.kind(v) == okr::NodeKind::key_result) code[v] = code[g.objective_of(v)];
    }
    py::array out = py::module_::import("numpy").attr("empty")(categories.size(), py::arg("dtype") = "object");
    {
        const PopulatedArenas arenas;
        auto** data = static_cast<PyObject**>(out.mutable_data());
        for (std::size_t i = 0; i < categories.size(); ++i) {
            PyObject* s = utf8(categories[i]).release().ptr();
            Py_XDECREF(data[i]);
            data[i] = s;
        }
    }
    return py::make_tuple(codes, out);
}

py::array_t<double> node_weights(const okr::Graph& g) {
    const std::size_t n = g.node_count();
    auto out = empty_array<double>(n);
    auto w = out.mutable_unchecked<1>();
    for (okr::NodeIndex v = 0; v < n; ++v)
        w(v) = g.kind(v) == okr::NodeKind::objective ? g.objective(v).weight : g.key_result(v).weight;
    return out;
}

}  // namespace

py::class_<okr::Graph> okr::python::bind_graph(py::module_& m) {
    m.def("_default_limits", [] {
        const okr::Limits l;
        return std::vector<std::size_t>{l.max_document_bytes, l.max_depth, l.max_id_bytes, l.max_text_bytes,
                                        l.max_nodes, l.max_links, l.max_checkins, l.max_kpi_values};
    });
    return py::class_<okr::Graph>(m, "_Graph")
        .def(py::init<>())
        .def_static(
            "_loads",
            [](const py::object& text, const std::optional<std::vector<std::size_t>>& limits) {
                // Parse the str's UTF-8 form or the bytes where they are (no copy of the text);
                // both are immutable and `text` keeps them alive while the GIL is released.
                std::string_view view;
                if (PyUnicode_Check(text.ptr())) {
                    Py_ssize_t n = 0;
                    const char* p = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
                    if (!p) {
                        PyErr_Clear();
                        throw okr::Error(okr::ErrorCode::parse, "document is not valid UTF-8 (the str holds lone surrogates)");
                    }
                    view = std::string_view(p, static_cast<std::size_t>(n));
                } else if (PyBytes_Check(text.ptr())) {
                    char* p = nullptr;
                    Py_ssize_t n = 0;
                    if (PyBytes_AsStringAndSize(text.ptr(), &p, &n) != 0) throw py::error_already_set();
                    view = std::string_view(p, static_cast<std::size_t>(n));
                } else {
                    throw py::type_error("loads() expects str or bytes");
                }
                const okr::LoadOptions options = load_options(limits);
                py::gil_scoped_release release;
                return okr::load_json(view, options);
            },
            py::arg("text"), py::arg("limits") = py::none())
        .def_static(
            "_load",
            [](const std::string& path, const std::optional<std::vector<std::size_t>>& limits) {
                const okr::LoadOptions options = load_options(limits);
                py::gil_scoped_release release;
                return okr::load_json_file(path, options);
            },
            py::arg("path"), py::arg("limits") = py::none())
        .def("_dumps",
             [](const okr::Graph& g) {
                 std::string text;
                 {
                     py::gil_scoped_release release;
                     text = okr::to_json(g);
                 }
                 return document_str(text);
             })
        .def("_replace", [](okr::Graph& g, okr::Graph& other) { g.swap(other); })
        .def(
            "_check_in",
            [](okr::Graph& g, const std::string& kr, const std::string& date, double value, std::optional<double> confidence,
               std::optional<std::string> note, std::optional<std::string> stage) {
                okr::CheckIn c;
                c.key_result = kr;
                c.date = date_arg(date, "date");
                c.value = value;
                c.confidence = confidence ? *confidence : okr::nan;
                if (confidence && std::isnan(*confidence))
                    throw okr::Error(okr::ErrorCode::invalid_argument, "check-in: field \"confidence\" must be in [0, 1]");
                if (note) c.note = *note;
                if (stage) c.stage = *stage;
                g.check_in(std::move(c));
            },
            py::arg("key_result"), py::arg("date"), py::arg("value"), py::arg("confidence") = py::none(),
            py::arg("note") = py::none(), py::arg("stage") = py::none())
        .def(
            "_check_in_batch",
            [](okr::Graph& g, const std::vector<std::string>& krs, const std::vector<std::string>& dates,
               const std::vector<double>& values, const std::vector<double>& confidence,
               const std::vector<std::optional<std::string>>& notes, const std::vector<std::optional<std::string>>& stages) {
                const std::size_t n = krs.size();
                if (dates.size() != n || values.size() != n || confidence.size() != n || notes.size() != n || stages.size() != n)
                    throw okr::Error(okr::ErrorCode::invalid_argument, "check-in columns differ in length");
                std::vector<okr::CheckIn> batch(n);
                for (std::size_t i = 0; i < n; ++i) {
                    okr::CheckIn& c = batch[i];
                    c.key_result = krs[i];
                    try {
                        c.date = date_arg(dates[i], "date");
                    } catch (const okr::Error& e) {
                        okr::detail::throw_error(e.code(), "check-ins[" + std::to_string(i) + "]: " + e.what());
                    }
                    c.value = values[i];
                    c.confidence = confidence[i];
                    if (notes[i]) c.note = *notes[i];
                    if (stages[i]) c.stage = *stages[i];
                }
                py::gil_scoped_release release;
                g.check_in_batch(std::move(batch));
            })
        .def(
            "_load_checkins_csv",
            [](okr::Graph& g, const std::string& text, const std::optional<std::vector<std::size_t>>& limits) {
                const okr::LoadOptions o = load_options(limits);
                py::gil_scoped_release release;
                okr::load_checkins_csv(g, text, o.limits);
            },
            py::arg("text"), py::arg("limits") = py::none())
        .def(
            "_load_scorecard_csv",
            [](okr::Graph& g, const std::string& text, const std::optional<std::vector<std::size_t>>& limits) {
                const okr::LoadOptions o = load_options(limits);
                py::gil_scoped_release release;
                okr::load_scorecard_csv(g, text, o.limits);
            },
            py::arg("text"), py::arg("limits") = py::none());
}

void okr::python::bind_graph_tables(py::class_<okr::Graph>& graph) {
    graph
        .def("_node_text", &node_text_column)
        .def("_node_codes", &node_code_column)
        .def("_node_weights", &node_weights)
        .def("_links",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const okr::LinkRecord& l : g.links())
                     out.append(py::make_tuple(g.id(l.from), g.id(l.to), okr::to_string(l.type), l.weight));
                 return out;
             })
        .def("_top_order",
             [](const okr::Graph& g) {
                 // Topological order of the roll-up (children before parents), as ids.
                 py::list out;
                 for (okr::NodeIndex v : g.topology().order) out.append(g.id(v));
                 return out;
             })
        .def("_objective_info",
             [](const okr::Graph& g, const std::string& id) {
                 const okr::Objective& o = g.objective(g.at(id));
                 py::dict d;
                 d["why_now"] = o.why_now;
                 d["progress_source"] = okr::to_string(o.progress_source);
                 return d;
             })
        .def("_cycles",
             [](const okr::Graph& g) {
                 py::list out;
                 for (const okr::Cycle& c : g.cycles()) out.append(py::make_tuple(c.id, c.start.iso(), c.end.iso()));
                 return out;
             });
}

void okr::python::bind_graph_properties(py::class_<okr::Graph>& graph) {
    graph
        .def_property_readonly("node_count", &okr::Graph::node_count)
        .def_property_readonly("objective_count", &okr::Graph::objective_count)
        .def_property_readonly("key_result_count", &okr::Graph::key_result_count)
        .def_property_readonly("checkin_count", &okr::Graph::checkin_count)
        .def("__contains__", [](const okr::Graph& g, const std::string& id) { return g.find(id) != okr::npos; })
        .def("__len__", &okr::Graph::node_count);
}
