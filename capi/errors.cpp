// C ABI: version, last-error storage, status and progress-status text, freeing returned strings.
#include "okr.h"

#include <cstdlib>
#include <string>

#include "internal.hpp"
#include "okr/detail/text.hpp"
#include "okr/error.hpp"
#include "okr/scoring.hpp"
#include "okr/version.hpp"

using namespace okr::capi;

namespace {

thread_local std::string last_error;
thread_local bool last_error_lost = false;  // the last message could not be stored

}  // namespace

void okr::capi::store_last_error(const char* msg) noexcept {
    try {
        last_error = msg;
        // okr::Error's messages are UTF-8 already; this covers any other exception's text too.
        if (!okr::detail::valid_utf8(last_error)) last_error = okr::detail::escape_invalid_utf8(last_error);
        last_error_lost = false;
    } catch (...) {
        last_error.clear();  // never shows an earlier call's message
        last_error_lost = true;
    }
}

extern "C" {

const char* okr_version(void) { return OKR_VERSION_STRING; }

const char* okr_last_error(void) {
    return last_error_lost ? "out of memory (the error message could not be stored)" : last_error.c_str();
}

const char* okr_status_str(okr_status code) {
    const int v = enum_value(code);
    if (v > 0 || v < -10) return "unknown status";
    return okr::error_code_name(static_cast<okr::ErrorCode>(v));
}

const char* okr_progress_status_str(okr_progress_status s) {
    const int v = enum_value(s);
    if (v < OKR_PROGRESS_NO_DATA || v > OKR_PROGRESS_PLANNED) return "";
    return okr::to_string(static_cast<okr::Status>(v));
}

void okr_string_free(char* s) { delete[] s; }

}  // extern "C"
