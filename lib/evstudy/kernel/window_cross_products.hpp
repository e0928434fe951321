// The factor-model generalisation of WindowMoments: the means and centred cross-product matrix
// of (y, x_1..x_k) over any window of days in O(B + L/B), from per-block centred moments (B =
// 32 days). y_t = a_t - b_t (a security's excess return R - R_f), taken on days where y and
// every x exist. Numerically as WindowMoments: sums of deviations from each part's own mean (a
// whole block's, or the days a window takes of a partial block), parts merged by the pairwise
// update (Chan, Golub & LeVeque 1979) with means as offsets from the first part with days. Pure.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// Moments of p <= max_variables variables over a set of days: count, means, and the centred
/// cross-product matrix c (row-major p x p). Variable 0 is y, then x_1..x_k.
struct MomentsP {
  static constexpr std::size_t max_variables = 8;
  std::size_t p = 0;
  double n = 0.0;
  std::array<double, max_variables> mean{};
  std::array<double, max_variables * max_variables> c{};

  double cross(std::size_t i, std::size_t j) const { return c[i * p + j]; }
};

/// Merges the moments of two disjoint sets of days (same p).
MomentsP merge(const MomentsP& a, const MomentsP& b);

class WindowCrossProducts {
 public:
  static constexpr std::size_t block = 32;

  /// Builds the block moments of y = a - b on the columns `x` (all the same length, at most
  /// MomentsP::max_variables - 1 of them; all must outlive this object).
  WindowCrossProducts(std::span<const double> a, std::span<const double> b, std::vector<std::span<const double>> x);

  /// Moments over days [begin, end) (clamped to the data).
  MomentsP over(i64 begin, i64 end) const;

 private:
  /// Day t's values (y first) into `v`; false when one is missing.
  bool values(std::size_t t, double* v) const;
  /// The mean of the usable days in [begin, end) into `ref` (p values; 0 when none is usable).
  void mean_of(std::size_t begin, std::size_t end, double* ref) const;
  /// Moments over [begin, end), means as offsets from `ref`.
  MomentsP about(const double* ref, std::size_t begin, std::size_t end) const;

  std::span<const double> a_, b_;
  std::vector<std::span<const double>> x_;
  std::size_t p_ = 0;
  std::vector<double> ref_;     // per block, p values: the reference (mean of the block's usable days)
  std::vector<MomentsP> whole_; // per block: its moments, means as offsets from the reference
};

}  // namespace evstudy
