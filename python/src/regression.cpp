// okr._core bindings of okr/regression.hpp; okr.ols, okr.partial_corr and okr.rolling_corr
// (python/okr/regression.py) wrap these. Conversion only; the GIL is released for the numeric work.
#include <string>
#include <vector>

#include "bindings.hpp"
#include "okr/regression.hpp"

using namespace okr::python;

// ---- helpers ----
namespace {

// Any numeric array is converted (copied if needed) to float64, column-major.
using FortranArray = py::array_t<double, py::array::f_style | py::array::forcecast>;

// A 2-D column-major array viewed as an Eigen matrix (no copy); `a` must outlive the view.
Eigen::Map<const Eigen::MatrixXd> matrix_view(const FortranArray& a, const char* what) {
    if (a.ndim() != 2)
        throw okr::Error(okr::ErrorCode::invalid_argument,
                         std::string(what) + " must be a 2-D array (got " + std::to_string(a.ndim()) + " dimensions)");
    return Eigen::Map<const Eigen::MatrixXd>(a.data(), static_cast<Eigen::Index>(a.shape(0)),
                                             static_cast<Eigen::Index>(a.shape(1)));
}

}  // namespace

// ---- the m.def calls ----
void okr::python::bind_regression(py::module_& m) {
    m.def(
        "_ols",
        [](const FortranArray& X, const std::vector<double>& y, const std::vector<std::string>& names, bool add_intercept,
           const std::string& cov_type, int maxlags, bool use_correction) {
            const Eigen::Map<const Eigen::MatrixXd> xm = matrix_view(X, "X");
            okr::OlsResult r;
            {
                py::gil_scoped_release release;
                r = okr::ols(xm, y, names, add_intercept, cov_type, maxlags, use_correction);
            }
            py::dict d;
            d["names"] = py::cast(r.names);
            d["params"] = py::cast(r.params);
            d["bse"] = py::cast(r.bse);
            d["tvalues"] = py::cast(r.tvalues);
            d["pvalues"] = py::cast(r.pvalues);
            d["rsquared"] = r.rsquared;
            d["rsquared_adj"] = r.rsquared_adj;
            d["nobs"] = r.nobs;
            d["df_resid"] = r.df_resid;
            d["cov_type"] = r.cov_type;
            d["maxlags"] = r.maxlags;
            d["use_correction"] = r.use_correction;
            d["cov_params"] = py::cast(r.cov_params);
            return d;
        },
        py::arg("X"), py::arg("y"), py::arg("names"), py::arg("add_intercept"), py::arg("cov_type"), py::arg("maxlags"),
        py::arg("use_correction"));
    m.def(
        "_partial_corr",
        [](const std::vector<double>& x, const std::vector<double>& y, const FortranArray& covariates,
           const std::string& method, int min_periods, double level) {
            const okr::CorrMethod mth = okr::parse_corr_method(method);
            const Eigen::Map<const Eigen::MatrixXd> z = matrix_view(covariates, "covariates");
            okr::PairStats s;
            {
                py::gil_scoped_release release;
                s = okr::partial_correlation(x, y, z, mth, min_periods, level);
            }
            py::dict d;
            d["r"] = s.r;
            d["n"] = s.n;
            d["p"] = s.p;
            d["ci_low"] = s.ci_low;
            d["ci_high"] = s.ci_high;
            d["reason"] = okr::to_string(s.reason);
            return d;
        },
        py::arg("x"), py::arg("y"), py::arg("covariates"), py::arg("method"), py::arg("min_periods"), py::arg("level"));
    m.def(
        "_rolling_corr",
        [](const std::vector<double>& x, const std::vector<double>& y, int window, int min_periods) {
            Eigen::VectorXd r;
            {
                py::gil_scoped_release release;
                r = okr::rolling_correlation(x, y, window, min_periods);
            }
            return r;
        },
        py::arg("x"), py::arg("y"), py::arg("window"), py::arg("min_periods"));
}
