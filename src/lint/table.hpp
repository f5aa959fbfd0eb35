// The parsed lint rule table (internal to src/lint): per rule code, its switch, severity,
// question and word lists as phrases (rules.cpp reads it from JSON; lint.cpp applies it).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "okr/lint.hpp"
#include "text.hpp"

namespace okr::detail {

struct LintRule {
    bool enabled = false;
    Severity severity = Severity::warning;
    std::string question;
    // Word lists, as written (for JSON and error messages) and as phrases (for matching).
    std::map<std::string, std::vector<std::string>, std::less<>> lists;
    std::map<std::string, std::vector<coach::Phrase>, std::less<>> phrases;
    double observations = 10;         ///< kr_no_baseline: observations a baseline KR asks for
    std::vector<std::string> levels;  ///< kr_no_owner_or_team: levels that need an owner or team

    const std::vector<coach::Phrase>& list(std::string_view name) const {
        static const std::vector<coach::Phrase> none;
        const auto it = phrases.find(name);
        return it == phrases.end() ? none : it->second;
    }
};

struct LintTable {
    std::string language = "en";
    std::map<std::string, LintRule, std::less<>> rules;  // every known code (off unless enabled)

    const LintRule& rule(std::string_view code) const;  // throws ErrorCode::not_found
};

}  // namespace okr::detail
