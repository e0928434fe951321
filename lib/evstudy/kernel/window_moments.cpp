#include "evstudy/kernel/window_moments.hpp"

#include <algorithm>

namespace evstudy {

Moments2 merge(const Moments2& a, const Moments2& b) {
  if (a.n == 0.0) return b;
  if (b.n == 0.0) return a;
  Moments2 out;
  out.n = a.n + b.n;
  const double dr = b.mean_r - a.mean_r;
  const double dm = b.mean_m - a.mean_m;
  const double w = a.n * b.n / out.n;
  out.mean_r = a.mean_r + dr * (b.n / out.n);
  out.mean_m = a.mean_m + dm * (b.n / out.n);
  out.s_rr = a.s_rr + b.s_rr + dr * dr * w;
  out.s_mm = a.s_mm + b.s_mm + dm * dm * w;
  out.s_rm = a.s_rm + b.s_rm + dr * dm * w;
  return out;
}

WindowMoments::WindowMoments(std::span<const double> r, std::span<const double> m) : r_(r), m_(m) {
  const std::size_t blocks = (r.size() + block - 1) / block;
  ref_r_.assign(blocks, 0.0);
  ref_m_.assign(blocks, 0.0);
  whole_.assign(blocks, Moments2{});
  for (std::size_t k = 0; k < blocks; ++k) {
    const std::size_t from = k * block, to = std::min(r.size(), from + block);
    double n = 0.0, sum_r = 0.0, sum_m = 0.0;
    for (std::size_t t = from; t < to; ++t)
      if (!is_missing(r[t]) && !is_missing(m[t])) {
        n += 1.0;
        sum_r += r[t];
        sum_m += m[t];
      }
    ref_r_[k] = n > 0.0 ? sum_r / n : 0.0;
    ref_m_[k] = n > 0.0 ? sum_m / n : 0.0;
    whole_[k] = in_block(k, from, to);
  }
}

Moments2 WindowMoments::in_block(std::size_t k, std::size_t begin, std::size_t end) const {
  double c[6] = {0, 0, 0, 0, 0, 0};
  for (std::size_t t = begin; t < end; ++t)
    if (!is_missing(r_[t]) && !is_missing(m_[t])) {
      const double dr = r_[t] - ref_r_[k], dm = m_[t] - ref_m_[k];
      c[0] += 1.0, c[1] += dr, c[2] += dm, c[3] += dr * dr, c[4] += dm * dm, c[5] += dr * dm;
    }
  Moments2 out;
  out.n = c[0];
  if (out.n == 0.0) return out;
  // Deviations from the block's mean are small, so these differences keep their digits.
  out.mean_r = c[1] / out.n;  // offsets from the block's reference: merges keep their digits
  out.mean_m = c[2] / out.n;
  out.s_rr = c[3] - c[1] * c[1] / out.n;
  out.s_mm = c[4] - c[2] * c[2] / out.n;
  out.s_rm = c[5] - c[1] * c[2] / out.n;
  return out;
}

Moments2 WindowMoments::over(i64 begin, i64 end) const {
  const auto size = static_cast<i64>(r_.size());
  const auto b = static_cast<std::size_t>(std::clamp<i64>(begin, 0, size));
  const auto e = static_cast<std::size_t>(std::clamp<i64>(end, 0, size));
  if (e <= b) return {};
  const std::size_t first = b / block, last = (e - 1) / block;
  // Means travel as offsets from the first block's reference; a block's own offsets shift by
  // the difference of the two references (nearly equal numbers: an exact subtraction).
  const double base_r = ref_r_[first], base_m = ref_m_[first];
  auto shifted = [&](Moments2 m, std::size_t k) {
    m.mean_r += ref_r_[k] - base_r;
    m.mean_m += ref_m_[k] - base_m;
    return m;
  };
  Moments2 out = first == last ? in_block(first, b, e) : in_block(first, b, (first + 1) * block);
  if (first != last) {
    for (std::size_t k = first + 1; k < last; ++k)
      if (whole_[k].n > 0.0) out = merge(out, shifted(whole_[k], k));
    const Moments2 tail = in_block(last, last * block, e);
    if (tail.n > 0.0) out = merge(out, shifted(tail, last));
  }
  out.mean_r += base_r;
  out.mean_m += base_m;
  return out;
}

void WindowMoments::prefetch(i64 begin, i64 end) const {
  const auto size = static_cast<i64>(r_.size());
  const auto b = static_cast<std::size_t>(std::clamp<i64>(begin, 0, size));
  const auto e = static_cast<std::size_t>(std::clamp<i64>(end, 0, size));
  if (e <= b) return;
  constexpr std::size_t line = 64 / sizeof(double);
  const std::size_t first = b / block, last = (e - 1) / block;
  // The partial blocks at both ends are scanned; the whole ones in between are merged.
  const std::size_t head_end = std::min(e, (first + 1) * block);
  for (std::size_t t = b; t < head_end + line; t += line) __builtin_prefetch(r_.data() + std::min(t, e - 1));
  const std::size_t tail_begin = std::max(b, last * block);
  for (std::size_t t = tail_begin; t < e + line; t += line) __builtin_prefetch(r_.data() + std::min(t, e - 1));
  const auto* blocks = reinterpret_cast<const char*>(whole_.data() + first);
  const auto* blocks_end = reinterpret_cast<const char*>(whole_.data() + last + 1);
  for (const char* p = blocks; p < blocks_end + 64; p += 64) __builtin_prefetch(std::min(p, blocks_end - 1));
  __builtin_prefetch(ref_r_.data() + first);
  __builtin_prefetch(ref_r_.data() + last);
  __builtin_prefetch(ref_m_.data() + first);
  __builtin_prefetch(ref_m_.data() + last);
}

}  // namespace evstudy
