// Market-model moments of any window of days in O(B + L/B) from per-block centred moments (B =
// 32 days) instead of two passes over the window: the estimation kernel for many (security,
// event) pairs on one security, at about 2 bytes a day. Numerically: sums are of deviations
// from each block's own mean, so a large common level never enters a difference; blocks are
// merged with the pairwise update of means and co-moments (Chan, Golub & LeVeque 1979). Pure.
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

  /// Builds the block moments of one security's returns `r` and the market's `m` (same length;
  /// both must outlive this object: partial blocks are read from them).
  WindowMoments(std::span<const double> r, std::span<const double> m);

  /// Moments over days [begin, end) (clamped to the data).
  Moments2 over(i64 begin, i64 end) const;

  /// Asks the CPU to start loading what over(begin, end) will read (a hint; no effect on
  /// results). A study visits each security once per event, far apart in memory: loading the
  /// next securities' blocks while this one is fitted hides most of the cache misses.
  void prefetch(i64 begin, i64 end) const;

 private:
  /// Moments over [begin, end) inside block k, scanned; means as offsets from the block's
  /// reference.
  Moments2 in_block(std::size_t k, std::size_t begin, std::size_t end) const;

  std::span<const double> r_, m_;
  std::vector<double> ref_r_, ref_m_;  // per block: the reference (mean of the block's valid days)
  std::vector<Moments2> whole_;        // per block: its moments (for blocks a window covers fully)
};

}  // namespace evstudy
