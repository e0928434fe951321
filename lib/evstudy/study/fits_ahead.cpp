#include "evstudy/study/fits_ahead.hpp"

#include <algorithm>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "evstudy/core/parallel_for.hpp"
#include "evstudy/kernel/window_moments.hpp"

namespace evstudy {
namespace {

/// Room for `count` rows of T (at least one), aligned as T, not constructed.
template <typename T>
T* raw_rows(std::size_t count) {
  return static_cast<T*>(::operator new(std::max<std::size_t>(count, 1) * sizeof(T), std::align_val_t{alignof(T)}));
}

}  // namespace

FitsAhead::FitsAhead(const StudySpec& spec, const Panel& panel, const std::vector<std::vector<Placed>>& placements) {
  // Each security's security-events, in event order (a CSR table), and each one's place in it.
  const std::size_t securities = panel.returns.size();
  std::vector<std::size_t> first(securities + 1, 0);
  place_of_.resize(placements.size());
  for (const auto& event : placements)
    for (const Placed& p : event)
      if (p.day0 >= 0) ++first[p.security + 1];
  for (std::size_t i = 0; i < securities; ++i) first[i + 1] += first[i];
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  std::vector<i64> day0(first.back());
  for (std::size_t k = 0; k < placements.size(); ++k) {
    place_of_[k].assign(placements[k].size(), Place{});
    for (std::size_t n = 0; n < placements[k].size(); ++n) {
      const Placed& p = placements[k][n];
      if (p.day0 < 0) continue;
      const std::size_t at = next[p.security]++;
      day0[at] = p.day0;
      place_of_[k][n] = Place{p.security, static_cast<std::uint32_t>(at - first[p.security])};
    }
  }
  // Every row is written below, by the thread fitting its security; FitAhead and CarValue are
  // trivially destructible, so the rows are freed without destroying them.
  static_assert(std::is_trivially_destructible_v<FitAhead> && std::is_trivially_destructible_v<CarValue>);
  fits_held_ = keeps_fits(spec);
  if (fits_held_) fits_.resize(securities);
  else states_.resize(securities);
  if (makes_cars(spec)) {
    car_windows_ = spec.car_windows.size();
    cars_.resize(securities);
  }
  std::vector<std::vector<std::pair<std::uint64_t, std::string>>> failures(securities);
  parallel_for(securities, spec.threads, [&](std::size_t i) {
    const std::size_t rows = first[i + 1] - first[i];
    if (rows == 0) return;
    FitAhead* fits = nullptr;
    FitAhead::State* states = nullptr;
    if (fits_held_) {
      fits_[i].reset(raw_rows<FitAhead>(rows));
      fits = fits_[i].get();
    } else {
      states_[i].reset(raw_rows<FitAhead::State>(rows));
      states = states_[i].get();
    }
    CarValue* cars = nullptr;
    if (!cars_.empty()) {
      cars_[i].reset(raw_rows<CarValue>(rows * car_windows_));
      cars = cars_[i].get();
    }
    const WindowMoments moments(panel.returns[i], panel.market);
    std::string reason;
    for (std::size_t row = 0; row < rows; ++row) {
      const i64 d0 = day0[first[i] + row];
      CarValue* const car_row = cars == nullptr ? nullptr : cars + row * car_windows_;
      for (std::size_t w = 0; car_row != nullptr && w < car_windows_; ++w) new (car_row + w) CarValue{};
      const FitAhead fit = fit_ahead(spec, panel, i, d0, moments, reason, car_row);
      if (fits_held_) new (fits + row) FitAhead(fit);
      else new (states + row) FitAhead::State(fit.state);
      const Place at{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(row)};
      if (fit.state == FitAhead::State::failed) failures[i].emplace_back(key(at), std::move(reason));
    }
  });
  for (auto& list : failures)
    for (auto& [at, reason] : list) failure_.emplace(at, std::move(reason));
}

const std::string& FitsAhead::failure(std::size_t k, std::size_t n) const {
  static const std::string none;
  const auto it = failure_.find(key(place_of_[k][n]));
  return it == failure_.end() ? none : it->second;
}

}  // namespace evstudy
