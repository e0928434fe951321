#include "nyse_calendar.hpp"

namespace evstudy::samples {
namespace {

/// The n-th (1-based) ISO weekday `wd` (0 = Monday) of a month; n = -1 for the last.
Date nth_weekday(int year, int month, int wd, int n) {
  if (n > 0) {
    const Date first = from_ymd(year, month, 1);
    const int shift = (wd - weekday(first) + 7) % 7;
    return Date{first.days + shift + 7 * (n - 1)};
  }
  const Date next_month = month == 12 ? from_ymd(year + 1, 1, 1) : from_ymd(year, month + 1, 1);
  const Date last{next_month.days - 1};
  const int shift = (weekday(last) - wd + 7) % 7;
  return Date{last.days - shift};
}

/// Saturday holidays are observed on Friday, Sunday ones on Monday.
Date observed(Date d) {
  if (weekday(d) == 5) return Date{d.days - 1};
  if (weekday(d) == 6) return Date{d.days + 1};
  return d;
}

/// Easter Sunday (anonymous Gregorian algorithm).
Date easter(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return from_ymd(y, month, day);
}

}  // namespace

bool is_nyse_holiday(Date date) {
  const int y = to_ymd(date).year;
  const Date new_year = from_ymd(y, 1, 1);
  // A Saturday New Year's Day is not observed on the Friday before (NYSE rule 7.2).
  if (weekday(new_year) != 5 && date == observed(new_year)) return true;
  const Date holidays[] = {
      nth_weekday(y, 1, 0, 3),                 // Martin Luther King Jr. Day
      nth_weekday(y, 2, 0, 3),                 // Washington's Birthday
      Date{easter(y).days - 2},                // Good Friday
      nth_weekday(y, 5, 0, -1),                // Memorial Day
      observed(from_ymd(y, 7, 4)),             // Independence Day
      nth_weekday(y, 9, 0, 1),                 // Labor Day
      nth_weekday(y, 11, 3, 4),                // Thanksgiving
      observed(from_ymd(y, 12, 25)),           // Christmas
      from_ymd(2025, 1, 9),                    // national day of mourning (President Carter)
  };
  for (const Date h : holidays)
    if (date == h) return true;
  return y >= 2022 && date == observed(from_ymd(y, 6, 19));  // Juneteenth, from 2022
}

std::vector<Date> nyse_trading_days(Date first, Date last) {
  std::vector<Date> days;
  for (Date d = first; d <= last; d = Date{d.days + 1})
    if (weekday(d) < 5 && !is_nyse_holiday(d)) days.push_back(d);
  return days;
}

}  // namespace evstudy::samples
