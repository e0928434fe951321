#include "evstudy/io/price_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "evstudy/core/did_you_mean.hpp"
#include "evstudy/io/csv.hpp"
#include "evstudy/io/time_text.hpp"

namespace evstudy {
namespace {

/// Where the columns of a price file are, by normalized header name.
struct Layout {
  std::size_t date = 0;
  std::optional<std::size_t> ticker;  // long format
  std::optional<std::size_t> value;   // long or one-ticker format
  std::vector<std::size_t> wide;      // wide format: one column per ticker
  std::optional<std::size_t> fallback;  // close, when `value` is an adjusted close
};

std::optional<std::size_t> find_column(const std::vector<std::string>& names, std::initializer_list<std::string_view> aliases) {
  for (const std::string_view alias : aliases)
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == alias) return k;
  return std::nullopt;
}

std::string list_headers(const CsvRow& header) {
  std::string out;
  for (const CsvField& f : header.fields) {
    if (!out.empty()) out += ',';
    out += f.text;
  }
  return out;
}

Layout find_layout(const CsvRow& header, const CsvReader& csv, ValueKind values) {
  std::vector<std::string> names;
  for (const CsvField& f : header.fields) names.push_back(normalize_header(f.text));
  Layout layout;
  const auto date = find_column(names, {"date", "timestamp", "datetime", "time", "caldt"});
  if (!date)
    throw Error(ErrorKind::bad_data, csv.pos(header.line, 0),
                "no date column (found " + list_headers(header) + "), expected one named date, timestamp or time");
  layout.date = *date;
  layout.ticker = find_column(names, {"ticker", "symbol", "permno", "tic", "secid"});
  layout.value = values == ValueKind::returns
                     ? find_column(names, {"ret", "return", "returns", "adjclose", "close"})
                     : find_column(names, {"adjclose", "adjustedclose", "close", "prc", "price"});
  // Adjusted close is preferred, but a file may carry the column empty (index files): then the
  // close is the fallback, decided per ticker over the whole column, never mixed row by row.
  if (values == ValueKind::prices && layout.value && (names[*layout.value] == "adjclose" || names[*layout.value] == "adjustedclose"))
    layout.fallback = find_column(names, {"close", "prc", "price"});
  if (layout.ticker && !layout.value)
    throw Error(ErrorKind::bad_data, csv.pos(header.line, 0),
                "no close column (found " + list_headers(header) + "), expected close, adj_close or PRC");
  if (!layout.ticker && !layout.value)
    for (std::size_t k = 0; k < names.size(); ++k)
      if (k != layout.date) layout.wide.push_back(k);
  if (!layout.ticker && !layout.value && layout.wide.empty())
    throw Error(ErrorKind::bad_data, csv.pos(header.line, 0),
                "only a date column (found " + list_headers(header) + "), expected close or ticker columns");
  return layout;
}

Date parse_row_date(const CsvField& field, const CsvReader& csv, i64 line) {
  const auto parsed = parse_time_text(field.text);
  if (!parsed || (parsed->second_of_day && *parsed->second_of_day != 0))
    throw Error(ErrorKind::bad_data, csv.pos(line, field.column),
                "found '" + std::string(field.text) + "', expected a date (YYYY-MM-DD or YYYYMMDD)");
  return parsed->date;
}

double parse_value(const CsvField& field, const CsvReader& csv, i64 line, ValueKind values) {
  if (is_missing_token(field.text)) return missing;
  std::string_view text = field.text;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw Error(ErrorKind::bad_data, csv.pos(line, field.column),
                "found '" + std::string(field.text) + "', expected a number");
  if (values == ValueKind::prices && (!(value > 0.0) || !std::isfinite(value)))
    throw Error(ErrorKind::bad_data, csv.pos(line, field.column),
                "found price " + std::string(field.text) + ", expected a positive finite price");
  if (values == ValueKind::returns && (!(value > -1.0) || !std::isfinite(value)))
    throw Error(ErrorKind::bad_data, csv.pos(line, field.column),
                "found return " + std::string(field.text) + ", expected a finite return above -1");
  return value;
}

/// A series being read, with the line of each row for duplicate errors.
struct Pending {
  PriceSeries series;
  std::vector<i64> lines;
  std::vector<double> fallback;  // the unadjusted close, used when no adjusted close exists
};

/// The adjusted closes, or the unadjusted ones when the adjusted column is empty throughout.
void choose_fallback(Pending& p) {
  if (p.fallback.empty()) return;
  const bool any_adjusted = std::any_of(p.series.values.begin(), p.series.values.end(), [](double v) { return !is_missing(v); });
  if (!any_adjusted) p.series.values = std::move(p.fallback);
  p.fallback.clear();
}

/// Sorts a series by date (noting it) and rejects a duplicate date naming both lines.
void finish(Pending& p, const CsvReader& csv, std::vector<std::string>& notes) {
  auto& s = p.series;
  if (!std::is_sorted(s.dates.begin(), s.dates.end())) {
    std::vector<std::size_t> order(s.dates.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.dates[a] < s.dates[b]; });
    PriceSeries sorted{s.ticker, {}, {}};
    std::vector<i64> lines;
    for (const std::size_t k : order) {
      sorted.dates.push_back(s.dates[k]);
      sorted.values.push_back(s.values[k]);
      lines.push_back(p.lines[k]);
    }
    s = std::move(sorted);
    p.lines = std::move(lines);
    notes.push_back(csv.source() + ": rows of " + s.ticker + " were not in date order; sorted");
  }
  for (std::size_t k = 1; k < s.dates.size(); ++k)
    if (s.dates[k] == s.dates[k - 1])
      throw Error(ErrorKind::bad_data, csv.pos(std::max(p.lines[k], p.lines[k - 1]), 0),
                  "duplicate row for " + s.ticker + " on " + format_date(s.dates[k]) + " (also at line " +
                      std::to_string(std::min(p.lines[k], p.lines[k - 1])) + "), expected one row per ticker and date");
}

}  // namespace

std::string ticker_from_path(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find('.');
  return std::string(name.substr(0, dot));
}

PriceRead read_prices_csv(std::string_view text, std::string_view source, const PriceReadOptions& options) {
  CsvReader csv(text, std::string(source));
  CsvRow header;
  if (!csv.next(header))
    throw Error(ErrorKind::bad_data, SourcePos{std::string(source), 0, 0}, "empty file, expected a header row");
  const Layout layout = find_layout(header, csv, options.values);

  std::vector<Pending> pending;
  std::unordered_map<std::string, std::size_t> by_ticker;
  auto series_for = [&](std::string_view ticker) -> Pending& {
    auto it = by_ticker.find(std::string(ticker));
    if (it == by_ticker.end()) {
      it = by_ticker.emplace(std::string(ticker), pending.size()).first;
      pending.push_back({PriceSeries{std::string(ticker), {}, {}}, {}, {}});
    }
    return pending[it->second];
  };
  if (layout.value && !layout.ticker) series_for(options.ticker.empty() ? ticker_from_path(source) : options.ticker);
  for (const std::size_t k : layout.wide) series_for(header.fields[k].text);

  CsvRow row;
  while (csv.next(row)) {
    if (row.fields.size() != header.fields.size()) {
      const auto column = row.fields.size() > header.fields.size() ? row.fields[header.fields.size()].column : 0;
      throw Error(ErrorKind::bad_data, csv.pos(row.line, column),
                  "found " + std::to_string(row.fields.size()) + " fields, expected " +
                      std::to_string(header.fields.size()) + " as in the header");
    }
    const Date date = parse_row_date(row.fields[layout.date], csv, row.line);
    if (layout.value) {
      const CsvField& value = row.fields[*layout.value];
      Pending& p = layout.ticker ? series_for(row.fields[*layout.ticker].text) : pending.front();
      if (layout.ticker && row.fields[*layout.ticker].text.empty())
        throw Error(ErrorKind::bad_data, csv.pos(row.line, row.fields[*layout.ticker].column),
                    "found an empty ticker, expected a symbol");
      p.series.dates.push_back(date);
      p.series.values.push_back(parse_value(value, csv, row.line, options.values));
      if (layout.fallback) p.fallback.push_back(parse_value(row.fields[*layout.fallback], csv, row.line, options.values));
      p.lines.push_back(row.line);
      continue;
    }
    for (std::size_t w = 0; w < layout.wide.size(); ++w) {
      Pending& p = pending[w];
      p.series.dates.push_back(date);
      p.series.values.push_back(parse_value(row.fields[layout.wide[w]], csv, row.line, options.values));
      p.lines.push_back(row.line);
    }
  }
  PriceRead out;
  for (Pending& p : pending) {
    choose_fallback(p);
    finish(p, csv, out.notes);
    out.series.push_back(std::move(p.series));
  }
  return out;
}

}  // namespace evstudy
