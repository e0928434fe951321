#include "evstudy/stats/ranks.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "evstudy/stats/distributions.hpp"

namespace evstudy {

namespace {

/// An order-preserving unsigned key of a (non-NaN) double: negative values reversed below the
/// positive ones. -0.0 and +0.0 get neighbouring keys (they tie as doubles, which is what counts).
std::uint64_t order_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

/// Sorts items (the top 32 bits of a key above a 32-bit position) by their top 32 bits, by
/// least-significant-digit radix sort on those four bytes, skipping bytes all items share. A few
/// hundred values sort several times faster this way than by comparisons, whose branches a CPU
/// cannot predict; half the key's bytes and 8-byte items halve the work of sorting full keys.
void radix_sort_top(std::vector<std::uint64_t>& items, std::vector<std::uint64_t>& scratch) {
  std::array<std::array<std::uint32_t, 256>, 4> counts{};
  for (const std::uint64_t item : items)
    for (std::size_t b = 0; b < 4; ++b) ++counts[b][(item >> (32 + 8 * b)) & 0xFF];
  scratch.resize(items.size());
  for (std::size_t b = 0; b < 4; ++b) {
    auto& count = counts[b];
    const std::size_t shift = 32 + 8 * b;
    if (count[(items.front() >> shift) & 0xFF] == items.size()) continue;  // one digit: nothing to do
    std::uint32_t sum = 0;
    for (std::uint32_t& c : count) {
      const std::uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (const std::uint64_t item : items) scratch[count[(item >> shift) & 0xFF]++] = item;
    items.swap(scratch);
  }
}

}  // namespace

RanksAndMedian ranks_and_median(std::span<const double> values) {
  // Reused per thread: the tests rank every security-event's few hundred returns.
  thread_local std::vector<std::uint64_t> sorted;
  thread_local std::vector<std::uint64_t> scratch;
  sorted.clear();
  if (values.size() > 0xFFFFFFFFULL) throw std::length_error("ranks_and_median: more than 2^32 values");
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!is_missing(values[k])) sorted.push_back((order_key(values[k]) & 0xFFFFFFFF00000000ULL) | k);
  RanksAndMedian out;
  out.ranks.assign(values.size(), missing);
  const std::size_t n = sorted.size();
  out.count = static_cast<double>(n);
  if (n == 0) return out;
  radix_sort_top(sorted, scratch);
  auto position = [&](std::size_t k) { return static_cast<std::size_t>(sorted[k] & 0xFFFFFFFFULL); };
  auto value = [&](std::size_t k) { return values[position(k)]; };
  // Values whose keys share the top 32 bits (rare: 2^-20 apart or closer) are put in order by
  // their full keys, by insertion within each such run.
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && (sorted[j] >> 32) == (sorted[i] >> 32)) ++j;
    for (std::size_t a = i + 1; a < j; ++a) {
      const std::uint64_t item = sorted[a];
      const std::uint64_t key = order_key(values[item & 0xFFFFFFFFULL]);
      std::size_t b = a;
      for (; b > i && order_key(values[sorted[b - 1] & 0xFFFFFFFFULL]) > key; --b) sorted[b] = sorted[b - 1];
      sorted[b] = item;
    }
    i = j;
  }
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && value(j + 1) == value(i)) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) out.ranks[position(k)] = rank;
    const auto t = static_cast<double>(j - i + 1);
    out.ties += t * t * t - t;
    i = j + 1;
  }
  out.median = n % 2 == 1 ? value(n / 2) : (value(n / 2 - 1) + value(n / 2)) / 2.0;
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
  // Ranks of |x| and their tie groups' sum of (t^3 - t), for the variance correction.
  const RanksAndMedian ranked = ranks_and_median(magnitude);
  const std::vector<double>& ranks = ranked.ranks;
  out.w_plus = 0.0;
  for (std::size_t k = 0; k < ranks.size(); ++k)
    if (positive[k]) out.w_plus += ranks[k];
  const double ties = ranked.ties;
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
