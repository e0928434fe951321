#include "evstudy/kernel/window_cross_products.hpp"

#include <algorithm>
#include <stdexcept>

namespace evstudy {

MomentsP merge(const MomentsP& a, const MomentsP& b) {
  if (a.n == 0.0) return b;
  if (b.n == 0.0) return a;
  MomentsP out;
  out.p = a.p;
  out.n = a.n + b.n;
  const double w = a.n * b.n / out.n;
  std::array<double, MomentsP::max_variables> d{};
  for (std::size_t i = 0; i < a.p; ++i) {
    d[i] = b.mean[i] - a.mean[i];
    out.mean[i] = a.mean[i] + d[i] * (b.n / out.n);
  }
  for (std::size_t i = 0; i < a.p; ++i)
    for (std::size_t j = 0; j < a.p; ++j)
      out.c[i * a.p + j] = a.c[i * a.p + j] + b.c[i * a.p + j] + d[i] * d[j] * w;
  return out;
}

WindowCrossProducts::WindowCrossProducts(std::span<const double> a, std::span<const double> b,
                                         std::vector<std::span<const double>> x)
    : a_(a), b_(b), x_(std::move(x)), p_(x_.size() + 1) {
  if (p_ > MomentsP::max_variables) throw std::invalid_argument("WindowCrossProducts: too many factors");
  const std::size_t size = a.size();
  const std::size_t blocks = (size + block - 1) / block;
  ref_.assign(blocks * p_, 0.0);
  whole_.assign(blocks, MomentsP{});
  for (std::size_t k = 0; k < blocks; ++k) {
    const std::size_t from = k * block, to = std::min(size, from + block);
    mean_of(from, to, ref_.data() + k * p_);
    whole_[k] = about(ref_.data() + k * p_, from, to);
  }
}

void WindowCrossProducts::mean_of(std::size_t begin, std::size_t end, double* ref) const {
  double n = 0.0;
  std::array<double, MomentsP::max_variables> v{}, sum{};
  for (std::size_t t = begin; t < end; ++t)
    if (values(t, v.data())) {
      n += 1.0;
      for (std::size_t i = 0; i < p_; ++i) sum[i] += v[i];
    }
  for (std::size_t i = 0; i < p_; ++i) ref[i] = n > 0.0 ? sum[i] / n : 0.0;
}

bool WindowCrossProducts::values(std::size_t t, double* v) const {
  v[0] = a_[t] - b_[t];
  if (is_missing(v[0])) return false;
  for (std::size_t j = 0; j < x_.size(); ++j) {
    v[j + 1] = x_[j][t];
    if (is_missing(v[j + 1])) return false;
  }
  return true;
}

MomentsP WindowCrossProducts::about(const double* ref, std::size_t begin, std::size_t end) const {
  MomentsP out;
  out.p = p_;
  std::array<double, MomentsP::max_variables> v{}, sum{};
  std::array<double, MomentsP::max_variables * MomentsP::max_variables> products{};
  for (std::size_t t = begin; t < end; ++t) {
    if (!values(t, v.data())) continue;
    out.n += 1.0;
    for (std::size_t i = 0; i < p_; ++i) {
      v[i] -= ref[i];
      sum[i] += v[i];
    }
    for (std::size_t i = 0; i < p_; ++i)
      for (std::size_t j = i; j < p_; ++j) products[i * p_ + j] += v[i] * v[j];
  }
  if (out.n == 0.0) return out;
  // Deviations from the days' own mean are small, so these differences keep their digits.
  for (std::size_t i = 0; i < p_; ++i) out.mean[i] = sum[i] / out.n;
  for (std::size_t i = 0; i < p_; ++i)
    for (std::size_t j = i; j < p_; ++j)
      out.c[i * p_ + j] = out.c[j * p_ + i] = products[i * p_ + j] - sum[i] * sum[j] / out.n;
  return out;
}

MomentsP WindowCrossProducts::over(i64 begin, i64 end) const {
  const auto size = static_cast<i64>(a_.size());
  const auto b = static_cast<std::size_t>(std::clamp<i64>(begin, 0, size));
  const auto e = static_cast<std::size_t>(std::clamp<i64>(end, 0, size));
  MomentsP out;
  out.p = p_;
  if (e <= b) return out;
  const std::size_t first = b / block, last = (e - 1) / block;
  // The partial blocks at both ends about their own days' means, the whole blocks between about
  // theirs; means travel as offsets from the first part with days (see WindowMoments::over).
  std::array<double, MomentsP::max_variables> head_ref{}, tail_ref{};
  const std::size_t head_end = first == last ? e : (first + 1) * block;
  mean_of(b, head_end, head_ref.data());
  const MomentsP head = about(head_ref.data(), b, head_end);
  MomentsP tail;
  if (first != last) {
    mean_of(last * block, e, tail_ref.data());
    tail = about(tail_ref.data(), last * block, e);
  }
  const double* base = head_ref.data();
  if (head.n == 0.0) {  // an empty part's reference is 0, far from a large level
    base = tail_ref.data();
    for (std::size_t k = first + 1; k < last; ++k)
      if (whole_[k].n > 0.0) {
        base = ref_.data() + k * p_;
        break;
      }
  }
  auto shifted = [&](MomentsP m, const double* ref) {
    for (std::size_t i = 0; i < p_; ++i) m.mean[i] += ref[i] - base[i];
    return m;
  };
  out = shifted(head, head_ref.data());
  for (std::size_t k = first + 1; k < last; ++k)
    if (whole_[k].n > 0.0) out = merge(out, shifted(whole_[k], ref_.data() + k * p_));
  if (tail.n > 0.0) out = merge(out, shifted(tail, tail_ref.data()));
  out.p = p_;
  for (std::size_t i = 0; i < p_; ++i) out.mean[i] += base[i];
  return out;
}

}  // namespace evstudy
