// A time zone as a table of UTC offsets between transitions, and conversions between UTC and
// local wall-clock seconds. Pure: the io layer builds the table from the system's tz database.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// offsets[0] holds before transitions[0]; offsets[k + 1] from transitions[k] (UTC seconds) on.
struct ZoneRules {
  std::string name;
  std::vector<i64> transitions;
  std::vector<std::int32_t> offsets;  // seconds east of UTC; size = transitions.size() + 1
};

/// A fixed offset (e.g. UTC, or "-05:00" from an ISO time stamp).
ZoneRules fixed_zone(std::string name, std::int32_t offset_seconds);

/// Seconds east of UTC in force at a UTC instant.
std::int32_t utc_offset_at(const ZoneRules& zone, i64 utc_seconds);

/// The UTC instant of a local wall-clock time. An ambiguous time (clocks turned back) takes the
/// earlier instant; a time that does not exist (clocks turned forward) is read with the offset in
/// force before the change, as POSIX mktime and Python do.
i64 local_to_utc(const ZoneRules& zone, i64 local_seconds);

/// Local wall-clock seconds (since 1970-01-01 00:00 local) of a UTC instant.
inline i64 utc_to_local(const ZoneRules& zone, i64 utc_seconds) {
  return utc_seconds + utc_offset_at(zone, utc_seconds);
}

}  // namespace evstudy
