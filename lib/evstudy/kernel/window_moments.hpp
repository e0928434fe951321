// Market-model moments of any window of days in O(L/B) from per-block centred prefix sums (B =
// 32 days), instead of two passes over the window: the estimation kernel for many (security,
// event) pairs on one security. Numerically: sums are of deviations from each block's own
// mean, so a large common level never enters a difference; blocks are merged with the
// pairwise (Chan, Golub & LeVeque 1979) update of means and co-moments. Pure.
#pragma once

#include <span>
#include <vector>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// Moments of (r, m) over the days where both exist: n, means and centred sums of squares and
/// cross-products.
struct Moments2 {
  double n = 0.0;
  double mean_r = 0.0, mean_m = 0.0;
  double s_rr = 0.0, s_mm = 0.0, s_rm = 0.0;
};

/// Merges the moments of two disjoint sets of days.
Moments2 merge(const Moments2& a, const Moments2& b);

class WindowMoments {
 public:
  static constexpr std::size_t block = 32;

  /// Builds the block prefix sums of one security's returns `r` and the market's `m` (same length).
  WindowMoments(std::span<const double> r, std::span<const double> m);

  /// Moments over days [begin, end) (clamped to the data).
  Moments2 over(i64 begin, i64 end) const;

 private:
  /// Moments over [begin, end) inside block k, from its prefix sums; means as offsets from the
  /// block's reference.
  Moments2 in_block(std::size_t k, std::size_t begin, std::size_t end) const;

  std::size_t size_;
  std::vector<double> ref_r_, ref_m_;  // per block: the reference (mean of the block's valid days)
  // Per day: running sums since the block start of n, dr, dm, dr^2, dm^2, dr*dm (d = value - ref).
  std::vector<double> n_, sr_, sm_, srr_, smm_, srm_;
  std::vector<Moments2> whole_;        // per block: its moments (for blocks a window covers fully)
};

}  // namespace evstudy
