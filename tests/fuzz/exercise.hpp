// What every fuzz target asks of a graph that loaded (tests/fuzz/README.md).
#pragma once

#include <string>

#include "okr/okr.hpp"

namespace okr_fuzz {

// Checks a loaded graph's invariants, aborting on the first that breaks:
// - it writes back to a document that reads to the same graph (a fixed point of load/to_json);
// - every score is NaN or in [0, 1] (>= 0 without the clamp policy), with a status that agrees
//   with it (planned and no_data: NaN; done: >= 1; a health KR is never done);
// - score_vector and score_node give exactly score_all's scores;
// - an incremental scorer given check-ins ends with exactly a full rescore's results, and a
//   check-in it refuses leaves the graph as it was;
// - alignment, Rocks, scorecard, KPI matrix and lint run, failing only with okr::Error, and the
//   sentences of their findings are valid UTF-8.
// Returns the document written back.
std::string exercise(const okr::Graph& graph);

// The outcome of reading a document: the document written back, or the error.
struct Outcome {
    bool ok = false;
    okr::ErrorCode code = okr::ErrorCode::parse;
    std::string text;  // the document written back, or the error message
};

}  // namespace okr_fuzz
