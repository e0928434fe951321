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
/// positive ones. -0.0 gets +0.0's key (adding +0.0 turns it into +0.0): they tie as doubles.
std::uint64_t order_key(double value) {
  const auto bits = std::bit_cast<std::uint64_t>(value + 0.0);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

/// Sorts items (the top 24 bits of a key, 8 zero bits, a 32-bit position) by their top 24 bits,
/// by least-significant-digit radix sort on those three bytes, skipping bytes all items share. A
/// few hundred values sort several times faster this way than by comparisons, whose branches a
/// CPU cannot predict; 24 bits (sign, exponent and 12 bits of mantissa) rarely leave two returns
/// tied, and fewer bytes and 8-byte items cut the work of sorting full keys.
/// The top byte is nearly only the sign, a digit most items share: its counts go to two sets
/// of counters (even and odd items apart), since one would make each count wait for the last.
void radix_sort_top(std::vector<std::uint64_t>& items, std::vector<std::uint64_t>& scratch) {
  alignas(64) std::array<std::array<std::uint32_t, 256>, 4> counts{};  // bytes 0, 1, and 2 twice
  const std::size_t n = items.size();
  auto count_item = [&](std::uint64_t item, std::size_t top_set) {
    const auto top = static_cast<std::uint32_t>(item >> 40);
    ++counts[0][top & 0xFF];
    ++counts[1][(top >> 8) & 0xFF];
    ++counts[2 + top_set][top >> 16];
  };
  std::size_t pair = 0;
  for (; pair + 1 < n; pair += 2) {
    count_item(items[pair], 0);
    count_item(items[pair + 1], 1);
  }
  if (pair < n) count_item(items[pair], 0);
  // Where each digit's items start, for the three bytes at once (three independent sums).
  alignas(64) std::array<std::array<std::uint32_t, 256>, 3> start;  // every entry is set below
  std::uint32_t sum0 = 0, sum1 = 0, sum2 = 0;
  for (std::size_t d = 0; d < 256; ++d) {
    start[0][d] = sum0;
    start[1][d] = sum1;
    start[2][d] = sum2;
    sum0 += counts[0][d];
    sum1 += counts[1][d];
    sum2 += counts[2][d] + counts[3][d];
  }
  scratch.resize(n);
  for (std::size_t b = 0; b < 3; ++b) {
    const std::size_t shift = 40 + 8 * b;
    auto digit = [shift](std::uint64_t item) { return static_cast<std::size_t>((item >> shift) & 0xFF); };
    const std::size_t first = digit(items.front());
    const std::uint32_t first_count = b < 2 ? counts[b][first] : counts[2][first] + counts[3][first];
    if (first_count == n) continue;  // one digit: nothing to do
    std::array<std::uint32_t, 256>& cursor = start[b];
    if (b < 2) {
      for (const std::uint64_t item : items) scratch[cursor[digit(item)]++] = item;
    } else {
      // The sign byte: two cursors per digit, one for each half of the items (the second
      // half's after all of the first half's with that digit: the sort stays stable).
      const std::size_t half = n / 2;
      std::array<std::uint32_t, 256> second = cursor;
      for (std::size_t k = 0; k < half; ++k) ++second[digit(items[k])];
      std::size_t k = 0;
      for (; k < half; ++k) {
        const std::uint64_t x = items[k];
        const std::uint64_t y = items[half + k];
        scratch[cursor[digit(x)]++] = x;
        scratch[second[digit(y)]++] = y;
      }
      for (k = 2 * half; k < n; ++k) scratch[second[digit(items[k])]++] = items[k];
    }
    items.swap(scratch);
  }
}

}  // namespace

RankSummary rank_into(std::span<const double> values, std::span<double> ranks) {
  // Reused per thread: the tests rank every security-event's few hundred returns.
  thread_local std::vector<std::uint64_t> sorted;
  thread_local std::vector<std::uint64_t> scratch;
  if (ranks.size() != values.size()) throw std::invalid_argument("rank_into: ranks and values differ in length");
  if (values.size() > 0xFFFFFFFFULL) throw std::length_error("rank_into: more than 2^32 values");
  sorted.clear();
  for (std::size_t k = 0; k < values.size(); ++k) {
    ranks[k] = missing;
    if (!is_missing(values[k])) sorted.push_back((order_key(values[k]) & 0xFFFFFF0000000000ULL) | k);
  }
  RankSummary out;
  const std::size_t n = sorted.size();
  out.count = static_cast<double>(n);
  if (n == 0) return out;
  radix_sort_top(sorted, scratch);
  auto position = [&](std::size_t k) { return static_cast<std::size_t>(sorted[k] & 0xFFFFFFFFULL); };
  auto value = [&](std::size_t k) { return values[position(k)]; };
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && (sorted[j] >> 32) == (sorted[i] >> 32)) ++j;
    if (j == i + 1) {  // the usual case: a key of its own, a rank of its own
      ranks[position(i)] = static_cast<double>(i) + 1.0;
      i = j;
      continue;
    }
    // Values whose keys share the top 24 bits (rare: 2^-12 apart or closer) are put in order by
    // their full keys, by insertion within the run; equal values among them share their rank.
    for (std::size_t a = i + 1; a < j; ++a) {
      const std::uint64_t item = sorted[a];
      const std::uint64_t key = order_key(values[item & 0xFFFFFFFFULL]);
      std::size_t b = a;
      for (; b > i && order_key(values[sorted[b - 1] & 0xFFFFFFFFULL]) > key; --b) sorted[b] = sorted[b - 1];
      sorted[b] = item;
    }
    for (std::size_t first = i; first < j;) {
      std::size_t last = first;
      while (last + 1 < j && value(last + 1) == value(first)) ++last;
      const double rank = (static_cast<double>(first) + static_cast<double>(last)) / 2.0 + 1.0;
      for (std::size_t p = first; p <= last; ++p) ranks[position(p)] = rank;
      const auto t = static_cast<double>(last - first + 1);
      out.ties += t * t * t - t;
      first = last + 1;
    }
    i = j;
  }
  out.median = n % 2 == 1 ? value(n / 2) : (value(n / 2 - 1) + value(n / 2)) / 2.0;
  return out;
}

RanksAndMedian ranks_and_median(std::span<const double> values) {
  RanksAndMedian out;
  out.ranks.resize(values.size());
  const RankSummary summary = rank_into(values, out.ranks);
  out.count = summary.count;
  out.median = summary.median;
  out.ties = summary.ties;
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
