// Ranks, medians and the Wilcoxon signed-rank distribution for the nonparametric tests. Pure.
#pragma once

#include <span>
#include <vector>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {

/// 1-based ranks of the non-missing values (ties share their average rank); NaN stays NaN.
std::vector<double> average_ranks(std::span<const double> values);

/// Median of the non-missing values (mean of the middle two for an even count); NaN if none.
double median(std::span<const double> values);

/// Both at once, from one sort: average ranks, their count T (non-missing values) and the median.
struct RanksAndMedian {
  std::vector<double> ranks;
  double count = 0.0;
  double median = missing;
  double ties = 0.0;  // sum over groups of tied values of t^3 - t (the variance correction)
};
RanksAndMedian ranks_and_median(std::span<const double> values);

/// The same into `ranks` (as long as `values`), without allocating: for the tests' inner loop.
/// `instructions`: see core/instructions.hpp (the same ranks either way: AVX-512, where the CPU
/// has it, builds the sort's keys and finds its ties eight and sixteen at a time).
struct RankSummary {
  double count = 0.0;
  double median = missing;
  double ties = 0.0;
};
RankSummary rank_into(std::span<const double> values, std::span<double> ranks, Instructions instructions = Instructions::best);

/// Wilcoxon (1945) signed-rank test of values against 0: zeros and missing values are dropped.
struct SignedRank {
  double w_plus = missing;  // sum of the ranks of |x| over the positive x
  i64 n_nonzero = 0;
  double p_value = missing;  // two-sided: exact for n <= 30 without ties, else normal with tie correction
};
SignedRank wilcoxon_signed_rank(std::span<const double> values);

}  // namespace evstudy
