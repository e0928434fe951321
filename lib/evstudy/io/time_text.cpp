#include "evstudy/io/time_text.hpp"

#include <cctype>

#include "evstudy/core/zone_rules.hpp"
#include "evstudy/io/tz_database.hpp"

namespace evstudy {
namespace {

bool two_digits(std::string_view s, std::size_t at, int& out) {
  if (at + 2 > s.size() || !std::isdigit(static_cast<unsigned char>(s[at])) ||
      !std::isdigit(static_cast<unsigned char>(s[at + 1])))
    return false;
  out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

/// "+hh:mm", "-hhmm", "+hh" or "Z" at the start of `s`; advances `used`.
bool parse_offset(std::string_view s, std::int32_t& offset, std::size_t& used) {
  if (s.empty()) return false;
  if (s[0] == 'Z' || s[0] == 'z') {
    offset = 0;
    used = 1;
    return true;
  }
  if (s[0] != '+' && s[0] != '-') return false;
  int hours = 0;
  int minutes = 0;
  if (!two_digits(s, 1, hours)) return false;
  used = 3;
  if (s.size() > 3 && s[3] == ':') {
    if (!two_digits(s, 4, minutes)) return false;
    used = 6;
  } else if (s.size() >= 5 && two_digits(s, 3, minutes)) {
    used = 5;
  }
  if (hours > 23 || minutes > 59) return false;
  offset = (s[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

std::optional<TimeText> parse_time_text(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  TimeText out;
  const std::size_t date_length = text.size() >= 10 && text[4] == '-' ? 10 : 8;
  if (text.size() < date_length) return std::nullopt;
  const auto date = parse_date(text.substr(0, date_length));
  if (!date) return std::nullopt;
  out.date = *date;
  std::string_view rest = text.substr(date_length);
  if (rest.empty()) return out;
  if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
  rest.remove_prefix(1);
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!two_digits(rest, 0, hour) || rest.size() < 5 || rest[2] != ':' || !two_digits(rest, 3, minute))
    return std::nullopt;
  std::size_t at = 5;
  if (rest.size() > 5 && rest[5] == ':') {
    if (!two_digits(rest, 6, second)) return std::nullopt;
    at = 8;
    if (rest.size() > at && rest[at] == '.') {  // fractional seconds: kept to the second
      ++at;
      while (at < rest.size() && std::isdigit(static_cast<unsigned char>(rest[at]))) ++at;
    }
  }
  if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0))) return std::nullopt;
  out.second_of_day = hour * 3600 + minute * 60 + second;
  rest.remove_prefix(at);
  if (rest.empty()) return out;
  std::int32_t offset = 0;
  std::size_t used = 0;
  if (parse_offset(rest, offset, used)) {
    out.offset = offset;
    rest.remove_prefix(used);
    if (rest.empty()) return out;
  }
  if (rest[0] != ' ' || out.offset) return std::nullopt;
  out.zone = std::string(rest.substr(1));
  if (out.zone.empty() || out.zone.find(' ') != std::string::npos) return std::nullopt;
  return out;
}

EventTime resolve_event_time(const TimeText& parsed, std::string_view zone_column, std::string_view default_zone) {
  if (!parsed.second_of_day) return EventTime::on_date(parsed.date);
  const i64 local = static_cast<i64>(parsed.date.days) * 86400 + *parsed.second_of_day;
  if (parsed.offset) return EventTime::at_instant(local - *parsed.offset);
  const std::string_view zone_name =
      !parsed.zone.empty() ? std::string_view(parsed.zone) : !zone_column.empty() ? zone_column : default_zone;
  return EventTime::at_instant(local_to_utc(load_zone(zone_name), local));
}

}  // namespace evstudy
