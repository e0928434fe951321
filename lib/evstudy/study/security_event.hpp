// One security around one event: align day 0, fit the model on the estimation window, and
// compute the event window's abnormal returns and CARs. Pure; too little data is a skip reason.
#pragma once

#include <optional>
#include <string>

#include "evstudy/kernel/panel.hpp"
#include "evstudy/kernel/window_cross_products.hpp"
#include "evstudy/kernel/window_moments.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// The analysis of security `i` of `panel` for an event at `time`, or std::nullopt with
/// `reason` set when its data cannot support one.
/// `moments`, when given, are security i's window moments (daily market model) and `cross`
/// its window cross-products (factor models): the fit then takes O(B + L/B) instead of two
/// passes over the estimation window.
std::optional<SecurityEvent> analyse_security(const StudySpec& spec, const Panel& panel, std::size_t i,
                                              const EventTime& time, std::string& reason,
                                              const WindowMoments* moments = nullptr,
                                              const WindowCrossProducts* cross = nullptr);

/// A hint before analyse_security on daily data: starts loading what the fit and the event
/// window of security `i` will read. No effect on results.
void prefetch_security(const StudySpec& spec, const Panel& panel, std::size_t i, const EventTime& time,
                       const WindowMoments& moments);

}  // namespace evstudy
