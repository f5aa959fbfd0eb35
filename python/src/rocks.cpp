// okr._core bindings: EOS Rocks — Graph._report_rock, _set_rock_state, _set_carried_from, and
// Graph._rocks (okr::rocks and okr::rock_completion as plain tuples; python/okr/rocks.py builds
// the DataFrames).
#include <optional>
#include <string>

#include "bindings.hpp"
#include "okr/rocks.hpp"

using namespace okr::python;

namespace {

okr::RockState parse_state(const std::string& s) {
    if (s == "open") return okr::RockState::open;
    if (s == "done") return okr::RockState::done;
    if (s == "not_done") return okr::RockState::not_done;
    if (s == "canceled") return okr::RockState::canceled;
    throw okr::Error(okr::ErrorCode::invalid_argument,
                     "field \"state\": \"" + s + "\" is not open, done, not_done or canceled");
}

okr::RockReportStatus parse_report(const std::string& s) {
    if (s == "on_track") return okr::RockReportStatus::on_track;
    if (s == "off_track") return okr::RockReportStatus::off_track;
    throw okr::Error(okr::ErrorCode::invalid_argument, "field \"status\": \"" + s + "\" is not on_track or off_track");
}

okr::RockGroup parse_group(const std::string& s) {
    if (s == "owner") return okr::RockGroup::owner;
    if (s == "team") return okr::RockGroup::team;
    if (s == "company") return okr::RockGroup::company;
    throw okr::Error(okr::ErrorCode::invalid_argument, "by: \"" + s + "\" is not owner, team or company");
}

// The key check-ins name a stage by: its id, else its title.
const std::string& stage_key(const okr::Stage& s) { return s.id.empty() ? s.title : s.id; }

py::object opt_date(const std::optional<okr::Date>& d) { return d ? py::object(py::str(d->iso())) : py::object(py::none()); }

}  // namespace

void okr::python::bind_rocks(py::class_<okr::Graph>& graph) {
    graph.def(
        "_report_rock",
        [](okr::Graph& g, const std::string& rock, const std::string& date, const std::string& status,
           const std::optional<std::string>& note) {
            okr::RockReport r;
            r.date = date_arg(date, "date");
            r.status = parse_report(status);
            if (note) r.note = *note;
            g.report_rock(g.at(rock), std::move(r));
        },
        py::arg("rock"), py::arg("date"), py::arg("status"), py::arg("note"));
    graph.def(
        "_set_rock_state",
        [](okr::Graph& g, const std::string& rock, const std::string& state) { g.set_rock_state(g.at(rock), parse_state(state)); },
        py::arg("rock"), py::arg("state"));
    graph.def(
        "_set_carried_from",
        [](okr::Graph& g, const std::string& rock, const std::string& from) { g.set_carried_from(g.at(rock), from); },
        py::arg("rock"), py::arg("from_id"));
    graph.def(
        "_rocks",
        [](const okr::Graph& g, const std::optional<std::string>& as_of, const std::string& by, const std::string& cycle) {
            const okr::Date d = as_of_arg(as_of);
            const okr::RockGroup group = parse_group(by);
            okr::Rocks r;
            std::vector<okr::RockCompletion> completion;
            {
                py::gil_scoped_release release;
                r = okr::rocks(g, d);
                completion = okr::rock_completion(r, group, cycle);
            }
            py::list rows, milestones, findings, comp;
            for (const okr::RockRow& row : r.rows) {
                rows.append(py::make_tuple(
                    row.id, row.title, row.owner, row.team, row.cycle, okr::to_string(row.state), okr::to_string(row.status),
                    row.reported ? py::object(py::str(okr::to_string(*row.reported))) : py::object(py::none()),
                    opt_date(row.reported_on), row.score, row.forecast, row.milestones_done,
                    static_cast<int>(row.milestones.size()), row.overdue_milestones,
                    row.carried_from.empty() ? py::object(py::none()) : py::object(py::str(row.carried_from)),
                    row.times_carried));
                for (const okr::Milestone& m : row.milestones) {
                    const okr::KeyResult& k = g.key_result(m.key_result);
                    milestones.append(py::make_tuple(
                        row.id, k.id, m.stage >= 0 ? py::object(py::str(stage_key(k.stages[static_cast<std::size_t>(m.stage)])))
                                                   : py::object(py::none()),
                        m.title, opt_date(m.due), m.progress, m.done, m.overdue));
                }
            }
            for (const okr::RockFinding& f : r.findings)
                findings.append(py::make_tuple(okr::to_string(f.code), f.subject, f.milestone, f.message));
            for (const okr::RockCompletion& c : completion)
                comp.append(py::make_tuple(c.cycle, c.group, c.rocks, c.done, c.not_done, c.open, c.canceled, c.rate));
            return py::make_tuple(rows, milestones, findings, comp);
        },
        py::arg("as_of"), py::arg("by"), py::arg("cycle"));
}
