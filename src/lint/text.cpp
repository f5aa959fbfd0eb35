// The coach's view of a title: folding, tokens, phrase matching (text.hpp).
#include "text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>

namespace okr::coach {

namespace {

// Decodes the code point at s[i]; advances i (an invalid byte: U+FFFD, one byte).
char32_t next_cp(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
    auto at = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
    char32_t c;
    if (b < 0x80) {
        i += 1;
        return b;
    }
    if ((b & 0xE0) == 0xC0 && cont(1)) {
        c = (static_cast<char32_t>(b & 0x1F) << 6) | at(1);
        i += 2;
        return c >= 0x80 ? c : 0xFFFD;
    }
    if ((b & 0xF0) == 0xE0 && cont(1) && cont(2)) {
        c = (static_cast<char32_t>(b & 0x0F) << 12) | (at(1) << 6) | at(2);
        i += 3;
        return c >= 0x800 ? c : 0xFFFD;
    }
    if ((b & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
        c = (static_cast<char32_t>(b & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3);
        i += 4;
        return c >= 0x10000 && c <= 0x10FFFF ? c : 0xFFFD;
    }
    i += 1;
    return 0xFFFD;
}

void put_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// Lower case for the scripts titles are written in (Latin, Greek, Cyrillic); others unchanged.
char32_t fold(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        // Latin Extended-A: mostly upper/lower pairs on even/odd code points (shifted after U+0138).
        const bool shifted = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (shifted ? (c % 2 == 1) : (c % 2 == 0)) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

enum class Cls { space, letter, digit, apostrophe, dash, currency, symbol };

Cls classify(char32_t c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Cls::letter;
        if (c >= '0' && c <= '9') return Cls::digit;
        if (c == '\'') return Cls::apostrophe;
        if (c == '-' || c == '_') return Cls::dash;
        if (c == '$') return Cls::currency;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return Cls::space;
        if (c == '%' || c == '(' || c == ')' || c == '>' || c == '<' || c == '=' || c == '+' || c == '/' || c == '~')
            return Cls::symbol;
        return Cls::space;  // other punctuation separates words
    }
    if (c == 0x2018 || c == 0x2019 || c == 0x201B || c == 0x2032) return Cls::apostrophe;
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xAD) return Cls::dash;
    if (c == 0xA3 || c == 0xA5 || c == 0x20AC || (c >= 0x20A0 && c <= 0x20CF)) return Cls::currency;
    if (c == 0x2264 || c == 0x2265 || c == 0x2030) return Cls::symbol;
    if (c == 0xFFFD || c == 0xA0 || c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
        (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0x1F000 && c <= 0x1FAFF))
        return Cls::space;
    return Cls::letter;
}

const std::unordered_map<std::string, double>& number_words() {
    static const std::unordered_map<std::string, double> m = {
        {"zero", 0},      {"one", 1},        {"two", 2},        {"three", 3},     {"four", 4},       {"five", 5},
        {"six", 6},       {"seven", 7},      {"eight", 8},      {"nine", 9},      {"ten", 10},       {"eleven", 11},
        {"twelve", 12},   {"thirteen", 13},  {"fourteen", 14},  {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17},
        {"eighteen", 18}, {"nineteen", 19},  {"twenty", 20},    {"thirty", 30},   {"forty", 40},     {"fifty", 50},
        {"sixty", 60},    {"seventy", 70},   {"eighty", 80},    {"ninety", 90},   {"hundred", 100},  {"dozen", 12},
        {"half", 0.5},    {"double", 2},     {"twice", 2},      {"triple", 3},    {"thousand", 1000}};
    return m;
}

double scale_of(std::string_view w) {
    if (w == "k" || w == "thousand") return 1e3;
    if (w == "m" || w == "mn" || w == "mm" || w == "million" || w == "millions") return 1e6;
    if (w == "bn" || w == "b" || w == "billion" || w == "billions") return 1e9;
    return 0;
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    std::size_t i = 0;
    bool currency_pending = false;
    while (i < s.size()) {
        const std::size_t start = i;
        char32_t c = next_cp(s, i);
        const Cls k = classify(c);
        if (k == Cls::space || k == Cls::dash || k == Cls::apostrophe) continue;
        if (k == Cls::currency) {
            currency_pending = true;
            out.push_back(Token{Token::symbol, "$", 0, 0, false, false, false, start, i});
            continue;
        }
        if (k == Cls::symbol) {
            Token t{Token::symbol, {}, 0, 0, false, false, false, start, i};
            if (c == 0x2265) t.text = ">=";
            else if (c == 0x2264) t.text = "<=";
            else if (c == 0x2030) t.text = "%";
            else put_utf8(t.text, c);
            if ((c == '>' || c == '<') && i < s.size() && s[i] == '=') {
                t.text.push_back('=');
                ++i;
                t.end = i;
            }
            if (t.text == "%" && !out.empty() && out.back().kind == Token::number && !out.back().percent) {
                out.back().percent = true;  // "60%": the number carries it, and "%" stays a token
            }
            out.push_back(std::move(t));
            continue;
        }
        if (k == Cls::digit) {
            // Digits with separators: "24,000,000", "1.31"; then a scale suffix ("24M", "12k").
            std::string digits(1, static_cast<char>(c));
            std::size_t j = i;
            while (j < s.size()) {
                const char d = s[j];
                if (d >= '0' && d <= '9') {
                    digits.push_back(d);
                    ++j;
                } else if ((d == ',' || d == '.') && j + 1 < s.size() && s[j + 1] >= '0' && s[j + 1] <= '9') {
                    if (d == '.') digits.push_back('.');
                    ++j;
                } else {
                    break;
                }
            }
            Token t{Token::number, std::string(s.substr(start, j - start)), 0, 0, false, currency_pending, false, start, j};
            t.value = t.raw = std::strtod(digits.c_str(), nullptr);
            // Letters glued to the number: a scale ("24m", "1.5bn") or something else ("3rd", "24x7").
            std::size_t e = j;
            std::string suffix;
            while (e < s.size() && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z'))) {
                suffix.push_back(static_cast<char>(s[e] | 0x20));
                ++e;
            }
            if (const double sc = scale_of(suffix); sc > 0) t.value *= sc;
            t.end = e;
            i = e;
            currency_pending = false;
            out.push_back(std::move(t));
            continue;
        }
        // A word: letters (any script), digits and inner apostrophes ("don't", "q3", "tier1").
        Token t{Token::word, {}, 0, 0, false, false, false, start, i};
        put_utf8(t.text, fold(c));
        std::size_t j = i;
        char32_t last = c;
        while (j < s.size()) {
            std::size_t m = j;
            const char32_t d = next_cp(s, m);
            const Cls dk = classify(d);
            // Digits glued to Latin letters stay in the word ("q3", "tier1"); after other
            // scripts, which write no spaces between words, they start a number.
            if (dk == Cls::letter || (dk == Cls::digit && last < 0x250)) {
                put_utf8(t.text, fold(d));
                last = d;
                j = m;
            } else if (dk == Cls::apostrophe && m < s.size()) {
                std::size_t n = m;
                if (classify(next_cp(s, n)) != Cls::letter) break;
                t.text.push_back('\'');
                j = m;
            } else {
                break;
            }
        }
        t.end = j;
        i = j;
        currency_pending = false;
        // "percent" / "per cent" after a number; scale words after a number; number words.
        if (!out.empty() && out.back().kind == Token::number && !out.back().spelled) {
            Token& n = out.back();
            if (t.text == "percent" || t.text == "pct") {
                n.percent = true;
                t.kind = Token::symbol;
                t.text = "%";
            } else if (const double sc = scale_of(t.text); sc > 0 && t.text.size() > 1) {
                n.value *= sc;
                n.end = t.end;
                continue;
            }
        }
        if (t.text == "cent" && out.size() >= 2 && out.back().kind == Token::word && out.back().text == "per" &&
            out[out.size() - 2].kind == Token::number) {
            out[out.size() - 2].percent = true;
            out.back().kind = Token::symbol;
            out.back().text = "%";
            out.back().end = t.end;
            continue;
        }
        if (t.text == "usd" || t.text == "eur" || t.text == "gbp" || t.text == "dollars") {
            if (!out.empty() && out.back().kind == Token::number) out.back().currency = true;
        }
        if (const auto it = number_words().find(t.text); it != number_words().end()) {
            t.kind = Token::number;
            t.value = t.raw = it->second;
            t.spelled = true;
        }
        out.push_back(std::move(t));
    }
    return out;
}

Phrase phrase_of(std::string_view text) {
    Phrase p;
    for (Token& t : tokenize(text)) p.push_back(std::move(t.text));
    return p;
}

bool matches_at(const std::vector<Token>& t, std::size_t at, const Phrase& p) {
    if (p.empty() || at + p.size() > t.size()) return false;
    for (std::size_t k = 0; k < p.size(); ++k)
        if (t[at + k].text != p[k]) return false;
    return true;
}

std::size_t find_any(const std::vector<Token>& t, const std::vector<Phrase>& ps, std::size_t from, std::size_t* which) {
    for (std::size_t i = from; i < t.size(); ++i)
        for (std::size_t k = 0; k < ps.size(); ++k)
            if (!ps[k].empty() && t[i].text == ps[k][0] && matches_at(t, i, ps[k])) {
                if (which) *which = k;
                return i;
            }
    return npos;
}

}  // namespace okr::coach
