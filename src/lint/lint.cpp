// The OKR coach's rules over titles and fields (okr::lint; docs/coach.md). Each rule reads the
// title's tokens (text.hpp) and the rule table (table.hpp); every check is linear in the title.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "okr/alignment.hpp"
#include "okr/detail/text.hpp"
#include "okr/lint.hpp"
#include "table.hpp"
#include "text.hpp"

namespace okr {

using detail::LintRule;
using detail::quote;
using coach::Token;

namespace {

bool is_word(const Token& t, std::string_view w) { return t.kind != Token::number && t.text == w; }

// The number token at `i`, or after a currency or plus sign there; npos if none.
std::size_t number_at(const std::vector<Token>& t, std::size_t i) {
    if (i < t.size() && t[i].kind == Token::symbol && (t[i].text == "$" || t[i].text == "+")) ++i;
    return i < t.size() && t[i].kind == Token::number ? i : coach::npos;
}

bool has_number(const std::vector<Token>& t) {
    return std::any_of(t.begin(), t.end(), [](const Token& k) { return k.kind == Token::number; });
}

// A year ("by 2027"): four digits from 1900 to 2100, written without separators, after a word
// that places it in time.
bool year(const std::vector<Token>& t, std::size_t i) {
    const Token& n = t[i];
    if (n.kind != Token::number || n.spelled || n.percent || n.currency || n.text.size() != 4 || n.value < 1900 ||
        n.value > 2100)
        return false;
    if (i == 0) return true;
    for (const char* w : {"by", "in", "until", "before", "after", "since", "of", "for", "end"})
        if (t[i - 1].text == w) return true;
    return false;
}

// A number that measures something: a percentage, an amount of money, a scaled figure, or one
// after a word that sets a level or a change ("from", "to", "by", ">=", "at least", ...).
bool measured(const std::vector<Token>& t) {
    static const char* const lead[] = {"from", "to", "by", ">=", "<=", ">", "<", "=", "least", "most", "under",
                                       "below", "above", "over", "within", "than", "of", "reach", "hit", "achieve"};
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Token::number || year(t, i)) continue;
        if (t[i].percent || t[i].currency || t[i].value != t[i].raw) return true;
        std::size_t p = i;
        if (p > 0 && t[p - 1].kind == Token::symbol && (t[p - 1].text == "$" || t[p - 1].text == "+")) --p;
        if (p > 0)
            for (const char* w : lead)
                if (t[p - 1].text == w) return true;
    }
    return false;
}

// "from A to B": indices of A and B (npos when absent). B alone: a "to N" without a "from N".
struct FromTo {
    std::size_t from = coach::npos, to = coach::npos;
    std::size_t from_word = coach::npos, to_word = coach::npos;
};
FromTo from_to(const std::vector<Token>& t) {
    FromTo r;
    for (std::size_t i = 0; i + 1 < t.size(); ++i)
        if (is_word(t[i], "from") && number_at(t, i + 1) != coach::npos) {
            r.from_word = i;
            r.from = number_at(t, i + 1);
            break;
        }
    for (std::size_t i = r.from == coach::npos ? 0 : r.from + 1; i + 1 < t.size(); ++i)
        if (is_word(t[i], "to") && number_at(t, i + 1) != coach::npos) {
            r.to_word = i;
            r.to = number_at(t, i + 1);
            break;
        }
    return r;
}

// Whether the title's number `n` states `field`: as written, or scaled as written ("$24M" for
// 24000000 or 24), a percentage as a fraction (60% for 0.6), or with the scale of the other
// number of the pair ("from 24 to 12 million": `scale` 1e6).
bool same(const Token& n, double field, double scale = 1) {
    auto eq = [&](double a) { return std::fabs(a - field) <= 1e-9 * std::max(1.0, std::fabs(field)); };
    return eq(n.value) || eq(n.raw) || eq(n.raw * scale) || (n.percent && (eq(n.value / 100.0) || eq(n.value * 100.0)));
}

// 20000000, 0.22, 0.00005 (not 2e+07 or 5e-05): the fields as people write them. Where fixed
// notation does not fit the buffer (5e-324 takes 327 characters; to_chars then fails and leaves
// the buffer unwritten), the shortest form: at most 24 characters.
std::string number_text(double v) {
    char buf[64];
    auto r = std::abs(v) < 1e15 ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                                : std::to_chars(buf, buf + sizeof buf, v);
    if (r.ec != std::errc()) r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string slice(std::string_view title, const std::vector<Token>& t, std::size_t a, std::size_t b) {  // tokens [a, b]
    if (a >= t.size() || b >= t.size() || a > b) return {};
    return std::string(title.substr(t[a].begin, t[b].end - t[a].begin));
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

struct Linter {
    const Graph& g;
    const detail::LintTable& T;
    std::vector<LintFinding> out;

    const LintRule* on(const char* code) const {
        const LintRule& r = T.rule(code);
        return r.enabled ? &r : nullptr;
    }

    void add(const LintRule& r, const char* code, NodeIndex v, const char* field, std::string message,
             std::string suggestion = {}, std::string_view term = {}) {
        LintFinding f;
        f.code = code;
        f.severity = r.severity;
        f.node = v;
        f.id = g.id(v);
        f.field = field;
        f.message = std::move(message);
        f.question = r.question;
        if (const auto at = f.question.find("{term}"); at != std::string::npos) f.question.replace(at, 6, term);
        f.suggestion = std::move(suggestion);
        out.push_back(std::move(f));
    }

    void key_result(NodeIndex v) {
        const KeyResult& k = g.key_result(v);
        const Objective& o = g.objective(g.objective_of(v));
        const std::string& title = k.title;
        const std::vector<Token> t = coach::tokenize(title);
        const bool rock = o.flavor == Flavor::rock;
        const bool is_measured = measured(t);

        if (const LintRule* r = on("kr_task_like");
            r && !rock && !t.empty() && !is_measured && coach::find_any(t, r->list("unless")) == coach::npos) {
            std::size_t at = 0;
            for (bool again = true; again;) {  // leading filler: "we will", "to", ...
                again = false;
                for (const coach::Phrase& p : r->list("skip"))
                    if (coach::matches_at(t, at, p)) {
                        at += p.size();
                        again = true;
                        break;
                    }
            }
            for (const coach::Phrase& p : r->list("words"))
                if (coach::matches_at(t, at, p)) {
                    const std::string verb = slice(title, t, at, at + p.size() - 1);
                    add(*r, "kr_task_like", v, "title",
                        "the title starts with " + quote(verb) + ": work to do, with no measured change in it",
                        "Keep the work as an initiative and measure what it should change: \"Raise <what changes> from "
                        "<today's value> to <target>\"");
                    break;
                }
        }
        if (const LintRule* r = on("kr_not_measurable"); r && !has_number(t)) {
            if (coach::find_any(t, r->list("words")) == coach::npos)
                add(*r, "kr_not_measurable", v, "title",
                    "the title " + quote(detail::utf8_prefix(title, 120)) + " has no number and no end state that can be checked",
                    "State the number (\"from X to Y\", \"at least N\") or the observable end state (\"... is signed off "
                    "by ...\")");
        }
        if (const LintRule* r = on("kr_negative")) {
            std::size_t which = 0;
            const std::size_t at = coach::find_any(t, r->list("words"), 0, &which);
            if (at != coach::npos) {
                const std::string phrase = slice(title, t, at, at + r->list("words")[which].size() - 1);
                add(*r, "kr_negative", v, "title", "the title is framed negatively: " + quote(phrase),
                    "State the result you want, positively: a level to reach (\"pass rate >= 80%\", \"keep at least N\") "
                    "rather than a loss to stay under");
            }
        }
        if (const LintRule* r = on("kr_vague_term")) vague(*r, v, title, t);
        if (const LintRule* r = on("kr_no_baseline"); r && k.type == KrType::metric) {
            const FromTo ft = from_to(t);
            std::size_t target_word = ft.to_word;
            if (target_word == coach::npos)  // "by 20%" (a change with no level to change from)
                for (std::size_t i = 0; i + 1 < t.size(); ++i)
                    if (is_word(t[i], "by") && number_at(t, i + 1) != coach::npos && t[number_at(t, i + 1)].percent) {
                        target_word = i;
                        break;
                    }
            if (ft.from == coach::npos && target_word != coach::npos && target_word > 1) {
                std::string measure = slice(title, t, 1, target_word - 1);
                if (measure.rfind("the ", 0) == 0) measure = measure.substr(4);
                const std::string n = number_text(r->observations);
                add(*r, "kr_no_baseline", v, "title",
                    "the title gives a target (" + quote(slice(title, t, target_word, std::min(target_word + 2, t.size() - 1))) +
                        ") but no starting value",
                    "Make it a baseline KR first: \"Obtain a baseline for " + measure + " from at least " + n +
                        " observations\"; set the target once the start is known");
            }
        }
        if (const LintRule* r = on("kr_title_mismatch"); r && k.type == KrType::metric) {
            const FromTo ft = from_to(t);
            const char* field = nullptr;
            const double to_scale = ft.to != coach::npos && t[ft.to].raw != 0 ? t[ft.to].value / t[ft.to].raw : 1;
            if (ft.from != coach::npos && !same(t[ft.from], k.start, to_scale)) field = "start";
            else if (ft.to != coach::npos && !same(t[ft.to], k.target)) field = "target";
            if (field) {
                const std::size_t a = ft.from_word != coach::npos ? ft.from_word : ft.to_word;
                const std::size_t b = ft.to != coach::npos ? ft.to : ft.from;
                add(*r, "kr_title_mismatch", v, field,
                    "the title says " + quote(slice(title, t, a, b)) + " but the key result's start is " +
                        number_text(k.start) + " and its target " + number_text(k.target),
                    "Correct the title or the fields so that they agree");
            }
        }
        if (const LintRule* r = on("kr_no_owner_or_team"); r && o.owner.empty() && o.team.empty()) {
            const char* level = o.level == Level::unspecified ? "unspecified" : to_string(o.level);
            if (std::find(r->levels.begin(), r->levels.end(), level) != r->levels.end())
                add(*r, "kr_no_owner_or_team", v, "owner",
                    "neither the key result's objective " + quote(o.id) + " nor its team names who is accountable",
                    "Give objective " + quote(o.id) + " an owner or a team");
        }
    }

    // A qualifier with no number or definition after it; a vague verb in a title with no number.
    void vague(const LintRule& r, NodeIndex v, const std::string& title, const std::vector<Token>& t) {
        const auto& words = r.list("words");
        const auto& defined = r.list("defined_by");
        for (std::size_t i = 0; i < t.size(); ++i) {
            for (const coach::Phrase& p : words) {
                if (t[i].text != p[0] || !coach::matches_at(t, i, p)) continue;
                const std::size_t after = i + p.size();
                const bool number_after =
                    std::any_of(t.begin() + static_cast<std::ptrdiff_t>(after), t.end(), [](const Token& k) { return k.kind == Token::number; });
                // "45% or more": defined by the number before it.
                const bool or_number = i >= 2 && t[i - 1].text == "or" && (t[i - 2].kind == Token::number || t[i - 2].text == "%");
                if (number_after || or_number || coach::find_any(t, defined, after) != coach::npos) continue;
                const std::string term = slice(title, t, i, after - 1);
                add(r, "kr_vague_term", v, "title", "the title uses " + quote(term) + " without saying what it means",
                    "Define it with a number or a test: e.g. " + quote(term + " (<the threshold that makes it so>)"), term);
                return;
            }
        }
        if (has_number(t)) return;
        const std::size_t at = coach::find_any(t, r.list("verbs"));
        if (at == coach::npos) return;
        const std::string term = slice(title, t, at, at);
        add(r, "kr_vague_term", v, "title", "the title says " + quote(term) + " but not from what to what",
            "Say how much: \"" + term + " <what> from <today's value> to <target>\"", term);
    }

    void objective(NodeIndex v) {
        const Objective& o = g.objective(v);
        if (const LintRule* r = on("objective_numeric")) {
            const std::vector<Token> t = coach::tokenize(o.title);
            // A measure, or a count written in digits ("Hire 20 engineers"), but not a label
            // ("Tier 1", "Q3"), a rank ("#1") or a year.
            std::size_t n = t.size();
            for (std::size_t i = 0; i < t.size() && n == t.size(); ++i) {
                if (t[i].kind != Token::number || year(t, i)) continue;
                const bool label = i > 0 && coach::find_any(t, r->list("labels"), i - 1) == i - 1;
                if (t[i].percent || t[i].currency || t[i].value != t[i].raw || (!t[i].spelled && t[i].value >= 2 && !label))
                    n = i;
            }
            if (n == t.size() && measured(t))
                while (n > 0 && (n == t.size() || t[n].kind != Token::number)) --n;  // (measured: a number led by "by", ...)
            if (n < t.size()) {
                std::size_t a = n > 0 && (t[n - 1].text == "$" || t[n - 1].kind == Token::word) ? n - 1 : n;
                std::size_t b = std::min(n + (n + 1 < t.size() && t[n + 1].text == "%" ? 1 : 0), t.size() - 1);
                add(*r, "objective_numeric", v, "title",
                    "the objective is a number (" + quote(slice(o.title, t, a, b)) + "), not a qualitative destination",
                    "Say where you want to be and why it matters (\"Customers get their problem solved the first time "
                    "they ask\"), and move " + quote(slice(o.title, t, a, b)) + " into a key result");
            }
        }
        if (const LintRule* r = on("objective_no_why_now"); r && trim(o.why_now).empty())
            add(*r, "objective_no_why_now", v, "why_now", "objective " + quote(o.id) + " has no \"why now\"",
                "Add 3-5 sentences on why it matters this cycle");
        if (const LintRule* r = on("objective_no_owner"); r && trim(o.owner).empty())
            add(*r, "objective_no_owner", v, "owner", "objective " + quote(o.id) + " has no owner",
                "Name one accountable person");
    }

    void focus() {
        static const char* const codes[] = {"too_few_key_results", "too_many_key_results", "owner_overloaded",
                                            "team_overloaded", "low_bottom_up_share"};
        bool any = false;
        for (const char* c : codes) any |= on(c) != nullptr;
        if (!any) return;
        const AlignmentReport a = alignment(g, AlignmentOptions{}, Date::today());
        for (const Finding& f : a.findings) {
            const char* code = to_string(f.code);
            if (std::find_if(std::begin(codes), std::end(codes), [&](const char* c) { return std::string_view(c) == code; }) ==
                std::end(codes))
                continue;
            const LintRule* r = on(code);
            if (!r) continue;
            LintFinding x;
            x.code = code;
            x.severity = r->severity;
            x.node = f.node;
            x.id = f.subject;
            x.field = f.node != npos ? "key_results" : "";
            x.message = f.message;
            x.question = r->question;
            out.push_back(std::move(x));
        }
    }
};

}  // namespace

std::vector<LintFinding> lint(const Graph& graph, const LintRules& rules) {
    Linter L{graph, rules.table(), {}};
    for (NodeIndex v = 0; v < graph.node_count(); ++v) {
        if (graph.kind(v) == NodeKind::objective) L.objective(v);
        else L.key_result(v);
    }
    L.focus();
    return std::move(L.out);
}

}  // namespace okr
