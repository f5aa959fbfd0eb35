#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "okr/regression.hpp"

using namespace okr;

namespace {

void check_vector(const Eigen::VectorXd& got, const std::vector<double>& want, double rel) {
    REQUIRE(static_cast<std::size_t>(got.size()) == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(got(static_cast<Eigen::Index>(i)) == Approx(want[i]).epsilon(rel));
}

// 12 periods, y missing in period 5 and x2 in period 9 (10 complete rows).
struct Data {
    Eigen::MatrixXd X = Eigen::MatrixXd(12, 2);
    std::vector<double> y{4.2, 4.1, 7.9, 7.2, 11.5, okr::nan, 11.9, 16.8, 18.0, 18.3, 21.9, 25.4};
    Data() {
        const double x2[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, okr::nan, 5, 8};
        for (int i = 0; i < 12; ++i) {
            X(i, 0) = i + 1.0;
            X(i, 1) = x2[i];
        }
    }
};

}  // namespace

TEST_CASE("ols: exact linear data gives the exact parameters", "[regression]") {
    Eigen::MatrixXd X(8, 2);
    std::vector<double> y(8);
    const double b[] = {2, 7, 1, 8, 2, 8, 1, 8};
    for (int i = 0; i < 8; ++i) {
        X(i, 0) = i;
        X(i, 1) = b[i];
        y[static_cast<std::size_t>(i)] = 1.0 + 2.0 * i - 0.5 * b[i];
    }
    const OlsResult r = ols(X, y, {"a", "b"});
    CHECK(r.names == std::vector<std::string>{"const", "a", "b"});
    CHECK(r.params(0) == Approx(1.0).epsilon(1e-12));
    CHECK(r.params(1) == Approx(2.0).epsilon(1e-12));
    CHECK(r.params(2) == Approx(-0.5).epsilon(1e-12));
    CHECK(r.rsquared == Approx(1.0).epsilon(1e-12));
    CHECK(r.nobs == 8);
    CHECK(r.df_resid == 5.0);
    CHECK(r.cov_type == "nonrobust");
}

TEST_CASE("ols: statsmodels' values / nonrobust and HAC", "[regression]") {
    const Data d;
    // statsmodels 0.13.5: sm.OLS(y, sm.add_constant(X), missing="drop").fit()
    const OlsResult r = ols(d.X, d.y, {"x1", "x2"});
    CHECK(r.nobs == 10);
    CHECK(r.df_resid == 7.0);
    check_vector(r.params, {-0.05032559456398378, 1.5760617214043036, 0.7921857304643253}, 1e-11);
    check_vector(r.bse, {0.3112760532526018, 0.05752717840857257, 0.09655986684688617}, 1e-11);
    check_vector(r.tvalues, {-0.16167512418035043, 27.396819468716416, 8.204088886332919}, 1e-11);
    check_vector(r.pvalues, {0.8761292653082526, 2.2147800312896522e-08, 7.757915876110985e-05}, 1e-10);
    CHECK(r.rsquared == Approx(0.9971080639620026).epsilon(1e-12));
    CHECK(r.rsquared_adj == Approx(0.9962817965225748).epsilon(1e-12));

    // .fit(cov_type="HAC", cov_kwds={"maxlags": 2}): no small-sample correction, normal p-values.
    const OlsResult h = ols(d.X, d.y, {"x1", "x2"}, true, "HAC", 2);
    CHECK(h.cov_type == "HAC");
    CHECK(h.maxlags == 2);
    CHECK_FALSE(h.use_correction);
    check_vector(h.params, {-0.05032559456398378, 1.5760617214043036, 0.7921857304643253}, 1e-11);
    check_vector(h.bse, {0.2142195589084411, 0.05224242981159506, 0.05810813474071781}, 1e-11);
    check_vector(h.tvalues, {-0.23492530196784356, 30.168231590455257, 13.632957485197354}, 1e-11);
    check_vector(h.pvalues, {0.8142667109333792, 6.185720003058413e-200, 2.5503166002484122e-42}, 1e-9);
    CHECK(h.df_resid == 7.0);
    // maxlags < 0: ⌊4 (10/100)^(2/9)⌋ = 2, the same fit.
    const OlsResult hd = ols(d.X, d.y, {"x1", "x2"}, true, "HAC");
    CHECK(hd.maxlags == 2);
    check_vector(hd.bse, {0.2142195589084411, 0.05224242981159506, 0.05810813474071781}, 1e-11);

    // cov_kwds={"maxlags": 2, "use_correction": True}: cov × n/(n − k).
    const OlsResult hc = ols(d.X, d.y, {"x1", "x2"}, true, "HAC", 2, true);
    check_vector(hc.bse, {0.25604134548636326, 0.06244164673196244, 0.06945250507716372}, 1e-11);
    check_vector(hc.pvalues, {0.844177659293901, 1.4381205865115864e-140, 3.895917792013512e-30}, 1e-9);

    // Without an intercept (sm.OLS(y, X, missing="drop").fit()): uncentred R².
    const OlsResult nc = ols(d.X, d.y, {"x1", "x2"}, false);
    CHECK(nc.names == std::vector<std::string>{"x1", "x2"});
    check_vector(nc.params, {1.5737748737748736, 0.785788535788535}, 1e-11);
    check_vector(nc.bse, {0.05225705429488826, 0.08254539962717176}, 1e-11);
    check_vector(nc.pvalues, {1.603634825582502e-09, 1.2244877424357251e-05}, 1e-10);
    CHECK(nc.rsquared == Approx(0.999336781347582).epsilon(1e-12));
    CHECK(nc.rsquared_adj == Approx(0.9991709766844774).epsilon(1e-12));
    CHECK(nc.df_resid == 8.0);

    // An explicit constant column instead of add_intercept: same fit, centred R² (k_constant = 1).
    Eigen::MatrixXd Xc(12, 3);
    Xc.col(0).setConstant(2.0);
    Xc.rightCols(2) = d.X;
    const OlsResult ec = ols(Xc, d.y, {"two", "x1", "x2"}, false);
    CHECK(ec.params(0) * 2.0 == Approx(-0.05032559456398378).epsilon(1e-10));
    CHECK(ec.rsquared == Approx(0.9971080639620026).epsilon(1e-12));
    CHECK(ec.rsquared_adj == Approx(0.9962817965225748).epsilon(1e-12));
}

TEST_CASE("ols: bad input is a clear error", "[regression][errors]") {
    Data d;
    REQUIRE_THROWS_WITH(ols(d.X, d.y, {"x1"}), Catch::Contains("names"));
    REQUIRE_THROWS_WITH(ols(d.X, std::vector<double>(11, 1.0), {"x1", "x2"}), Catch::Contains("rows"));
    REQUIRE_THROWS_WITH(ols(d.X, d.y, {"x1", "x2"}, true, "HC1"), Catch::Contains("cov_type"));
    REQUIRE_THROWS_WITH(ols(d.X.topRows(3), std::vector<double>{1, 2, 3}, {"x1", "x2"}), Catch::Contains("complete rows"));
    Eigen::MatrixXd twice(12, 2);
    twice.col(0) = d.X.col(0);
    twice.col(1) = 2.0 * d.X.col(0);
    REQUIRE_THROWS_WITH(ols(twice, d.y, {"a", "b"}), Catch::Contains("collinear") && Catch::Contains("rank 2 of 3"));
    Eigen::MatrixXd flat = d.X;
    flat.col(1).setConstant(4.0);
    REQUIRE_THROWS_WITH(ols(flat, d.y, {"x1", "x2"}), Catch::Contains("collinear"));
    d.X(3, 1) = -INFINITY;
    REQUIRE_THROWS_WITH(ols(d.X, d.y, {"x1", "x2"}), Catch::Contains("X column 1 (\"x2\"), row 3") && Catch::Contains("infinite"));
    d.X(3, 1) = 1.0;
    d.y[2] = INFINITY;
    REQUIRE_THROWS_WITH(ols(d.X, d.y, {"x1", "x2"}), Catch::Contains("y: value at position 2"));
    try {
        ols(twice, d.y, {"a", "b"});
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::invalid_argument);
    }
}

TEST_CASE("partial correlation: the residual method", "[regression]") {
    const std::vector<double> x{2, 4, 5, 7, 8, 11, 12, 15, 15, 18}, y{1, 3, 2, 6, 5, 7, 10, 9, 12, 11};
    Eigen::MatrixXd z(10, 1);
    z << 1, 2, 2, 3, 5, 5, 6, 8, 8, 9;
    // numpy least-squares residuals, np.corrcoef, scipy.stats.t with n − 2 − k = 7 df;
    // Fisher z interval with SE 1/√(n − 4) (Spearman √(1.06/(n − 4))).
    const PairStats p = partial_correlation(x, y, z, CorrMethod::pearson);
    CHECK(p.n == 10);
    CHECK(p.r == Approx(0.42731334085327094).epsilon(1e-12));
    CHECK(p.p == Approx(0.2513023354168727).epsilon(1e-10));
    CHECK(p.ci_low == Approx(-0.33064007418508085).epsilon(1e-10));
    CHECK(p.ci_high == Approx(0.8501676233800086).epsilon(1e-10));
    const PairStats s = partial_correlation(x, y, z, CorrMethod::spearman);
    CHECK(s.r == Approx(0.15617376188860643).epsilon(1e-12));
    CHECK(s.p == Approx(0.6882412134008131).epsilon(1e-10));
    CHECK(s.ci_low == Approx(-0.5825701389779702).epsilon(1e-10));
    CHECK(s.ci_high == Approx(0.7536148180750846).epsilon(1e-10));

    // No covariates: the ordinary correlation.
    const PairStats none = partial_correlation(x, y, Eigen::MatrixXd(10, 0), CorrMethod::pearson);
    const PairStats plain = correlate_pair(x, y, CorrMethod::pearson);
    CHECK(none.r == Approx(plain.r).epsilon(1e-12));
    CHECK(none.p == Approx(plain.p).epsilon(1e-10));
    CHECK(none.ci_low == Approx(plain.ci_low).epsilon(1e-10));

    // Missing values are dropped listwise.
    std::vector<double> xm = x;
    xm[3] = okr::nan;
    Eigen::MatrixXd zm = z;
    zm(6, 0) = okr::nan;
    CHECK(partial_correlation(xm, y, zm, CorrMethod::pearson).n == 8);

    // Edge cases: NaN with a reason.
    const std::vector<double> c(10, 3.0);
    CHECK(partial_correlation(c, y, z, CorrMethod::pearson).reason == CorrReason::constant);
    std::vector<double> explained(10);
    for (int i = 0; i < 10; ++i) explained[static_cast<std::size_t>(i)] = 0.1 + 3.0 * z(i, 0);
    const PairStats e = partial_correlation(explained, y, z, CorrMethod::pearson);
    CHECK(std::isnan(e.r));
    CHECK(e.reason == CorrReason::constant);
    CHECK(partial_correlation(x, y, z, CorrMethod::pearson, 11).reason == CorrReason::too_few);
    const std::vector<double> x3{1, 2, 3}, y3{2, 1, 3};
    Eigen::MatrixXd z3(3, 1);
    z3 << 1, 5, 2;
    CHECK(partial_correlation(x3, y3, z3, CorrMethod::pearson).reason == CorrReason::too_few);  // n = 3 < k + 3

    // Bad input.
    REQUIRE_THROWS_WITH(partial_correlation(x, y, z, CorrMethod::kendall), Catch::Contains("method"));
    REQUIRE_THROWS_WITH(partial_correlation(x, y3, z, CorrMethod::pearson), Catch::Contains("length"));
    Eigen::MatrixXd zz(10, 2);
    zz.col(0) = z.col(0);
    zz.col(1) = 2.0 * z.col(0);
    REQUIRE_THROWS_WITH(partial_correlation(x, y, zz, CorrMethod::pearson), Catch::Contains("covariates: collinear"));
    Eigen::MatrixXd zi = z;
    zi(4, 0) = INFINITY;
    REQUIRE_THROWS_WITH(partial_correlation(x, y, zi, CorrMethod::pearson), Catch::Contains("covariates column 0, row 4"));
    REQUIRE_THROWS_WITH(partial_correlation(x, y, z, CorrMethod::pearson, 1), Catch::Contains("min_periods"));
    REQUIRE_THROWS_WITH(partial_correlation(x, y, z, CorrMethod::pearson, 3, 0.0), Catch::Contains("level"));
}

TEST_CASE("rolling correlation: pandas' window semantics", "[regression]") {
    const std::vector<double> x{1, 2, okr::nan, 4, 5, 5, 5, 5, 3, 1}, y{2, 1, 3, okr::nan, 5, 6, 7, 8, 4, 4};
    // pandas 1.5.3: x.rolling(4, min_periods=2).corr(y)
    const Eigen::VectorXd r = rolling_correlation(x, y, 4, 2);
    REQUIRE(r.size() == 10);
    CHECK(std::isnan(r(0)));  // one pair
    CHECK(r(1) == Approx(-1.0));
    CHECK(r(2) == Approx(-1.0));  // the NaN is skipped, two pairs remain
    CHECK(r(3) == Approx(-1.0));
    CHECK(r(4) == Approx(1.0));
    CHECK(std::isnan(r(5)));  // x constant over the complete pairs
    CHECK(std::isnan(r(6)));
    CHECK(std::isnan(r(7)));
    CHECK(r(8) == Approx(0.8783100656536799).epsilon(1e-12));
    CHECK(r(9) == Approx(0.8866206949335731).epsilon(1e-12));
    // Default min_periods = window: x.rolling(3).corr(y)
    const Eigen::VectorXd d = rolling_correlation(x, y, 3);
    for (int i = 0; i < 8; ++i) CHECK(std::isnan(d(i)));
    CHECK(d(8) == Approx(0.9707253433941521).epsilon(1e-12));
    CHECK(d(9) == Approx(0.8660254037844386).epsilon(1e-12));
    // |r| never exceeds 1.
    std::vector<double> a(30), b(30);
    for (int i = 0; i < 30; ++i) {
        a[static_cast<std::size_t>(i)] = 0.1 * i;
        b[static_cast<std::size_t>(i)] = 3.0 * a[static_cast<std::size_t>(i)] + 0.7;
    }
    const Eigen::VectorXd one = rolling_correlation(a, b, 5, 2);
    for (int i = 1; i < 30; ++i) {
        CHECK(one(i) <= 1.0);
        CHECK(one(i) == Approx(1.0));
    }

    REQUIRE_THROWS_WITH(rolling_correlation(x, y, 1, 1), Catch::Contains("window"));
    REQUIRE_THROWS_WITH(rolling_correlation(x, y, 3, 4), Catch::Contains("min_periods"));
    const std::vector<double> shorter{1, 2, 3};
    REQUIRE_THROWS_WITH(rolling_correlation(x, shorter, 3, 2), Catch::Contains("length"));
    std::vector<double> inf = y;
    inf[6] = -INFINITY;
    REQUIRE_THROWS_WITH(rolling_correlation(x, inf, 3, 2), Catch::Contains("y: value at position 6"));
}
