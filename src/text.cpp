// Small text helpers of the compiled parts: quoting ids in messages, numbers, UTF-8 checks.
#include "okr/detail/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace okr::detail {

std::string quote(std::string_view s) {
    s = utf8_prefix(s, 200);
    std::string out;
    out.reserve(s.size() + 2);
    append_json_string(out, s);  // escapes quotes, backslashes and C0
    std::size_t at = 0;
    if (!valid_utf8(out)) out = escape_invalid_utf8(out);  // bytes from outside a loaded document
    if (control_character(out, at) < 0) return out;
    // DEL and C1 are left raw by JSON: escape them too, so that a message shows them.
    std::string escaped;
    escaped.reserve(out.size() + 8);
    std::string_view rest = out;
    for (int c; (c = control_character(rest, at)) >= 0;) {
        escaped.append(rest.substr(0, at));
        char buf[16];  // "\\u" and 4 digits: c is at most 0x9F
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        escaped += buf;
        rest.remove_prefix(at + (c == 0x7F ? 1 : 2));
    }
    escaped.append(rest);
    return escaped;
}

std::string control_character_error(std::string_view id) {
    std::size_t at = 0;
    const int c = control_character(id, at);
    if (c < 0) return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return std::string("field \"id\" contains a control character (") + buf + ") at byte " + std::to_string(at);
}

int control_character(std::string_view s, std::size_t& at) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7F) {
            at = i;
            return c;
        }
        if (c == 0xC2 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x80 && d <= 0x9F) {
                at = i;
                return d;
            }
        }
    }
    return -1;
}

std::string number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

namespace {

// The length of the well-formed UTF-8 sequence at p (1 to 4), or 0 if none starts there.
int sequence_length(const unsigned char* p, const unsigned char* end) noexcept {
    const unsigned char c = *p;
    if (c < 0x80) return 1;
    int len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (end - p < len) return 0;
    for (int i = 1; i < len; ++i) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

}  // namespace

bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const int len = sequence_length(p, end);
        if (len == 0) return false;
        p += len;
    }
    return true;
}

std::string escape_invalid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        const int len = sequence_length(p, end);
        if (len > 0) {
            out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
            p += len;
            continue;
        }
        static const char hex[] = "0123456789ABCDEF";
        out += "\\x";
        out += hex[*p >> 4];
        out += hex[*p & 0xF];
        ++p;
    }
    return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max) noexcept {
    if (s.size() <= max) return s;
    // Back off over continuation bytes (at most three) to a lead byte; cut there only if a
    // well-formed sequence starts there and runs past `max` (stray bytes are cut as bytes).
    std::size_t lead = max;
    while (lead > 0 && max - lead < 3 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    if (lead < max && static_cast<std::size_t>(sequence_length(p + lead, p + s.size())) > max - lead) return s.substr(0, lead);
    return s.substr(0, max);
}

}  // namespace okr::detail
