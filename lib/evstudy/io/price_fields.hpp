// Field parsing shared by the CSV and JSON price readers: time stamps (dates, date-times with Z,
// an offset or a zone, epoch seconds or milliseconds) and prices or returns.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "evstudy/core/date.hpp"
#include "evstudy/core/types.hpp"
#include "evstudy/io/plain_decimal.hpp"
#include "evstudy/io/series_builder.hpp"
#include "evstudy/kernel/panel.hpp"

namespace evstudy {

/// A bar's time: its date, and for an intraday bar its UTC instant.
struct Stamp {
  Date date;
  std::optional<i64> time;
};

/// Dates (YYYY-MM-DD, YYYYMMDD), date-times (ISO 8601 with Z, an offset, a zone name, or none:
/// then `zone`), epoch seconds (9-10 digits) or milliseconds (12-13 digits). A time of exactly
/// midnight is a daily bar. Throws BadRow.
Stamp parse_stamp(std::string_view field, const std::string& zone, const FieldPos& pos);

/// parse_stamp remembering the last month it saw: a file's dates repeat their year and month
/// row after row, so a "YYYY-MM-DD" of that month is its first day plus the day of the month.
class StampParser {
 public:
  explicit StampParser(std::string zone) : zone_(std::move(zone)) {}
  Stamp parse(std::string_view field, const FieldPos& pos);

  /// The date of a "YYYY-MM-DD" in the month last seen, without the general parser (inline, for
  /// the readers' fast paths); false for anything else.
  bool same_month(std::string_view field, Date& date) const {
    if (field.size() != 10 || month_.size() != 8 || std::memcmp(field.data(), month_.data(), 8) != 0) return false;
    const char tens = field[8];
    const char units = field[9];
    if (tens < '0' || tens > '9' || units < '0' || units > '9') return false;
    const int day = (tens - '0') * 10 + (units - '0');
    if (day < 1 || day > month_days_) return false;
    date = Date{month_start_.days + day - 1};
    return true;
  }

 private:
  std::string zone_;
  std::string month_;  // "YYYY-MM-" of the last plain date, empty before one
  Date month_start_{};
  int month_days_ = 0;
};

/// A price (positive, finite) or a return (finite, above -1); missing tokens are NaN. Throws BadRow.
double parse_price(std::string_view field, ValueKind values, const FieldPos& pos);

}  // namespace evstudy
