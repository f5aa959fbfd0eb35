// C ABI: ordinary least squares (okr_ols) and the okr_ols_result accessors.
#include "okr.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "internal.hpp"
#include "okr/regression.hpp"

using namespace okr::capi;

extern "C" {

okr_status okr_ols(const double* X, size_t rows, size_t cols, const double* y, const char* const* names, int add_intercept,
                   const char* cov_type, int maxlags, okr_ols_result** out) {
    return guarded([&] {
        OKR_REQUIRE(out);
        check_matrix(X, rows, cols, "X");
        check_matrix(y, rows, 1, "y");
        std::vector<std::string> ns;
        for (std::size_t j = 0; j < cols; ++j) {
            if (names && !names[j]) null_arg("names[j]");
            ns.emplace_back(names ? std::string(names[j]) : "x" + std::to_string(j + 1));
        }
        const Eigen::Map<const Eigen::MatrixXd> m(X, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
        auto res = std::make_unique<okr_ols_result>();
        res->r = okr::ols(m, {y, rows}, ns, add_intercept != 0, cov_type ? cov_type : "nonrobust", maxlags);
        *out = res.release();
    });
}

void okr_ols_result_free(okr_ols_result* r) { delete r; }

okr_status okr_ols_param_count(const okr_ols_result* r, size_t* out) {
    return guarded([&] {
        OKR_REQUIRE(r);
        OKR_REQUIRE(out);
        *out = r->r.names.size();
    });
}

okr_status okr_ols_param(const okr_ols_result* r, size_t i, const char** name, double* param, double* bse, double* tvalue,
                         double* pvalue) {
    return guarded([&] {
        OKR_REQUIRE(r);
        at_index(r->r.names, i, "parameter");
        const auto k = static_cast<Eigen::Index>(i);
        if (name) *name = r->r.names[i].c_str();
        if (param) *param = r->r.params(k);
        if (bse) *bse = r->r.bse(k);
        if (tvalue) *tvalue = r->r.tvalues(k);
        if (pvalue) *pvalue = r->r.pvalues(k);
    });
}

okr_status okr_ols_fit(const okr_ols_result* r, double* rsquared, double* rsquared_adj, size_t* nobs, double* df_resid) {
    return guarded([&] {
        OKR_REQUIRE(r);
        if (rsquared) *rsquared = r->r.rsquared;
        if (rsquared_adj) *rsquared_adj = r->r.rsquared_adj;
        if (nobs) *nobs = r->r.nobs;
        if (df_resid) *df_resid = r->r.df_resid;
    });
}

}  // extern "C"
