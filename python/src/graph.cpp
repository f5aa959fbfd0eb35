// okr._core bindings: the graph — the _Graph class, JSON load/dump, check-ins (one or a batch), the
// CSV loaders, its nodes, links, topology, objectives and cycles as plain columns, and its counts
// (okr.Graph in python/okr/_graph.py wraps these).
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

py::dict node_columns(const okr::Graph& g) {
    const std::size_t n = g.node_count();
    py::list id(n), kind(n), type(n), title(n), owner(n), team(n), level(n), objective(n), cycle(n), unit(n), flavor(n),
        origin(n);
    auto weight = empty_array<double>(n);
    auto w = weight.mutable_unchecked<1>();
    for (okr::NodeIndex v = 0; v < n; ++v) {
        id[v] = g.id(v);
        if (g.kind(v) == okr::NodeKind::objective) {
            const okr::Objective& o = g.objective(v);
            kind[v] = "objective";
            type[v] = "";
            title[v] = o.title;
            owner[v] = o.owner;
            team[v] = o.team;
            level[v] = okr::to_string(o.level);
            objective[v] = "";
            cycle[v] = o.cycle;
            unit[v] = "";
            flavor[v] = okr::to_string(o.flavor);
            origin[v] = okr::to_string(o.origin);
            w(v) = o.weight;
        } else {
            const okr::KeyResult& k = g.key_result(v);
            const okr::Objective& o = g.objective(g.objective_of(v));
            kind[v] = "key_result";
            type[v] = okr::to_string(k.type);
            title[v] = k.title;
            owner[v] = o.owner;
            team[v] = o.team;
            level[v] = okr::to_string(o.level);
            objective[v] = k.objective;
            cycle[v] = o.cycle;
            unit[v] = k.unit;
            flavor[v] = "";
            origin[v] = "";
            w(v) = k.weight;
        }
    }
    py::dict out;
    out["id"] = id;
    out["kind"] = kind;
    out["type"] = type;
    out["title"] = title;
    out["owner"] = owner;
    out["team"] = team;
    out["level"] = level;
    out["objective"] = objective;
    out["cycle"] = cycle;
    out["unit"] = unit;
    out["flavor"] = flavor;
    out["origin"] = origin;
    out["weight"] = weight;
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
        .def("_dumps", [](const okr::Graph& g) { return okr::to_json(g); }, py::call_guard<py::gil_scoped_release>())
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
                        throw okr::Error(e.code(), "check-ins[" + std::to_string(i) + "]: " + e.what());
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
        .def("_nodes", &node_columns)
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
