#include "evstudy/calendar/day_zero.hpp"

#include <algorithm>

namespace evstudy {

namespace {
i64 floor_div(i64 a, i64 b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
}  // namespace

Date reaction_date(const EventTime& event, const Exchange& exchange) {
  if (!event.utc_seconds) return event.date;
  const i64 local = utc_to_local(*exchange.zone, *event.utc_seconds);
  const i64 day = floor_div(local, 86400);
  const i64 second_of_day = local - day * 86400;
  const i64 reacting_day = second_of_day >= exchange.close_seconds ? day + 1 : day;
  return Date{static_cast<std::int32_t>(reacting_day)};
}

std::optional<i64> bar_zero(std::span<const i64> bar_times, const EventTime& event, const Exchange& exchange) {
  const i64 instant = event.utc_seconds ? *event.utc_seconds
                                        : local_to_utc(*exchange.zone, static_cast<i64>(event.date.days) * 86400);
  const auto it = std::lower_bound(bar_times.begin(), bar_times.end(), instant);
  if (it == bar_times.end()) return std::nullopt;
  return it - bar_times.begin();
}

std::optional<i64> day_zero(std::span<const Date> trading_days, Date reaction) {
  const auto it = std::lower_bound(trading_days.begin(), trading_days.end(), reaction);
  if (it == trading_days.end()) return std::nullopt;
  return it - trading_days.begin();
}

}  // namespace evstudy
