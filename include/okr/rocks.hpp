/// @file
/// @brief okr — EOS Rocks: each Rock's status as of a date, computed from its milestones and
/// forecast beside what its owner reported, findings where the two disagree, the lineage of Rocks
/// carried into later cycles, and completion rates per owner, team and company (docs/rocks.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "okr/model.hpp"

namespace okr {

/// A Rock's status as of a date: its state once closed; before its cycle starts, planned; after its
/// cycle ends, done (score 1) or not_done; otherwise off_track (a milestone overdue, or, once it
/// has a check-in, a forecast at the cycle end short of done) or on_track.
enum class RockStatus : std::uint8_t { planned /**< open, its cycle not started */, on_track /**< open, its cycle running (or none), nothing overdue, forecast not short */, off_track /**< open, its cycle running (or none), a milestone overdue or the forecast short of done */, done /**< closed as done, or open with score 1 after its cycle */, not_done /**< closed as not done, or open with a score below 1 after its cycle */, canceled /**< closed as canceled */ };
/// The name of a Rock status.
/// @return "planned", "on_track", "off_track", "done", "not_done" or "canceled" (static storage)
const char* to_string(RockStatus) noexcept;

/// One milestone of a Rock: a stage of one of its staged milestone key results, or a milestone
/// key result without stages.
struct Milestone {
    NodeIndex key_result = npos;  ///< the milestone key result it belongs to
    std::int32_t stage = -1;   ///< index into the key result's stages; -1: the key result itself
    std::string title;         ///< the stage's title (else its id), or the key result's title
    std::optional<Date> due;   ///< when it is due, if set
    double progress = 0;       ///< the latest progress on or before the date (0 without a check-in)
    bool done = false;         ///< progress >= 1
    bool overdue = false;      ///< due before the date and not done
};

/// One Rock's status as of a date.
struct RockRow {
    NodeIndex rock = npos;  ///< the Rock's node index
    std::string id, /**< the Rock's id (id, title, owner and team are copies) */ title, /**< its title */ owner, /**< its owner */ team;  ///< copied from the Rock, so the result outlives the graph
    std::string cycle;                   ///< its cycle's id ("" if none)
    std::optional<Date> cycle_start, /**< its cycle's first day (unset without a cycle) */ cycle_end;  ///< its cycle's last day (unset without a cycle)
    std::string carried_from;            ///< "" if none
    RockState state = RockState::open;   ///< the Rock's state as recorded (the owner's verdict)
    RockStatus status = RockStatus::on_track;  ///< its status as of the date (see RockStatus)
    std::optional<RockReportStatus> reported;  ///< the owner's latest report on or before the date
    std::optional<Date> reported_on;     ///< the date of that report (unset if none)
    double score = nan;     ///< the Rock's score (scoring rules; NaN: nothing to score)
    double forecast = nan;  ///< its forecast at the cycle end
    std::vector<Milestone> milestones;  ///< key results in document order, stages in order
    int milestones_done = 0;     ///< milestones with progress >= 1
    int overdue_milestones = 0;  ///< milestones due before the date and not done
    int times_carried = 0;  ///< length of the carried_from chain
};

/// What a Rock finding is about (docs/rocks.md, "Findings"). Findings are not errors.
enum class RockFindingCode : std::uint8_t {
    rock_status_disputed,  ///< reported on track on or after the due date of a milestone still not done
    due_outside_cycle,     ///< a milestone is due before its Rock's cycle starts or after it ends
    too_many_rocks,        ///< an owner has more than RocksOptions::max_rocks Rocks in a cycle
};
/// The name of a Rock finding code.
/// @return "rock_status_disputed", "due_outside_cycle" or "too_many_rocks" (static storage)
const char* to_string(RockFindingCode) noexcept;

/// One Rock finding.
struct RockFinding {
    RockFindingCode code;    ///< what it is about
    NodeIndex rock = npos;   ///< npos for an owner finding
    std::string subject;     ///< the Rock's id, or the owner
    std::string milestone;   ///< the milestone it is about ("" if none; several: the first)
    std::string message;     ///< a sentence for people, naming the Rock or owner and the milestones
};

/// Options of rocks().
struct RocksOptions {
    int max_rocks = 7;  ///< per owner per cycle (EOS: 3–7, fewer is better); more is a finding
};

/// The result of rocks(): plain values owned by the caller (they do not refer to the graph).
struct Rocks {
    Date as_of;                 ///< the date the statuses are as of
    std::vector<RockRow> rows;  ///< every Rock, in document order
    std::vector<RockFinding> findings;  ///< per Rock in row order, then too_many_rocks per owner and cycle
    std::vector<std::string> cycles;  ///< the graph's cycle ids (for rock_completion's filter)
};

/// Every Rock's status as of `as_of`, with the findings.
/// @param graph the graph
/// @param as_of the date (check-ins and reports after it are ignored)
/// @param options the focus threshold
/// @return the statuses and findings
/// @throws okr::Error ErrorCode::invalid_argument if options.max_rocks < 1
Rocks rocks(const Graph& graph, Date as_of, const RocksOptions& options = {});

/// How rock_completion() groups Rocks within a cycle.
enum class RockGroup : std::uint8_t { owner /**< per owner */, team /**< per team */, company /**< all of them together */ };

/// Completion per cycle and group, by status: a closed Rock by its state, an open Rock of an ended
/// cycle as done (score 1) or not done (no partial credit at quarter end), one of a running or
/// planned cycle as open. rate = done / (rocks − canceled), NaN when that is 0: the share
/// completed so far, the final rate once the cycle is over.
struct RockCompletion {
    std::string cycle;  ///< "" for Rocks without a cycle
    std::string group;  ///< the owner or team ("" = none given), or "company"
    std::size_t rocks = 0, /**< Rocks in the group */ done = 0, /**< of them done */ not_done = 0, /**< not done */ open = 0, /**< open: planned, on track or off track */ canceled = 0;  ///< canceled
    double rate = nan;  ///< done / (rocks − canceled); NaN when that is 0
};

/// Rows ordered by cycle start (Rocks without a cycle last), then group. `cycle` non-empty keeps
/// that cycle only (ErrorCode::not_found if the graph had no such cycle).
/// @param rocks the result of rocks()
/// @param by the grouping
/// @param cycle a cycle id to keep only its Rocks; empty: every cycle
/// @return one row per cycle and group that has Rocks
/// @throws okr::Error ErrorCode::not_found if `cycle` is not empty and not in rocks.cycles
std::vector<RockCompletion> rock_completion(const Rocks& rocks, RockGroup by, std::string_view cycle = {});

}  // namespace okr
