// The CSV fuzz targets' shared body: load a CSV file into the example organisation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "okr/okr.hpp"

namespace okr_fuzz {

// The bundled example organisation (examples/learning_platform.json), read once.
const okr::Graph& example_graph();

// Loads `text` with `load` into a copy of the example: on success the graph must pass exercise();
// on an okr::Error the copy must be unchanged (all or nothing). One input in three is read under
// tight limits.
void fuzz_csv(const std::uint8_t* data, std::size_t size,
              void (*load)(okr::Graph&, std::string_view, const okr::Limits&));

}  // namespace okr_fuzz
