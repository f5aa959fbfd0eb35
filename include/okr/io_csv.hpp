// okr — CSV readers for check-ins and weekly scorecards (docs/format.md#csv).
//
// Both read RFC 4180 text (quoted fields, "" inside quotes, CRLF or LF, an optional UTF-8 BOM)
// with a header row; the delimiter is a comma, or a semicolon or tab when the header has no comma.
// Errors are okr::Error naming the line (1-based, the header is line 1) and column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "okr/limits.hpp"
#include "okr/model.hpp"

namespace okr {

/// A parsed CSV table. `lines[i]` is the line on which row i starts.
struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> lines;
    std::size_t header_line = 1;  ///< the first line that is not blank
    char delimiter = ',';
};
/// Splits CSV text into a header and rows (every row as wide as the header; blank lines are
/// skipped). Throws ErrorCode::parse for an unterminated quote, a stray quote or a ragged row,
/// and ErrorCode::limit for a text over limits.max_document_bytes or a cell over
/// limits.max_text_bytes (naming its line and column).
CsvTable parse_csv(std::string_view text, const Limits& limits = {});

/// Check-ins, one per row. Columns (header names are matched case-insensitively, with spaces
/// and hyphens read as underscores; aliases in docs/format.md): key_result, date, value, and
/// optionally confidence, note, stage. Other columns are ignored.
/// Limits as for JSON: the key result's id within max_id_bytes, at most max_checkins rows (with
/// the graph's check-ins, when loading).
std::vector<CheckIn> read_checkins_csv(std::string_view text, const Limits& limits = {});
/// Reads check-ins and appends them to the graph, all or nothing.
void load_checkins_csv(Graph& graph, std::string_view text, const Limits& limits = {});

/// A weekly scorecard (EOS): one KPI per row: optional id, team (department), owner, the KPI's
/// title (kpi / measurable), optional goal ("≥ 5", "<= 3", "5", "3-5"), unit, aggregation, then
/// one column per week headed by its date ("2026-01-05", "2026-01-05 - 2026-01-11" or
/// "2026-W02"). An empty cell is a missing week. Without an id column, ids are made from the
/// title (and the team when two titles agree).
/// Limits: ids within max_id_bytes, at most max_kpi_values observations.
std::vector<Kpi> read_scorecard_csv(std::string_view text, const Limits& limits = {});
/// Reads a scorecard and adds its KPIs to the graph, all or nothing.
void load_scorecard_csv(Graph& graph, std::string_view text, const Limits& limits = {});

}  // namespace okr
