// The lint rule table: the bundled English table and tables read from JSON (LintRules).
#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>

#include <simdjson.h>

#include "okr/detail/text.hpp"
#include "okr/error.hpp"
#include "table.hpp"

namespace okr {

namespace detail {
extern const char* const lint_rules_default_json;  // generated from src/lint/rules.en.json
}

using detail::LintRule;
using detail::LintTable;
using detail::quote;

const char* to_string(Severity s) noexcept {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::info: return "info";
    }
    return "";
}

namespace {

struct Known {
    const char* code;
    std::vector<const char*> lists;  // word-list fields the rule reads
    bool observations = false;
    bool levels = false;
};

const std::vector<Known>& known() {
    static const std::vector<Known> k = {
        {"kr_task_like", {"words", "skip", "unless"}},
        {"kr_not_measurable", {"words"}},
        {"kr_negative", {"words"}},
        {"kr_vague_term", {"words", "verbs", "defined_by"}},
        {"kr_no_baseline", {}, true},
        {"kr_title_mismatch", {}},
        {"objective_numeric", {"labels"}},
        {"objective_no_why_now", {}},
        {"objective_no_owner", {}},
        {"kr_no_owner_or_team", {}, false, true},
        {"too_few_key_results", {}},
        {"too_many_key_results", {}},
        {"owner_overloaded", {}},
        {"team_overloaded", {}},
        {"low_bottom_up_share", {}},
    };
    return k;
}

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "lint rules: " + where + ": " + what);
}

std::vector<std::string> string_list(simdjson::dom::element v, const std::string& where) {
    simdjson::dom::array a;
    if (v.get_array().get(a)) bad(where, "must be an array of strings");
    std::vector<std::string> out;
    std::size_t i = 0;
    for (simdjson::dom::element e : a) {
        std::string_view s;
        if (e.get_string().get(s)) bad(where + "[" + std::to_string(i) + "]", "must be a string");
        if (!detail::valid_utf8(s)) bad(where + "[" + std::to_string(i) + "]", "is not valid UTF-8");
        if (coach::phrase_of(s).empty())
            bad(where + "[" + std::to_string(i) + "]", quote(std::string(s)) + " has no word to match");
        out.emplace_back(s);
        ++i;
    }
    return out;
}

void set_list(LintRule& r, const std::string& name, std::vector<std::string> words) {
    std::vector<coach::Phrase> ps;
    ps.reserve(words.size());
    for (const std::string& w : words) ps.push_back(coach::phrase_of(w));
    r.phrases[name] = std::move(ps);
    r.lists[name] = std::move(words);
}

// Applies the JSON table `text` to `t` (rules it names override what they give).
void apply(LintTable& t, std::string_view text, bool bundled) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto err = parser.parse(text.data(), text.size()).get(doc))
        throw Error(ErrorCode::parse, std::string("lint rules: not valid JSON: ") + simdjson::error_message(err));
    simdjson::dom::object root;
    if (doc.get_object().get(root)) throw Error(ErrorCode::parse, "lint rules: the top level must be a JSON object");
    std::string_view fmt;
    if (root["format"].get_string().get(fmt) || fmt != "okr-lint-rules")
        throw Error(ErrorCode::version, "lint rules: field \"format\" must be \"okr-lint-rules\"");
    int64_t version = 0;
    if (root["version"].get_int64().get(version) || version != 1)
        throw Error(ErrorCode::version, "lint rules: field \"version\" must be 1");
    for (auto [key, value] : root) {
        if (key == "format" || key == "version") continue;
        if (key == "language") {
            std::string_view s;
            if (value.get_string().get(s)) bad("language", "must be a string");
            t.language = std::string(s);
        } else if (key == "extends") {
            if (bundled) bad("extends", "not allowed in the bundled table");
            std::string_view s;
            const bool null = value.is_null();
            if (!null && (value.get_string().get(s) || (s != "default" && s != "none")))
                bad("extends", "must be \"default\" or \"none\"");
            if (null || s == "none")
                for (auto& [code, r] : t.rules) r.enabled = false;
        } else if (key != "rules") {
            bad(quote(std::string(key)), "unknown field (known: format, version, language, extends, rules)");
        }
    }
    simdjson::dom::object rules;
    if (root["rules"].get_object().get(rules)) bad("rules", "must be an object of rule code → settings");
    for (auto [code_sv, value] : rules) {
        const std::string code(code_sv);
        const std::string where = "rules." + code;
        const auto kn = std::find_if(known().begin(), known().end(), [&](const Known& k) { return code == k.code; });
        if (kn == known().end()) {
            std::string list;
            for (const Known& k : known()) list += (list.empty() ? "" : ", ") + std::string(k.code);
            bad(where, "unknown rule code (known: " + list + ")");
        }
        LintRule& r = t.rules[code];
        simdjson::dom::object o;
        if (value.get_object().get(o)) bad(where, "must be an object");
        r.enabled = true;  // named: on, unless it says otherwise
        for (auto [field_sv, fv] : o) {
            const std::string field(field_sv);
            const std::string fw = where + "." + field;
            if (field == "severity") {
                std::string_view s;
                if (fv.get_string().get(s)) bad(fw, "must be a string");
                if (s == "error") r.severity = Severity::error;
                else if (s == "warning") r.severity = Severity::warning;
                else if (s == "info") r.severity = Severity::info;
                else bad(fw, quote(std::string(s)) + " is not error, warning or info");
            } else if (field == "enabled") {
                bool b;
                if (fv.get_bool().get(b)) bad(fw, "must be true or false");
                r.enabled = b;
            } else if (field == "question") {
                std::string_view s;
                if (fv.get_string().get(s) || !detail::valid_utf8(s)) bad(fw, "must be a string");
                r.question = std::string(s);
            } else if (field == "observations" && kn->observations) {
                double d;
                if (fv.get_double().get(d) || !(d >= 1) || d > 1e6 || d != std::floor(d))
                    bad(fw, "must be a whole number from 1 to 1000000");
                r.observations = d;
            } else if (field == "levels" && kn->levels) {
                std::vector<std::string> lv = string_list(fv, fw);
                for (const std::string& l : lv)
                    if (l != "company" && l != "department" && l != "team" && l != "individual" && l != "unspecified")
                        bad(fw, quote(l) + " is not a level (company, department, team, individual, unspecified)");
                r.levels = std::move(lv);
            } else {
                const bool add = field.rfind("add_", 0) == 0;
                const std::string list = add ? field.substr(4) : field;
                if (std::find(kn->lists.begin(), kn->lists.end(), list) == kn->lists.end()) {
                    std::string fields = "severity, enabled, question";
                    for (const char* l : kn->lists) fields += std::string(", ") + l + ", add_" + l;
                    if (kn->observations) fields += ", observations";
                    if (kn->levels) fields += ", levels";
                    bad(fw, "unknown field for this rule (known: " + fields + ")");
                }
                std::vector<std::string> words = string_list(fv, fw);
                if (add) {
                    std::vector<std::string> all = r.lists[list];
                    all.insert(all.end(), words.begin(), words.end());
                    words = std::move(all);
                }
                set_list(r, list, std::move(words));
            }
        }
    }
}

std::shared_ptr<const LintTable> bundled() {
    static std::once_flag once;
    static std::shared_ptr<const LintTable> table;
    std::call_once(once, [] {
        auto t = std::make_shared<LintTable>();
        for (const Known& k : known()) t->rules[k.code];
        apply(*t, detail::lint_rules_default_json, true);
        table = std::move(t);
    });
    return table;
}

}  // namespace

const detail::LintRule& detail::LintTable::rule(std::string_view code) const {
    const auto it = rules.find(code);
    if (it == rules.end()) throw Error(ErrorCode::not_found, "lint rules: unknown rule code " + quote(std::string(code)));
    return it->second;
}

LintRules::LintRules() : table_(bundled()) {}

LintRules LintRules::from_json(std::string_view text) {
    auto t = std::make_shared<LintTable>(*bundled());
    apply(*t, text, false);
    return LintRules(std::move(t));
}

std::string_view LintRules::default_json() noexcept { return detail::lint_rules_default_json; }

const std::vector<std::string>& LintRules::known_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> c;
        for (const Known& k : known()) c.emplace_back(k.code);
        return c;
    }();
    return codes;
}

bool LintRules::enabled(std::string_view code) const { return table_->rule(code).enabled; }
Severity LintRules::severity(std::string_view code) const { return table_->rule(code).severity; }

}  // namespace okr
