#include <catch2/catch.hpp>

#include "evstudy/core/error.hpp"
#include "evstudy/io/event_reader.hpp"
#include "evstudy/io/time_text.hpp"

using evstudy::from_ymd;

namespace {
evstudy::i64 utc(int y, int m, int d, int hh, int mm) {
  return static_cast<evstudy::i64>(from_ymd(y, m, d).days) * 86400 + hh * 3600 + mm * 60;
}
constexpr const char* ny = "America/New_York";
}  // namespace

TEST_CASE("event times with Z, an offset, a zone name, a zone column or none", "[io]") {
  const auto events = evstudy::read_events_csv(
      "event,time,zone,actual,consensus,previous,unit\n"
      "a,2026-02-11T13:30:00Z,,2.5,2.9,2.7,pct_yoy\n"
      "b,2026-02-11T08:30:00-05:00,,,,,\n"
      "c,2026-02-11 08:30 America/New_York,,,,,\n"
      "d,2026-02-11 14:30,Europe/Paris,,,,\n"
      "e,2026-02-11 08:30,,,,,\n"
      "f,2026-02-11,,,,,\n",
      "events.csv", ny);
  REQUIRE(events.size() == 6);
  for (std::size_t k = 0; k < 5; ++k) CHECK(events[k].time.utc_seconds == utc(2026, 2, 11, 13, 30));
  CHECK_FALSE(events[5].time.utc_seconds.has_value());
  CHECK(events[5].time.date == from_ymd(2026, 2, 11));
  CHECK(events[0].actual == 2.5);
  CHECK(events[0].consensus == 2.9);
  CHECK(events[0].previous == 2.7);
  CHECK(events[0].unit == "pct_yoy");
}

TEST_CASE("a date column and a time-of-day column combine", "[io]") {
  const auto events = evstudy::read_events_csv(
      "release_date,release_time_et,period,actual,consensus,previous,unit\n2022-11-10,08:30,2022-10,7.7,8.0,8.2,pct_yoy\n",
      "cpi.csv", ny);
  REQUIRE(events.size() == 1);
  CHECK(events[0].time.utc_seconds == utc(2022, 11, 10, 13, 30));
  CHECK(events[0].id == "2022-11-10 08:30 pct_yoy");  // no id column: time and unit
}

TEST_CASE("JSON events carry the same fields", "[io]") {
  const auto events = evstudy::read_events_json(
      R"([{"event": "cpi", "time": "2026-02-11T08:30:00-05:00", "ticker": "IWM", "actual": 2.5}])", "events.json", ny);
  REQUIRE(events.size() == 1);
  CHECK(events[0].ticker == std::optional<std::string>("IWM"));
  CHECK(events[0].actual == 2.5);
  CHECK_THROWS_WITH(evstudy::read_events_json(R"([{"event": "x", "time": "soon"}])", "events.json", ny),
                    "events.json: /0/time: found 'soon', expected a date (YYYY-MM-DD) or time "
                    "(YYYY-MM-DDTHH:MM[:SS] with Z, an offset or a zone name)");
  CHECK_THROWS_WITH(evstudy::read_events_json(R"([{"event": "x", "time": )", "events.json", ny),
                    "events.json: invalid JSON at byte 25, expected an array of event records");
}

TEST_CASE("bad event input names file, line and column", "[io]") {
  CHECK_THROWS_WITH(evstudy::read_events_csv("event,date\nx,2026-02-31\n", "events.csv", ny),
                    "events.csv:2:3: found '2026-02-31', expected a date (YYYY-MM-DD) or time "
                    "(YYYY-MM-DDTHH:MM[:SS] with Z, an offset or a zone name)");
  CHECK_THROWS_WITH(evstudy::read_events_csv("event,time,zone\nx,2026-02-11 08:30,Mars/Olympus\n", "events.csv", ny),
                    "events.csv:2:20: unknown time zone 'Mars/Olympus', expected an IANA name such as America/New_York "
                    "(tzdata installed?)");
  CHECK_THROWS_WITH(evstudy::read_events_csv("event,date,actual\nx,2026-02-11,hot\n", "events.csv", ny),
                    "events.csv:2:14: found 'hot', expected a number");
  CHECK_THROWS_WITH(evstudy::read_events_csv("event,when\n", "events.csv", ny),
                    "events.csv:1: no date or time column (found event,when), expected a column named date or time");
}

TEST_CASE("inline events are NAME=TIME or a bare time", "[io]") {
  const auto e = evstudy::parse_inline_event("cpi=2026-02-11 08:30 America/New_York", ny);
  CHECK(e.id == "cpi");
  CHECK(e.time.utc_seconds == utc(2026, 2, 11, 13, 30));
  CHECK(evstudy::parse_inline_event("2026-02-11", ny).id == "2026-02-11");
  CHECK_THROWS_AS(evstudy::parse_inline_event("cpi=tomorrow", ny), evstudy::Error);
}

TEST_CASE("time text forms", "[io]") {
  CHECK(evstudy::parse_time_text("2026-02-11T08:30:00.250+05:30")->offset == 5 * 3600 + 1800);
  CHECK(evstudy::parse_time_text("20260211")->date == from_ymd(2026, 2, 11));
  CHECK_FALSE(evstudy::parse_time_text("2026-02-11T25:00").has_value());
  CHECK_FALSE(evstudy::parse_time_text("2026-02-11T08:30Z America/New_York").has_value());
}
