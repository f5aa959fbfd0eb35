// okr — the OKR coach: key-result and objective lint with coded, documented rules whose word
// lists, severities and switches are data (a JSON rule table), docs/coach.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "okr/model.hpp"

namespace okr {

enum class Severity : std::uint8_t { error, warning, info };
const char* to_string(Severity) noexcept;  ///< "error", "warning", "info"

namespace detail {
struct LintTable;  // the parsed rule table (src/lint/)
}

/// A rule table: for every rule code, whether it runs, its severity, its coaching question and
/// its word lists or thresholds. Immutable once built; cheap to copy (shared); thread-safe.
class LintRules {
public:
    /// The bundled English table (default_json()).
    LintRules();
    /// A table from JSON text (format "okr-lint-rules", version 1). By default it extends the
    /// bundled table: each rule it names overrides the fields it gives ("words" replaces a word
    /// list, "add_words" extends it); `"extends": "none"` starts from no rule at all (rules not
    /// named are off). Throws ErrorCode::parse for text that is not JSON, ErrorCode::invalid_argument
    /// naming the entry for an unknown rule code, severity or field, or a malformed word list.
    static LintRules from_json(std::string_view text);
    /// The bundled table's JSON text.
    static std::string_view default_json() noexcept;
    /// Every rule code this library knows, in documentation order.
    static const std::vector<std::string>& known_codes();

    bool enabled(std::string_view code) const;
    Severity severity(std::string_view code) const;  ///< throws ErrorCode::not_found for an unknown code
    const detail::LintTable& table() const noexcept { return *table_; }

private:
    explicit LintRules(std::shared_ptr<const detail::LintTable> t) : table_(std::move(t)) {}
    std::shared_ptr<const detail::LintTable> table_;
};

struct LintFinding {
    std::string code;        ///< the rule's code (kr_task_like, ... or an alignment focus code)
    Severity severity = Severity::warning;
    NodeIndex node = npos;   ///< the node it is about (npos: an owner, team or the organisation)
    std::string id;          ///< the node's id, or the owner / team it is about ("" : organisation)
    std::string field;       ///< "title", "why_now", "owner", "start", ... ("" when none applies)
    std::string message;     ///< what is wrong, quoting the words that triggered it
    std::string question;    ///< the coaching question to ask the owner
    std::string suggestion;  ///< a rewrite or next step where one can be given mechanically, else ""
};

/// Lints every objective and key result of `graph`, and adds the alignment analysis's focus
/// findings (too_few_key_results, too_many_key_results, owner_overloaded, team_overloaded,
/// low_bottom_up_share) under their codes. Findings come in node order (node findings first,
/// then the focus findings), each rule at most once per node and field. Time is linear in the
/// text. Rocks are not held to kr_task_like (their milestones are tasks by design).
std::vector<LintFinding> lint(const Graph& graph, const LintRules& rules = LintRules());

}  // namespace okr
