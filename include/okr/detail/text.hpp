// okr — small text helpers shared by the compiled parts (not part of the public API).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace okr::detail {

/// `"id"` with JSON-style escaping of quotes, backslashes and control characters (C0, and
/// DEL and C1 too, which JSON allows raw but a message would show as nothing), cut to 200 bytes
/// at a character boundary; bytes that are not UTF-8 are written as `\xNN`.
std::string quote(std::string_view s);

/// The first control character of `s` (C0, DEL, or C1 encoded in UTF-8 as C2 80..C2 9F):
/// its code point, and its byte offset in `at`; -1 if there is none.
int control_character(std::string_view s, std::size_t& at) noexcept;

/// For an id holding a control character: `field "id" contains a control character (U+0009) at
/// byte 1` (the caller puts the element before it); "" for an id without one.
std::string control_character_error(std::string_view id);

/// Shortest round-trip decimal form of a double ("24000000", "0.3", "1e-05").
std::string number(double v);

/// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool valid_utf8(std::string_view s) noexcept;

/// `s` with each byte that is not part of well-formed UTF-8 written as `\xNN`: valid UTF-8,
/// whatever `s` holds.
std::string escape_invalid_utf8(std::string_view s);

/// `s` cut to at most `max` bytes, never inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept;

/// Appends `s` to `out` as a JSON string literal (with quotes).
void append_json_string(std::string& out, std::string_view s);

}  // namespace okr::detail
