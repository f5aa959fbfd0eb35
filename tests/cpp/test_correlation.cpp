#include <catch2/catch.hpp>

#include <cmath>

#include "helpers.hpp"

using namespace okr;

TEST_CASE("average ranks as scipy.stats.rankdata", "[correlation]") {
    const std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6, 5};
    CHECK(average_ranks(x) == std::vector<double>{4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5});
}

TEST_CASE("pair statistics: known values", "[correlation]") {
    // y = 2x + 1 exactly: r = 1, p = 0, CI collapses to 1.
    const std::vector<double> x{1, 2, 3, 4, 5, 6}, y{3, 5, 7, 9, 11, 13};
    const PairStats s = correlate_pair(x, y, CorrMethod::pearson);
    CHECK(s.r == 1.0);
    CHECK(s.p == 0.0);
    CHECK(s.n == 6);
    // scipy.stats.pearsonr([1,2,3,4,5],[2,1,4,3,5]) = (0.8, 0.10408803866182788)
    const std::vector<double> a{1, 2, 3, 4, 5}, b{2, 1, 4, 3, 5};
    const PairStats t = correlate_pair(a, b, CorrMethod::pearson);
    CHECK(t.r == Approx(0.8).epsilon(1e-12));
    CHECK(t.p == Approx(0.10408803866182788).epsilon(1e-10));
    // scipy.stats.kendalltau([1,2,3,4,5],[2,1,4,3,5]) = (0.6, 0.23333333333333334) (exact)
    const PairStats k = correlate_pair(a, b, CorrMethod::kendall, 3);
    CHECK(k.r == Approx(0.6).epsilon(1e-12));
    CHECK(k.p == Approx(0.23333333333333334).epsilon(1e-12));
    // Missing values are dropped pairwise; too few pairs and constant series give NaN with a reason.
    const std::vector<double> c{1, okr::nan, 3, okr::nan, 5}, d{2, 2, okr::nan, 2, 2};
    CHECK(correlate_pair(c, d, CorrMethod::pearson).reason == CorrReason::too_few);
    const std::vector<double> e{1, 2, 3, 4}, f{7, 7, 7, 7};
    CHECK(correlate_pair(e, f, CorrMethod::spearman).reason == CorrReason::constant);
}

TEST_CASE("matrix is symmetric with pandas' diagonal rules; bad input is an error", "[correlation][errors]") {
    Eigen::MatrixXd m(5, 3);
    m << 1, 5, 2, 2, 4, 2, 3, 3, 2, 4, 2, 2, 5, 1, 2;
    const Eigen::MatrixXd r = corr_matrix(m, CorrMethod::pearson);
    CHECK(r(0, 1) == Approx(-1.0));
    CHECK(r(0, 1) == r(1, 0));
    CHECK(std::isnan(r(2, 2)));  // constant column
    CHECK(corr_matrix(m, CorrMethod::kendall)(2, 2) == 1.0);
    m(3, 1) = INFINITY;
    REQUIRE_THROWS_WITH(corr_matrix(m, CorrMethod::pearson), Catch::Contains("column 1, row 3"));
    REQUIRE_THROWS_AS(parse_corr_method("pearsonr"), Error);
    const std::vector<double> x{1, 2, 3}, y{1, 2};
    REQUIRE_THROWS_WITH(correlate_pair(x, y, CorrMethod::pearson), Catch::Contains("length"));
    REQUIRE_THROWS_WITH(correlate_pair(x, x, CorrMethod::pearson, 3, 1.0), Catch::Contains("level"));
}

TEST_CASE("lagged correlation: positive lag means the driver leads", "[correlation]") {
    std::vector<double> d(40), o(40);
    for (int i = 0; i < 40; ++i) d[static_cast<std::size_t>(i)] = std::sin(i * 0.7) + 0.1 * i;
    for (int i = 0; i < 40; ++i) o[static_cast<std::size_t>(i)] = i >= 3 ? -2 * d[static_cast<std::size_t>(i - 3)] : 0.0;
    const std::vector<int> lags{0, 1, 2, 3, 4};
    const auto rows = lagged_correlation(d, o, lags, CorrMethod::pearson);
    CHECK(rows[3].lag == 3);
    CHECK(rows[3].stats.r == Approx(-1.0));
    CHECK(rows[3].stats.n == 37);
    const std::vector<int> far{40};
    REQUIRE_THROWS_WITH(lagged_correlation(d, o, far, CorrMethod::pearson), Catch::Contains("overlap"));
}

TEST_CASE("Benjamini-Hochberg q-values", "[correlation]") {
    const std::vector<double> p{0.01, okr::nan, 0.04, 0.03, 0.5};
    const auto q = bh_qvalues(p);
    CHECK(q[0] == Approx(0.04));  // 0.01 * 4 / 1
    CHECK(std::isnan(q[1]));
    CHECK(q[2] == Approx(0.04 * 4 / 3));
    CHECK(q[3] == Approx(0.04 * 4 / 3));  // monotone: min over later ranks
    CHECK(q[4] == Approx(0.5));
}
