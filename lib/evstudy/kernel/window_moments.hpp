// Market-model moments of any window of days in O(B + L/B) from per-block centred moments (B =
// 32 days) instead of two passes over the window: the estimation kernel for many (security,
// event) pairs on one security, at 2 bytes a day. Numerically: a window's parts (the partial
// blocks at its ends, scanned, and the whole blocks between) each sum deviations from one of
// their own days (shifted data: Chan, Golub & LeVeque 1983), so neither a large common level nor
// a level that moves inside a block enters a difference; the parts are combined by the two-pass
// formula at block level (their weighted mean first, then their squared deviations from it),
// which needs no division per part. Pure.
#pragma once

#include <span>
#include <vector>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {

/// Moments of (r, m) over the days where both exist: n, means and centred sums of squares and
/// cross-products.
struct Moments2 {
  double n = 0.0;
  double mean_r = 0.0, mean_m = 0.0;
  double s_rr = 0.0, s_mm = 0.0, s_rm = 0.0;
};

class WindowMoments {
 public:
  static constexpr std::size_t block = 32;

  /// Builds the block moments of one security's returns `r` and the market's `m` (same length;
  /// both must outlive this object: partial blocks are read from them). `instructions`: see
  /// core/instructions.hpp (the same bits either way).
  WindowMoments(std::span<const double> r, std::span<const double> m, Instructions instructions = Instructions::best);

  /// Moments over days [begin, end) (clamped to the data).
  Moments2 over(i64 begin, i64 end) const;

  /// Asks the CPU to start loading what over(begin, end) will read (a hint; no effect on
  /// results). A study visits each security once per event, far apart in memory: loading the
  /// next securities' blocks while this one is fitted hides most of the cache misses.
  void prefetch(i64 begin, i64 end) const;

  /// The moments of a run of days inside one block: its valid days n, a reference (the first
  /// of them), their mean as an offset from it, and their centred sums. One cache line.
  struct alignas(64) Part {
    double n = 0.0;
    double ref_r = 0.0, ref_m = 0.0;
    double offset_r = 0.0, offset_m = 0.0;
    double s_rr = 0.0, s_mm = 0.0, s_rm = 0.0;
  };

 private:
  /// Moments over days [begin, end), one pass of deviations from the first valid day.
  Part scan(std::size_t begin, std::size_t end) const;

  std::span<const double> r_, m_;
  bool avx2_ = false;    // AVX2 for the sums (Instructions::best on a CPU that has it)
  bool avx512_ = false;  // AVX-512 for the whole blocks' sums (the same, where the CPU has it)
  std::vector<Part> blocks_;  // per block: its whole moments (for blocks a window covers fully)
};

}  // namespace evstudy
