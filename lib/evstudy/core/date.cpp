#include "evstudy/core/date.hpp"

#include <array>

namespace evstudy {

Date from_ymd(int year, int month, int day) {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + doe - 719468};
}

YearMonthDay to_ymd(Date date) {
  const int z = date.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int day = doy - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> lengths{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return lengths[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
}

bool is_valid_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= days_in_month(year, month);
}

int weekday(Date date) {
  // 1970-01-01 was a Thursday (3 in ISO order from Monday = 0).
  const int d = (date.days + 3) % 7;
  return d < 0 ? d + 7 : d;
}

namespace {

bool parse_digits(std::string_view text, int& out) {
  if (text.empty()) return false;
  out = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
        !parse_digits(text.substr(8, 2), day))
      return std::nullopt;
  } else if (text.size() == 8) {
    if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(4, 2), month) ||
        !parse_digits(text.substr(6, 2), day))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!is_valid_ymd(year, month, day)) return std::nullopt;
  return from_ymd(year, month, day);
}

std::string format_date(Date date) {
  const YearMonthDay ymd = to_ymd(date);
  std::array<char, 11> buf{};
  auto put = [&buf](std::size_t at, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, ymd.year, 4);
  buf[4] = '-';
  put(5, ymd.month, 2);
  buf[7] = '-';
  put(8, ymd.day, 2);
  return std::string(buf.data(), 10);
}

}  // namespace evstudy
