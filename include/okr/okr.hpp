// okr — umbrella header.
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
