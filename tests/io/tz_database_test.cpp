#include <catch2/catch.hpp>

#include "evstudy/core/date.hpp"
#include "evstudy/core/error.hpp"
#include "evstudy/io/tz_database.hpp"

namespace {
evstudy::i64 utc(int y, int m, int d, int hh, int mm) {
  return static_cast<evstudy::i64>(evstudy::from_ymd(y, m, d).days) * 86400 + hh * 3600 + mm * 60;
}
}  // namespace

TEST_CASE("New York is UTC-5 in winter and UTC-4 in summer", "[io]") {
  const evstudy::ZoneRules& ny = evstudy::load_zone("America/New_York");
  CHECK(evstudy::utc_offset_at(ny, utc(2026, 2, 11, 13, 30)) == -5 * 3600);
  CHECK(evstudy::utc_offset_at(ny, utc(2026, 7, 15, 12, 30)) == -4 * 3600);
  // 2026-03-08 02:00 EST the clocks go to 03:00 EDT (07:00 UTC).
  CHECK(evstudy::utc_offset_at(ny, utc(2026, 3, 8, 6, 59)) == -5 * 3600);
  CHECK(evstudy::utc_offset_at(ny, utc(2026, 3, 8, 7, 0)) == -4 * 3600);
  // Past the last transition in the file, the POSIX footer rule still gives DST (2040-07-01).
  CHECK(evstudy::utc_offset_at(ny, utc(2040, 7, 1, 12, 0)) == -4 * 3600);
  CHECK(evstudy::utc_offset_at(ny, utc(2040, 12, 1, 12, 0)) == -5 * 3600);
}

TEST_CASE("a local release time converts to UTC across the DST change", "[io]") {
  const evstudy::ZoneRules& ny = evstudy::load_zone("America/New_York");
  // CPI at 08:30 New York: 13:30 UTC in February, 12:30 UTC in March after the switch.
  CHECK(evstudy::local_to_utc(ny, utc(2026, 2, 11, 8, 30)) == utc(2026, 2, 11, 13, 30));
  CHECK(evstudy::local_to_utc(ny, utc(2026, 3, 11, 8, 30)) == utc(2026, 3, 11, 12, 30));
  // 02:30 on the spring-forward day does not exist: read with the offset before the change.
  CHECK(evstudy::local_to_utc(ny, utc(2026, 3, 8, 2, 30)) == utc(2026, 3, 8, 7, 30));
  // 01:30 on the fall-back day happens twice: the earlier instant (EDT).
  CHECK(evstudy::local_to_utc(ny, utc(2026, 11, 1, 1, 30)) == utc(2026, 11, 1, 5, 30));
  // London's switch is two to three weeks later than New York's.
  const evstudy::ZoneRules& london = evstudy::load_zone("Europe/London");
  CHECK(evstudy::utc_offset_at(london, utc(2026, 3, 20, 12, 0)) == 0);
  CHECK(evstudy::utc_offset_at(london, utc(2026, 4, 1, 12, 0)) == 3600);
}

TEST_CASE("an unknown zone name is a usage error", "[io]") {
  CHECK_THROWS_WITH(evstudy::load_zone("America/Nowhere"),
                    "unknown time zone 'America/Nowhere', expected an IANA name such as America/New_York (tzdata installed?)");
  CHECK_THROWS_AS(evstudy::load_zone("../../etc/passwd"), evstudy::Error);
}

TEST_CASE("a file that is not TZif is rejected", "[io]") {
  CHECK_THROWS_WITH(evstudy::parse_tzif("hello world, this is no zone file at all.....", "X", "x.tz"),
                    "x.tz: not a TZif time zone file");
}
