// The coach's view of a title (internal to src/lint): Unicode text folded to lower case, curly
// quotes and dashes made plain, and cut into word, number and symbol tokens that phrases are
// matched against. Linear in the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace okr::coach {

struct Token {
    enum Kind : unsigned char { word, number, symbol } kind = word;
    std::string text;        ///< folded: lower case; numbers as written ("24,000,000"); "percent" → "%"
    double value = 0;        ///< numbers: the value, scale words and suffixes applied ($24M → 24e6)
    double raw = 0;          ///< numbers: the value as written, before a scale (24 for "$24M")
    bool percent = false;    ///< numbers: followed by % (or "percent")
    bool currency = false;   ///< numbers: preceded by a currency sign
    bool spelled = false;    ///< numbers: a number word ("ten", "half")
    std::size_t begin = 0;   ///< byte range in the original text
    std::size_t end = 0;
};

/// Tokens of `text` (any UTF-8; invalid bytes are skipped as separators).
std::vector<Token> tokenize(std::string_view text);

/// A phrase as tokens, for matching ("world-class" and "world class" are the same phrase).
using Phrase = std::vector<std::string>;
Phrase phrase_of(std::string_view text);

/// Whether `p` occurs in `t` starting at token `at`.
bool matches_at(const std::vector<Token>& t, std::size_t at, const Phrase& p);
/// The first position at or after `from` where one of `ps` occurs (npos: none); `which` gets its index.
std::size_t find_any(const std::vector<Token>& t, const std::vector<Phrase>& ps, std::size_t from = 0,
                     std::size_t* which = nullptr);

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

}  // namespace okr::coach
