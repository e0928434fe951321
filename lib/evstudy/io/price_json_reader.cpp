// JSON price histories: an array of records, an object keyed by ticker (arrays of records or of
// [date, close] pairs), or NDJSON. Same field names and checks as the CSV reader.
#include <nlohmann/json.hpp>

#include "evstudy/io/csv.hpp"
#include "evstudy/io/json_text.hpp"
#include "evstudy/io/price_fields.hpp"
#include "evstudy/io/price_reader.hpp"
#include "evstudy/io/series_builder.hpp"
#include "evstudy/io/text_check.hpp"

namespace evstudy {
namespace {

using json = nlohmann::json;

/// A record's fields by normalized name.
struct Record {
  const json* date = nullptr;
  const json* ticker = nullptr;
  const json* value = nullptr;
  const json* fallback = nullptr;
  std::string value_key, fallback_key, date_key;
};

Record fields_of(const json& record, ValueKind values) {
  Record r;
  auto pick = [&](std::initializer_list<std::string_view> aliases, const json*& slot, std::string& key) {
    for (const std::string_view alias : aliases)
      for (const auto& [k, v] : record.items())
        if (!slot && normalize_header(k) == alias) {
          slot = &v;
          key = k;
        }
  };
  std::string unused;
  pick({"date", "timestamp", "datetime", "time", "caldt"}, r.date, r.date_key);
  pick({"ticker", "symbol", "permno", "tic", "secid"}, r.ticker, unused);
  if (values == ValueKind::returns) {
    pick({"ret", "return", "returns", "adjclose", "close"}, r.value, r.value_key);
  } else {
    pick({"adjclose", "adjustedclose"}, r.value, r.value_key);
    if (r.value) pick({"close", "prc", "price"}, r.fallback, r.fallback_key);
    else pick({"close", "prc", "price"}, r.value, r.value_key);
  }
  return r;
}

/// JSON scalars as the text the CSV field parsers read.
std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_number_integer()) return std::to_string(v.get<i64>());
  return v.dump();
}

class JsonPrices {
 public:
  JsonPrices(std::string source, const PriceReadOptions& options, bool ndjson)
      : source_(std::move(source)),
        options_(options),
        builder_(source_, [this](i64 k) { return where(k); }, [this](i64 k) { return pos(k, ""); }),
        ndjson_(ndjson) {}

  /// A record (object) or a [date, value] pair; `ticker` when the record is under a ticker key.
  void add(const json& item, std::optional<std::string_view> ticker, i64 row, const std::string& pointer) {
    pointers_.push_back(pointer);
    try {
      if (item.is_array()) {
        if (!ticker || item.size() != 2) throw BadRow{"a malformed pair", pos(row, ""), "expected a record or a [date, close] pair"};
        const Stamp stamp = parse_stamp(text_of(item[0]), options_.zone, pos(row, "/0"));
        const double value = number(item[1], pos(row, "/1"));
        builder_.add(builder_.series(*ticker), stamp.date, stamp.time, value, missing, row);
        return;
      }
      if (!item.is_object()) throw BadRow{"a value that is no record", pos(row, ""), "found a JSON " + std::string(item.type_name()) + ", expected a record"};
      const Record r = fields_of(item, options_.values);
      if (!r.date) throw BadRow{"no date", pos(row, ""), "no date field, expected \"date\" or \"time\""};
      if (!r.value) throw BadRow{"no close", pos(row, ""), "no close field, expected \"close\", \"adj_close\" or \"PRC\""};
      const Stamp stamp = parse_stamp(text_of(*r.date), options_.zone, pos(row, "/" + r.date_key));
      std::string name = ticker ? std::string(*ticker) : std::string{};
      if (!ticker) name = r.ticker ? text_of(*r.ticker) : (options_.ticker.empty() ? ticker_from_path(source_) : options_.ticker);
      if (name.empty()) throw BadRow{"an empty ticker", pos(row, "/ticker"), "found an empty ticker, expected a symbol"};
      const double value = number(*r.value, pos(row, "/" + r.value_key));
      const double fallback = r.fallback ? number(*r.fallback, pos(row, "/" + r.fallback_key)) : missing;
      builder_.add(builder_.series(name), stamp.date, stamp.time, value, fallback, row);
    } catch (const BadRow& bad) {
      if (!options_.skip_bad_rows) throw Error(ErrorKind::bad_data, bad.pos, bad.message);
      builder_.skip(bad);
    }
  }

  PriceRead finish() {
    PriceRead out;
    out.series = builder_.finish(options_.strict, out.notes);
    return out;
  }

  SourcePos pos(i64 row, const std::string& field) const {
    if (ndjson_) return SourcePos{source_ + ":" + std::to_string(row) + ": " + field, 0, 0};
    return SourcePos{source_ + ": " + pointers_[static_cast<std::size_t>(row)] + field, 0, 0};
  }

 private:
  std::string where(i64 row) const {
    return ndjson_ ? "line " + std::to_string(row) : pointers_[static_cast<std::size_t>(row)];
  }

  double number(const json& v, const SourcePos& at) const {
    if (v.is_number()) return parse_price(v.dump(), options_.values, at);
    return parse_price(text_of(v), options_.values, at);
  }

  std::string source_;
  const PriceReadOptions& options_;
  SeriesBuilder builder_;
  bool ndjson_;
  std::vector<std::string> pointers_;
};

}  // namespace

PriceRead read_prices_json(std::string_view text, std::string_view source_name, const PriceReadOptions& options) {
  check_text(text, source_name);
  const std::string source(source_name);
  const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos) throw Error(ErrorKind::bad_data, SourcePos{source, 0, 0}, "empty file, expected JSON price records");
  // NDJSON: objects one per line (a whole-document parse would stop after the first).
  const bool ndjson = text[first] == '{' && [&] {
    const std::size_t end = text.find('\n', first);
    return end != std::string_view::npos && text.find_first_not_of(" \t\r\n", end) != std::string_view::npos &&
           json::accept(text.substr(first, end - first));
  }();
  if (ndjson) {
    JsonPrices prices(source, options, true);
    i64 line = 1;
    for (std::size_t at = 0; at < text.size(); ++line) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      const std::string_view l = text.substr(at, end - at);
      at = end + 1;
      if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      json record;
      try {
        record = json::parse(l);
      } catch (const json::parse_error& e) {
        throw Error(ErrorKind::bad_data, SourcePos{source, line, static_cast<i64>(e.byte)}, "invalid JSON, expected one record a line (NDJSON)");
      } catch (const json::exception&) {
        throw Error(ErrorKind::bad_data, SourcePos{source, line, 0}, "invalid JSON (a number out of range), expected one record a line (NDJSON)");
      }
      prices.add(record, std::nullopt, line, "");
    }
    return prices.finish();
  }
  const json doc = parse_json_text(text, source, "an array of price records or an object keyed by ticker");
  JsonPrices prices(source, options, false);
  i64 row = 0;
  if (doc.is_array()) {
    for (std::size_t k = 0; k < doc.size(); ++k) {
      std::string pointer = "/";
      pointer += std::to_string(k);
      prices.add(doc[k], std::nullopt, row++, pointer);
    }
  } else if (doc.is_object()) {
    for (const auto& [ticker, items] : doc.items()) {
      std::string where = source;
      where += ": /";
      where += ticker;
      if (!items.is_array())
        throw Error(ErrorKind::bad_data, SourcePos{where, 0, 0},
                    "found a JSON " + std::string(items.type_name()) + ", expected an array of records or [date, close] pairs");
      for (std::size_t k = 0; k < items.size(); ++k) {
        std::string pointer = "/";
        pointer += ticker;
        pointer += '/';
        pointer += std::to_string(k);
        prices.add(items[k], ticker, row++, pointer);
      }
    }
  } else {
    throw Error(ErrorKind::bad_data, SourcePos{source, 0, 0},
                "found a JSON " + std::string(doc.type_name()) + ", expected an array of price records or an object keyed by ticker");
  }
  return prices.finish();
}

}  // namespace evstudy
