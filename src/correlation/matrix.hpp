// All-pairs correlation (internal to src/correlation).
#pragma once

#include <Eigen/Core>

#include "okr/correlation.hpp"

namespace okr::corr {

// corr_matrix with the choice of kernel: `simd` false forces the portable Pearson tile kernel
// even where AVX2 is available (the results agree; tests compare the two).
Eigen::MatrixXd corr_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data, CorrMethod method, int min_periods, bool simd);

}  // namespace okr::corr
