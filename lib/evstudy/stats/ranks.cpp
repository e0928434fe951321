#include "evstudy/stats/ranks.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "evstudy/stats/distributions.hpp"

#if defined(EVSTUDY_HAS_AVX2_PATHS)
// GCC 12's AVX-512 header starts many intrinsics' results from a deliberately undefined vector
// and warns, at the header's lines, that it is (GCC bug 105593, fixed in GCC 13): those two
// warnings are off for the header's lines, not for this file's.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)  // a GCC warning: clang does not know it (and warns that it does not)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#pragma GCC diagnostic pop
#endif

namespace evstudy {

namespace {

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// `cursor[d]` = counts[0] + ... + counts[d - 1] for 256 counts, sixteen at a time (a scan in
/// four shifted additions, then the total so far carried in).
__attribute__((target("avx512f"))) void exclusive_sums_avx512(const std::uint32_t* counts, std::uint32_t* cursor) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i carry = zero;  // every lane: the counts before this group of sixteen
  for (std::size_t d = 0; d < 256; d += 16) {
    __m512i x = _mm512_loadu_si512(counts + d);
    x = _mm512_add_epi32(x, _mm512_alignr_epi32(x, zero, 15));  // lane t: + lane t - 1
    x = _mm512_add_epi32(x, _mm512_alignr_epi32(x, zero, 14));  // + lanes t - 2, t - 3
    x = _mm512_add_epi32(x, _mm512_alignr_epi32(x, zero, 12));  // + lanes t - 4 .. t - 7
    x = _mm512_add_epi32(x, _mm512_alignr_epi32(x, zero, 8));   // + lanes t - 8 .. t - 15
    x = _mm512_add_epi32(x, carry);                              // lane t: counts up to d + t
    _mm512_storeu_si512(cursor + d, _mm512_alignr_epi32(x, carry, 15));  // up to d + t - 1
    carry = _mm512_permutexvar_epi32(_mm512_set1_epi32(15), x);
  }
}
#endif

/// Sorts items (a 16-bit key above a 16-bit position) by their keys, by least-significant-digit
/// radix sort on the key's two bytes, skipping a byte all items share; the digits' offsets
/// summed with AVX-512 when `avx512` (the same offsets).
void radix_sort_16(std::vector<std::uint32_t>& items, std::vector<std::uint32_t>& scratch, [[maybe_unused]] bool avx512) {
  alignas(64) std::array<std::array<std::uint32_t, 256>, 2> counts{};
  for (const std::uint32_t item : items) {
    ++counts[0][(item >> 16) & 0xFF];
    ++counts[1][item >> 24];
  }
  scratch.resize(items.size());
  for (std::size_t b = 0; b < 2; ++b) {
    const std::size_t shift = 16 + 8 * b;
    if (counts[b][(items.front() >> shift) & 0xFF] == items.size()) continue;  // one digit
    alignas(64) std::array<std::uint32_t, 256> cursor;
#if defined(EVSTUDY_HAS_AVX2_PATHS)
    if (avx512) {
      exclusive_sums_avx512(counts[b].data(), cursor.data());
    } else
#endif
    {
      std::uint32_t sum = 0;
      for (std::size_t d = 0; d < 256; ++d) {
        cursor[d] = sum;
        sum += counts[b][d];
      }
    }
    for (const std::uint32_t item : items) scratch[cursor[(item >> shift) & 0xFF]++] = item;
    items.swap(scratch);
  }
}

/// Ranks from items sorted by a key that never decreases as the value grows: items whose keys
/// are equal are put in order by value (few and short: by insertion; else by a comparison
/// sort), equal values share their average rank. `key` and `position` read an item;
/// `next_tie(i)` is the first i' >= i whose item's key the next item shares (n - 1 or more if
/// none).
template <typename Item, typename Key, typename Position, typename NextTie>
RankSummary ranks_from_sorted(std::vector<Item>& sorted, std::span<const double> values, std::span<double> ranks,
                              const Key& key, const Position& position, const NextTie& next_tie) {
  RankSummary out;
  const std::size_t n = sorted.size();
  out.count = static_cast<double>(n);
  auto value = [&](std::size_t k) { return values[position(sorted[k])]; };
  // Every item its place as its rank (the usual case: a key of its own), then the runs of
  // equal keys found and put right; a run is rare, so its test is a branch seldom taken.
  // (i + 1 converted, not a running double: each place independent of the last.)
  for (std::size_t i = 0; i < n; ++i) ranks[position(sorted[i])] = static_cast<double>(i + 1);
  for (std::size_t i = next_tie(0); i + 1 < n; i = next_tie(i + 1)) {
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

/// The least and greatest values present (NaN skipped): +inf and -inf when none. In four
/// lanes (each comparison waits only for its lane's last); a NaN compares false and leaves a
/// lane as it was.
void value_range(std::span<const double> values, double& low, double& high) {
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
  low = std::min(std::min(low_lanes[0], low_lanes[1]), std::min(low_lanes[2], low_lanes[3]));
  high = std::max(std::max(high_lanes[0], high_lanes[1]), std::max(high_lanes[2], high_lanes[3]));
}

/// The sort's item of value v at position k: its 16-bit key, (v - low) * scale (scale =
/// 65535 / (high - low); rounding keeps the keys in the values' order), above the position.
inline std::uint32_t item_of(double v, std::size_t k, double low, double scale) {
  const double scaled = std::min(65535.0, (v - low) * scale);
  return (static_cast<std::uint32_t>(scaled) << 16) | static_cast<std::uint32_t>(k);
}

/// The items of the values present, in order, into `items`; every rank set missing (the
/// present ones are set once sorted). Returns their count.
std::size_t keyed_items(std::span<const double> values, double low, double scale, std::uint32_t* items,
                        std::span<double> ranks) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < values.size(); ++k) {
    ranks[k] = missing;
    if (!is_missing(values[k])) items[n++] = item_of(values[k], k, low, scale);
  }
  return n;
}

/// How many items past the present ones keyed_items_avx512 may write (it stores eight a step):
/// the room its buffer needs beyond the values' count.
constexpr std::size_t keyed_items_spare = 8;

/// The key of a sort's item, and its position.
inline std::uint32_t key_of(std::uint32_t item) { return item >> 16; }
inline std::size_t position_of(std::uint32_t item) { return static_cast<std::size_t>(item & 0xFFFF); }

/// ranks_from_sorted's next_tie over `sorted[0, n)` by `key`: the first i' >= i whose key the
/// next item shares (n - 1 or more if none).
template <typename Item, typename Key>
std::size_t next_shared_key(const Item* sorted, std::size_t n, const Key& key, std::size_t i) {
  while (i + 1 < n && key(sorted[i + 1]) != key(sorted[i])) ++i;
  return i;
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// value_range with AVX-512, eight values a step (the same least and greatest: the order in
/// which they are compared does not matter, and a zero's sign makes no key differ).
__attribute__((target("avx512f"))) void value_range_avx512(std::span<const double> values, double& low, double& high) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  const double* v = values.data();
  const std::size_t n = values.size();
  __m512d low_lanes = _mm512_set1_pd(infinity), high_lanes = _mm512_set1_pd(-infinity);
  // A NaN in the first operand of min or max gives the second: the lanes as they were.
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m512d x = _mm512_loadu_pd(v + k);
    low_lanes = _mm512_min_pd(x, low_lanes);
    high_lanes = _mm512_max_pd(x, high_lanes);
  }
  if (k < n) {
    const auto in = static_cast<__mmask8>((1U << (n - k)) - 1U);
    const __m512d x = _mm512_mask_loadu_pd(_mm512_set1_pd(missing), in, v + k);
    low_lanes = _mm512_min_pd(x, low_lanes);
    high_lanes = _mm512_max_pd(x, high_lanes);
  }
  low = _mm512_reduce_min_pd(low_lanes);
  high = _mm512_reduce_max_pd(high_lanes);
}

/// keyed_items with AVX-512: eight values a step, keyed as item_of keys them (the same
/// operations, lane by lane), the present ones' items packed in order. `items` has room for
/// keyed_items_spare more than the values (a step at value k stores items k' <= k to k' + 7).
__attribute__((target("avx512f"))) std::size_t keyed_items_avx512(std::span<const double> values, double low, double scale,
                                                                 std::uint32_t* items, std::span<double> ranks) {
  const double* v = values.data();
  const std::size_t n = values.size();
  const __m512d gap = _mm512_set1_pd(missing), from = _mm512_set1_pd(low), by = _mm512_set1_pd(scale);
  const __m512d most = _mm512_set1_pd(65535.0);
  __m256i position = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  std::size_t count = 0;
  for (std::size_t k = 0; k < n; k += 8) {
    const auto in = static_cast<__mmask8>(k + 8 <= n ? 0xFFU : (1U << (n - k)) - 1U);
    const __m512d x = _mm512_mask_loadu_pd(gap, in, v + k);
    _mm512_mask_storeu_pd(ranks.data() + k, in, gap);
    const __mmask8 present = _mm512_cmp_pd_mask(x, x, _CMP_ORD_Q);
    // min(scaled, 65535) takes scaled when below, as std::min(65535.0, scaled) does.
    const __m512d scaled = _mm512_min_pd(_mm512_mul_pd(_mm512_sub_pd(x, from), by), most);
    const __m256i item = _mm256_or_si256(_mm256_slli_epi32(_mm512_cvttpd_epu32(scaled), 16), position);
    // Packed in a register, then all eight lanes stored (into keyed_items_spare's room): a
    // compress straight to memory is microcoded and slow on AMD's Zen 4.
    const __m512i packed = _mm512_maskz_compress_epi32(present, _mm512_zextsi256_si512(item));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(items + count), _mm512_castsi512_si256(packed));
    count += static_cast<std::size_t>(std::popcount(static_cast<unsigned>(present)));
    position = _mm256_add_epi32(position, _mm256_set1_epi32(8));
  }
  return count;
}

/// next_shared_key with AVX-512: sixteen neighbouring keys compared a step.
__attribute__((target("avx512f"))) std::size_t next_shared_key_avx512(const std::uint32_t* items, std::size_t i,
                                                                     std::size_t n) {
  for (; i + 17 <= n; i += 16) {
    const __m512i here = _mm512_srli_epi32(_mm512_loadu_si512(items + i), 16);
    const __m512i next = _mm512_srli_epi32(_mm512_loadu_si512(items + i + 1), 16);
    if (const __mmask16 same = _mm512_cmpeq_epi32_mask(here, next); same != 0)
      return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(same)));
  }
  return next_shared_key(items, n, key_of, i);
}
#endif

}  // namespace

RankSummary rank_into(std::span<const double> values, std::span<double> ranks, Instructions instructions) {
  if (ranks.size() != values.size()) throw std::invalid_argument("rank_into: ranks and values differ in length");
  const bool avx512 = use_avx512(instructions);
  double low = 0.0;
  double high = 0.0;
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (avx512)
    value_range_avx512(values, low, high);
  else
#endif
    value_range(values, low, high);
  if (!(low <= high)) {  // nothing present
    std::fill(ranks.begin(), ranks.end(), missing);
    return RankSummary{};
  }
  // Reused per thread: the tests rank every security-event's few hundred returns.
  // Usually: 16-bit keys spread evenly over the values' range (item_of) above each value's
  // position; two radix passes, and only values a 65,536th of the range apart or closer share
  // a key.
  const double scale = 65535.0 / (high - low);
  if (values.size() <= 0x10000 && high > low && std::isfinite(scale)) {
    thread_local std::vector<std::uint32_t> sorted;
    thread_local std::vector<std::uint32_t> scratch;
    sorted.resize(values.size() + keyed_items_spare);
    std::size_t n = 0;
#if defined(EVSTUDY_HAS_AVX2_PATHS)
    if (avx512)
      n = keyed_items_avx512(values, low, scale, sorted.data(), ranks);
    else
#endif
      n = keyed_items(values, low, scale, sorted.data(), ranks);
    sorted.resize(n);
    radix_sort_16(sorted, scratch, avx512);
    const std::uint32_t* items = sorted.data();
    auto next_tie = [items, n, avx512](std::size_t i) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
      if (avx512) return next_shared_key_avx512(items, i, n);
#endif
      return next_shared_key(items, n, key_of, i);
    };
    return ranks_from_sorted(sorted, values, ranks, key_of, position_of, next_tie);
  }
  // Else (more values, infinities, all equal; rare): positions sorted by value.
  thread_local std::vector<std::size_t> order;
  order.clear();
  for (std::size_t k = 0; k < values.size(); ++k) {
    ranks[k] = missing;
    if (!is_missing(values[k])) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  const auto key = [&values](std::size_t i) { return values[i]; };
  auto next_tie = [&key](std::size_t i) { return next_shared_key(order.data(), order.size(), key, i); };
  return ranks_from_sorted(order, values, ranks, key, [](std::size_t i) { return i; }, next_tie);
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
