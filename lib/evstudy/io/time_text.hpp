// Time stamps as users write them: "2026-02-11", "20260211", "2026-02-11T08:30:00Z",
// "2026-02-11T08:30:00-05:00", "2026-02-11 08:30 America/New_York", "2026-02-11 08:30".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "evstudy/calendar/event_time.hpp"

namespace evstudy {

struct TimeText {
  Date date;
  std::optional<i64> second_of_day;     // absent for a bare date
  std::optional<std::int32_t> offset;   // seconds east of UTC, from "Z" or "+hh:mm"
  std::string zone;                     // an IANA name written after the time
};

/// Parses one of the forms above; std::nullopt for anything else.
std::optional<TimeText> parse_time_text(std::string_view text);

/// The event time of `parsed`: a bare date stays a date; a local time is read in its own zone
/// name, else `zone_column`, else `default_zone` (IANA names, loaded from the tz database).
EventTime resolve_event_time(const TimeText& parsed, std::string_view zone_column, std::string_view default_zone);

/// What the error messages call the accepted forms.
inline constexpr std::string_view time_forms =
    "a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS] with Z, an offset or a zone name)";

}  // namespace evstudy
