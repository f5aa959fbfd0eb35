// Limits on untrusted input (include/okr/limits.hpp): their own validity.
#include <string>
#include <utility>

#include "okr/error.hpp"
#include "okr/limits.hpp"

namespace okr {

void Limits::validate() const {
    for (auto [v, name] : {std::pair{max_document_bytes, "max_document_bytes"}, {max_id_bytes, "max_id_bytes"},
                           {max_text_bytes, "max_text_bytes"}, {max_nodes, "max_nodes"}, {max_links, "max_links"},
                           {max_checkins, "max_checkins"}, {max_kpi_values, "max_kpi_values"}})
        if (v == 0) throw Error(ErrorCode::invalid_argument, std::string("limits: ") + name + " must be > 0");
    if (max_depth < 4) throw Error(ErrorCode::invalid_argument, "limits: max_depth must be >= 4 (a document nests 3 levels)");
}

}  // namespace okr
