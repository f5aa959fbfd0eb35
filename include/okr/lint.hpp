/// @file
/// @brief okr — the OKR coach: key-result and objective lint with coded, documented rules whose
/// word lists, severities and switches are data (a JSON rule table), docs/coach.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "okr/model.hpp"

namespace okr {

/// How serious a lint finding is (set per rule by the rule table).
enum class Severity : std::uint8_t { error /**< a mistake to fix (the command line exits 1) */, warning /**< a likely weakness */, info /**< a suggestion */ };
/// The name of a severity.
/// @return "error", "warning" or "info" (static storage)
const char* to_string(Severity) noexcept;  ///< "error", "warning", "info"

namespace detail {
struct LintTable;  // the parsed rule table (src/lint/)
}

/// A rule table: for every rule code, whether it runs, its severity, its coaching question and
/// its word lists or thresholds. Immutable once built; cheap to copy (shared); thread-safe.
class LintRules {
public:
    /// The bundled English table (default_json()).
    ///
    /// The bundled table is parsed once per process and shared by every default-constructed
    /// LintRules.
    LintRules();
    /// A table from JSON text (format "okr-lint-rules", version 1). By default it extends the
    /// bundled table: each rule it names overrides the fields it gives ("words" replaces a word
    /// list, "add_words" extends it); `"extends": "none"` starts from no rule at all (rules not
    /// named are off). Throws ErrorCode::parse for text that is not JSON, ErrorCode::invalid_argument
    /// naming the entry for an unknown rule code, severity or field, or a malformed word list.
    /// @param text the rule table's JSON text
    /// @return the rules
    /// @throws okr::Error ErrorCode::parse for text that is not JSON or whose top level is not an
    ///         object; ErrorCode::version for a `format` other than "okr-lint-rules" or a
    ///         `version` other than 1; ErrorCode::invalid_argument naming the offending entry
    static LintRules from_json(std::string_view text);
    /// The bundled table's JSON text.
    /// @return the text, with static storage duration
    static std::string_view default_json() noexcept;
    /// Every rule code this library knows, in documentation order.
    /// @return the codes; the reference has static storage duration
    static const std::vector<std::string>& known_codes();

    /// Whether a rule runs.
    /// @param code a rule code (one of known_codes())
    /// @return true if the rule is enabled in this table
    /// @throws okr::Error ErrorCode::not_found for an unknown code
    bool enabled(std::string_view code) const;
    /// The severity of a rule's findings.
    /// @param code a rule code (one of known_codes())
    /// @return the rule's severity in this table
    /// @throws okr::Error ErrorCode::not_found for an unknown code
    Severity severity(std::string_view code) const;  ///< throws ErrorCode::not_found for an unknown code
    /// The parsed table, for the library's own use (detail::LintTable is not part of the API).
    /// @return the table, valid while any LintRules sharing it lives
    const detail::LintTable& table() const noexcept { return *table_; }

private:
    explicit LintRules(std::shared_ptr<const detail::LintTable> t) : table_(std::move(t)) {}
    std::shared_ptr<const detail::LintTable> table_;
};

/// One lint finding (docs/coach.md).
struct LintFinding {
    std::string code;        ///< the rule's code (kr_task_like, ... or an alignment focus code)
    Severity severity = Severity::warning;  ///< the rule's severity in the table used
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
/// @param graph the graph
/// @param rules the rule table (default: the bundled one)
/// @return the findings of the enabled rules, in the order above
std::vector<LintFinding> lint(const Graph& graph, const LintRules& rules = LintRules());

}  // namespace okr
