// JSON price histories: an array of records, an object keyed by ticker (arrays of records or of
// [date, close] pairs), or NDJSON. Same field names and checks as the CSV reader.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "evstudy/io/csv.hpp"
#include "evstudy/io/json_text.hpp"
#include "evstudy/io/price_fields.hpp"
#include "evstudy/io/price_reader.hpp"
#include "evstudy/io/series_builder.hpp"
#include "evstudy/io/text_check.hpp"

namespace evstudy {
namespace {

using json = nlohmann::json;

/// Which of a record's keys (by their place in it) names each field; -1 for none.
struct Roles {
  int date = -1, ticker = -1, value = -1, fallback = -1;
};

/// The roles of a record's keys by normalized name, with the CSV reader's aliases: for each field
/// the first alias, in this order, that any key has (the first such key).
Roles roles_of(const std::vector<std::string>& keys, ValueKind values) {
  std::vector<std::string> names;
  for (const std::string& k : keys) names.push_back(normalize_header(k));
  Roles r;
  auto pick = [&](std::initializer_list<std::string_view> aliases, int& slot) {
    for (const std::string_view alias : aliases)
      for (std::size_t k = 0; k < names.size(); ++k)
        if (slot < 0 && names[k] == alias) slot = static_cast<int>(k);
  };
  pick({"date", "timestamp", "datetime", "time", "caldt"}, r.date);
  pick({"ticker", "symbol", "permno", "tic", "secid"}, r.ticker);
  if (values == ValueKind::returns) {
    pick({"ret", "return", "returns", "adjclose", "close"}, r.value);
  } else {
    pick({"adjclose", "adjustedclose"}, r.value);
    if (r.value >= 0) pick({"close", "prc", "price"}, r.fallback);
    else pick({"close", "prc", "price"}, r.value);
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

/// A scalar's text without a copy when it is a string (else made into `scratch`).
std::string_view text_view(const json& v, std::string& scratch) {
  if (v.is_string()) return v.get_ref<const std::string&>();
  scratch = text_of(v);
  return scratch;
}

class JsonPrices {
 public:
  JsonPrices(std::string source, const PriceReadOptions& options, bool ndjson)
      : source_(std::move(source)),
        options_(options),
        builder_(source_, [this](i64 k) { return where(k); }, [this](i64 k) { return pos(k, ""); }),
        ndjson_(ndjson),
        stamps_(options.zone) {}

  /// In a document keyed by ticker: the records from `first_row` on are `ticker`'s (until the next).
  void begin_ticker(std::string_view ticker, i64 first_row) { ticker_rows_.emplace_back(first_row, std::string(ticker)); }

  /// A record (object) or a [date, value] pair; `ticker` when the record is under a ticker key.
  void add(const json& item, std::optional<std::string_view> ticker, i64 row) {
    try {
      if (item.is_array()) {
        if (!ticker || item.size() != 2) throw BadRow{"a malformed pair", pos(row, ""), "expected a record or a [date, close] pair"};
        const FieldAt date_at{this, row, "0"}, value_at{this, row, "1"};
        const Stamp stamp = stamps_.parse(text_view(item[0], scratch_), date_at.pos());
        const double value = number(item[1], value_at.pos());
        builder_.add(builder_.series(*ticker), stamp.date, stamp.time, value, missing, row);
        return;
      }
      if (!item.is_object()) throw BadRow{"a value that is no record", pos(row, ""), "found a JSON " + std::string(item.type_name()) + ", expected a record"};
      // The record's keys and their roles, worked out again only when the keys change (a
      // file's records share theirs).
      fields_.clear();
      bool same_keys = item.size() == keys_.size();
      std::size_t k = 0;
      for (auto it = item.begin(); it != item.end(); ++it, ++k) {
        fields_.push_back({&it.key(), &it.value()});
        same_keys = same_keys && it.key() == keys_[k];
      }
      if (!same_keys) {
        keys_.clear();
        for (const Field& f : fields_) keys_.push_back(*f.key);
        roles_ = roles_of(keys_, options_.values);
      }
      auto field = [&](int role) { return role >= 0 ? &fields_[static_cast<std::size_t>(role)] : nullptr; };
      const Field* date = field(roles_.date);
      const Field* value = field(roles_.value);
      const Field* fallback = field(roles_.fallback);
      const Field* ticker_field = field(roles_.ticker);
      if (date == nullptr) throw BadRow{"no date", pos(row, ""), "no date field, expected \"date\" or \"time\""};
      if (value == nullptr) throw BadRow{"no close", pos(row, ""), "no close field, expected \"close\", \"adj_close\" or \"PRC\""};
      const FieldAt date_at{this, row, *date->key};
      const Stamp stamp = stamps_.parse(text_view(*date->value, scratch_), date_at.pos());
      std::string_view name;
      if (ticker) name = *ticker;
      else if (ticker_field != nullptr) name = text_view(*ticker_field->value, ticker_scratch_);
      else name = default_ticker();
      if (name.empty()) throw BadRow{"an empty ticker", pos(row, "/ticker"), "found an empty ticker, expected a symbol"};
      const FieldAt value_at{this, row, *value->key};
      const double close = number(*value->value, value_at.pos());
      double other = missing;
      if (fallback != nullptr) {
        const FieldAt fallback_at{this, row, *fallback->key};
        other = number(*fallback->value, fallback_at.pos());
      }
      builder_.add(builder_.series(name), stamp.date, stamp.time, close, other, row);
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
    return SourcePos{source_ + ": " + pointer(row) + field, 0, 0};
  }

 private:
  struct Field {
    const std::string* key;
    const json* value;
  };

  /// A field's place, made only for a message: "/key" after the record's.
  struct FieldAt {
    const JsonPrices* prices;
    i64 row;
    std::string_view key;
    FieldPos pos() const {
      return FieldPos(
          [](const void* context) {
            const auto* at = static_cast<const FieldAt*>(context);
            std::string field = "/";
            field += at->key;  // (not "/" + ...: GCC 12 warns falsely, -Wrestrict, on that)
            return at->prices->pos(at->row, field);
          },
          this);
    }
  };

  /// The record's JSON pointer: "/k" in an array, "/TICKER/k" under a ticker key.
  std::string pointer(i64 row) const {
    std::string out = "/";
    if (ticker_rows_.empty()) return out += std::to_string(row);
    const auto after = std::upper_bound(ticker_rows_.begin(), ticker_rows_.end(), row,
                                        [](i64 r, const std::pair<i64, std::string>& t) { return r < t.first; });
    const auto& [first_row, ticker] = *(after - 1);
    out += ticker;
    out += '/';
    return out += std::to_string(row - first_row);
  }

  std::string where(i64 row) const { return ndjson_ ? "line " + std::to_string(row) : pointer(row); }

  /// The ticker of records without one: the option, else the file's name.
  std::string_view default_ticker() {
    if (!default_ticker_) default_ticker_ = options_.ticker.empty() ? ticker_from_path(source_) : options_.ticker;
    return *default_ticker_;
  }

  /// A price or return: a JSON number as the JSON parser read it (correctly rounded, as
  /// parse_price reads the same digits) when it passes parse_price's checks; anything else
  /// through parse_price, which reads text and reports what it cannot take.
  double number(const json& v, const FieldPos& at) const {
    if (v.is_number()) {
      const double x = v.get<double>();
      if (std::isfinite(x) && (options_.values == ValueKind::returns ? x > -1.0 : x > 0.0)) return x;
      return parse_price(v.dump(), options_.values, at);
    }
    if (v.is_string()) return parse_price(v.get_ref<const std::string&>(), options_.values, at);
    return parse_price(text_of(v), options_.values, at);
  }

  std::string source_;
  const PriceReadOptions& options_;
  SeriesBuilder builder_;
  bool ndjson_;
  StampParser stamps_;
  std::vector<std::pair<i64, std::string>> ticker_rows_;  // (first row, ticker) in a document keyed by ticker
  std::vector<std::string> keys_;  // the last record's keys, whose roles are roles_
  Roles roles_;
  std::vector<Field> fields_;
  std::string scratch_, ticker_scratch_;
  std::optional<std::string> default_ticker_;
};

/// The records of a document that is one array, handed to `add` one at a time as the parser
/// reads them, each built as the document parser builds its values (a repeated key keeps its
/// last value), so that the whole document is never held: memory in the size of a record, not
/// of the file. For text already accepted as JSON (json::accept); a parse error stops it.
class RecordStream : public nlohmann::json_sax<json> {
 public:
  explicit RecordStream(std::function<void(const json&)> add) : add_(std::move(add)) {}

  bool null() override { return value(json(nullptr)); }
  bool boolean(bool v) override { return value(json(v)); }
  bool number_integer(number_integer_t v) override { return value(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
  bool string(string_t& v) override { return value(json(std::move(v))); }
  bool binary(binary_t& v) override { return value(json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool key(string_t& k) override {
    key_ = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    if (!in_document_) return in_document_ = true;  // the document's own array
    return open(json::array());
  }
  bool end_array() override { return open_.empty() ? true : close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  /// `v` placed in the value being built (at the last key in an object), or a whole record.
  json* place(json&& v) {
    if (open_.empty()) {
      record_ = std::move(v);
      return &record_;
    }
    json& parent = *open_.back();
    if (parent.is_object()) return &(parent[key_] = std::move(v));
    parent.push_back(std::move(v));
    return &parent.back();
  }
  bool value(json&& v) {
    const bool record = open_.empty();
    place(std::move(v));
    if (record) add_(record_);
    return true;
  }
  bool open(json&& v) {
    open_.push_back(place(std::move(v)));
    return true;
  }
  bool close() {
    open_.pop_back();
    if (open_.empty()) add_(record_);
    return true;
  }

  std::function<void(const json&)> add_;
  bool in_document_ = false;
  json record_;
  std::vector<json*> open_;  // the values being built, outermost (the record) first
  std::string key_;
};

/// A member of the document's top-level object: its key (unescaped) and its value's text.
struct Member {
  std::string key;
  std::string_view value;
};

/// The members of the object at text[at], in file order, found by a scan of its structure
/// (strings and nesting) without parsing the values: for text already accepted as JSON.
std::vector<Member> top_level_members(std::string_view text, std::size_t at) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  auto skip_spaces = [&] {
    while (at < text.size() && is_space(text[at])) ++at;
  };
  auto string_end = [&](std::size_t p) {  // p at the opening quote: one past the closing one
    for (++p; text[p] != '"'; p += text[p] == '\\' ? std::size_t{2} : std::size_t{1}) {
    }
    return p + 1;
  };
  auto value_end = [&](std::size_t p) {
    if (text[p] == '"') return string_end(p);
    if (text[p] == '{' || text[p] == '[') {
      for (int depth = 0;;) {
        const char c = text[p];
        if (c == '"') {
          p = string_end(p);
          continue;
        }
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return p + 1;
        ++p;
      }
    }
    while (p < text.size() && text[p] != ',' && text[p] != '}' && !is_space(text[p])) ++p;  // a number or a literal
    return p;
  };
  std::vector<Member> out;
  ++at;  // the '{'
  skip_spaces();
  while (text[at] == '"') {
    const std::size_t key = at;
    at = string_end(at);
    Member m{json::parse(text.substr(key, at - key)).get<std::string>(), {}};
    skip_spaces();
    ++at;  // the ':'
    skip_spaces();
    const std::size_t value = at;
    at = value_end(at);
    m.value = text.substr(value, at - value);
    out.push_back(std::move(m));
    skip_spaces();
    if (text[at] != ',') break;
    ++at;
    skip_spaces();
  }
  return out;
}

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
      prices.add(record, std::nullopt, line);
    }
    return prices.finish();
  }
  static constexpr std::string_view expected = "an array of price records or an object keyed by ticker";
  i64 row = 0;
  if (text[first] == '[') {
    // An array of records: streamed, once the text is known to be JSON (else the same error
    // as the document parser's, before any record's).
    if (!json::accept(text)) parse_json_text(text, source, expected);
    JsonPrices prices(source, options, false);
    RecordStream stream([&](const json& record) { prices.add(record, std::nullopt, row++); });
    if (!json::sax_parse(text, &stream)) parse_json_text(text, source, expected);
    return prices.finish();
  }
  if (text[first] == '{') {
    // An object keyed by ticker: taken as the document parser would (tickers in sorted order,
    // a repeated one keeping its last value), each ticker's array streamed.
    if (!json::accept(text)) parse_json_text(text, source, expected);
    std::map<std::string, std::string_view> tickers;
    for (Member& m : top_level_members(text, first)) tickers[std::move(m.key)] = m.value;
    JsonPrices prices(source, options, false);
    for (const auto& entry : tickers) {
      const std::string& ticker = entry.first;  // (not a structured binding: lambdas capture it)
      const std::string_view items = entry.second;
      std::string where = source;
      where += ": /";
      where += ticker;
      if (items.front() != '[')
        throw Error(ErrorKind::bad_data, SourcePos{where, 0, 0},
                    "found a JSON " + std::string(json::parse(items).type_name()) +
                        ", expected an array of records or [date, close] pairs");
      prices.begin_ticker(ticker, row);
      RecordStream stream([&](const json& record) { prices.add(record, ticker, row++); });
      if (!json::sax_parse(items, &stream)) parse_json_text(text, source, expected);
    }
    return prices.finish();
  }
  const json doc = parse_json_text(text, source, expected);
  throw Error(ErrorKind::bad_data, SourcePos{source, 0, 0},
              "found a JSON " + std::string(doc.type_name()) + ", expected an array of price records or an object keyed by ticker");
}

}  // namespace evstudy
