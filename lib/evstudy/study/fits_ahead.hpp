// The daily market model's fits of a study's security-events made ahead, security by security:
// each security's window moments built once (its returns then in the cache) and all its
// windows fitted from them into compact rows (with their CARs when nothing needs more), which
// the events then read in their own order. Pure; the study's pipeline (study.cpp) places the
// events and runs them.
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include "evstudy/calendar/event_time.hpp"
#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/security_event.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Where one security's row of one event falls: day 0's index, or -1 when it falls after the
/// data (place_event gives the reason again when it is reported).
struct Placed {
  const EventTime* time = nullptr;
  i64 day0 = -1;
  std::uint32_t security = 0;
};

class FitsAhead {
 public:
  /// Fits every placed security-event of `placements` ([event][n], each event's in ticker
  /// order) on the study's threads, security by security; their CARs too when
  /// makes_cars(spec).
  FitsAhead(const StudySpec& spec, const Panel& panel, const std::vector<std::vector<Placed>>& placements);

  /// Whether the CARs are made with the fits: when the events need nothing else of a
  /// security's days (no tests, no days kept, no AARs).
  static bool makes_cars(const StudySpec& spec) { return !spec.with_tests && !spec.keep_days && !spec.with_aar; }

  /// Whether the fits are held: unless the CARs are made with them and no output needs a fit
  /// (then only each one's state is).
  static bool keeps_fits(const StudySpec& spec) { return !makes_cars(spec) || spec.with_fit; }

  /// The fit of the n-th placed security of event k (only its state when the fits are not
  /// held: the numbers missing), and its reason when it failed.
  FitAhead fit(std::size_t k, std::size_t n) const {
    const Place at = place_of_[k][n];
    if (!fits_held_) return FitAhead{.state = states_[at.security].get()[at.row]};
    return fits_[at.security].get()[at.row];
  }
  /// Asks the CPU to start loading what fit(k, n) and cars(k, n) read (a hint).
  void prefetch(std::size_t k, std::size_t n) const {
    const Place at = place_of_[k][n];
    if (fits_held_) __builtin_prefetch(fits_[at.security].get() + at.row);
    else __builtin_prefetch(states_[at.security].get() + at.row);
    if (!cars_.empty()) __builtin_prefetch(cars_[at.security].get() + at.row * car_windows_);
  }
  const std::string& failure(std::size_t k, std::size_t n) const;
  /// Whether the CARs were made, and those of the n-th placed security of event k (one per
  /// CAR window; missing where its fit was not made), or null when they were not made.
  bool has_cars() const { return !cars_.empty(); }
  const CarValue* cars(std::size_t k, std::size_t n) const {
    if (cars_.empty()) return nullptr;
    const Place at = place_of_[k][n];
    return cars_[at.security].get() + at.row * car_windows_;
  }

 private:
  template <typename T>
  struct Free {
    void operator()(T* rows) const { ::operator delete(rows, std::align_val_t{alignof(T)}); }
  };
  // Each security's rows in event order (the CARs car_windows_ to a row), a few KiB allocated
  // by the thread that fits it: the heap finds them in memory the load has freed (each
  // security's own dates, once shared), where one table for all would take tens of MB of fresh
  // pages, which the kernel clears first (page faults on the large case: about a fifth fewer).
  bool fits_held_ = true;  // keeps_fits
  std::vector<std::unique_ptr<FitAhead, Free<FitAhead>>> fits_;  // when keeps_fits
  std::vector<std::unique_ptr<FitAhead::State, Free<FitAhead::State>>> states_;  // otherwise
  std::vector<std::unique_ptr<CarValue, Free<CarValue>>> cars_;
  struct Place {
    std::uint32_t security = 0;
    std::uint32_t row = 0;  // among the security's
  };
  std::vector<std::vector<Place>> place_of_;  // [event][placed]
  static std::uint64_t key(Place at) { return std::uint64_t{at.security} << 32 | at.row; }
  std::size_t car_windows_ = 0;
  std::unordered_map<std::uint64_t, std::string> failure_;  // by key(place)
};

}  // namespace evstudy
