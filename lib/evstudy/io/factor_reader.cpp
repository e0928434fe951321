#include "evstudy/io/factor_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "evstudy/core/error.hpp"
#include "evstudy/io/csv.hpp"

namespace evstudy {
namespace {

std::string factor_name(std::string_view header) {
  const std::string n = normalize_header(header);
  if (n == "mktrf" || n == "mkt" || n == "market") return "mktrf";
  if (n == "umd" || n == "wml" || n == "momentum") return "mom";
  return n;
}

std::string_view trim(std::string_view f) {
  while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.remove_prefix(1);
  while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r')) f.remove_suffix(1);
  return f;
}

}  // namespace

FactorTable read_factors(std::string_view text, std::string_view source) {
  const std::string file(source);
  // Ken French files open with prose (which may hold commas); their header line starts with a
  // comma. Without such a line the file is a plain CSV from its first line.
  std::size_t start = 0;
  bool french = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    if (text[at] == ',') {
      start = at;
      french = true;
      break;
    }
    at = end + 1;
  }
  // Line numbers in errors count from the top of the file.
  const auto skipped_lines = static_cast<i64>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(start), '\n'));
  CsvReader csv(text.substr(start), file);
  CsvRow header;
  if (!csv.next(header)) throw Error(ErrorKind::bad_data, SourcePos{file, 0, 0}, "empty file, expected factor returns");
  FactorTable table;
  for (std::size_t c = 1; c < header.fields.size(); ++c) table.names.push_back(factor_name(trim(header.fields[c].text)));
  table.values.assign(table.names.size(), {});
  const double scale = french ? 0.01 : 1.0;
  CsvRow row;
  while (csv.next(row)) {
    const i64 line = row.line + skipped_lines;
    const auto date = row.fields.empty() ? std::nullopt : parse_date(trim(row.fields[0].text));
    if (!date) {
      if (french) break;  // the annual section or the copyright line ends the daily table
      throw Error(ErrorKind::bad_data, SourcePos{file, line, 1},
                  "found '" + std::string(row.fields.empty() ? "" : row.fields[0].text) + "', expected a date (YYYYMMDD or YYYY-MM-DD)");
    }
    if (row.fields.size() != header.fields.size())
      throw Error(ErrorKind::bad_data, SourcePos{file, line, 0},
                  "found " + std::to_string(row.fields.size()) + " fields, expected " + std::to_string(header.fields.size()));
    if (!table.dates.empty() && !(table.dates.back() < *date))
      throw Error(ErrorKind::bad_data, SourcePos{file, line, 1}, "date " + format_date(*date) + " out of order, expected ascending dates");
    table.dates.push_back(*date);
    for (std::size_t c = 1; c < row.fields.size(); ++c) {
      const std::string_view f = trim(row.fields[c].text);
      double v = missing;
      if (!is_missing_token(f) && f != "-99.99" && f != "-999") {
        const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
        if (ec != std::errc() || ptr != f.data() + f.size() || !std::isfinite(v))
          throw Error(ErrorKind::bad_data, SourcePos{file, line, row.fields[c].column}, "found '" + std::string(f) + "', expected a number");
        v *= scale;
      }
      table.values[c - 1].push_back(v);
    }
  }
  if (table.dates.empty()) throw Error(ErrorKind::bad_data, SourcePos{file, 0, 0}, "no daily rows, expected YYYYMMDD rows of factor returns");
  return table;
}

FactorTable merge_factors(const std::vector<FactorTable>& tables) {
  if (tables.size() == 1) return tables.front();
  FactorTable out;
  std::map<std::int32_t, std::size_t> index;
  for (const FactorTable& t : tables)
    for (const Date d : t.dates) index.emplace(d.days, 0);
  for (auto& [days, k] : index) {
    k = out.dates.size();
    out.dates.push_back(Date{days});
  }
  for (const FactorTable& t : tables)
    for (std::size_t f = 0; f < t.names.size(); ++f) {
      if (std::find(out.names.begin(), out.names.end(), t.names[f]) != out.names.end()) continue;  // first file wins
      out.names.push_back(t.names[f]);
      std::vector<double> column(out.dates.size(), missing);
      for (std::size_t k = 0; k < t.dates.size(); ++k) column[index.at(t.dates[k].days)] = t.values[f][k];
      out.values.push_back(std::move(column));
    }
  return out;
}

}  // namespace evstudy
