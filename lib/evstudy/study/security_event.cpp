#include "evstudy/study/security_event.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/prefetch.hpp"

namespace evstudy {
namespace {

struct IndexRange {
  i64 begin = 0;  // first index
  i64 end = 0;    // one past the last
};

/// The estimation window's calendar indices for day 0 at `d0` into `range`, or false with a
/// reason it does not fit. (Written into the caller's range, not returned in an optional: the
/// study asks for it several times per security-event, and a returned optional's copy waited
/// on its own fields' stores.)
bool estimation_range(const StudySpec& spec, const Panel& panel, i64 d0, IndexRange& range, std::string& reason) {
  const EstimationSpec& est = spec.estimation;
  if (est.by_date()) {
    const auto& cal = panel.calendar;
    const i64 begin = std::lower_bound(cal.begin(), cal.end(), *est.from) - cal.begin();
    const i64 end = std::upper_bound(cal.begin(), cal.end(), *est.to) - cal.begin();
    if (begin >= end) {
      reason = "no trading day in the estimation dates " + format_date(*est.from) + ":" + format_date(*est.to);
      return false;
    }
    range = IndexRange{begin, end};
    return true;
  }
  const i64 begin = d0 + est.offsets.first;
  if (begin < 0) {
    reason = "estimation window starts before the data (" + std::to_string(-begin) +
             (panel.times.empty() ? " trading days missing)" : " bars missing)");
    return false;
  }
  range = IndexRange{begin, d0 + est.offsets.last + 1};
  return true;
}

template <typename T>
std::span<const T> slice(const std::vector<T>& v, IndexRange r) {
  return std::span<const T>(v).subspan(static_cast<std::size_t>(r.begin), static_cast<std::size_t>(r.end - r.begin));
}

/// The model fitted on security i's estimation window `est`: from its window moments (market
/// model) or cross-products (factor models) when given, else by two passes.
std::optional<Fit> fit_security(const StudySpec& spec, const Panel& panel, std::size_t i, IndexRange est,
                                const WindowMoments* moments, const WindowCrossProducts* cross, FitFailure& failure) {
  if (!is_factor_model(spec.model)) {
    if (moments != nullptr)
      return fit_market_from_moments(moments->over(est.begin, est.end), slice(panel.returns[i], est),
                                     slice(panel.market, est), spec.min_estimation, failure);
    return fit_model(spec.model, slice(panel.returns[i], est), slice(panel.market, est), spec.min_estimation, failure);
  }
  std::vector<std::span<const double>> x;  // the factors over the estimation window
  for (const auto& column : panel.factors) x.push_back(slice(column, est));
  if (cross != nullptr)
    return fit_factor_from_moments(spec.model, cross->over(est.begin, est.end), slice(panel.returns[i], est),
                                   slice(panel.rf, est), x, spec.min_estimation, failure);
  // Excess returns on the factors (Fama & French 1993): R - R_f = alpha + b'F + e.
  std::vector<double> excess(static_cast<std::size_t>(est.end - est.begin));
  for (std::size_t k = 0; k < excess.size(); ++k) {
    const auto t = static_cast<std::size_t>(est.begin) + k;
    excess[k] = panel.returns[i][t] - panel.rf[t];
  }
  return fit_factor_model(spec.model, excess, x, spec.min_estimation, failure);
}

/// The model's normal return on calendar day t and its prediction-error factor C (Patell
/// 1976); missing when an input the model needs is missing that day.
struct NormalReturn {
  double value = missing;
  double c = missing;
};

NormalReturn normal_on(const Fit& fit, const Panel& panel, std::size_t t) {
  NormalReturn out;
  if (is_factor_model(fit.model)) {
    std::vector<double> x(panel.factors.size());
    for (std::size_t j = 0; j < x.size(); ++j) {
      x[j] = panel.factors[j][t];
      if (is_missing(x[j])) return out;
    }
    if (is_missing(panel.rf[t])) return out;
    out.value = panel.rf[t] + factor_normal_return(fit, x);
    out.c = factor_prediction_error_factor(fit, x);
    return out;
  }
  const double m = panel.market[t];
  if (fit.model != ModelKind::mean_adjusted && is_missing(m)) return out;
  out.value = normal_return(fit, m);
  out.c = prediction_error_factor(fit, m);
  return out;
}

/// The market model's event window, the common case: AR and (`WithSar`) SAR computed in one
/// loop without calls or branches (a missing input makes AR and SAR NaN, that is missing); the
/// arrays apart (restrict), so that it vectorizes.
template <bool WithSar>
__attribute__((always_inline)) inline void market_window_loop(const double* __restrict r, const double* __restrict m,
                                                             const Fit& fit, std::size_t n, double* __restrict ar,
                                                             double* __restrict sar) {
  for (std::size_t k = 0; k < n; ++k) {
    const double a = r[k] - market_normal_return(fit, m[k]);
    ar[k] = a;
    if constexpr (WithSar) sar[k] = a / (fit.sigma * std::sqrt(market_prediction_error_factor(fit, m[k])));
  }
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// The same loop compiled for AVX2, four days to a vector (no FMA, which would round
/// differently; each day's operations are the same IEEE ones, so the same bits).
template <bool WithSar>
__attribute__((target("avx2"))) void market_window_avx2(const double* __restrict r, const double* __restrict m,
                                                        const Fit& fit, std::size_t n, double* __restrict ar,
                                                        double* __restrict sar) {
  market_window_loop<WithSar>(r, m, fit, n, ar, sar);
}
#endif

/// `sar` null: no SARs (nothing reads them).
void market_window(const double* __restrict r, const double* __restrict m, const Fit& fit, std::size_t n,
                   double* __restrict ar, double* __restrict sar) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (use_avx2(Instructions::best))
    return sar != nullptr ? market_window_avx2<true>(r, m, fit, n, ar, sar) : market_window_avx2<false>(r, m, fit, n, ar, nullptr);
#endif
  if (sar != nullptr) return market_window_loop<true>(r, m, fit, n, ar, sar);
  market_window_loop<false>(r, m, fit, n, ar, nullptr);
}

/// The event window's returns and market returns, as they lie in the panel.
struct WindowReturns {
  std::span<const double> ret, market;
};

/// Fills the event-window day vectors: ARs always; SARs with `with_sar`; with `keep`, the dates,
/// returns, normal returns and running CAR the ar report and the table show; market returns with
/// `keep` or `keep_market` (estudy2's tests use them).
WindowReturns fill_event_window(SecurityEvent& se, const Panel& panel, std::size_t i, IndexRange range, bool keep,
                                bool keep_market, bool with_sar) {
  const auto n = static_cast<std::size_t>(range.end - range.begin);
  const WindowReturns returns{std::span<const double>(panel.returns[i]).subspan(static_cast<std::size_t>(range.begin), n),
                              std::span<const double>(panel.market).subspan(static_cast<std::size_t>(range.begin), n)};
  if (keep) se.ret.assign(returns.ret.begin(), returns.ret.end());
  if (keep || keep_market) se.market.assign(returns.market.begin(), returns.market.end());
  se.times.clear();
  if (!keep && se.fit.model == ModelKind::market) {
    se.ar.resize(n);  // every day written below
    if (with_sar) se.sar.resize(n);
    market_window(returns.ret.data(), returns.market.data(), se.fit, n, se.ar.data(), with_sar ? se.sar.data() : nullptr);
    return returns;
  }
  se.ar.assign(n, missing);
  if (with_sar) se.sar.assign(n, missing);
  if (keep) {
    se.dates.assign(n, Date{});
    se.normal.assign(n, missing);
    se.car.assign(n, missing);
  }
  double running = 0.0;
  bool any = false;
  for (std::size_t k = 0; k < n; ++k) {
    const auto t = static_cast<std::size_t>(range.begin) + k;
    const NormalReturn normal = normal_on(se.fit, panel, t);
    se.ar[k] = returns.ret[k] - normal.value;
    if (!is_missing(se.ar[k])) {
      running += se.ar[k];
      any = true;
      if (with_sar) se.sar[k] = se.ar[k] / (se.fit.sigma * std::sqrt(normal.c));
    }
    if (!keep) continue;
    se.dates[k] = panel.calendar[t];
    if (!panel.times.empty()) se.times.push_back(panel.times[t]);
    se.normal[k] = normal.value;
    if (any) se.car[k] = running;
  }
  return returns;
}

/// car_over for the market model, the common case, in a loop of its own and not inlined: its
/// sums stay in registers (inlined, GCC 12 kept them on the stack, a store and a load on each
/// sum's chain every day).
__attribute__((noinline)) CarValue market_car_over(const Fit& fit, const double* __restrict ar,
                                                   const double* __restrict ret, const double* __restrict market,
                                                   std::size_t first, std::size_t last, i64 length) {
  CarValue out;
  double car = 0.0;
  double sum_dev = 0.0;
  double gross_security = 1.0;
  double gross_market = 1.0;
  for (std::size_t k = first; k <= last; ++k) {
    if (is_missing(ar[k])) return out;
    car += ar[k];
    sum_dev += market[k] - fit.mean_market;
    gross_security *= 1.0 + ret[k];
    gross_market *= 1.0 + market[k];
  }
  out.car = car;
  out.scar = car / std::sqrt(car_variance(fit, length, sum_dev));
  out.bhar = gross_security - gross_market;  // NaN when a market return is missing
  return out;
}

/// CAR, SCAR (exact CAR variance, methods.md §3.3) and BHAR over one CAR window; missing
/// unless every AR of the window exists. `first_day` is the event window's first calendar index.
CarValue car_over(const SecurityEvent& se, WindowReturns returns, const Panel& panel, i64 first_day, Window event_window,
                  Window car_window) {
  CarValue out;
  const auto first = static_cast<std::size_t>(car_window.first - event_window.first);
  const auto last = static_cast<std::size_t>(car_window.last - event_window.first);
  if (se.fit.model == ModelKind::market)
    return market_car_over(se.fit, se.ar.data(), returns.ret.data(), returns.market.data(), first, last, car_window.length());
  double car = 0.0;
  std::vector<double> factor_dev(panel.factors.size(), 0.0);
  double gross_security = 1.0;
  double gross_market = 1.0;
  for (std::size_t k = first; k <= last; ++k) {
    if (is_missing(se.ar[k])) return out;
    car += se.ar[k];
    if (is_factor_model(se.fit.model))
      for (std::size_t j = 0; j < factor_dev.size(); ++j)
        factor_dev[j] += panel.factors[j][static_cast<std::size_t>(first_day) + k] - se.fit.means[j];
    gross_security *= 1.0 + returns.ret[k];
    gross_market *= 1.0 + returns.market[k];
  }
  out.car = car;
  // Not the market model: its variance takes no market deviations.
  const double variance = is_factor_model(se.fit.model) ? factor_car_variance(se.fit, car_window.length(), factor_dev)
                                                        : car_variance(se.fit, car_window.length(), 0.0);
  out.scar = car / std::sqrt(variance);
  out.bhar = gross_security - gross_market;  // NaN when a market return is missing
  return out;
}

}  // namespace

std::optional<i64> place_event(const StudySpec& spec, const Panel& panel, const EventTime& time, std::string& reason,
                               const TradingDayIndex* days) {
  if (panel.calendar.empty()) {
    reason = "the market series has no trading days";
    return std::nullopt;
  }
  const bool intraday = !panel.times.empty();
  const std::optional<i64> d0 =
      intraday         ? bar_zero(panel.times, time, spec.exchange)
      : days != nullptr ? days->day_zero(reaction_date(time, spec.exchange))
                        : day_zero(panel.calendar, reaction_date(time, spec.exchange));
  if (!d0)
    reason = std::string(intraday ? "bar 0 falls after the last bar, on " : "day 0 falls after the last trading day ") +
             format_date(panel.calendar.back());
  return d0;
}

namespace {

/// The event window and the estimation window of day 0 at `d0`, or a reason they do not fit
/// the data.
bool windows_of(const StudySpec& spec, const Panel& panel, i64 d0, IndexRange& window, IndexRange& est,
                std::string& reason) {
  const auto size = std::ssize(panel.calendar);
  window = IndexRange{d0 + spec.window.first, d0 + spec.window.last + 1};
  if (window.begin < 0) {
    reason = "event window starts before the data";
    return false;
  }
  if (window.end > size) {
    reason = "event window runs past the last trading day " + format_date(panel.calendar.back());
    return false;
  }
  return estimation_range(spec, panel, d0, est, reason);
}

/// Starts the analysis of security i with day 0 at `d0` in `se`, which may hold an earlier
/// one: every field is set or emptied here (clear keeps the vectors' memory for this one).
void start_analysis(const Panel& panel, std::size_t i, i64 d0, IndexRange est, Fit&& fitted, SecurityEvent& se) {
  for (auto* days : {&se.ret, &se.market, &se.normal, &se.ar, &se.car, &se.sar, &se.est_residuals, &se.est_market})
    days->clear();
  se.dates.clear();
  se.times.clear();
  se.cars.clear();
  se.ticker = panel.tickers[i];
  se.day0 = d0;
  se.day0_date = panel.calendar[static_cast<std::size_t>(d0)];
  se.fit = std::move(fitted);
  se.est_first = est.begin;
}

/// analyse_security_into once the windows and the fit are known.
bool analyse_fitted(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0, IndexRange window,
                    IndexRange est, Fit&& fitted, SecurityEvent& se) {
  start_analysis(panel, i, d0, est, std::move(fitted), se);
  // SARs serve the tests of methods.md (estudy2's tests standardize in their own way) and the
  // days kept for the library's callers; a CAR-only study computes none.
  const bool estudy2_tests = spec.with_tests && spec.conventions == Conventions::estudy2;
  const bool with_sar = spec.keep_days || (spec.with_tests && !estudy2_tests);
  const WindowReturns returns = fill_event_window(se, panel, i, window, spec.keep_days, estudy2_tests, with_sar);
  se.cars.reserve(spec.car_windows.size());
  for (const Window& car_window : spec.car_windows)
    se.cars.push_back(car_over(se, returns, panel, window.begin, spec.window, car_window));

  if (!spec.with_tests) return true;  // the estimation-window series serve only the tests
  if (spec.conventions == Conventions::estudy2)
    se.est_market.assign(panel.market.begin() + est.begin, panel.market.begin() + est.end);
  se.est_residuals.resize(static_cast<std::size_t>(est.end - est.begin));  // every day written below
  if (se.fit.model == ModelKind::market) {
    // The common case inline: the residual needs the normal return only, not its C.
    const double* r = panel.returns[i].data() + est.begin;
    const double* m = panel.market.data() + est.begin;
    for (std::size_t k = 0; k < se.est_residuals.size(); ++k) se.est_residuals[k] = r[k] - (se.fit.alpha + se.fit.beta * m[k]);
    return true;
  }
  for (i64 t = est.begin; t < est.end; ++t) {
    const auto day = static_cast<std::size_t>(t);
    se.est_residuals[static_cast<std::size_t>(t - est.begin)] = panel.returns[i][day] - normal_on(se.fit, panel, day).value;
  }
  return true;
}

}  // namespace

FitAhead fit_ahead(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0, const WindowMoments& moments,
                   std::string& reason, CarValue* cars) {
  FitAhead out;
  IndexRange window;
  IndexRange est;
  std::string unused;
  if (!windows_of(spec, panel, d0, window, est, unused)) return out;
  FitFailure failure;
  const std::optional<Fit> fit = fit_security(spec, panel, i, est, &moments, nullptr, failure);
  if (!fit) {
    out.state = FitAhead::State::failed;
    reason = failure.reason;
    return out;
  }
  if (cars != nullptr) {
    // As analyse_fitted makes them without the days kept: the window's ARs (market_window),
    // then each CAR window's sums (market_car_over), from the same fit.
    const auto n = static_cast<std::size_t>(window.end - window.begin);
    thread_local std::vector<double> ar;  // reused: every security-event's window
    ar.resize(n);
    const double* ret = panel.returns[i].data() + window.begin;
    const double* market = panel.market.data() + window.begin;
    market_window(ret, market, *fit, n, ar.data(), nullptr);
    for (std::size_t w = 0; w < spec.car_windows.size(); ++w) {
      const Window cw = spec.car_windows[w];
      cars[w] = market_car_over(*fit, ar.data(), ret, market, static_cast<std::size_t>(cw.first - spec.window.first),
                                static_cast<std::size_t>(cw.last - spec.window.first), cw.length());
    }
  }
  return FitAhead::of(*fit);
}

bool analyse_security_with_fit(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0, std::string& reason,
                               SecurityEvent& se, const FitAhead& ahead, const std::string& failure_reason,
                               const CarValue* cars) {
  IndexRange window;
  IndexRange est;
  if (!windows_of(spec, panel, d0, window, est, reason)) return false;
  if (ahead.state != FitAhead::State::fitted) {
    reason = failure_reason;
    return false;
  }
  if (cars == nullptr) return analyse_fitted(spec, panel, i, d0, window, est, ahead.fit(), se);
  start_analysis(panel, i, d0, est, ahead.fit(), se);
  se.cars.assign(cars, cars + spec.car_windows.size());
  return true;
}

namespace {

/// The days at `offsets` from day 0 that lie on the calendar, [first, end), for prefetches.
std::pair<std::size_t, std::size_t> days_on_calendar(const Panel& panel, i64 d0, Window offsets) {
  const auto size = std::ssize(panel.calendar);
  const i64 first = std::clamp<i64>(d0 + offsets.first, 0, size);
  const i64 end = std::clamp<i64>(d0 + offsets.last + 1, first, size);
  return {static_cast<std::size_t>(first), static_cast<std::size_t>(end)};
}

}  // namespace

void prefetch_window(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0) {
  const auto [first, end] = days_on_calendar(panel, d0, spec.window);
  prefetch_range(panel.returns[i].data(), first, end);
  prefetch_range(panel.market.data(), first, end);
  // With the tests, the analysis also reads the security's returns over the estimation window
  // (its residuals): a few hundred days, as far from the last security's as the event windows.
  if (spec.with_tests && !spec.estimation.by_date()) {
    const auto [est_first, est_end] = days_on_calendar(panel, d0, spec.estimation.offsets);
    prefetch_range(panel.returns[i].data(), est_first, est_end);
  }
}

bool analyse_security_into(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0, std::string& reason,
                           SecurityEvent& se, const WindowMoments* moments, const WindowCrossProducts* cross) {
  IndexRange window;
  IndexRange est_range;
  if (!windows_of(spec, panel, d0, window, est_range, reason)) return false;
  FitFailure failure;
  std::optional<Fit> fit = fit_security(spec, panel, i, est_range, moments, cross, failure);
  if (!fit) {
    reason = failure.reason;
    return false;
  }
  return analyse_fitted(spec, panel, i, d0, window, est_range, std::move(*fit), se);
}

std::optional<SecurityEvent> analyse_security(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0,
                                              std::string& reason, const WindowMoments* moments,
                                              const WindowCrossProducts* cross) {
  SecurityEvent se;
  if (!analyse_security_into(spec, panel, i, d0, reason, se, moments, cross)) return std::nullopt;
  return se;
}

void prefetch_security(const StudySpec& spec, const Panel& panel, std::size_t i, i64 d0, const WindowMoments& moments) {
  std::string unused;
  if (IndexRange est; estimation_range(spec, panel, d0, est, unused)) moments.prefetch(est.begin, est.end);
  const auto [first, end] = days_on_calendar(panel, d0, spec.window);
  prefetch_range(panel.returns[i].data(), first, end);
}

}  // namespace evstudy
