#include "evstudy/stats/ranks.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "evstudy/stats/distributions.hpp"

namespace evstudy {

RanksAndMedian ranks_and_median(std::span<const double> values) {
  // (value, position) pairs sorted in place: contiguous, no indirection in the comparisons.
  std::vector<std::pair<double, std::size_t>> sorted;
  sorted.reserve(values.size());
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!is_missing(values[k])) sorted.emplace_back(values[k], k);
  std::sort(sorted.begin(), sorted.end());
  RanksAndMedian out;
  out.ranks.assign(values.size(), missing);
  const std::size_t n = sorted.size();
  out.count = static_cast<double>(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && sorted[j + 1].first == sorted[i].first) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) out.ranks[sorted[k].second] = rank;
    i = j + 1;
  }
  if (n > 0) out.median = n % 2 == 1 ? sorted[n / 2].first : (sorted[n / 2 - 1].first + sorted[n / 2].first) / 2.0;
  return out;
}

std::vector<double> average_ranks(std::span<const double> values) { return ranks_and_median(values).ranks; }

double median(std::span<const double> values) { return ranks_and_median(values).median; }

namespace {

/// P(W+ <= w) and P(W+ >= w) under H0 for n untied nonzero values: the counts of subsets of
/// {1..n} by their sum, over 2^n (exact in doubles for n <= 30).
void exact_tails(i64 n, double w, double& lower, double& upper) {
  const auto max_sum = static_cast<std::size_t>(n * (n + 1) / 2);
  std::vector<double> count(max_sum + 1, 0.0);
  count[0] = 1.0;
  for (i64 r = 1; r <= n; ++r)
    for (std::size_t s = max_sum; s >= static_cast<std::size_t>(r); --s) count[s] += count[s - static_cast<std::size_t>(r)];
  const double total = std::ldexp(1.0, static_cast<int>(n));
  lower = 0.0;
  upper = 0.0;
  for (std::size_t s = 0; s <= max_sum; ++s) {
    if (static_cast<double>(s) <= w) lower += count[s];
    if (static_cast<double>(s) >= w) upper += count[s];
  }
  lower /= total;
  upper /= total;
}

}  // namespace

SignedRank wilcoxon_signed_rank(std::span<const double> values) {
  std::vector<double> magnitude;
  std::vector<bool> positive;
  for (const double v : values)
    if (!is_missing(v) && v != 0.0) {
      magnitude.push_back(std::abs(v));
      positive.push_back(v > 0.0);
    }
  SignedRank out;
  out.n_nonzero = std::ssize(magnitude);
  if (magnitude.empty()) return out;
  const std::vector<double> ranks = average_ranks(magnitude);
  out.w_plus = 0.0;
  for (std::size_t k = 0; k < ranks.size(); ++k)
    if (positive[k]) out.w_plus += ranks[k];
  // Tie groups among |x|: sum of (t^3 - t) for the variance correction.
  std::vector<double> sorted = magnitude;
  std::sort(sorted.begin(), sorted.end());
  double ties = 0.0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[i]) ++j;
    const auto t = static_cast<double>(j - i + 1);
    ties += t * t * t - t;
    i = j + 1;
  }
  const auto n = static_cast<double>(out.n_nonzero);
  if (out.n_nonzero <= 30 && ties == 0.0) {
    double lower = 0.0;
    double upper = 0.0;
    exact_tails(out.n_nonzero, out.w_plus, lower, upper);
    out.p_value = std::min(1.0, 2.0 * std::min(lower, upper));
    return out;
  }
  const double variance = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - ties / 48.0;
  out.p_value = variance > 0.0 ? two_sided_p_normal((out.w_plus - n * (n + 1.0) / 4.0) / std::sqrt(variance)) : missing;
  return out;
}

}  // namespace evstudy
