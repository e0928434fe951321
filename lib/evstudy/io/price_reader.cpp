#include "evstudy/io/price_reader.hpp"

#include <optional>

#include "evstudy/io/csv.hpp"
#include "evstudy/io/price_fields.hpp"
#include "evstudy/io/series_builder.hpp"
#include "evstudy/io/text_check.hpp"

namespace evstudy {
namespace {

/// Where the columns of a price file are, by normalized header name.
struct Layout {
  std::size_t date = 0;
  std::optional<std::size_t> ticker;    // long format
  std::optional<std::size_t> value;     // long or one-ticker format
  std::optional<std::size_t> fallback;  // close, when `value` is an adjusted close
  std::vector<std::size_t> wide;        // wide format: one column per ticker
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

}  // namespace

std::string ticker_from_path(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find('.');
  return std::string(name.substr(0, dot));
}

PriceRead read_prices_csv(std::string_view text, std::string_view source, const PriceReadOptions& options) {
  check_text(text, source);
  CsvReader csv(text, std::string(source));
  CsvRow header;
  if (!csv.next(header))
    throw Error(ErrorKind::bad_data, SourcePos{std::string(source), 0, 0}, "empty file, expected a header row");
  const Layout layout = find_layout(header, csv, options.values);
  SeriesBuilder builder(
      std::string(source), [](i64 line) { return "line " + std::to_string(line); },
      [&csv](i64 line) { return csv.pos(line, 0); });
  const std::size_t single =
      layout.value && !layout.ticker ? builder.series(options.ticker.empty() ? ticker_from_path(source) : options.ticker) : 0;
  std::vector<std::size_t> wide;
  for (const std::size_t k : layout.wide) wide.push_back(builder.series(header.fields[k].text));

  CsvRow row;
  std::vector<double> values(layout.wide.size());
  while (csv.next(row)) {
    try {
      if (row.fields.size() != header.fields.size()) {
        const auto column = row.fields.size() > header.fields.size() ? row.fields[header.fields.size()].column : 0;
        throw BadRow{"a wrong number of fields", csv.pos(row.line, column),
                     "found " + std::to_string(row.fields.size()) + " fields, expected " +
                         std::to_string(header.fields.size()) + " as in the header"};
      }
      const CsvField& date_field = row.fields[layout.date];
      const Stamp stamp = parse_stamp(date_field.text, options.zone, csv.pos(row.line, date_field.column));
      if (layout.value) {
        const CsvField& v = row.fields[*layout.value];
        std::size_t s = single;
        if (layout.ticker) {
          const CsvField& t = row.fields[*layout.ticker];
          if (t.text.empty()) throw BadRow{"an empty ticker", csv.pos(row.line, t.column), "found an empty ticker, expected a symbol"};
          s = builder.series(t.text);
        }
        const double value = parse_price(v.text, options.values, csv.pos(row.line, v.column));
        double fallback = missing;
        if (layout.fallback) {
          const CsvField& f = row.fields[*layout.fallback];
          fallback = parse_price(f.text, options.values, csv.pos(row.line, f.column));
        }
        builder.add(s, stamp.date, stamp.time, value, fallback, row.line);
        continue;
      }
      for (std::size_t w = 0; w < layout.wide.size(); ++w) {
        const CsvField& f = row.fields[layout.wide[w]];
        values[w] = parse_price(f.text, options.values, csv.pos(row.line, f.column));
      }
      for (std::size_t w = 0; w < wide.size(); ++w) builder.add(wide[w], stamp.date, stamp.time, values[w], missing, row.line);
    } catch (const BadRow& bad) {
      if (!options.skip_bad_rows) throw Error(ErrorKind::bad_data, bad.pos, bad.message);
      builder.skip(bad);
    }
  }
  PriceRead out;
  out.series = builder.finish(options.strict, out.notes);
  return out;
}

}  // namespace evstudy
