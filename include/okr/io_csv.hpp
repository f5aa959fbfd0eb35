/// @file
/// @brief okr — CSV readers for check-ins and weekly scorecards (docs/format.md, "CSV").
///
/// Both read RFC 4180 text (quoted fields, "" inside quotes, CRLF or LF, an optional UTF-8 BOM)
/// with a header row; the delimiter is a comma, or a semicolon or tab when the header has no comma.
/// Errors are okr::Error naming the line (1-based, the header is line 1) and column.
///
/// Every reader first validates `limits` (Limits::validate(): ErrorCode::invalid_argument).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "okr/limits.hpp"
#include "okr/model.hpp"

namespace okr {

/// A parsed CSV table. `lines[i]` is the line on which row i starts.
struct CsvTable {
    std::vector<std::string> header;  ///< the header row's fields, as written
    std::vector<std::vector<std::string>> rows;  ///< the rows' fields, each row as wide as the header
    std::vector<std::size_t> lines;  ///< per row: the line it starts on (1-based)
    std::size_t header_line = 1;  ///< the first line that is not blank
    char delimiter = ',';  ///< a comma, a semicolon or a tab, as detected from the header line
};
/// Splits CSV text into a header and rows (every row as wide as the header; blank lines are
/// skipped). Throws ErrorCode::parse for an unterminated quote, a stray quote or a ragged row,
/// and ErrorCode::limit for a text over limits.max_document_bytes or a cell over
/// limits.max_text_bytes (naming its line and column).
/// @param text the CSV text (UTF-8)
/// @param limits the size limits applied (max_document_bytes to the text, max_text_bytes to a cell)
/// @return the table
/// @throws okr::Error ErrorCode::parse for text that is not valid UTF-8, has no header row, an
///         unterminated or stray quote or a ragged row; ErrorCode::limit for a text or cell over
///         its limit; ErrorCode::invalid_argument for invalid `limits`
CsvTable parse_csv(std::string_view text, const Limits& limits = {});

/// Check-ins, one per row. Columns (header names are matched case-insensitively, with spaces
/// and hyphens read as underscores; aliases in docs/format.md): key_result, date, value, and
/// optionally confidence, note, stage. Other columns are ignored.
/// Limits as for JSON: the key result's id within max_id_bytes, at most max_checkins rows (with
/// the graph's check-ins, when loading).
///
/// Values and confidences are checked here only for being numbers; the rules of the model are
/// checked when the check-ins are recorded (Graph::check_in_batch()).
/// @param text the CSV text
/// @param limits the limits applied
/// @return one check-in per row, in file order
/// @throws okr::Error as parse_csv(); ErrorCode::parse for a missing required column or two
///         columns that mean the same field; ErrorCode::invalid_argument for an empty
///         key_result, a date or number that does not parse; ErrorCode::limit for an id over
///         max_id_bytes or more rows than max_checkins
std::vector<CheckIn> read_checkins_csv(std::string_view text, const Limits& limits = {});
/// Reads check-ins and appends them to the graph, all or nothing.
///
/// Errors name the line of the offending row.
/// @param graph the graph; unchanged if anything fails
/// @param text the CSV text
/// @param limits the limits applied (max_checkins counts the graph's check-ins too)
/// @throws okr::Error as read_checkins_csv() and Graph::check_in_batch()
void load_checkins_csv(Graph& graph, std::string_view text, const Limits& limits = {});

/// A weekly scorecard (EOS): one KPI per row: optional id, team (department), owner, the KPI's
/// title (kpi / measurable), optional goal ("≥ 5", "<= 3", "5", "3-5"), unit, aggregation, then
/// one column per week headed by its date ("2026-01-05", "2026-01-05 - 2026-01-11" or
/// "2026-W02"). An empty cell is a missing week. Without an id column, ids are made from the
/// title (and the team when two titles agree).
/// Limits: ids within max_id_bytes, at most max_kpi_values observations.
///
/// The KPIs are checked here for their CSV form only; the rules of the model are checked when
/// they are added (Graph::add_kpis()).
/// @param text the CSV text
/// @param limits the limits applied (max_kpi_values counts every cell of the week columns)
/// @return one KPI per row, in file order
/// @throws okr::Error as parse_csv(); ErrorCode::parse for a header that is neither a scorecard
///         column nor a week, two columns in the same ISO week, two columns that mean the same
///         field, or neither a title nor an id column; ErrorCode::invalid_argument for a row
///         without id and title, an unreadable goal, aggregation or number, or a title from
///         which no id can be made; ErrorCode::duplicate for two rows with the same id;
///         ErrorCode::limit for an id over max_id_bytes or too many observations
std::vector<Kpi> read_scorecard_csv(std::string_view text, const Limits& limits = {});
/// Reads a scorecard and adds its KPIs to the graph, all or nothing.
///
/// Errors name the line of the offending row.
/// @param graph the graph; unchanged if anything fails
/// @param text the CSV text
/// @param limits the limits applied
/// @throws okr::Error as read_scorecard_csv() and Graph::add_kpis() (ErrorCode::duplicate for an
///         id the graph already has)
void load_scorecard_csv(Graph& graph, std::string_view text, const Limits& limits = {});

}  // namespace okr
