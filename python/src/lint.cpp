// okr._core bindings: the OKR coach — Graph._lint (okr::lint as tuples; python/okr/lint.py builds
// the DataFrame), _lint_default_rules and _lint_check_rules.
#include <optional>
#include <string>

#include "bindings.hpp"
#include "okr/lint.hpp"

using namespace okr::python;

void okr::python::bind_lint(py::module_& m, py::class_<okr::Graph>& graph) {
    m.def("_lint_default_rules", [] { return std::string(okr::LintRules::default_json()); });
    m.def(
        "_lint_check_rules", [](const std::string& json) { (void)okr::LintRules::from_json(json); }, py::arg("json"));
    graph.def(
        "_lint",
        [](const okr::Graph& g, const std::optional<std::string>& rules_json) {
            std::vector<okr::LintFinding> findings;
            {
                py::gil_scoped_release release;
                findings = rules_json ? okr::lint(g, okr::LintRules::from_json(*rules_json)) : okr::lint(g);
            }
            py::list rows;
            for (const okr::LintFinding& f : findings)
                rows.append(py::make_tuple(f.code, okr::to_string(f.severity), f.id, f.field, f.message, f.question, f.suggestion));
            return rows;
        },
        py::arg("rules_json"));
}
