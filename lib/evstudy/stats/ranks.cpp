#include "evstudy/stats/ranks.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "evstudy/stats/distributions.hpp"

namespace evstudy {

namespace {

/// Sorts items (a 16-bit key above a 16-bit position) by their keys, by least-significant-digit
/// radix sort on the key's two bytes, skipping a byte all items share.
void radix_sort_16(std::vector<std::uint32_t>& items, std::vector<std::uint32_t>& scratch) {
  alignas(64) std::array<std::array<std::uint32_t, 256>, 2> counts{};
  for (const std::uint32_t item : items) {
    ++counts[0][(item >> 16) & 0xFF];
    ++counts[1][item >> 24];
  }
  scratch.resize(items.size());
  for (std::size_t b = 0; b < 2; ++b) {
    const std::size_t shift = 16 + 8 * b;
    if (counts[b][(items.front() >> shift) & 0xFF] == items.size()) continue;  // one digit
    std::array<std::uint32_t, 256> cursor;
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < 256; ++d) {
      cursor[d] = sum;
      sum += counts[b][d];
    }
    for (const std::uint32_t item : items) scratch[cursor[(item >> shift) & 0xFF]++] = item;
    items.swap(scratch);
  }
}

/// Ranks from items sorted by a key that never decreases as the value grows: items whose keys
/// are equal are put in order by value (few and short: by insertion; else by a comparison
/// sort), equal values share their average rank. `key` and `position` read an item.
template <typename Item, typename Key, typename Position>
RankSummary ranks_from_sorted(std::vector<Item>& sorted, std::span<const double> values, std::span<double> ranks,
                              const Key& key, const Position& position) {
  RankSummary out;
  const std::size_t n = sorted.size();
  out.count = static_cast<double>(n);
  auto value = [&](std::size_t k) { return values[position(sorted[k])]; };
  // Every item its place as its rank (the usual case: a key of its own), then the runs of
  // equal keys found and put right; a run is rare, so its test is a branch seldom taken.
  // (i + 1 converted, not a running double: each place independent of the last.)
  for (std::size_t i = 0; i < n; ++i) ranks[position(sorted[i])] = static_cast<double>(i + 1);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (key(sorted[i + 1]) != key(sorted[i])) continue;
    std::size_t j = i + 2;
    while (j < n && key(sorted[j]) == key(sorted[i])) ++j;
    auto by_value = [&](Item a, Item b) { return values[position(a)] < values[position(b)]; };
    if (j - i > 16) {
      std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(i), sorted.begin() + static_cast<std::ptrdiff_t>(j), by_value);
    } else {
      for (std::size_t a = i + 1; a < j; ++a) {
        const Item item = sorted[a];
        std::size_t b = a;
        for (; b > i && by_value(item, sorted[b - 1]); --b) sorted[b] = sorted[b - 1];
        sorted[b] = item;
      }
    }
    for (std::size_t first = i; first < j;) {
      std::size_t last = first;
      while (last + 1 < j && value(last + 1) == value(first)) ++last;
      const double rank = (static_cast<double>(first) + static_cast<double>(last)) / 2.0 + 1.0;
      for (std::size_t p = first; p <= last; ++p) ranks[position(sorted[p])] = rank;
      const auto t = static_cast<double>(last - first + 1);
      out.ties += t * t * t - t;
      first = last + 1;
    }
    i = j - 1;
  }
  out.median = n % 2 == 1 ? value(n / 2) : (value(n / 2 - 1) + value(n / 2)) / 2.0;
  return out;
}

}  // namespace

RankSummary rank_into(std::span<const double> values, std::span<double> ranks) {
  if (ranks.size() != values.size()) throw std::invalid_argument("rank_into: ranks and values differ in length");
  // The range of the values present, in four lanes (each comparison waits only for its lane's
  // last); a NaN compares false and leaves a lane as it was.
  constexpr double infinity = std::numeric_limits<double>::infinity();
  double low_lanes[4] = {infinity, infinity, infinity, infinity};
  double high_lanes[4] = {-infinity, -infinity, -infinity, -infinity};
  std::size_t k = 0;
  for (; k + 4 <= values.size(); k += 4)
    for (std::size_t j = 0; j < 4; ++j) {
      const double v = values[k + j];
      low_lanes[j] = v < low_lanes[j] ? v : low_lanes[j];
      high_lanes[j] = v > high_lanes[j] ? v : high_lanes[j];
    }
  for (std::size_t j = 0; k < values.size(); ++k, ++j) {
    low_lanes[j] = values[k] < low_lanes[j] ? values[k] : low_lanes[j];
    high_lanes[j] = values[k] > high_lanes[j] ? values[k] : high_lanes[j];
  }
  const double low = std::min(std::min(low_lanes[0], low_lanes[1]), std::min(low_lanes[2], low_lanes[3]));
  const double high = std::max(std::max(high_lanes[0], high_lanes[1]), std::max(high_lanes[2], high_lanes[3]));
  if (!(low <= high)) {  // nothing present
    std::fill(ranks.begin(), ranks.end(), missing);
    return RankSummary{};
  }
  // Reused per thread: the tests rank every security-event's few hundred returns.
  // Usually: 16-bit keys spread evenly over the values' range, (v - low) * 65535 / (high - low)
  // (rounding keeps them in the values' order), above each value's position; two radix
  // passes, and only values a 65,536th of the range apart or closer share a key.
  const double scale = 65535.0 / (high - low);
  if (values.size() <= 0x10000 && high > low && std::isfinite(scale)) {
    thread_local std::vector<std::uint32_t> sorted;
    thread_local std::vector<std::uint32_t> scratch;
    sorted.resize(values.size());
    std::uint32_t* item = sorted.data();
    std::size_t n = 0;
    for (k = 0; k < values.size(); ++k) {
      const double v = values[k];
      ranks[k] = missing;
      if (is_missing(v)) continue;
      const double scaled = std::min(65535.0, (v - low) * scale);
      item[n++] = (static_cast<std::uint32_t>(scaled) << 16) | static_cast<std::uint32_t>(k);
    }
    sorted.resize(n);
    radix_sort_16(sorted, scratch);
    return ranks_from_sorted(sorted, values, ranks, [](std::uint32_t i) { return i >> 16; },
                             [](std::uint32_t i) { return static_cast<std::size_t>(i & 0xFFFF); });
  }
  // Else (more values, infinities, all equal; rare): positions sorted by value.
  thread_local std::vector<std::size_t> order;
  order.clear();
  for (k = 0; k < values.size(); ++k) {
    ranks[k] = missing;
    if (!is_missing(values[k])) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  return ranks_from_sorted(order, values, ranks, [&values](std::size_t i) { return values[i]; },
                           [](std::size_t i) { return i; });
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
  // Reused per thread: the tests run this on every day and CAR window of every group.
  thread_local std::vector<double> magnitude;
  thread_local std::vector<char> positive;
  thread_local std::vector<double> ranks;
  magnitude.clear();
  positive.clear();
  for (const double v : values)
    if (!is_missing(v) && v != 0.0) {
      magnitude.push_back(std::abs(v));
      positive.push_back(v > 0.0 ? 1 : 0);
    }
  SignedRank out;
  out.n_nonzero = std::ssize(magnitude);
  if (magnitude.empty()) return out;
  // Ranks of |x| and their tie groups' sum of (t^3 - t), for the variance correction.
  ranks.resize(magnitude.size());
  const RankSummary ranked = rank_into(magnitude, ranks);
  out.w_plus = 0.0;
  for (std::size_t k = 0; k < ranks.size(); ++k)
    if (positive[k] != 0) out.w_plus += ranks[k];
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
