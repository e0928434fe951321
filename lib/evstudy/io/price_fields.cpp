#include "evstudy/io/price_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "evstudy/io/csv.hpp"
#include "evstudy/io/time_text.hpp"
#include "evstudy/io/tz_database.hpp"

namespace evstudy {
namespace {

Stamp from_instant(i64 utc, const std::string& zone) {
  const i64 local = utc_to_local(load_zone(zone), utc);
  const i64 day = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  Stamp s{Date{static_cast<std::int32_t>(day)}, utc};
  if (local - day * 86400 == 0) s.time.reset();  // midnight: a daily bar
  return s;
}

}  // namespace

Stamp parse_stamp(std::string_view field, const std::string& zone, const FieldPos& pos) {
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
  while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
  const bool digits = !field.empty() && std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && field.size() != 8) {
    i64 value = 0;
    std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.size() == 9 || field.size() == 10) return from_instant(value, zone);
    if (field.size() == 12 || field.size() == 13) return from_instant(value / 1000, zone);
  }
  const auto t = parse_time_text(field);
  if (!t)
    throw BadRow{"an unparsable date", pos.get(),
                 "found '" + std::string(field) + "', expected a date (YYYY-MM-DD or YYYYMMDD), a date-time or epoch seconds"};
  if (!t->second_of_day || *t->second_of_day == 0) return Stamp{t->date, std::nullopt};  // vendors write daily bars at 00:00
  try {
    const EventTime when = resolve_event_time(*t, {}, zone);
    return from_instant(*when.utc_seconds, zone);
  } catch (const Error& e) {
    throw BadRow{"an unknown time zone", pos.get(), e.what()};
  }
}

Stamp StampParser::parse(std::string_view field, const FieldPos& pos) {
  if (Date date; same_month(field, date)) return Stamp{date, std::nullopt};
  // A "YYYY-MM-DD" of another month (a file's first row of a month, or of a ticker): the date
  // parse_stamp would give, read without its general path, and its month remembered from the
  // digits.
  if (field.size() == 10 && field[4] == '-' && field[7] == '-')
    if (const std::optional<Date> date = parse_date(field)) {
      auto number = [&field](std::size_t at, std::size_t digits) {
        int n = 0;
        for (std::size_t k = at; k < at + digits; ++k) n = n * 10 + (field[k] - '0');
        return n;
      };
      month_.assign(field.substr(0, 8));
      month_start_ = Date{date->days - (number(8, 2) - 1)};
      month_days_ = days_in_month(number(0, 4), number(5, 2));
      return Stamp{*date, std::nullopt};
    }
  // Anything else (a compact date, a date-time, epoch seconds, an error): the general parser.
  // (A plain date it accepts is one parse_date accepted above, so no month is left to remember.)
  return parse_stamp(field, zone_, pos);
}

double parse_price(std::string_view field, ValueKind values, const FieldPos& pos) {
  // A plain positive decimal is valid as a price and as a return: read exactly, without from_chars.
  if (double value = 0.0; read_plain_decimal(field, value)) return value;
  if (is_missing_token(field)) return missing;
  std::string_view text = field;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw BadRow{"an unparsable number", pos.get(), "found '" + std::string(field) + "', expected a number"};
  if (values == ValueKind::prices && (!(value > 0.0) || !std::isfinite(value)))
    throw BadRow{"a price that is not positive", pos.get(), "found price " + std::string(field) + ", expected a positive finite price"};
  if (values == ValueKind::returns && (!(value > -1.0) || !std::isfinite(value)))
    throw BadRow{"a return not above -1", pos.get(), "found return " + std::string(field) + ", expected a finite return above -1"};
  return value;
}

}  // namespace evstudy
