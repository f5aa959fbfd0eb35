// okr — errors shared by every surface.
#pragma once

#include <stdexcept>
#include <string>

namespace okr {

/// Error codes. The numeric values are the C ABI's `okr_status` values and never change.
enum class ErrorCode : int {
    ok = 0,
    invalid_argument = -1,  ///< a value is out of range, malformed or inconsistent
    not_found = -2,         ///< an id names nothing (or a node of the wrong kind)
    duplicate = -3,         ///< an id (or link) is given twice
    cycle = -4,             ///< contributes/contains edges form a cycle
    parse = -5,             ///< text is not valid JSON / UTF-8, or a field has the wrong JSON type
    version = -6,           ///< wrong `format` or unsupported `version`
    buffer_too_small = -7,  ///< a caller-provided buffer is too small
    no_memory = -8,         ///< allocation failed
    internal = -9,          ///< a bug in okr
    limit = -10,            ///< input beyond a configured limit (size, depth, length, count): LoadOptions::limits
};

/// Static, human-readable name of a code ("invalid argument", ...).
const char* error_code_name(ErrorCode code) noexcept;

/// The one exception type thrown by okr. `what()` names the offending id and field.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

}  // namespace okr
