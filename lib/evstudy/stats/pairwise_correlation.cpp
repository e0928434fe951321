#include "evstudy/stats/pairwise_correlation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/types.hpp"

#if defined(EVSTUDY_HAS_AVX2_PATHS)
// GCC 12's AVX-512 header starts some intrinsics' results from a deliberately undefined vector
// and warns, at the header's lines, that it is (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#pragma GCC diagnostic pop
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace evstudy {

double pair_correlation_two_pass(std::span<const double> x, std::span<const double> y, bool& usable) {
  usable = false;
  const std::size_t days = std::min(x.size(), y.size());
  double n = 0.0, sx = 0.0, sy = 0.0;
  for (std::size_t t = 0; t < days; ++t)
    if (!is_missing(x[t]) && !is_missing(y[t])) {
      n += 1.0;
      sx += x[t];
      sy += y[t];
    }
  if (n < 2.0) return missing;
  const double mx = sx / n;
  const double my = sy / n;
  double sxx = 0.0, syy = 0.0, sxy = 0.0;
  for (std::size_t t = 0; t < days; ++t)
    if (!is_missing(x[t]) && !is_missing(y[t])) {
      sxx += (x[t] - mx) * (x[t] - mx);
      syy += (y[t] - my) * (y[t] - my);
      sxy += (x[t] - mx) * (y[t] - my);
    }
  if (!(sxx > 0.0) || !(syy > 0.0)) return missing;
  usable = true;
  return sxy / std::sqrt(sxx * syy);
}

namespace {

/// The series centred on the mean of their own days, zero on missing days, in rows of `days`
/// (the longest series, rounded up to even), with what each pair needs to take its missing
/// days off: which days each series lacks, and its count, sum and sum of squares.
struct CentredRows {
  std::size_t days = 0;
  std::vector<double> values;                     // series k's row at k * days
  std::vector<std::vector<std::uint32_t>> lacks;  // per series, its missing days (< the longest)
  std::vector<double> count, sum, squares;

  explicit CentredRows(std::span<const std::span<const double>> series) {
    std::size_t longest = 0;
    for (const auto& s : series) longest = std::max(longest, s.size());
    days = longest + longest % 2;
    values.assign(series.size() * days, 0.0);
    lacks.resize(series.size());
    count.assign(series.size(), 0.0);
    sum.assign(series.size(), 0.0);
    squares.assign(series.size(), 0.0);
    for (std::size_t k = 0; k < series.size(); ++k) {
      const std::span<const double> x = series[k];
      double n = 0.0, total = 0.0;
      for (const double v : x)
        if (!is_missing(v)) {
          n += 1.0;
          total += v;
        }
      const double mean = total / n;
      double* row = values.data() + k * days;
      for (std::size_t t = 0; t < longest; ++t) {
        if (t < x.size() && !is_missing(x[t])) {
          row[t] = x[t] - mean;
          sum[k] += row[t];
          squares[k] += row[t] * row[t];
        } else {
          lacks[k].push_back(static_cast<std::uint32_t>(t));
        }
      }
      count[k] = n;
    }
  }

  const double* row(std::size_t k) const { return values.data() + k * days; }
};

/// A block of rows i laid out day by day, with their counts, sums and sums of squares: so that
/// a row j's missing days are taken off every row of the block at once (block_sums_less), one
/// loop over the block's rows per day, which vectorizes, instead of a loop per pair.
struct BlockByDay {
  static constexpr std::size_t rows = 32;
  // Day t, row r at t * rows + r; rows past the end zero. `present` is 1 but on the row's
  // lacks (a padding day past the longest series reads 1: no series lacks it, so it is never
  // taken off).
  std::vector<double> value, present;
  double count[rows], sum[rows], squares[rows];

  void fill(const CentredRows& all, std::size_t first, std::size_t end) {
    value.assign(all.days * rows, 0.0);
    present.assign(all.days * rows, 0.0);
    for (std::size_t r = 0; r < rows; ++r) {
      const bool in = first + r < end;
      count[r] = in ? all.count[first + r] : 0.0;
      sum[r] = in ? all.sum[first + r] : 0.0;
      squares[r] = in ? all.squares[first + r] : 0.0;
      if (!in) continue;
      const double* x = all.row(first + r);
      for (std::size_t t = 0; t < all.days; ++t) {
        value[t * rows + r] = x[t];
        present[t * rows + r] = 1.0;
      }
      for (const std::uint32_t t : all.lacks[first + r]) present[t * rows + r] = 0.0;
    }
  }
};

/// What a pair (i, j) sums over series i's days less those j lacks: for every row i of the
/// block, its count, sum and sum of squares with its values on the days `lacks` taken off, in
/// the days' order (each row's subtractions those a loop per pair would make: the same bits).
struct OwnSums {
  double n[BlockByDay::rows], sx[BlockByDay::rows], sxx[BlockByDay::rows];
};
__attribute__((always_inline)) inline void block_sums_less(const BlockByDay& b, const std::vector<std::uint32_t>& lacks,
                                                           OwnSums& out) {
  for (std::size_t r = 0; r < BlockByDay::rows; ++r) {
    out.n[r] = b.count[r];
    out.sx[r] = b.sum[r];
    out.sxx[r] = b.squares[r];
  }
  for (const std::uint32_t t : lacks) {
    const double* v = b.value.data() + t * BlockByDay::rows;
    const double* h = b.present.data() + t * BlockByDay::rows;
    for (std::size_t r = 0; r < BlockByDay::rows; ++r) {
      out.n[r] -= h[r];
      out.sx[r] -= v[r];
      out.sxx[r] -= v[r] * v[r];
    }
  }
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// The same loops compiled for AVX2 (four rows to a vector; no FMA).
__attribute__((target("avx2"))) void block_sums_less_avx2(const BlockByDay& b, const std::vector<std::uint32_t>& lacks,
                                                          OwnSums& out) {
  block_sums_less(b, lacks, out);
}
#endif

/// Four rows j interleaved day pair by day pair, as the tiles read them: for days t, t + 1 (t
/// even), row c's two values at 4 t + 2 c (so one 256-bit load holds rows c and c + 1's pair).
/// Rows past the end read row 0 (their pairs are dropped).
void interleave_four(const double* const b[4], std::size_t days, double* quad) {
  for (std::size_t t = 0; t < days; t += 2)
    for (std::size_t c = 0; c < 4; ++c) {
#if defined(__SSE2__)
      _mm_storeu_pd(quad + 4 * t + 2 * c, _mm_loadu_pd(b[c] + t));
#else
      quad[4 * t + 2 * c] = b[c][t];
      quad[4 * t + 2 * c + 1] = b[c][t + 1];
#endif
    }
}

/// What a pair (i, j) sums over series j's days less those i lacks, for the four rows j of
/// `quad` at once: each one's sum and sum of squares (`sum`, `squares`) with its values on the
/// days `lacks` taken off, in the days' order (each row's subtractions those a loop per pair
/// would make: the same bits).
struct OtherSums {
  double sy[4], syy[4];
};
inline void four_sums_less(const double* quad, const double sum[4], const double squares[4],
                           const std::vector<std::uint32_t>& lacks, OtherSums& out) {
  for (std::size_t c = 0; c < 4; ++c) {
    out.sy[c] = sum[c];
    out.syy[c] = squares[c];
  }
  for (const std::uint32_t t : lacks) {
    const double* day = quad + 4 * (t - t % 2) + t % 2;  // row c's value at day[2 c]
    for (std::size_t c = 0; c < 4; ++c) {
      out.sy[c] -= day[2 * c];
      out.syy[c] -= day[2 * c] * day[2 * c];
    }
  }
}

/// Dot products of rows a[0..3] with rows `half` and `half` + 1 of `quad` (interleave_four)
/// over `days` (even): each in two lanes (even and odd days), added at the end. SSE2 and the
/// plain loop do the same additions in the same order, so the result does not depend on which
/// runs.
void dot_tile(const double* const a[4], const double* quad, std::size_t half, std::size_t days, double out[4][2]) {
  const double* b = quad + 2 * half;
#if defined(__SSE2__)
  __m128d acc[4][2];
  for (auto& r : acc)
    for (auto& c : r) c = _mm_setzero_pd();
  for (std::size_t t = 0; t < days; t += 2) {
    const __m128d b0 = _mm_loadu_pd(b + 4 * t);
    const __m128d b1 = _mm_loadu_pd(b + 4 * t + 2);
    for (int r = 0; r < 4; ++r) {
      const __m128d x = _mm_loadu_pd(a[r] + t);
      acc[r][0] = _mm_add_pd(acc[r][0], _mm_mul_pd(x, b0));
      acc[r][1] = _mm_add_pd(acc[r][1], _mm_mul_pd(x, b1));
    }
  }
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 2; ++c) {
      alignas(16) double lanes[2];
      _mm_store_pd(lanes, acc[r][c]);
      out[r][c] = lanes[0] + lanes[1];
    }
#else
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 2; ++c) {
      double even = 0.0, odd = 0.0;
      for (std::size_t t = 0; t < days; t += 2) {
        even += a[r][t] * b[4 * t + 2 * c];
        odd += a[r][t + 1] * b[4 * t + 2 * c + 1];
      }
      out[r][c] = even + odd;
    }
#endif
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// dot_tile's products for rows a[0..3] with the four rows of `quad`, two pairs to a vector:
/// lanes (even days, odd days) of rows 0 and 1 in one, of rows 2 and 3 in the other (one load
/// each), each lane taking the additions dot_tile's would, and each pair totalled as even +
/// odd; so the same bits. Plain AVX2 (no FMA, which would round differently).
__attribute__((target("avx2"))) void dot_tile_4x4(const double* const a[4], const double* quad, std::size_t days,
                                                   double out[4][4]) {
  // Named accumulators (an array of them is kept in memory, not in registers).
  __m256d a0_01 = _mm256_setzero_pd(), a0_23 = a0_01, a1_01 = a0_01, a1_23 = a0_01;
  __m256d a2_01 = a0_01, a2_23 = a0_01, a3_01 = a0_01, a3_23 = a0_01;
  const double *r0 = a[0], *r1 = a[1], *r2 = a[2], *r3 = a[3];
  for (std::size_t t = 0; t < days; t += 2) {
    const __m256d b01 = _mm256_loadu_pd(quad + 4 * t);
    const __m256d b23 = _mm256_loadu_pd(quad + 4 * t + 4);
    // Each row's days t, t+1 twice.
    const __m256d x0 = _mm256_broadcast_pd(reinterpret_cast<const __m128d*>(r0 + t));
    const __m256d x1 = _mm256_broadcast_pd(reinterpret_cast<const __m128d*>(r1 + t));
    const __m256d x2 = _mm256_broadcast_pd(reinterpret_cast<const __m128d*>(r2 + t));
    const __m256d x3 = _mm256_broadcast_pd(reinterpret_cast<const __m128d*>(r3 + t));
    a0_01 = _mm256_add_pd(a0_01, _mm256_mul_pd(x0, b01));
    a0_23 = _mm256_add_pd(a0_23, _mm256_mul_pd(x0, b23));
    a1_01 = _mm256_add_pd(a1_01, _mm256_mul_pd(x1, b01));
    a1_23 = _mm256_add_pd(a1_23, _mm256_mul_pd(x1, b23));
    a2_01 = _mm256_add_pd(a2_01, _mm256_mul_pd(x2, b01));
    a2_23 = _mm256_add_pd(a2_23, _mm256_mul_pd(x2, b23));
    a3_01 = _mm256_add_pd(a3_01, _mm256_mul_pd(x3, b01));
    a3_23 = _mm256_add_pd(a3_23, _mm256_mul_pd(x3, b23));
  }
  const __m256d acc[4][2] = {{a0_01, a0_23}, {a1_01, a1_23}, {a2_01, a2_23}, {a3_01, a3_23}};
  for (int r = 0; r < 4; ++r)
    for (int h = 0; h < 2; ++h) {
      alignas(32) double lanes[4];
      _mm256_store_pd(lanes, acc[r][h]);
      out[r][2 * h] = lanes[0] + lanes[1];
      out[r][2 * h + 1] = lanes[2] + lanes[3];
    }
}
#endif

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// A row's days t, t + 1 four times over, from one broadcast load (AVX512F's: its masked form
/// with every lane taken; the plain one's undefined source makes GCC 12 warn falsely).
__attribute__((target("avx512f"), always_inline)) inline __m512d days_of(const double* row) {
  return _mm512_castps_pd(_mm512_maskz_broadcast_f32x4(static_cast<__mmask16>(0xFFFF), _mm_castpd_ps(_mm_loadu_pd(row))));
}

/// dot_tile_4x4's products for eight rows a[0..7] at once, with AVX-512: the four pairs of a
/// row in one 512-bit vector (one load of `quad`: lanes even and odd days of rows 0 to 3), each
/// lane taking the additions dot_tile_4x4's lane does, and each pair totalled as even + odd; so
/// the same bits. A row's days t, t + 1 four times over come from one broadcast load, so no
/// shuffle competes with the arithmetic. (The core is built with -ffp-contract=off: no FMA.)
__attribute__((target("avx512f"))) void dot_tile_8x4_avx512(const double* const a[8], const double* quad,
                                                          std::size_t days, double out[8][4]) {
  __m512d acc0 = _mm512_setzero_pd(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  __m512d acc4 = acc0, acc5 = acc0, acc6 = acc0, acc7 = acc0;
  const double *r0 = a[0], *r1 = a[1], *r2 = a[2], *r3 = a[3], *r4 = a[4], *r5 = a[5], *r6 = a[6], *r7 = a[7];
  for (std::size_t t = 0; t < days; t += 2) {
    const __m512d bs = _mm512_loadu_pd(quad + 4 * t);
    acc0 = _mm512_add_pd(acc0, _mm512_mul_pd(days_of(r0 + t), bs));
    acc1 = _mm512_add_pd(acc1, _mm512_mul_pd(days_of(r1 + t), bs));
    acc2 = _mm512_add_pd(acc2, _mm512_mul_pd(days_of(r2 + t), bs));
    acc3 = _mm512_add_pd(acc3, _mm512_mul_pd(days_of(r3 + t), bs));
    acc4 = _mm512_add_pd(acc4, _mm512_mul_pd(days_of(r4 + t), bs));
    acc5 = _mm512_add_pd(acc5, _mm512_mul_pd(days_of(r5 + t), bs));
    acc6 = _mm512_add_pd(acc6, _mm512_mul_pd(days_of(r6 + t), bs));
    acc7 = _mm512_add_pd(acc7, _mm512_mul_pd(days_of(r7 + t), bs));
  }
  const __m512d acc[8] = {acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7};
  for (int r = 0; r < 8; ++r) {
    alignas(64) double lanes[8];
    _mm512_store_pd(lanes, acc[r]);
    for (int c = 0; c < 4; ++c) out[r][c] = lanes[2 * c] + lanes[2 * c + 1];
  }
}
#endif

/// The products of rows a[0..3] with the four rows of `quad`: with AVX2 one 4 x 4 tile, else
/// two 4 x 2 (the same bits either way).
void tile_products(const double* const a[4], const double* quad, std::size_t days, [[maybe_unused]] bool avx2,
                   double out[4][4]) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (avx2) return dot_tile_4x4(a, quad, days, out);
#endif
  for (std::size_t half = 0; half < 4; half += 2) {
    double dots[4][2];
    dot_tile(a, quad, half, days, dots);
    for (std::size_t r = 0; r < 4; ++r)
      for (std::size_t c = 0; c < 2; ++c) out[r][half + c] = dots[r][c];
  }
}

/// A pair's sums lose digits when taking off its missing days or its mean leaves less than
/// this share of the sum of squares; such a pair is computed in two passes instead.
constexpr double kept_share = 1.0 / 64.0;

/// Pairs waiting for their correlations, in the order they were found: their sums over the
/// days both have, the dot product of their centred rows, and each series' own sum of squares.
/// The divisions and square roots (the pairs' slowest steps) are taken for a batch at once, in
/// one loop the compiler vectorizes (four to a vector when AVX2 is allowed: the same IEEE
/// operations, so the same bits), and the correlations are then added in the pairs' order.
struct PairBatch {
  static constexpr std::size_t capacity = 16;
  std::size_t count = 0;
  double n[capacity], sx[capacity], sxx[capacity], sy[capacity], syy[capacity], dot[capacity];
  double own_xx[capacity], own_yy[capacity];  // series i's and j's sums of squares over all their days
  double value[capacity];
  double kept[capacity];  // 1 where the sums kept their digits (else: two passes)
  std::size_t first[capacity], second[capacity];  // the pair's series
};

/// r = (dot - sx sy / n) / sqrt(vx vy), vx = sxx - sx^2 / n, vy likewise, for the batch's pairs;
/// without branches, so that it vectorizes.
__attribute__((always_inline)) inline void correlations(PairBatch& b) {
  for (std::size_t k = 0; k < b.count; ++k) {
    const double vx = b.sxx[k] - b.sx[k] * b.sx[k] / b.n[k];
    const double vy = b.syy[k] - b.sy[k] * b.sy[k] / b.n[k];
    const bool kept = (vx > kept_share * b.sxx[k]) & (b.sxx[k] > kept_share * b.own_xx[k]) &
                      (vy > kept_share * b.syy[k]) & (b.syy[k] > kept_share * b.own_yy[k]);
    b.kept[k] = kept ? 1.0 : 0.0;
    b.value[k] = (b.dot[k] - b.sx[k] * b.sy[k] / b.n[k]) / std::sqrt(vx * vy);
  }
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// The same loop compiled for AVX2 (no FMA, which would round differently).
__attribute__((target("avx2"))) void correlations_avx2(PairBatch& b) { correlations(b); }
#endif

}  // namespace

double mean_pairwise_correlation(std::span<const std::span<const double>> series, Instructions instructions) {
  const std::size_t n_series = series.size();
  if (n_series < 2) return missing;
  const CentredRows rows(series);
  [[maybe_unused]] const bool avx2 = use_avx2(instructions);
  [[maybe_unused]] const bool avx512 = use_avx512_full_width(instructions);
  double total = 0.0;
  double pairs = 0.0;
  // The batch's correlations added in order; a pair whose sums lost digits computed by definition.
  PairBatch batch;
  auto flush = [&] {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
    if (avx2) correlations_avx2(batch);
    else correlations(batch);
#else
    correlations(batch);
#endif
    for (std::size_t k = 0; k < batch.count; ++k) {
      if (batch.kept[k] != 0.0) {
        total += batch.value[k];
        pairs += 1.0;
        continue;
      }
      bool usable = false;
      const double r = pair_correlation_two_pass(series[batch.first[k]], series[batch.second[k]], usable);
      if (usable) {
        total += r;
        pairs += 1.0;
      }
    }
    batch.count = 0;
  };
  // Pair (i, j), i < j, from the dot product of their centred rows (zero on missing days, so
  // over the days both have): the sums of each over those days are its own less its values on
  // the other's missing days (i's: n, sx, sxx, made for the block by block_sums_less; j's: sy,
  // syy, made for four rows j by four_sums_less).
  auto add_pair = [&](std::size_t i, std::size_t j, double dot, double n, double sx, double sxx, double sy,
                      double syy) {
    if (n < 2.0) return;
    const std::size_t k = batch.count++;
    batch.n[k] = n;
    batch.sx[k] = sx;
    batch.sxx[k] = sxx;
    batch.sy[k] = sy;
    batch.syy[k] = syy;
    batch.dot[k] = dot;
    batch.own_xx[k] = rows.squares[i];
    batch.own_yy[k] = rows.squares[j];
    batch.first[k] = i;
    batch.second[k] = j;
    if (batch.count == PairBatch::capacity) flush();
  };
  // Blocks of rows i (kept in the cache while every later row j passes by). For each four rows
  // j (interleaved into `quad`), their products with the block's rows in tiles of 4 x 4 (with
  // AVX2 two pairs to a vector; with AVX-512 at full width 8 x 4, a row's four pairs to a
  // vector; else two tiles of 4 x 2), then the pairs taken rows j and j + 1 first, then j + 2
  // and j + 3, each by row i: the order of the additions to `total`, the same on every path. A
  // row past the end reads row 0 and its pairs are dropped.
  constexpr std::size_t block = 32;
  auto row_or_first = [&](std::size_t k, std::size_t end) { return rows.row(k < end ? k : 0); };
  static_assert(block == BlockByDay::rows);
  double dots[block][4];
  BlockByDay by_day;
  std::vector<double> quad(4 * rows.days);  // rows j .. j + 3 interleaved (interleave_four)
  OwnSums own[4];  // rows j .. j + 3: the block's sums less their missing days
  OtherSums other[block];  // the block's rows i: rows j .. j + 3's sums less i's missing days
  auto sums_less = [&](const std::vector<std::uint32_t>& lacks, OwnSums& out) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
    if (avx2) return block_sums_less_avx2(by_day, lacks, out);
#endif
    block_sums_less(by_day, lacks, out);
  };
  for (std::size_t i_block = 0; i_block < n_series; i_block += block) {
    const std::size_t i_end = std::min(n_series, i_block + block);
    by_day.fill(rows, i_block, i_end);
    for (std::size_t j = i_block + 1; j < n_series; j += 4) {
      for (std::size_t c = 0; c < 4 && j + c < n_series; ++c) sums_less(rows.lacks[j + c], own[c]);
      const double* b[4];
      for (std::size_t c = 0; c < 4; ++c) b[c] = row_or_first(j + c, n_series);
      interleave_four(b, rows.days, quad.data());
      double sum[4], squares[4];
      for (std::size_t c = 0; c < 4; ++c) {
        sum[c] = j + c < n_series ? rows.sum[j + c] : 0.0;
        squares[c] = j + c < n_series ? rows.squares[j + c] : 0.0;
      }
      for (std::size_t i = i_block; i < i_end && i < j + 3;) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
        if (avx512) {  // eight rows i at once
          const double* a[8];
          for (std::size_t r = 0; r < 8; ++r) a[r] = row_or_first(i + r, i_end);
          double tile[8][4];
          dot_tile_8x4_avx512(a, quad.data(), rows.days, tile);
          for (std::size_t r = 0; r < 8 && i + r < i_end; ++r)
            for (std::size_t c = 0; c < 4; ++c) dots[i + r - i_block][c] = tile[r][c];
          i += 8;
          continue;
        }
#endif
        const double* a[4];
        for (std::size_t r = 0; r < 4; ++r) a[r] = row_or_first(i + r, i_end);
        double tile[4][4];
        tile_products(a, quad.data(), rows.days, avx2, tile);
        for (std::size_t r = 0; r < 4 && i + r < i_end; ++r)
          for (std::size_t c = 0; c < 4; ++c) dots[i + r - i_block][c] = tile[r][c];
        i += 4;
      }
      for (std::size_t i = i_block; i < i_end && i < j + 3; ++i)
        four_sums_less(quad.data(), sum, squares, rows.lacks[i], other[i - i_block]);
      for (std::size_t half = 0; half < 4 && j + half < n_series; half += 2)
        for (std::size_t i = i_block; i < i_end && i < j + half + 1; ++i)
          for (std::size_t c = half; c < half + 2 && j + c < n_series; ++c)
            if (i < j + c) {
              const std::size_t r = i - i_block;
              add_pair(i, j + c, dots[r][c], own[c].n[r], own[c].sx[r], own[c].sxx[r], other[r].sy[c], other[r].syy[c]);
            }
    }
  }
  flush();
  return pairs > 0.0 ? total / pairs : missing;
}

}  // namespace evstudy
