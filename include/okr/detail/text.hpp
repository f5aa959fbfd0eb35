// okr — small text helpers shared by the compiled parts (not part of the public API).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace okr::detail {

/// `"id"` with JSON-style escaping of quotes, backslashes and control characters.
std::string quote(std::string_view s);

/// Shortest round-trip decimal form of a double ("24000000", "0.3", "1e-05").
std::string number(double v);

/// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool valid_utf8(std::string_view s) noexcept;

/// Appends `s` to `out` as a JSON string literal (with quotes).
void append_json_string(std::string& out, std::string_view s);

}  // namespace okr::detail
