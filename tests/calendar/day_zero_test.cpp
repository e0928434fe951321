#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "evstudy/calendar/day_zero.hpp"
#include "evstudy/calendar/trading_day_index.hpp"
#include "evstudy/io/tz_database.hpp"

using evstudy::Date;
using evstudy::EventTime;
using evstudy::from_ymd;

namespace {
evstudy::i64 utc(int y, int m, int d, int hh, int mm) {
  return static_cast<evstudy::i64>(from_ymd(y, m, d).days) * 86400 + hh * 3600 + mm * 60;
}
// Trading days around Presidents' Day 2026 (Mon 2026-02-16, NYSE closed).
const std::vector<Date> days{from_ymd(2026, 2, 11), from_ymd(2026, 2, 12), from_ymd(2026, 2, 13),
                             from_ymd(2026, 2, 17), from_ymd(2026, 2, 18)};
}  // namespace

TEST_CASE("day zero is the first trading day on or after the reaction date", "[calendar]") {
  CHECK(evstudy::day_zero(days, from_ymd(2026, 2, 11)) == 0);  // a trading day
  CHECK(evstudy::day_zero(days, from_ymd(2026, 2, 14)) == 3);  // Saturday
  CHECK(evstudy::day_zero(days, from_ymd(2026, 2, 16)) == 3);  // holiday
  CHECK_FALSE(evstudy::day_zero(days, from_ymd(2026, 2, 19)).has_value());
}

TEST_CASE("an event before the close reacts the same day, at or after the close the next", "[calendar]") {
  const evstudy::Exchange nyse{&evstudy::load_zone("America/New_York"), 16 * 3600};
  // 08:30 New York = 13:30 UTC in February.
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 2, 11, 13, 30)), nyse) == from_ymd(2026, 2, 11));
  // 15:59 is before the close; 16:00 is not.
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 2, 11, 20, 59)), nyse) == from_ymd(2026, 2, 11));
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 2, 11, 21, 0)), nyse) == from_ymd(2026, 2, 12));
  // Earnings after the close on Friday 2026-02-13 react on Tuesday 2026-02-17 (Monday is a holiday).
  const Date friday_evening = evstudy::reaction_date(EventTime::at_instant(utc(2026, 2, 13, 21, 5)), nyse);
  CHECK(evstudy::day_zero(days, friday_evening) == 3);
  // A bare date counts as before the close.
  CHECK(evstudy::reaction_date(EventTime::on_date(from_ymd(2026, 2, 12)), nyse) == from_ymd(2026, 2, 12));
}

TEST_CASE("the close is placed in local time in DST change weeks", "[calendar]") {
  const evstudy::Exchange nyse{&evstudy::load_zone("America/New_York"), 16 * 3600};
  // Monday 2026-03-09, first trading day of EDT: the close is 20:00 UTC, not 21:00.
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 3, 9, 20, 30)), nyse) == from_ymd(2026, 3, 10));
  // Friday 2026-03-06, still EST: 20:30 UTC is 15:30 local, before the close.
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 3, 6, 20, 30)), nyse) == from_ymd(2026, 3, 6));
  // A 20:00 New York release on Saturday 2026-03-07 is 01:00 UTC Sunday: it reacts Monday.
  const Date reaction = evstudy::reaction_date(EventTime::at_instant(utc(2026, 3, 8, 1, 0)), nyse);
  CHECK(reaction == from_ymd(2026, 3, 8));
  // 08:00 Tokyo on Feb 12 is 18:00 New York on Feb 11, after the close: it reacts on Feb 12.
  CHECK(evstudy::reaction_date(EventTime::at_instant(utc(2026, 2, 11, 23, 0)), nyse) == from_ymd(2026, 2, 12));
}

TEST_CASE("the trading-day index places every date as day_zero does", "[calendar]") {
  // Around the holiday: before the first day, on each day, the weekend, the holiday, after the last.
  const evstudy::TradingDayIndex index(days);
  CHECK(index.day_zero(from_ymd(2026, 1, 1)) == 0);
  CHECK(index.day_zero(from_ymd(2026, 2, 11)) == 0);
  CHECK(index.day_zero(from_ymd(2026, 2, 14)) == 3);  // Saturday -> Tuesday 17th
  CHECK(index.day_zero(from_ymd(2026, 2, 16)) == 3);  // Presidents' Day -> Tuesday
  CHECK(index.day_zero(from_ymd(2026, 2, 18)) == 4);
  CHECK_FALSE(index.day_zero(from_ymd(2026, 2, 19)).has_value());
  // A random calendar of business days with gaps: every date from before it to after it, with
  // and without the table (a limit below its span), and an empty calendar.
  std::mt19937 rng(11);
  std::vector<Date> calendar;
  for (int d = 0; d < 3000; ++d)
    if ((d + 3) % 7 < 5 && rng() % 20 != 0) calendar.push_back(Date{15000 + d});
  const evstudy::TradingDayIndex table(calendar);
  const evstudy::TradingDayIndex search(calendar, 100);
  for (int d = 14900; d < 18100; ++d) {
    INFO("day " << d);
    const auto expected = evstudy::day_zero(calendar, Date{d});
    REQUIRE(table.day_zero(Date{d}) == expected);
    REQUIRE(search.day_zero(Date{d}) == expected);
  }
  const std::vector<Date> none;
  CHECK_FALSE(evstudy::TradingDayIndex(none).day_zero(from_ymd(2026, 2, 11)).has_value());
}
