#include <catch2/catch.hpp>

#include <limits>

#include <cmath>
#include <random>

#include "correlation/matrix.hpp"  // internal: the choice of kernel
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
    // A constant whose mean does not come out exact in binary (three 0.1s): still constant, as
    // in pandas, on every path (pair, lagged, matrix diagonal and off-diagonal).
    const std::vector<double> tenth{0.1, 0.1, 0.1}, other{0.4, -0.5, -0.6};
    const PairStats pc = correlate_pair(tenth, other, CorrMethod::pearson);
    CHECK(std::isnan(pc.r));
    CHECK(pc.reason == CorrReason::constant);
    const std::vector<int> lag0{0};
    CHECK(lagged_correlation(tenth, other, lag0, CorrMethod::pearson)[0].stats.reason == CorrReason::constant);
    Eigen::MatrixXd tm(3, 2);
    tm << 0.1, 0.4, 0.1, -0.5, 0.1, -0.6;
    const Eigen::MatrixXd tr = corr_matrix(tm, CorrMethod::pearson);
    CHECK(std::isnan(tr(0, 0)));
    CHECK(std::isnan(tr(0, 1)));
    CHECK(tr(1, 1) == 1.0);
}

TEST_CASE("matrix is symmetric with pandas' diagonal rules / bad input is an error", "[correlation][errors]") {
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

namespace {

// Share of independent pairs called significant at 5 % (lag 0, Pearson), with and without
// the corrections: the calibration check of the issue (seeded Monte Carlo, 2,000 pairs, T = 52).
std::pair<double, double> false_positive_rates(bool random_walk, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> e(0, 1);
    const std::size_t T = 52, pairs = 2000;
    std::size_t naive = 0, corrected = 0;
    LeadOptions o;
    o.lags = {0};
    o.method = CorrMethod::pearson;
    o.transform = random_walk ? Transform::diff : Transform::none;
    o.adjust = !random_walk;
    LeadOptions plain = o;
    plain.transform = Transform::none;
    plain.adjust = false;
    for (std::size_t k = 0; k < pairs; ++k) {
        Eigen::MatrixXd x(T, 1);
        std::vector<double> y(T);
        double a = 0, b = 0;
        for (std::size_t t = 0; t < T; ++t) {
            a = (random_walk ? 1.0 : 0.8) * a + e(rng);
            b = (random_walk ? 1.0 : 0.8) * b + e(rng);
            x(static_cast<Eigen::Index>(t), 0) = a;
            y[t] = b;
        }
        naive += leading_indicators(x, y, {"x"}, "y", plain)[0].stats.p < 0.05;
        corrected += leading_indicators(x, y, {"x"}, "y", o)[0].stats.p < 0.05;
    }
    return {static_cast<double>(naive) / pairs, static_cast<double>(corrected) / pairs};
}

}  // namespace

TEST_CASE("calibration: corrections bring the false-positive rate back to alpha", "[correlation][calibration]") {
    const auto [ar_naive, ar_adjusted] = false_positive_rates(false, 11);
    const auto [rw_naive, rw_diff] = false_positive_rates(true, 12);
    WARN("AR(1) phi=0.8: naive " << ar_naive << ", n_eff-adjusted " << ar_adjusted << "; random walks: naive " << rw_naive
                                 << ", differenced " << rw_diff);
    CHECK(ar_naive > 0.15);
    CHECK(ar_adjusted >= 0.03);
    CHECK(ar_adjusted <= 0.07);
    CHECK(rw_naive > 0.3);
    CHECK(rw_diff >= 0.03);
    CHECK(rw_diff <= 0.07);
}

TEST_CASE("effective sample size", "[correlation]") {
    // White noise: n_eff stays near n; strongly autocorrelated series: far below.
    std::mt19937 rng(3);
    std::normal_distribution<double> e(0, 1);
    std::vector<double> a(200), b(200), c(200), d(200);
    double u = 0, v = 0;
    for (std::size_t t = 0; t < 200; ++t) {
        a[t] = e(rng);
        b[t] = e(rng);
        u = 0.95 * u + e(rng);
        v = 0.95 * v + e(rng);
        c[t] = u;
        d[t] = v;
    }
    CHECK(effective_n(a, b) > 150);
    CHECK(effective_n(c, d) < 60);
    CHECK(effective_n(c, d) >= 2);
    std::vector<double> inf = a;
    inf[3] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(effective_n(inf, b), Error);
    CHECK_THROWS_AS(effective_n(a, inf), Error);
}

TEST_CASE("lagged correlation with statsmodels' ccf normalisation", "[correlation]") {
    const std::vector<double> d{1, 3, 2, 5, 4, 6, 8, 7, 9, 12}, o{2, 1, 4, 3, 6, 5, 7, 9, 8, 10};
    const std::vector<int> lags{0, 1};
    const auto pw = lagged_correlation(d, o, lags, CorrMethod::pearson);
    const auto cc = lagged_correlation(d, o, lags, CorrMethod::pearson, 3, 0.95, LagNormalization::ccf);
    CHECK(cc[0].stats.r == Approx(pw[0].stats.r).epsilon(1e-12));  // at lag 0 both are Pearson's r
    CHECK(cc[1].stats.r != Approx(pw[1].stats.r).epsilon(1e-6));   // full-sample means differ from the overlap's
    std::vector<double> gap = d;
    gap[4] = okr::nan;
    REQUIRE_THROWS_WITH(lagged_correlation(gap, o, lags, CorrMethod::pearson, 3, 0.95, LagNormalization::ccf),
                        Catch::Contains("complete"));
}

namespace {

// T × K matrix of correlated series with missing values; `ties` rounds to halves.
Eigen::MatrixXd random_panel(std::uint64_t seed, Eigen::Index T, Eigen::Index K, double missing, bool ties) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> nd;
    std::uniform_real_distribution<double> u;
    Eigen::MatrixXd m(T, K);
    for (Eigen::Index t = 0; t < T; ++t) {
        const double common = nd(rng);
        for (Eigen::Index j = 0; j < K; ++j) {
            double v = 0.4 * common + nd(rng) + 1000.0 * static_cast<double>(j % 3);  // offsets test centring
            if (ties) v = std::round(v * 2) / 2;
            m(t, j) = u(rng) < missing ? okr::nan : v;
        }
    }
    return m;
}

}  // namespace

TEST_CASE("all-pairs matrices equal the pair-by-pair computation (tiles / masks / threads / SIMD)", "[correlation]") {
    // 150 series: three 64-wide tiles and padding; 130 periods: masks of three words.
    for (const bool ties : {false, true}) {
        Eigen::MatrixXd m = random_panel(ties ? 11 : 12, 130, 150, 0.15, ties);
        for (Eigen::Index t = 0; t < 130; ++t) {
            m(t, 5) = 7.0;                                          // constant series
            if (t >= 4) m(t, 6) = okr::nan;                         // only 4 values
            m(t, 7) = t % 2 ? okr::nan : m(t, 7);                   // half missing
            // On the pair (8, 9) series 8 is nearly constant (its spikes fall where 9 is missing),
            // though not over all its periods: the pair is decided by the exact two-pass path.
            m(t, 8) = t % 40 == 0 ? 1000.0 : 5.0 + 1e-6 * static_cast<double>(t % 3);
            if (t % 40 == 0) m(t, 9) = okr::nan;
        }
        for (const CorrMethod method : {CorrMethod::pearson, CorrMethod::spearman}) {
            const Eigen::MatrixXd r = corr_matrix(m, method, 5);
            const Eigen::MatrixXd portable = corr::corr_matrix(m, method, 5, /*simd=*/false);
            for (Eigen::Index i = 0; i < m.cols(); ++i)
                for (Eigen::Index j = 0; j < m.cols(); ++j) {
                    INFO("method " << to_string(method) << " ties " << ties << " pair " << i << ", " << j);
                    REQUIRE((r(i, j) == r(j, i) || (std::isnan(r(i, j)) && std::isnan(r(j, i)))));
                    const auto ci = m.col(i), cj = m.col(j);
                    const PairStats s = correlate_pair({ci.data(), 130}, {cj.data(), 130}, method, 5);
                    double want = s.r;
                    if (i == j && !std::isnan(want)) want = 1.0;
                    if (std::isnan(want)) {
                        REQUIRE(std::isnan(r(i, j)));
                        REQUIRE(std::isnan(portable(i, j)));
                    } else {
                        REQUIRE(r(i, j) == Approx(want).epsilon(1e-12).margin(1e-13));
                        REQUIRE(portable(i, j) == Approx(want).epsilon(1e-12).margin(1e-13));
                    }
                }
        }
    }
}

TEST_CASE("the Spearman scan equals lagged_correlation at every lag / incl. long and negative lags", "[correlation]") {
    const Eigen::MatrixXd m = random_panel(21, 150, 7, 0.12, true);
    const Eigen::MatrixXd drivers = m.leftCols(6);
    const std::vector<double> outcome(m.col(6).data(), m.col(6).data() + 150);
    std::vector<std::string> names;
    for (int k = 0; k < 6; ++k) names.push_back("d" + std::to_string(k));
    for (const std::vector<int>& lags : {std::vector<int>{-70, -3, 0, 2, 65, 100}, std::vector<int>{1}, std::vector<int>{-1}}) {
        LeadOptions o;
        o.lags = lags;
        o.adjust = false;
        const auto rows = leading_indicators(drivers, outcome, names, "y", o);
        REQUIRE(rows.size() == 6);
        for (const LeadRow& row : rows) {
            const auto col = drivers.col(static_cast<Eigen::Index>(row.driver));
            const int lag = row.lag;
            const auto ref = lagged_correlation({col.data(), 150}, outcome, std::span<const int>(&lag, 1), CorrMethod::spearman);
            INFO("driver " << row.driver << " lag " << lag);
            CHECK(row.stats.n == ref[0].stats.n);
            CHECK(row.stats.r == Approx(ref[0].stats.r).epsilon(1e-12));
            CHECK(row.stats.p == Approx(ref[0].stats.p).epsilon(1e-10));
            CHECK(row.stats.ci_low == Approx(ref[0].stats.ci_low).epsilon(1e-12));
        }
    }
}

TEST_CASE("okr::correlate is correlate_all on a matrix and correlate_pair on two series", "[correlation]") {
    const Eigen::MatrixXd m = random_panel(5, 40, 4, 0.1, false);
    const PairTable a = correlate(m, CorrMethod::spearman), b = correlate_all(m, CorrMethod::spearman);
    REQUIRE(a.stats.size() == 6);
    for (std::size_t i = 0; i < a.stats.size(); ++i) {
        CHECK(a.x[i] == b.x[i]);
        CHECK(a.stats[i].r == b.stats[i].r);
        CHECK(a.q[i] == b.q[i]);
    }
    const auto c0 = m.col(0), c1 = m.col(1);
    const PairStats s = correlate({c0.data(), 40}, {c1.data(), 40});
    CHECK(s.r == correlate_pair({c0.data(), 40}, {c1.data(), 40}, CorrMethod::pearson).r);
    CHECK(s.r == correlate(m).stats[0].r);  // the first pair of the table is (0, 1)
}

TEST_CASE("correlate_all (from the matrix kernels) equals pair-by-pair statistics", "[correlation]") {
    Eigen::MatrixXd m = random_panel(31, 130, 90, 0.2, true);
    for (Eigen::Index t = 0; t < 130; ++t) {
        m(t, 3) = 2.0;                     // constant: reason "constant"
        if (t >= 2) m(t, 4) = okr::nan;    // two values: too few for min_periods 3
    }
    for (const CorrMethod method : {CorrMethod::pearson, CorrMethod::spearman}) {
        const PairTable all = correlate_all(m, method, 3, 0.9);
        REQUIRE(all.stats.size() == 90 * 89 / 2);
        for (std::size_t i = 0; i < all.stats.size(); ++i) {
            const auto cx = m.col(all.x[i]), cy = m.col(all.y[i]);
            const PairStats want = correlate_pair({cx.data(), 130}, {cy.data(), 130}, method, 3, 0.9);
            const PairStats& got = all.stats[i];
            INFO(to_string(method) << " pair " << all.x[i] << ", " << all.y[i]);
            REQUIRE(got.n == want.n);
            REQUIRE(got.reason == want.reason);
            if (std::isnan(want.r)) {
                REQUIRE(std::isnan(got.r));
                REQUIRE(std::isnan(got.p));
                continue;
            }
            REQUIRE(got.r == Approx(want.r).epsilon(1e-12).margin(1e-14));
            REQUIRE(got.p == Approx(want.p).epsilon(1e-9).margin(1e-300));
            REQUIRE(got.ci_low == Approx(want.ci_low).epsilon(1e-12).margin(1e-14));
            REQUIRE(got.ci_high == Approx(want.ci_high).epsilon(1e-12).margin(1e-14));
        }
    }
}
