// okr — EOS Rocks: each Rock's status as of a date, computed from its milestones and forecast
// beside what its owner reported, findings where the two disagree, the lineage of Rocks carried
// into later cycles, and completion rates per owner, team and company (docs/rocks.md).
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
enum class RockStatus : std::uint8_t { planned, on_track, off_track, done, not_done, canceled };
const char* to_string(RockStatus) noexcept;

/// One milestone of a Rock: a stage of one of its staged milestone key results, or a milestone
/// key result without stages.
struct Milestone {
    NodeIndex key_result = npos;
    std::int32_t stage = -1;   ///< index into the key result's stages; -1: the key result itself
    std::string title;         ///< the stage's title (else its id), or the key result's title
    std::optional<Date> due;
    double progress = 0;       ///< the latest progress on or before the date (0 without a check-in)
    bool done = false;         ///< progress >= 1
    bool overdue = false;      ///< due before the date and not done
};

struct RockRow {
    NodeIndex rock = npos;
    std::string id, title, owner, team;  ///< copied from the Rock, so the result outlives the graph
    std::string cycle;                   ///< its cycle's id ("" if none)
    std::optional<Date> cycle_start, cycle_end;
    std::string carried_from;            ///< "" if none
    RockState state = RockState::open;
    RockStatus status = RockStatus::on_track;
    std::optional<RockReportStatus> reported;  ///< the owner's latest report on or before the date
    std::optional<Date> reported_on;
    double score = nan;     ///< the Rock's score (scoring rules; NaN: nothing to score)
    double forecast = nan;  ///< its forecast at the cycle end
    std::vector<Milestone> milestones;  ///< key results in document order, stages in order
    int milestones_done = 0;
    int overdue_milestones = 0;
    int times_carried = 0;  ///< length of the carried_from chain
};

enum class RockFindingCode : std::uint8_t {
    rock_status_disputed,  ///< reported on track on or after the due date of a milestone still not done
    due_outside_cycle,     ///< a milestone is due before its Rock's cycle starts or after it ends
    too_many_rocks,        ///< an owner has more than RocksOptions::max_rocks Rocks in a cycle
};
const char* to_string(RockFindingCode) noexcept;

struct RockFinding {
    RockFindingCode code;
    NodeIndex rock = npos;   ///< npos for an owner finding
    std::string subject;     ///< the Rock's id, or the owner
    std::string milestone;   ///< the milestone it is about ("" if none; several: the first)
    std::string message;
};

struct RocksOptions {
    int max_rocks = 7;  ///< per owner per cycle (EOS: 3–7, fewer is better); more is a finding
};

struct Rocks {
    Date as_of;
    std::vector<RockRow> rows;  ///< every Rock, in document order
    std::vector<RockFinding> findings;
    std::vector<std::string> cycles;  ///< the graph's cycle ids (for rock_completion's filter)
};

/// Every Rock's status as of `as_of`, with the findings.
Rocks rocks(const Graph& graph, Date as_of, const RocksOptions& options = {});

enum class RockGroup : std::uint8_t { owner, team, company };

/// Completion per cycle and group, by status: a closed Rock by its state, an open Rock of an ended
/// cycle as done (score 1) or not done (no partial credit at quarter end), one of a running or
/// planned cycle as open. rate = done / (rocks − canceled), NaN when that is 0: the share
/// completed so far, the final rate once the cycle is over.
struct RockCompletion {
    std::string cycle;  ///< "" for Rocks without a cycle
    std::string group;  ///< the owner or team ("" = none given), or "company"
    std::size_t rocks = 0, done = 0, not_done = 0, open = 0, canceled = 0;
    double rate = nan;
};

/// Rows ordered by cycle start (Rocks without a cycle last), then group. `cycle` non-empty keeps
/// that cycle only (ErrorCode::not_found if the graph had no such cycle).
std::vector<RockCompletion> rock_completion(const Rocks& rocks, RockGroup by, std::string_view cycle = {});

}  // namespace okr
