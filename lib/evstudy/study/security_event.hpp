// One security around one event: align day 0, fit the model on the estimation window, and
// compute the event window's abnormal returns and CARs. Pure; too little data is a skip reason.
#pragma once

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
