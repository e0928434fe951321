// Loads IANA time zones (America/New_York, Europe/London, ...) from the system's tz database
// (TZif files under /usr/share/zoneinfo, or $TZDIR), for DST-correct event times.
#pragma once

#include <string>
#include <string_view>

#include "evstudy/core/zone_rules.hpp"

namespace evstudy {

/// The rules of an IANA zone name, cached per process. Throws Error(usage) for an unknown name.
/// Transitions past the file's last one follow its POSIX TZ footer (via Boost.DateTime) to 2200.
const ZoneRules& load_zone(std::string_view name);

/// Parses TZif bytes (RFC 8536, versions 1-4); `source` names the file in errors.
ZoneRules parse_tzif(std::string_view bytes, std::string name, std::string_view source);

}  // namespace evstudy
