/* Enum arguments as a C caller may pass them: any int. In C an enum object may hold any value
 * of its compatible integer type; C++ cannot form such a value without undefined behaviour, so
 * fuzz_capi.cpp passes them through these wrappers. */
#include "capi_enums.h"

okr_status fuzz_report_rock(okr_graph *g, const char *rock_id, const char *date, int status, const char *note) {
    return okr_graph_report_rock(g, rock_id, date, (okr_rock_report_status)status, note);
}

okr_status fuzz_set_rock_state(okr_graph *g, const char *rock_id, int state) {
    return okr_graph_set_rock_state(g, rock_id, (okr_rock_state)state);
}

okr_status fuzz_lint(const okr_graph *g, int min_severity, okr_lint_result **out) {
    okr_lint_options o = OKR_LINT_OPTIONS_INIT;
    o.min_severity = (okr_severity)min_severity;
    return okr_graph_lint(g, &o, out);
}
