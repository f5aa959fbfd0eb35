// C ABI: KPI series matrix (okr_graph_kpis) and the okr_kpi_matrix accessors.
#include "okr.h"

#include <memory>

#include "internal.hpp"
#include "okr/date.hpp"
#include "okr/series.hpp"

using namespace okr::capi;

extern "C" {

okr_status okr_graph_kpis(const okr_graph* g, const char* freq, okr_kpi_matrix** out) {
    return guarded([&] {
        OKR_REQUIRE(g);
        OKR_REQUIRE(out);
        auto res = std::make_unique<okr_kpi_matrix>();
        res->m = okr::kpi_matrix(g->graph, okr::parse_freq(freq ? freq : "W"));
        for (okr::Date d : res->m.periods) res->starts.push_back(d.iso());
        *out = res.release();
    });
}

void okr_kpi_matrix_free(okr_kpi_matrix* m) { delete m; }

okr_status okr_kpi_matrix_shape(const okr_kpi_matrix* m, size_t* periods, size_t* kpis) {
    return guarded([&] {
        OKR_REQUIRE(m);
        if (periods) *periods = m->m.periods.size();
        if (kpis) *kpis = m->m.ids.size();
    });
}

okr_status okr_kpi_matrix_period(const okr_kpi_matrix* m, size_t i, const char** start) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(start);
        *start = m->starts[at_index(m->starts, i, "period")].c_str();
    });
}

okr_status okr_kpi_matrix_id(const okr_kpi_matrix* m, size_t j, const char** id) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(id);
        *id = m->m.ids[at_index(m->m.ids, j, "KPI")].c_str();
    });
}

okr_status okr_kpi_matrix_values(const okr_kpi_matrix* m, const double** values) {
    return guarded([&] {
        OKR_REQUIRE(m);
        OKR_REQUIRE(values);
        *values = m->m.values.data();
    });
}

}  // extern "C"
