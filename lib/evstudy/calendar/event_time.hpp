// When an event happens: a UTC instant (a release at 08:30 New York) or a bare date (an
// earnings date), which counts as before the close of that date in the exchange's calendar.
#pragma once

#include <optional>

#include "evstudy/core/date.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {

struct EventTime {
  Date date;                       // the calendar date when there is no instant
  std::optional<i64> utc_seconds;  // the instant, when a time was given

  static EventTime on_date(Date d) { return {d, std::nullopt}; }
  static EventTime at_instant(i64 utc) { return {Date{}, utc}; }
};

}  // namespace evstudy
