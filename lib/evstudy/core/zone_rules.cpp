#include "evstudy/core/zone_rules.hpp"

#include <algorithm>
#include <utility>

namespace evstudy {

ZoneRules fixed_zone(std::string name, std::int32_t offset_seconds) {
  return ZoneRules{std::move(name), {}, {offset_seconds}};
}

std::int32_t utc_offset_at(const ZoneRules& zone, i64 utc_seconds) {
  const auto it = std::upper_bound(zone.transitions.begin(), zone.transitions.end(), utc_seconds);
  return zone.offsets[static_cast<std::size_t>(it - zone.transitions.begin())];
}

i64 local_to_utc(const ZoneRules& zone, i64 local_seconds) {
  // Any offset that can apply lies within a day of the wall-clock time read as UTC.
  constexpr i64 day = 86400;
  const std::int32_t before = utc_offset_at(zone, local_seconds - day);
  const std::int32_t after = utc_offset_at(zone, local_seconds + day);
  const bool before_fits = utc_offset_at(zone, local_seconds - before) == before;
  const bool after_fits = utc_offset_at(zone, local_seconds - after) == after;
  if (before_fits && after_fits) return std::min(local_seconds - before, local_seconds - after);
  if (after_fits) return local_seconds - after;
  return local_seconds - before;
}

}  // namespace evstudy
