// C ABI: the OKR coach — rule tables (okr_lint_rules_*) and lint results (okr_graph_lint,
// okr_lint_result_*).
#include "okr.h"

#include <memory>
#include <string>

#include "internal.hpp"
#include "okr/lint.hpp"

using namespace okr::capi;

namespace {

okr::Severity severity_of(const okr_severity& s) {  // (by reference: a C caller may pass any int)
    const int v = enum_value(s);
    if (v < OKR_SEVERITY_ERROR || v > OKR_SEVERITY_INFO)
        throw okr::Error(okr::ErrorCode::invalid_argument,
                         "min_severity: " + std::to_string(v) + " is not an okr_severity (error 0, warning 1, info 2)");
    return static_cast<okr::Severity>(v);
}

}  // namespace

extern "C" {

const char* okr_severity_str(okr_severity s) {
    const int v = enum_value(s);
    if (v < OKR_SEVERITY_ERROR || v > OKR_SEVERITY_INFO) return "";
    return okr::to_string(static_cast<okr::Severity>(v));
}

const char* okr_lint_rules_default_json(void) { return okr::LintRules::default_json().data(); }

okr_status okr_lint_rules_from_json(const char* json, size_t len, okr_lint_rules** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        if (len != 0) OKR_REQUIRE(json);
        auto r = std::make_unique<okr_lint_rules>(okr_lint_rules{okr::LintRules::from_json(std::string_view(json ? json : "", len))});
        *out = r.release();
    });
}

void okr_lint_rules_free(okr_lint_rules* rules) { delete rules; }

void okr_lint_options_init(okr_lint_options* opts) {
    if (opts) *opts = okr_lint_options OKR_LINT_OPTIONS_INIT;
}

okr_status okr_graph_lint(const okr_graph* g, const okr_lint_options* opts, okr_lint_result** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        okr::Severity min = okr::Severity::info;
        const okr::LintRules* rules = nullptr;
        if (opts) {
            require_version(opts->version, OKR_LINT_OPTIONS_VERSION, "okr_lint_options", "OKR_LINT_OPTIONS_INIT");
            min = severity_of(opts->min_severity);
            if (opts->rules) rules = &opts->rules->rules;
        }
        auto res = std::make_unique<okr_lint_result>();
        res->findings = rules ? okr::lint(g->graph, *rules) : okr::lint(g->graph);
        std::erase_if(res->findings, [&](const okr::LintFinding& f) { return f.severity > min; });
        *out = res.release();
    });
}

void okr_lint_result_free(okr_lint_result* r) { delete r; }

okr_status okr_lint_result_count(const okr_lint_result* r, size_t* count) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(count);
        *count = r->findings.size();
    });
}

okr_status okr_lint_result_get(const okr_lint_result* r, size_t i, okr_lint_finding* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        require_version(out->version, OKR_LINT_FINDING_VERSION, "okr_lint_finding", "OKR_LINT_FINDING_INIT");
        const okr::LintFinding& f = r->findings[at_index(r->findings, i, "finding")];
        out->code = f.code.c_str();
        out->severity = static_cast<okr_severity>(f.severity);
        out->id = f.id.c_str();
        out->field = f.field.c_str();
        out->message = f.message.c_str();
        out->question = f.question.c_str();
        out->suggestion = f.suggestion.c_str();
    });
}

}  // extern "C"
