/* C wrappers that pass any int where the C API takes an enum (see capi_enums.c). */
#ifndef OKR_FUZZ_CAPI_ENUMS_H
#define OKR_FUZZ_CAPI_ENUMS_H

#include "okr.h"

#ifdef __cplusplus
extern "C" {
#endif

okr_status fuzz_report_rock(okr_graph *g, const char *rock_id, const char *date, int status, const char *note);
okr_status fuzz_set_rock_state(okr_graph *g, const char *rock_id, int state);
okr_status fuzz_lint(const okr_graph *g, int min_severity, okr_lint_result **out);

#ifdef __cplusplus
}
#endif

#endif
