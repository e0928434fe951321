#include <catch2/catch.hpp>

#include "evstudy/core/date.hpp"
#include "evstudy/core/window.hpp"

using evstudy::Date;

TEST_CASE("dates round-trip through days since 1970", "[core]") {
  CHECK(evstudy::from_ymd(1970, 1, 1).days == 0);
  CHECK(evstudy::from_ymd(2026, 2, 11).days == 20495);
  CHECK(evstudy::from_ymd(2000, 3, 1).days == 11017);
  for (int days = -800000; days < 800000; days += 997) {
    const auto ymd = evstudy::to_ymd(Date{days});
    CHECK(evstudy::from_ymd(ymd.year, ymd.month, ymd.day).days == days);
  }
}

TEST_CASE("weekday counts Monday as 0", "[core]") {
  CHECK(evstudy::weekday(evstudy::from_ymd(2026, 2, 11)) == 2);  // Wednesday
  CHECK(evstudy::weekday(evstudy::from_ymd(2026, 2, 14)) == 5);  // Saturday
  CHECK(evstudy::weekday(evstudy::from_ymd(1969, 12, 31)) == 2);
}

TEST_CASE("ISO and compact dates parse, impossible ones do not", "[core]") {
  CHECK(evstudy::parse_date("2026-02-11") == evstudy::from_ymd(2026, 2, 11));
  CHECK(evstudy::parse_date("20260211") == evstudy::from_ymd(2026, 2, 11));
  CHECK(evstudy::parse_date("2024-02-29").has_value());
  CHECK_FALSE(evstudy::parse_date("2023-02-29").has_value());
  CHECK_FALSE(evstudy::parse_date("2026-13-01").has_value());
  CHECK_FALSE(evstudy::parse_date("2026-2-11").has_value());
  CHECK_FALSE(evstudy::parse_date("").has_value());
  CHECK(evstudy::format_date(evstudy::from_ymd(2026, 2, 9)) == "2026-02-09");
}

TEST_CASE("windows parse as A:B with A <= B", "[core]") {
  CHECK(evstudy::parse_window("-5:5") == evstudy::Window{-5, 5});
  CHECK(evstudy::parse_window("-260:-11") == evstudy::Window{-260, -11});
  CHECK(evstudy::parse_window("+0:+4") == evstudy::Window{0, 4});
  CHECK_FALSE(evstudy::parse_window("5:-5").has_value());
  CHECK_FALSE(evstudy::parse_window("-5").has_value());
  CHECK_FALSE(evstudy::parse_window("a:b").has_value());
  CHECK(evstudy::format_window({-1, 1}) == "-1:1");
  CHECK(evstudy::Window{-5, 5}.length() == 11);
}

TEST_CASE("months have their Gregorian lengths, February 29 days in leap years", "[core]") {
  CHECK(evstudy::days_in_month(2026, 1) == 31);
  CHECK(evstudy::days_in_month(2026, 4) == 30);
  CHECK(evstudy::days_in_month(2026, 2) == 28);
  CHECK(evstudy::days_in_month(2024, 2) == 29);
  CHECK(evstudy::days_in_month(1900, 2) == 28);  // a century, not a leap year
  CHECK(evstudy::days_in_month(2000, 2) == 29);  // every fourth century is
  CHECK(evstudy::days_in_month(2026, 12) == 31);
  // Each month's length is the distance to the next month's first day.
  for (int year : {1999, 2000, 2023, 2024, 2100})
    for (int month = 1; month <= 12; ++month) {
      const evstudy::Date next = month == 12 ? evstudy::from_ymd(year + 1, 1, 1) : evstudy::from_ymd(year, month + 1, 1);
      CHECK(evstudy::days_in_month(year, month) == next.days - evstudy::from_ymd(year, month, 1).days);
    }
}
