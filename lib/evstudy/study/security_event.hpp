// One security around one event: align day 0, fit the model on the estimation window, and
// compute the event window's abnormal returns and CARs. Pure; too little data is a skip reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "evstudy/calendar/trading_day_index.hpp"
#include "evstudy/kernel/panel.hpp"
#include "evstudy/kernel/window_cross_products.hpp"
#include "evstudy/kernel/window_moments.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Where an event falls on `panel`: the index of day 0 (daily: the first trading day that can
/// react, in the exchange's zone) or bar 0 (intraday: the first bar starting at or after it), or
/// std::nullopt with `reason` set when it falls after the data. `days`, when given, is an index
/// of the daily panel's calendar (the same answers, in O(1)).
std::optional<i64> place_event(const StudySpec& spec, const Panel& panel, const EventTime& time, std::string& reason,
                               const TradingDayIndex* days = nullptr);

/// The market model's fit of one security-event made ahead of its analysis (the study fits
/// security by security while a security's data is in the cache, then analyses event by
/// event): the Fit's market-model numbers, compactly, one to a cache line (the events read
/// them in their own order, one line each).
struct alignas(64) FitAhead {
  enum class State : std::uint8_t { not_tried, fitted, failed };
  State state = State::not_tried;  // not_tried: the windows do not fit the data
  std::int32_t n_est = 0;          // estimation days: at most the calendar's length
  double alpha = missing, beta = missing, sigma = missing, r2 = missing, df = missing;
  double mean_market = missing, s_mm = missing;

  /// A market-model fit, compactly (fitted), and back.
  static FitAhead of(const Fit& fit) {
    return {State::fitted, static_cast<std::int32_t>(fit.n_est), fit.alpha, fit.beta, fit.sigma, fit.r2, fit.df,
            fit.mean_market, fit.s_mm};
  }
  Fit fit() const {
    Fit out;
    out.model = ModelKind::market;
    out.n_est = n_est;
    out.alpha = alpha;
    out.beta = beta;
    out.sigma = sigma;
    out.r2 = r2;
    out.df = df;
    out.mean_market = mean_market;
    out.s_mm = s_mm;
    return out;
  }
};
static_assert(sizeof(FitAhead) == 64);

/// The fit analyse_security_into(spec, panel, i, day0, ..., &moments) makes, made ahead: not_tried
/// where the windows do not fit the data (the analysis gives the reason), failed with `reason`
/// set where the fit fails. Daily market model only. With `cars` (one per CAR window of the
/// study), the CARs the analysis computes are written there too when the fit is made, while the
/// security's returns are in the cache; left as they are otherwise.
FitAhead fit_ahead(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0, const WindowMoments& moments,
                   std::string& reason, CarValue* cars = nullptr);

/// analyse_security_into with the fit made ahead (fit_ahead; `failure_reason` its reason when it
/// failed): the same result, bit for bit. With `cars` (fit_ahead's, one per CAR window) the
/// CARs made ahead are taken and no day vector is made: the study keeps no days, runs no tests
/// and makes no AARs, so nothing reads them.
bool analyse_security_with_fit(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0, std::string& reason,
                               SecurityEvent& se, const FitAhead& ahead, const std::string& failure_reason,
                               const CarValue* cars = nullptr);

/// A hint before analyse_security_with_fit: starts loading the event window (and, with the
/// tests, the estimation window's returns, which its residuals read).
void prefetch_window(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0);

/// The analysis of security `i` of `panel` with day 0 at `day0` (place_event), or std::nullopt
/// with `reason` set when its data cannot support one.
/// `moments`, when given, are security i's window moments (daily market model) and `cross`
/// its window cross-products (factor models): the fit then takes O(B + L/B) instead of two
/// passes over the estimation window.
std::optional<SecurityEvent> analyse_security(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0,
                                              std::string& reason, const WindowMoments* moments = nullptr,
                                              const WindowCrossProducts* cross = nullptr);

/// analyse_security into `se`, which may hold an earlier analysis (its vectors' memory is
/// reused): true when done, false with `reason` set (and `se` unspecified) when skipped.
bool analyse_security_into(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0, std::string& reason,
                           SecurityEvent& se, const WindowMoments* moments = nullptr,
                           const WindowCrossProducts* cross = nullptr);

/// A hint before analyse_security on daily data: starts loading what the fit and the event
/// window of security `i` with day 0 at `day0` will read. No effect on results.
void prefetch_security(const StudySpec& spec, const Panel& panel, std::size_t i, i64 day0, const WindowMoments& moments);

}  // namespace evstudy
