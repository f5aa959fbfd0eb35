/// @file
/// @brief okr — umbrella header: includes every public header of the C++ API.
#pragma once

#include "okr/alignment.hpp"
#include "okr/correlation.hpp"
#include "okr/date.hpp"
#include "okr/error.hpp"
#include "okr/io_csv.hpp"
#include "okr/io_json.hpp"
#include "okr/model.hpp"
#include "okr/regression.hpp"
#include "okr/rocks.hpp"
#include "okr/scorecard.hpp"
#include "okr/scoring.hpp"
#include "okr/series.hpp"
#include "okr/version.hpp"

/// @namespace okr
/// @brief The okr C++ API: the goal model (okr::Graph), its JSON and CSV readers, scoring,
/// alignment, Rocks, the scorecard, lint and the correlation engine.
///
/// Errors are thrown as okr::Error with an okr::ErrorCode. Thread-safety (docs/c_api.md): the
/// `const` member functions of okr::Graph and the free functions taking `const Graph&` may run
/// at the same time on one graph; a mutating call needs exclusive access; an
/// okr::IncrementalScorer belongs to one thread at a time. Results are plain values owned by the
/// caller.
