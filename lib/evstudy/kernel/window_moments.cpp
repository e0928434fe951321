#include "evstudy/kernel/window_moments.hpp"

#include <algorithm>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/prefetch.hpp"

#if defined(EVSTUDY_HAS_AVX2_PATHS)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace evstudy {
namespace {

/// Over the days t in [0, n) where both r[t] and m[t] exist, with dr = r[t] - ref_r and dm =
/// m[t] - ref_m: the count and the sums of dr, dm, dr^2, dm^2 and dr dm. Four lanes (day t in
/// lane t mod 4, the last n mod 4 days in lanes 0, 1, ...), totalled as (0 + 1) + (2 + 3);
/// without branches (a missing day adds +0 to every sum). The count is an integer (exact
/// either way). With AVX2 (chosen at run time) the four lanes are one vector, with SSE2 two;
/// otherwise plain code: the same additions in the same order, so the same bits.
struct DeviationSums {
  double n = 0.0, r = 0.0, m = 0.0, rr = 0.0, mm = 0.0, rm = 0.0;
};

/// The sums' lanes [sum: r, m, rr, mm, rm][lane] and the count of valid days so far.
struct Lanes {
  alignas(32) double sum[5][4] = {};
  std::size_t count = 0;
};

/// Adds days [t, n) lane by lane (day t + j in lane j mod 4), then totals the lanes.
DeviationSums finish(Lanes& lanes, const double* r, const double* m, std::size_t t, std::size_t n, double ref_r,
                     double ref_m) {
  auto add = [&](std::size_t j, double rv, double mv) {
    const bool valid = !is_missing(rv) && !is_missing(mv);
    const double dr = valid ? rv - ref_r : 0.0;
    const double dm = valid ? mv - ref_m : 0.0;
    lanes.count += valid ? 1 : 0;
    lanes.sum[0][j] += dr;
    lanes.sum[1][j] += dm;
    lanes.sum[2][j] += dr * dr;
    lanes.sum[3][j] += dm * dm;
    lanes.sum[4][j] += dr * dm;
  };
  for (; t + 4 <= n; t += 4)
    for (std::size_t j = 0; j < 4; ++j) add(j, r[t + j], m[t + j]);
  for (std::size_t j = 0; t < n; ++t, ++j) add(j, r[t], m[t]);
  auto total = [&lanes](std::size_t s) { return (lanes.sum[s][0] + lanes.sum[s][1]) + (lanes.sum[s][2] + lanes.sum[s][3]); };
  return {static_cast<double>(lanes.count), total(0), total(1), total(2), total(3), total(4)};
}

#if defined(__SSE2__)
DeviationSums deviation_sums_sse2(const double* __restrict r, const double* __restrict m, std::size_t n, double ref_r,
                                  double ref_m) {
  Lanes lanes;
  std::size_t t = 0;
  const __m128d rr0 = _mm_set1_pd(ref_r), mm0 = _mm_set1_pd(ref_m);
  __m128d r01 = _mm_setzero_pd(), r23 = r01, m01 = r01, m23 = r01;
  __m128d rr01 = r01, rr23 = r01, mm01 = r01, mm23 = r01, rm01 = r01, rm23 = r01;
  std::size_t count = 0;
  for (; t + 4 <= n; t += 4) {
    const __m128d ra = _mm_loadu_pd(r + t), rb = _mm_loadu_pd(r + t + 2);
    const __m128d ma = _mm_loadu_pd(m + t), mb = _mm_loadu_pd(m + t + 2);
    const __m128d va = _mm_cmpord_pd(ra, ma), vb = _mm_cmpord_pd(rb, mb);  // neither is NaN
    count += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(_mm_movemask_pd(va) | (_mm_movemask_pd(vb) << 2))));
    const __m128d dra = _mm_and_pd(va, _mm_sub_pd(ra, rr0)), drb = _mm_and_pd(vb, _mm_sub_pd(rb, rr0));
    const __m128d dma = _mm_and_pd(va, _mm_sub_pd(ma, mm0)), dmb = _mm_and_pd(vb, _mm_sub_pd(mb, mm0));
    r01 = _mm_add_pd(r01, dra);
    r23 = _mm_add_pd(r23, drb);
    m01 = _mm_add_pd(m01, dma);
    m23 = _mm_add_pd(m23, dmb);
    rr01 = _mm_add_pd(rr01, _mm_mul_pd(dra, dra));
    rr23 = _mm_add_pd(rr23, _mm_mul_pd(drb, drb));
    mm01 = _mm_add_pd(mm01, _mm_mul_pd(dma, dma));
    mm23 = _mm_add_pd(mm23, _mm_mul_pd(dmb, dmb));
    rm01 = _mm_add_pd(rm01, _mm_mul_pd(dra, dma));
    rm23 = _mm_add_pd(rm23, _mm_mul_pd(drb, dmb));
  }
  const __m128d low[5] = {r01, m01, rr01, mm01, rm01}, high[5] = {r23, m23, rr23, mm23, rm23};
  for (std::size_t s = 0; s < 5; ++s) {
    _mm_store_pd(&lanes.sum[s][0], low[s]);
    _mm_store_pd(&lanes.sum[s][2], high[s]);
  }
  lanes.count = count;
  return finish(lanes, r, m, t, n, ref_r, ref_m);
}
#endif

#if defined(EVSTUDY_HAS_AVX2_PATHS)
// Plain AVX2 (no FMA: a fused multiply-add would round differently from the other paths).

/// The four lanes of each sum in one vector (dr, dm, dr^2, dm^2, dr dm), and the valid days.
struct Avx2Sums {
  __m256d r, m, rr, mm, rm;
  std::size_t count;
};

__attribute__((target("avx2"), always_inline)) inline Avx2Sums zero_sums() {
  const __m256d zero = _mm256_setzero_pd();
  return {zero, zero, zero, zero, zero, 0};
}

/// Four days added, lane j taking the day of lane j of `rv` and `mv` where `valid` is set (a
/// day not valid adds +0: a lane's sum starts at +0 and is never -0, so that adding +0 leaves
/// it as it is).
__attribute__((target("avx2"), always_inline)) inline void add_days(Avx2Sums& s, __m256d rv, __m256d mv, __m256d valid,
                                                                     __m256d ref_r, __m256d ref_m) {
  s.count += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(_mm256_movemask_pd(valid))));
  const __m256d dr = _mm256_and_pd(valid, _mm256_sub_pd(rv, ref_r));
  const __m256d dm = _mm256_and_pd(valid, _mm256_sub_pd(mv, ref_m));
  s.r = _mm256_add_pd(s.r, dr);
  s.m = _mm256_add_pd(s.m, dm);
  s.rr = _mm256_add_pd(s.rr, _mm256_mul_pd(dr, dr));
  s.mm = _mm256_add_pd(s.mm, _mm256_mul_pd(dm, dm));
  s.rm = _mm256_add_pd(s.rm, _mm256_mul_pd(dr, dm));
}

/// Days t .. t + 3 added, lane j taking day t + j (valid where neither is NaN).
__attribute__((target("avx2"), always_inline)) inline void add_four_days(Avx2Sums& s, const double* r, const double* m,
                                                                          __m256d ref_r, __m256d ref_m) {
  const __m256d rv = _mm256_loadu_pd(r), mv = _mm256_loadu_pd(m);
  add_days(s, rv, mv, _mm256_cmp_pd(rv, mv, _CMP_ORD_Q), ref_r, ref_m);
}

/// The last `left` (1 to 3) days from r and m added, lane j taking day j, as finish() adds
/// them; nothing past them is read.
__attribute__((target("avx2"), always_inline)) inline void add_last_days(Avx2Sums& s, const double* r, const double* m,
                                                                          std::size_t left, __m256d ref_r, __m256d ref_m) {
  const __m256i take = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(left)), _mm256_set_epi64x(3, 2, 1, 0));
  const __m256d rv = _mm256_maskload_pd(r, take), mv = _mm256_maskload_pd(m, take);
  add_days(s, rv, mv, _mm256_and_pd(_mm256_castsi256_pd(take), _mm256_cmp_pd(rv, mv, _CMP_ORD_Q)), ref_r, ref_m);
}

/// (lane 0 + lane 1) + (lane 2 + lane 3), as finish() totals its lanes.
__attribute__((target("avx2"), always_inline)) inline double lane_total(__m256d v) {
  const __m128d low = _mm256_castpd256_pd128(v), high = _mm256_extractf128_pd(v, 1);
  return (_mm_cvtsd_f64(low) + _mm_cvtsd_f64(_mm_unpackhi_pd(low, low))) +
         (_mm_cvtsd_f64(high) + _mm_cvtsd_f64(_mm_unpackhi_pd(high, high)));
}

/// The sums with AVX2 (inlined into the AVX2 code that calls it: scan_avx2, over_avx2).
__attribute__((target("avx2"))) inline DeviationSums deviation_sums_avx2(const double* __restrict r,
                                                                         const double* __restrict m, std::size_t n,
                                                                         double ref_r, double ref_m) {
  const __m256d r0 = _mm256_set1_pd(ref_r), m0 = _mm256_set1_pd(ref_m);
  Avx2Sums sums = zero_sums();
  std::size_t t = 0;
  for (; t + 4 <= n; t += 4) add_four_days(sums, r + t, m + t, r0, m0);
  if (t < n) add_last_days(sums, r + t, m + t, n - t, r0, m0);
  return {static_cast<double>(sums.count), lane_total(sums.r), lane_total(sums.m), lane_total(sums.rr),
          lane_total(sums.mm), lane_total(sums.rm)};
}
#endif

/// The sums with the portable instructions (SSE2 on x86-64, else plain code).
DeviationSums deviation_sums(const double* __restrict r, const double* __restrict m, std::size_t n, double ref_r,
                             double ref_m) {
#if defined(__SSE2__)
  return deviation_sums_sse2(r, m, n, ref_r, ref_m);
#else
  Lanes lanes;
  return finish(lanes, r, m, 0, n, ref_r, ref_m);
#endif
}

/// A part's moments from its deviation sums about (ref_r, ref_m), one of its days: the
/// deviations are of the order of the days' spread, so these differences keep their digits.
WindowMoments::Part part_from(const DeviationSums& s, double ref_r, double ref_m) {
  WindowMoments::Part p;
  p.ref_r = ref_r;
  p.ref_m = ref_m;
  p.n = s.n;
  if (s.n == 0.0) return p;
  p.offset_r = s.r / s.n;
  p.offset_m = s.m / s.n;
  p.s_rr = s.rr - s.r * s.r / s.n;
  p.s_mm = s.mm - s.m * s.m / s.n;
  p.s_rm = s.rm - s.r * s.m / s.n;
  return p;
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// (v lane 0 + lane 1) + (lane 2 + lane 3) of four vectors a, b, c, d at once, as lane_total
/// takes each: one vector of their four totals.
__attribute__((target("avx2"), always_inline)) inline __m256d lane_totals(__m256d a, __m256d b, __m256d c, __m256d d) {
  const __m256d ab = _mm256_add_pd(_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b));  // a01 b01 a23 b23
  const __m256d cd = _mm256_add_pd(_mm256_unpacklo_pd(c, d), _mm256_unpackhi_pd(c, d));  // c01 d01 c23 d23
  return _mm256_add_pd(_mm256_permute2f128_pd(ab, cd, 0x20), _mm256_permute2f128_pd(ab, cd, 0x31));
}

/// The parts of four whole blocks from their lanes' sums `sum[s][b]` (s: r, m, rr, mm, rm) and
/// valid days `n`: part_from's formulas, the four blocks' totals and divisions taken together.
__attribute__((target("avx2"), always_inline)) inline void parts_from_sums(const __m256d (&sum)[5][4], const double (&n)[4],
                                                                            const double* r, const double* m,
                                                                            WindowMoments::Part* out) {
  constexpr std::size_t days = WindowMoments::block;
  const __m256d count = _mm256_loadu_pd(n);
  const __m256d sr = lane_totals(sum[0][0], sum[0][1], sum[0][2], sum[0][3]);
  const __m256d sm = lane_totals(sum[1][0], sum[1][1], sum[1][2], sum[1][3]);
  const __m256d srr = lane_totals(sum[2][0], sum[2][1], sum[2][2], sum[2][3]);
  const __m256d smm = lane_totals(sum[3][0], sum[3][1], sum[3][2], sum[3][3]);
  const __m256d srm = lane_totals(sum[4][0], sum[4][1], sum[4][2], sum[4][3]);
  // part_from's formulas, lane by lane (count >= 1: each block's first day is valid).
  alignas(32) double field[5][4];
  _mm256_store_pd(field[0], _mm256_div_pd(sr, count));
  _mm256_store_pd(field[1], _mm256_div_pd(sm, count));
  _mm256_store_pd(field[2], _mm256_sub_pd(srr, _mm256_div_pd(_mm256_mul_pd(sr, sr), count)));
  _mm256_store_pd(field[3], _mm256_sub_pd(smm, _mm256_div_pd(_mm256_mul_pd(sm, sm), count)));
  _mm256_store_pd(field[4], _mm256_sub_pd(srm, _mm256_div_pd(_mm256_mul_pd(sr, sm), count)));
  for (std::size_t b = 0; b < 4; ++b) {
    WindowMoments::Part& p = out[b];
    p.n = n[b];
    p.ref_r = r[b * days];
    p.ref_m = m[b * days];
    p.offset_r = field[0][b];
    p.offset_m = field[1][b];
    p.s_rr = field[2][b];
    p.s_mm = field[3][b];
    p.s_rm = field[4][b];
  }
}

/// The parts of four whole blocks that follow each other from `r` and `m`, each block's first
/// day valid in both (its reference): what scan() and part_from give for each, the same
/// additions in the same order, the four blocks' totals and divisions taken together.
__attribute__((target("avx2"))) void four_whole_blocks(const double* __restrict r, const double* __restrict m,
                                                      WindowMoments::Part* out) {
  constexpr std::size_t days = WindowMoments::block;
  __m256d sum[5][4];
  double n[4];
  for (std::size_t b = 0; b < 4; ++b) {
    // The returns come from memory (the market's stay in the cache), where the hardware's
    // prefetcher looks ahead too little: the group of blocks two ahead is asked for.
    prefetch_range(r, (8 + b) * days, (9 + b) * days);
    const double* rb = r + b * days;
    const double* mb = m + b * days;
    const __m256d r0 = _mm256_set1_pd(rb[0]), m0 = _mm256_set1_pd(mb[0]);
    Avx2Sums s = zero_sums();
    for (std::size_t t = 0; t < days; t += 4) add_four_days(s, rb + t, mb + t, r0, m0);
    sum[0][b] = s.r;
    sum[1][b] = s.m;
    sum[2][b] = s.rr;
    sum[3][b] = s.mm;
    sum[4][b] = s.rm;
    n[b] = static_cast<double>(s.count);
  }
  parts_from_sums(sum, n, r, m, out);
}

/// One 512-bit vector of two 256-bit ones: `low` in lanes 0-3, `high` in lanes 4-7.
__attribute__((target("avx512f"), always_inline)) inline __m512d pair_of(__m256d low, __m256d high) {
  // Not _mm512_insertf64x4 of a cast: GCC 12 warns falsely on the cast's undefined half.
  return __builtin_shufflevector(low, high, 0, 1, 2, 3, 4, 5, 6, 7);
}

/// four_whole_blocks with AVX-512: two blocks side by side in each 512-bit vector (lanes 0-3
/// the first block's four lanes, 4-7 the second's), so that each block's lanes add the same
/// days in the same order as with AVX2, half the instructions for them; the same bits.
__attribute__((target("avx512f"))) void four_whole_blocks_avx512(const double* __restrict r, const double* __restrict m,
                                                                WindowMoments::Part* out) {
  constexpr std::size_t days = WindowMoments::block;
  __m512d sum[5][2];
  double n[4];
  for (std::size_t pair = 0; pair < 2; ++pair) {
    // The pair's two blocks of the group two ahead, as four_whole_blocks asks block by block
    // (all four at once, at the start, were lost on AMD's Zen 4: 5 ms more for 209 MB).
    prefetch_range(r, (8 + 2 * pair) * days, (10 + 2 * pair) * days);
    const double* r0 = r + 2 * pair * days;
    const double* m0 = m + 2 * pair * days;
    const __m512d ref_r = pair_of(_mm256_set1_pd(r0[0]), _mm256_set1_pd(r0[days]));
    const __m512d ref_m = pair_of(_mm256_set1_pd(m0[0]), _mm256_set1_pd(m0[days]));
    __m512d sr = _mm512_setzero_pd(), sm = sr, srr = sr, smm = sr, srm = sr;
    unsigned count_low = 0, count_high = 0;
    for (std::size_t t = 0; t < days; t += 4) {
      const __m512d rv = pair_of(_mm256_loadu_pd(r0 + t), _mm256_loadu_pd(r0 + days + t));
      const __m512d mv = pair_of(_mm256_loadu_pd(m0 + t), _mm256_loadu_pd(m0 + days + t));
      const __mmask8 valid = _mm512_cmp_pd_mask(rv, mv, _CMP_ORD_Q);
      count_low += static_cast<unsigned>(__builtin_popcount(valid & 0x0Fu));
      count_high += static_cast<unsigned>(__builtin_popcount(valid >> 4));
      // A day not valid adds +0, as the AVX2 mask does.
      const __m512d dr = _mm512_maskz_sub_pd(valid, rv, ref_r);
      const __m512d dm = _mm512_maskz_sub_pd(valid, mv, ref_m);
      sr = _mm512_add_pd(sr, dr);
      sm = _mm512_add_pd(sm, dm);
      srr = _mm512_add_pd(srr, _mm512_mul_pd(dr, dr));
      smm = _mm512_add_pd(smm, _mm512_mul_pd(dm, dm));
      srm = _mm512_add_pd(srm, _mm512_mul_pd(dr, dm));
    }
    sum[0][pair] = sr;
    sum[1][pair] = sm;
    sum[2][pair] = srr;
    sum[3][pair] = smm;
    sum[4][pair] = srm;
    n[2 * pair] = static_cast<double>(count_low);
    n[2 * pair + 1] = static_cast<double>(count_high);
  }
  // Each block's four lanes (not _mm512_extractf64x4_pd: GCC 12 warns falsely on it).
  __m256d lanes[5][4];
  for (std::size_t k = 0; k < 5; ++k)
    for (std::size_t pair = 0; pair < 2; ++pair) {
      lanes[k][2 * pair] = __builtin_shufflevector(sum[k][pair], sum[k][pair], 0, 1, 2, 3);
      lanes[k][2 * pair + 1] = __builtin_shufflevector(sum[k][pair], sum[k][pair], 4, 5, 6, 7);
    }
  parts_from_sums(lanes, n, r, m, out);
}
#endif

/// The sums of deviation_sums, with AVX2 (`Avx2`) or the portable instructions; inlined into
/// its caller (an AVX2 one for the first).
template <bool Avx2>
__attribute__((always_inline)) inline DeviationSums sums_of(const double* __restrict r, const double* __restrict m,
                                                            std::size_t n, double ref_r, double ref_m) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if constexpr (Avx2) return deviation_sums_avx2(r, m, n, ref_r, ref_m);
#endif
  return deviation_sums(r, m, n, ref_r, ref_m);
}

/// The moments of days [begin, end), one pass of deviations from the first valid day (the
/// days' first valid pair: Chan, Golub & LeVeque's shifted data, so that the deviations summed
/// are of the order of these days' own spread, whatever the level).
template <bool Avx2>
__attribute__((always_inline)) inline WindowMoments::Part scan_days(const double* r, const double* m, std::size_t begin,
                                                                    std::size_t end) {
  std::size_t first = begin;
  while (first < end && (is_missing(r[first]) || is_missing(m[first]))) ++first;
  if (first == end) return {};
  const double ref_r = r[first], ref_m = m[first];
  return part_from(sums_of<Avx2>(r + first, m + first, end - first, ref_r, ref_m), ref_r, ref_m);
}

/// WindowMoments::over with the scans of the partial blocks inlined: one function, so that the
/// two scans and their divisions overlap.
template <bool Avx2>
__attribute__((always_inline)) inline Moments2 over_days(std::span<const double> r_, std::span<const double> m_,
                                                         const std::vector<WindowMoments::Part>& blocks_, i64 begin,
                                                         i64 end) {
  using Part = WindowMoments::Part;
  constexpr std::size_t block = WindowMoments::block;
  const auto size = static_cast<i64>(r_.size());
  const auto b = static_cast<std::size_t>(std::clamp<i64>(begin, 0, size));
  const auto e = static_cast<std::size_t>(std::clamp<i64>(end, 0, size));
  if (e <= b) return {};
  const std::size_t first = b / block, last = (e - 1) / block;
  const Part head = scan_days<Avx2>(r_.data(), m_.data(), b, first == last ? e : (first + 1) * block);
  const Part tail = first == last ? Part{} : scan_days<Avx2>(r_.data(), m_.data(), last * block, e);
  // Each part's mean travels as an offset from the first part with days' reference (the
  // difference of two nearly equal references is exact; an empty part's reference is 0, far
  // from the data's level). Pass 1: the window's mean offset, weighted by days.
  const Part* base = &head;
  for (std::size_t k = first + 1; k < last && base->n == 0.0; ++k) base = &blocks_[k];
  if (base->n == 0.0) base = &tail;
  const double base_r = base->ref_r, base_m = base->ref_m;
  auto offset_r = [base_r](const Part& p) { return (p.ref_r - base_r) + p.offset_r; };
  auto offset_m = [base_m](const Part& p) { return (p.ref_m - base_m) + p.offset_m; };
  double n = head.n + tail.n;
  double sum_r = head.n * offset_r(head) + tail.n * offset_r(tail);
  double sum_m = head.n * offset_m(head) + tail.n * offset_m(tail);
  for (std::size_t k = first + 1; k < last; ++k) {
    const Part& p = blocks_[k];
    n += p.n;
    sum_r += p.n * offset_r(p);
    sum_m += p.n * offset_m(p);
  }
  Moments2 out;
  if (n == 0.0) return out;
  out.n = n;
  const double mean_r = sum_r / n, mean_m = sum_m / n;
  // Pass 2: within-part sums plus each part's squared deviation from the window's mean, by days.
  auto add = [&](const Part& p) {
    const double dr = offset_r(p) - mean_r, dm = offset_m(p) - mean_m;
    out.s_rr += p.s_rr + p.n * dr * dr;
    out.s_mm += p.s_mm + p.n * dm * dm;
    out.s_rm += p.s_rm + p.n * dr * dm;
  };
  add(head);
  for (std::size_t k = first + 1; k < last; ++k) add(blocks_[k]);
  add(tail);
  out.mean_r = base_r + mean_r;
  out.mean_m = base_m + mean_m;
  return out;
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
__attribute__((target("avx2"), flatten)) WindowMoments::Part scan_avx2(const double* r, const double* m, std::size_t begin,
                                                             std::size_t end) {
  return scan_days<true>(r, m, begin, end);
}

__attribute__((target("avx2"), flatten)) Moments2 over_avx2(std::span<const double> r, std::span<const double> m,
                                                   const std::vector<WindowMoments::Part>& blocks, i64 begin, i64 end) {
  return over_days<true>(r, m, blocks, begin, end);
}
#endif

Moments2 over_portable(std::span<const double> r, std::span<const double> m, const std::vector<WindowMoments::Part>& blocks,
                       i64 begin, i64 end) {
  return over_days<false>(r, m, blocks, begin, end);
}

}  // namespace

WindowMoments::WindowMoments(std::span<const double> r, std::span<const double> m, Instructions instructions)
    : r_(r), m_(m) {
  avx2_ = use_avx2(instructions);
  avx512_ = use_avx512(instructions);
  const std::size_t count = (r.size() + block - 1) / block;
  blocks_.resize(count);
  std::size_t k = 0;
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  // Four whole blocks at a time where each one's first day is valid (its reference), the rest
  // one by one: the same parts either way.
  const std::size_t whole = r.size() / block;
  auto starts_valid = [&](std::size_t b) { return !is_missing(r[b * block]) && !is_missing(m[b * block]); };
  if (avx2_)
    while (k + 4 <= whole) {
      if (starts_valid(k) && starts_valid(k + 1) && starts_valid(k + 2) && starts_valid(k + 3)) {
        if (avx512_)
          four_whole_blocks_avx512(r.data() + k * block, m.data() + k * block, blocks_.data() + k);
        else
          four_whole_blocks(r.data() + k * block, m.data() + k * block, blocks_.data() + k);
        k += 4;
      } else {
        blocks_[k] = scan(k * block, (k + 1) * block);
        ++k;
      }
    }
#endif
  for (; k < count; ++k) blocks_[k] = scan(k * block, std::min(r.size(), (k + 1) * block));
}

WindowMoments::Part WindowMoments::scan(std::size_t begin, std::size_t end) const {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (avx2_) return scan_avx2(r_.data(), m_.data(), begin, end);
#endif
  return scan_days<false>(r_.data(), m_.data(), begin, end);
}

Moments2 WindowMoments::over(i64 begin, i64 end) const {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (avx2_) return over_avx2(r_, m_, blocks_, begin, end);
#endif
  return over_portable(r_, m_, blocks_, begin, end);
}

void WindowMoments::prefetch(i64 begin, i64 end) const {
  const auto size = static_cast<i64>(r_.size());
  const auto b = static_cast<std::size_t>(std::clamp<i64>(begin, 0, size));
  const auto e = static_cast<std::size_t>(std::clamp<i64>(end, 0, size));
  if (e <= b) return;
  const std::size_t first = b / block, last = (e - 1) / block;
  // What over() reads: the returns of the blocks at both ends (scanned) and the whole blocks'
  // moments between them, each line once.
  prefetch_range(r_.data(), b, first == last ? e : (first + 1) * block);
  if (first != last) prefetch_range(r_.data(), last * block, e);
  for (std::size_t k = first + 1; k < last; ++k) __builtin_prefetch(blocks_.data() + k);
}

}  // namespace evstudy
