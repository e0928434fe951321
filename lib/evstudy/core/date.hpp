// Calendar dates as days since 1970-01-01 (proleptic Gregorian), and ISO text.
// Pure arithmetic (Howard Hinnant's civil-date algorithms); no time zones here.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evstudy {

/// A calendar date as days since 1970-01-01. Cheap to compare and to store.
struct Date {
  std::int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};

struct YearMonthDay {
  int year = 1970;
  int month = 1;
  int day = 1;
};

/// The date of a valid year/month/day (the caller checks validity with is_valid_ymd).
Date from_ymd(int year, int month, int day);
YearMonthDay to_ymd(Date date);
bool is_valid_ymd(int year, int month, int day);
/// The number of days of a month (1-12) of the proleptic Gregorian calendar.
int days_in_month(int year, int month);

/// 0 = Monday ... 6 = Sunday (ISO order).
int weekday(Date date);

/// "YYYY-MM-DD" or "YYYYMMDD"; std::nullopt for anything else or an impossible date.
std::optional<Date> parse_date(std::string_view text);

/// "YYYY-MM-DD".
std::string format_date(Date date);

}  // namespace evstudy
