/// @file
/// @brief okr — errors shared by every surface.
#pragma once

#include <stdexcept>
#include <string>

namespace okr {

/// Error codes. The numeric values are the C ABI's `okr_status` values and never change.
enum class ErrorCode : int {
    ok = 0,                 ///< no error (never the code of a thrown okr::Error)
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
/// @param code the code
/// @return a string with static storage duration ("ok", "invalid argument", "not found",
///         "limit exceeded", ...; "unknown error" for a value outside the enumeration)
const char* error_code_name(ErrorCode code) noexcept;

/// The exception type thrown by okr (LimitError, for input beyond a limit, derives from it).
/// `what()` names the offending id and field.
///
/// Out of memory is reported as std::bad_alloc by most calls (the JSON parser reports it as
/// ErrorCode::no_memory).
class Error : public std::runtime_error {
public:
    /// Makes an error.
    /// @param code the error's code
    /// @param message the text `what()` returns; bytes in it that are not UTF-8 (from an
    ///        argument that was not) are written as `\xNN`, so `what()` is always valid UTF-8
    Error(ErrorCode code, const std::string& message);
    /// The error's code.
    /// @return the code given at construction
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

/// Input beyond a limit: a size, depth, length or count over okr::Limits (LoadOptions::limits,
/// the CSV readers' limits), or a KPI matrix over kMaxKpiMatrixCells. Its code() is always
/// ErrorCode::limit and `what()` names the limit, the value and where; catch it apart from
/// malformed input to tell a tenant "too large" rather than "wrong".
class LimitError : public Error {
public:
    /// Makes a limit error.
    /// @param message the text `what()` returns
    explicit LimitError(const std::string& message) : Error(ErrorCode::limit, message) {}
};

namespace detail {
/// Throws the error of `code`: LimitError for ErrorCode::limit, Error for any other code.
[[noreturn]] inline void throw_error(ErrorCode code, const std::string& message) {
    if (code == ErrorCode::limit) throw LimitError(message);
    throw Error(code, message);
}
}  // namespace detail

}  // namespace okr
