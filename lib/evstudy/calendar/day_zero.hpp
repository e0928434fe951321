// Day 0 is the first trading day that can react to an event (CLI.md): the event's own trading
// day when it happens before the exchange's close, else the next trading day. Pure.
#pragma once

#include <optional>
#include <span>

#include "evstudy/calendar/event_time.hpp"
#include "evstudy/core/zone_rules.hpp"

namespace evstudy {

/// Where and when the exchange trades: its zone and its close, in seconds after local midnight.
struct Exchange {
  const ZoneRules* zone = nullptr;
  i64 close_seconds = 16 * 3600;
};

/// The first calendar date whose session can react: the exchange-local date of the event,
/// moved to the next date when the event is at or after the close. A bare date is itself.
Date reaction_date(const EventTime& event, const Exchange& exchange);

/// Intraday: index of bar 0 in `bar_times` (UTC, ascending), the first bar starting at or after
/// the event; a bare date counts from its local midnight at the exchange. std::nullopt when the
/// bars end before it.
std::optional<i64> bar_zero(std::span<const i64> bar_times, const EventTime& event, const Exchange& exchange);

/// Index of day 0 in `trading_days`: the first trading day on or after `reaction`.
/// std::nullopt when the calendar ends before it.
std::optional<i64> day_zero(std::span<const Date> trading_days, Date reaction);

}  // namespace evstudy
