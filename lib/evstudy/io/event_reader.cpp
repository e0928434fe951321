#include "evstudy/io/event_reader.hpp"

#include <charconv>
#include <functional>
#include <cmath>
#include <nlohmann/json.hpp>

#include "evstudy/io/json_text.hpp"
#include <optional>

#include "evstudy/io/csv.hpp"
#include "evstudy/io/newline_count.hpp"
#include "evstudy/io/time_text.hpp"

namespace evstudy {
namespace {

/// The raw text of one event row, wherever it came from.
struct EventFields {
  std::string_view id, date, time, zone, ticker, actual, consensus, previous, unit;
};

/// Reports a bad field at its place: a CSV line and column, or a JSON pointer.
using Complain = std::function<void(std::string_view field, const std::string& message)>;

double parse_number(std::string_view name, std::string_view text, const Complain& complain) {
  if (is_missing_token(text)) return missing;
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    complain(name, "found '" + std::string(text) + "', expected a number");
  return value;
}

EventSpec make_event(const EventFields& f, std::string_view default_zone, const Complain& complain) {
  // A separate time-of-day column ("08:30") goes with the date column.
  std::string when;
  std::string_view field = "time";
  if (!f.time.empty() && f.time.find('-') == std::string_view::npos && f.time.size() <= 8 && !f.date.empty()) {
    when = std::string(f.date) + " " + std::string(f.time);
  } else if (!f.time.empty()) {
    when = std::string(f.time);
  } else {
    when = std::string(f.date);
    field = "date";
  }
  const auto parsed = parse_time_text(when);
  if (!parsed) complain(field, "found '" + when + "', expected " + std::string(time_forms));
  EventSpec event;
  try {
    event.time = resolve_event_time(*parsed, f.zone, default_zone);
  } catch (const Error& e) {
    complain(f.zone.empty() ? field : "zone", e.what());
  }
  // Without an id, a release is named by its time and unit (a calendar may list m/m and y/y rows).
  event.id = f.id.empty() ? (f.unit.empty() ? when : when + " " + std::string(f.unit)) : std::string(f.id);
  if (!f.ticker.empty()) event.ticker = std::string(f.ticker);
  event.actual = parse_number("actual", f.actual, complain);
  event.consensus = parse_number("consensus", f.consensus, complain);
  event.previous = parse_number("previous", f.previous, complain);
  event.unit = std::string(f.unit);
  return event;
}

/// Normalized header aliases of each event field.
struct Columns {
  std::optional<std::size_t> id, date, time, zone, ticker, actual, consensus, previous, unit;
};

std::optional<std::size_t> column_of(const std::vector<std::string>& names, std::initializer_list<std::string_view> aliases) {
  for (const std::string_view alias : aliases)
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == alias) return k;
  return std::nullopt;
}

Columns find_columns(const std::vector<std::string>& names) {
  Columns c;
  c.id = column_of(names, {"event", "eventid", "id", "name"});
  c.date = column_of(names, {"date", "releasedate", "eventdate"});
  c.time = column_of(names, {"time", "datetime", "timestamp", "releasetime", "releasetimeet", "timeet"});
  c.zone = column_of(names, {"zone", "tz", "timezone"});
  c.ticker = column_of(names, {"ticker", "symbol", "permno"});
  c.actual = column_of(names, {"actual"});
  c.consensus = column_of(names, {"consensus", "forecast", "expected", "survey"});
  c.previous = column_of(names, {"previous", "prior"});
  c.unit = column_of(names, {"unit", "units"});
  return c;
}

}  // namespace

std::vector<EventSpec> read_events_csv(std::string_view text, std::string_view source, std::string_view default_zone) {
  CsvReader csv(text, std::string(source));
  CsvRow header;
  if (!csv.next(header))
    throw Error(ErrorKind::bad_data, SourcePos{std::string(source), 0, 0}, "empty file, expected a header row");
  std::vector<std::string> names;
  for (const CsvField& f : header.fields) names.push_back(normalize_header(f.text));
  const Columns c = find_columns(names);
  if (!c.date && !c.time) {
    std::string found;
    for (const CsvField& f : header.fields) {
      if (!found.empty()) found += ',';
      found += f.text;
    }
    throw Error(ErrorKind::bad_data, csv.pos(header.line, 0),
                "no date or time column (found " + found + "), expected a column named date or time");
  }
  std::vector<EventSpec> events;
  events.reserve(count_newlines(text));  // at most one a line: filled once, never moved
  CsvRow row;
  // Made once, not per row (a std::function of this size is allocated): it reads the row being
  // made.
  const Complain complain = [&](std::string_view field, const std::string& message) {
    const std::optional<std::size_t> k = field == "time"        ? c.time
                                         : field == "date"      ? c.date
                                         : field == "zone"      ? c.zone
                                         : field == "actual"    ? c.actual
                                         : field == "consensus" ? c.consensus
                                                                : c.previous;
    throw Error(ErrorKind::bad_data, csv.pos(row.line, k ? row.fields[*k].column : 0), message);
  };
  while (csv.next(row)) {
    if (row.fields.size() != header.fields.size())
      throw Error(ErrorKind::bad_data, csv.pos(row.line, 0),
                  "found " + std::to_string(row.fields.size()) + " fields, expected " +
                      std::to_string(header.fields.size()) + " as in the header");
    auto get = [&](const std::optional<std::size_t>& k) { return k ? row.fields[*k].text : std::string_view{}; };
    const EventFields f{get(c.id),     get(c.date),      get(c.time),     get(c.zone), get(c.ticker),
                        get(c.actual), get(c.consensus), get(c.previous), get(c.unit)};
    events.push_back(make_event(f, default_zone, complain));
    // The file's name is not copied per row: it is the events file's (see EventSpec::where).
    events.back().where = SourcePos{{}, row.line, c.ticker ? row.fields[*c.ticker].column : 0};
  }
  return events;
}

std::vector<EventSpec> read_events_json(std::string_view text, std::string_view source, std::string_view default_zone) {
  using nlohmann::json;
  const json doc = parse_json_text(text, std::string(source), "an array of event records");
  if (!doc.is_array())
    throw Error(ErrorKind::bad_data, SourcePos{std::string(source), 0, 0}, "found a JSON " +
                std::string(doc.type_name()) + ", expected an array of event records");
  std::vector<EventSpec> events;
  std::vector<std::string> texts;
  for (std::size_t k = 0; k < doc.size(); ++k) {
    const json& record = doc[k];
    const std::string where = std::string(source) + ": /" + std::to_string(k);
    if (!record.is_object())
      throw Error(ErrorKind::bad_data, where + ": found a JSON " + std::string(record.type_name()) + ", expected an object");
    std::vector<std::string> names;
    std::vector<std::string> values;
    for (const auto& [key, value] : record.items()) {
      names.push_back(normalize_header(key));
      values.push_back(value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump());
    }
    const Columns c = find_columns(names);
    auto get = [&](const std::optional<std::size_t>& i) { return i ? std::string_view(values[*i]) : std::string_view{}; };
    if (!c.date && !c.time) throw Error(ErrorKind::bad_data, where + ": no date or time field, expected \"date\" or \"time\"");
    const EventFields f{get(c.id),     get(c.date),      get(c.time),     get(c.zone), get(c.ticker),
                        get(c.actual), get(c.consensus), get(c.previous), get(c.unit)};
    const Complain complain = [&](std::string_view field, const std::string& message) {
      throw Error(ErrorKind::bad_data, where + "/" + std::string(field) + ": " + message);
    };
    events.push_back(make_event(f, default_zone, complain));
    events.back().where = SourcePos{where + "/ticker", 0, 0};
  }
  return events;
}

EventSpec parse_inline_event(std::string_view text, std::string_view default_zone) {
  const std::size_t eq = text.find('=');
  const std::string_view name = eq == std::string_view::npos ? std::string_view{} : text.substr(0, eq);
  const std::string_view when = eq == std::string_view::npos ? text : text.substr(eq + 1);
  const EventFields f{name, {}, when, {}, {}, {}, {}, {}, {}};
  const Complain complain = [&](std::string_view, const std::string& message) {
    throw Error(ErrorKind::usage, "--event " + std::string(text) + ": " + message);
  };
  return make_event(f, default_zone, complain);
}

}  // namespace evstudy
