#include "evstudy/io/price_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "evstudy/core/ordered_workers.hpp"
#include "evstudy/core/threads.hpp"
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

/// A wide file's ticker columns: each named, each name once (else two columns would feed one
/// series, or a series would have no name to be asked for).
void check_wide_names(const CsvRow& header, const std::vector<std::size_t>& wide, const CsvReader& csv) {
  std::unordered_map<std::string_view, i64> seen;  // name -> its column
  for (const std::size_t k : wide) {
    const CsvField& f = header.fields[k];
    if (f.text.find_first_not_of(" \t") == std::string_view::npos)
      throw Error(ErrorKind::bad_data, csv.pos(header.line, f.column),
                  "found an empty column name in a wide file's header (found " + list_headers(header) +
                      "), expected a ticker for every column after the date");
    const auto [it, inserted] = seen.emplace(f.text, f.column);
    if (!inserted)
      throw Error(ErrorKind::bad_data, csv.pos(header.line, f.column),
                  "found ticker column " + std::string(f.text) + " a second time (also at column " +
                      std::to_string(it->second) + "), expected one column per ticker");
  }
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
  check_wide_names(header, layout.wide, csv);
  return layout;
}

/// The rows of one chunk, parsed into what SeriesBuilder::add takes, in file order.
struct RowBatch {
  std::vector<std::string> tickers;     // long files: the chunk's tickers, by local index
  std::unordered_map<std::string, std::uint32_t> local;  // ticker -> local index
  std::vector<std::uint32_t> series;    // local index (long files) or the builder's index
  std::vector<Date> dates;
  std::vector<i64> times;               // no_time for a daily bar; may stop short of the rows (the
                                        // fast path's daily rows): the rest are daily
  std::vector<double> values;
  std::vector<double> fallbacks;        // only with a fallback column
  std::vector<i64> lines;
  // Wide files, column by column: per row its date, time and line; per column the builder's
  // series and the rows' values (so that the merge appends each column at once).
  std::vector<Date> row_dates;
  std::vector<i64> row_times;
  std::vector<i64> row_lines;
  std::vector<std::uint32_t> column_series;
  std::vector<std::vector<double>> columns;
  std::vector<std::pair<BadRow, i64>> skipped;  // per reason: the first bad row and the count
  std::optional<Error> error;           // the first error; the rows before it are kept

  /// The batch's index of `ticker` (long files), added on first sight.
  std::uint32_t local_index(std::string_view ticker) {
    auto it = local.find(std::string(ticker));
    if (it == local.end()) {
      it = local.emplace(std::string(ticker), static_cast<std::uint32_t>(tickers.size())).first;
      tickers.emplace_back(ticker);
    }
    return it->second;
  }

  void clear() {
    tickers.clear();
    local.clear();
    series.clear();
    dates.clear();
    times.clear();
    values.clear();
    fallbacks.clear();
    lines.clear();
    row_dates.clear();
    row_times.clear();
    row_lines.clear();
    column_series.clear();
    for (auto& column : columns) column.clear();
    skipped.clear();
    error.reset();
  }
};

constexpr i64 no_time = std::numeric_limits<i64>::min();

/// Turns the rows of a CSV chunk into a RowBatch; shared read-only by the threads that parse.
class ChunkParser {
 public:
  ChunkParser(const Layout& layout, std::size_t fields, const PriceReadOptions& options, std::vector<std::size_t> wide,
              std::size_t single, const std::string& source, char delimiter)
      : layout_(layout), fields_(fields), options_(options), wide_(std::move(wide)), single_(single), source_(source),
        delimiter_(delimiter), avx2_(use_avx2(Instructions::best)) {
    // Bytes that end the fast path's run over a field: everything but printable ASCII, the
    // quote and the delimiter.
    for (std::size_t c = 0; c < special_.size(); ++c) special_[c] = c < 0x20 || c > 0x7E || c == '"';
    special_[static_cast<unsigned char>(delimiter)] = true;
  }

  /// Whether parse_plain_long applies: a long file (date, ticker, value and at most a few other
  /// columns) without an unadjusted-close fallback, and fast paths not turned off.
  bool plain_long() const {
    return options_.fast_paths && layout_.ticker && layout_.value && !layout_.fallback && fields_ <= max_plain_fields;
  }

  /// The long-format fast path: one pass over each line that splits it at the delimiter and
  /// checks its bytes at once (printable ASCII, no quote, CR only before the line end, so the
  /// line holds no text fault and tokenizes as CsvReader would), then the same field parsers
  /// as parse(). Stops at the first line it does not take (a quote, other bytes, a wrong field
  /// count, a date-time, a field its parser refuses) and returns the offset of that line's
  /// start, `line` its number: the general path takes over there, with its errors and skips.
  std::size_t parse_plain_long(std::string_view text, i64& line, RowBatch& out) const {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
    if (avx2_) return parse_plain_long_avx2(*this, text, line, out);
#endif
    return parse_plain_long_as<false>(text, line, out);
  }

 private:
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  /// parse_plain_long compiled for AVX2: the prices' digits read sixteen bytes at a time, inline.
  __attribute__((target("avx2"), flatten)) static std::size_t parse_plain_long_avx2(const ChunkParser& parser, std::string_view text,
                                                                          i64& line, RowBatch& out) {
    return parser.parse_plain_long_as<true>(text, line, out);
  }
#endif

  template <bool Avx2>
  std::size_t parse_plain_long_as(std::string_view text, i64& line, RowBatch& out) const {
    const char* const base = text.data();
    const char* const end = base + text.size();
    const char* p = base;
    std::array<std::uint32_t, max_plain_fields + 1> starts{};
    StampParser stamps(options_.zone);
    std::string_view last_ticker;
    std::uint32_t last_local = 0;
    while (p < end) {
      // Split and check the line.
      std::size_t fields = 1;
      const char* q = p;
      const char* content_end = nullptr;
      bool plain = true;
      if (const char* line_end = split_short_line(p, end, starts.data())) {
        // The usual line: its fields_ - 1 delimiters and its '\n' in its first 32 bytes.
        fields = fields_;
        q = line_end;
      } else {
        for (;; ++q) {
          q = next_special(q, end);
          if (q == end || *q == '\n') break;
          if (*q == delimiter_) {
            if (fields == fields_) {
              plain = false;
              break;
            }
            starts[fields++] = static_cast<std::uint32_t>(q - p + 1);
          } else if (*q == '\r' && (q + 1 == end || q[1] == '\n')) {
            content_end = q;
          } else {
            plain = false;
            break;
          }
        }
      }
      if (q - p > static_cast<std::ptrdiff_t>(max_plain_line)) plain = false;
      if (!plain) break;
      if (content_end == nullptr) content_end = q;
      const char* next = q < end ? q + 1 : q;
      if (content_end == p) {  // a blank line
        p = next;
        ++line;
        continue;
      }
      if (fields != fields_) break;
      starts[fields] = static_cast<std::uint32_t>(content_end - p + 1);
      auto field = [&](std::size_t k) {
        return std::string_view(p + starts[k], starts[k + 1] - starts[k] - 1);
      };
      const std::string_view ticker = field(*layout_.ticker);
      if (ticker.empty()) break;
      Stamp stamp;
      double value = 0.0;
      try {
        if (!stamps.same_month(field(layout_.date), stamp.date))
          stamp = stamps.parse(field(layout_.date), FieldPos(source_, line, starts[layout_.date] + 1));
        const std::string_view price = field(*layout_.value);
        if (!read_plain_decimal_in<Avx2>(price, end, value))
          value = parse_price(price, options_.values, FieldPos(source_, line, starts[*layout_.value] + 1));
      } catch (const BadRow&) {
        break;
      }
      if (stamp.time) break;
      if (last_ticker.empty() || ticker != last_ticker) {
        last_local = out.local_index(ticker);
        last_ticker = ticker;
      }
      out.series.push_back(last_local);
      out.dates.push_back(stamp.date);
      out.values.push_back(value);
      out.lines.push_back(line);
      p = next;
      ++line;
    }
    return static_cast<std::size_t>(p - base);
  }

 public:
  /// Parses every row `csv` has left; an error (in error mode) ends the batch.
  void parse(CsvReader& csv, RowBatch& out) const {
    CsvRow row;
    std::vector<double> values(layout_.wide.size());
    std::uint32_t last_local = 0;
    std::string last_ticker;
    bool any_ticker = false;
    StampParser stamps(options_.zone);
    try {
      while (csv.next(row)) {
        try {
          if (row.fields.size() != fields_) {
            const auto column = row.fields.size() > fields_ ? row.fields[fields_].column : 0;
            throw BadRow{"a wrong number of fields", csv.pos(row.line, column),
                         "found " + std::to_string(row.fields.size()) + " fields, expected " + std::to_string(fields_) +
                             " as in the header"};
          }
          const CsvField& date_field = row.fields[layout_.date];
          const Stamp stamp = stamps.parse(date_field.text, csv.field_pos(row.line, date_field.column));
          const i64 time = stamp.time ? *stamp.time : no_time;
          if (layout_.value) {
            const CsvField& v = row.fields[*layout_.value];
            auto s = static_cast<std::uint32_t>(single_);
            if (layout_.ticker) {
              const CsvField& t = row.fields[*layout_.ticker];
              if (t.text.empty())
                throw BadRow{"an empty ticker", csv.pos(row.line, t.column), "found an empty ticker, expected a symbol"};
              if (!any_ticker || t.text != last_ticker) {
                last_local = out.local_index(t.text);
                last_ticker = t.text;
                any_ticker = true;
              }
              s = last_local;
            }
            const double value = parse_price(v.text, options_.values, csv.field_pos(row.line, v.column));
            double fallback = missing;
            if (layout_.fallback) {
              const CsvField& f = row.fields[*layout_.fallback];
              fallback = parse_price(f.text, options_.values, csv.field_pos(row.line, f.column));
            }
            out.times.resize(out.series.size(), no_time);  // after fast-path rows, which leave times out
            out.series.push_back(s);
            out.dates.push_back(stamp.date);
            out.times.push_back(time);
            out.values.push_back(value);
            if (layout_.fallback) out.fallbacks.push_back(fallback);
            out.lines.push_back(row.line);
            continue;
          }
          for (std::size_t w = 0; w < layout_.wide.size(); ++w) {
            const CsvField& f = row.fields[layout_.wide[w]];
            values[w] = parse_price(f.text, options_.values, csv.field_pos(row.line, f.column));
          }
          if (out.column_series.empty()) {
            out.column_series.assign(wide_.begin(), wide_.end());
            out.columns.resize(wide_.size());
          }
          out.row_dates.push_back(stamp.date);
          out.row_times.push_back(time);
          out.row_lines.push_back(row.line);
          for (std::size_t w = 0; w < wide_.size(); ++w) out.columns[w].push_back(values[w]);
        } catch (const BadRow& bad) {
          if (!options_.skip_bad_rows) throw Error(ErrorKind::bad_data, bad.pos, bad.message);
          auto same = std::find_if(out.skipped.begin(), out.skipped.end(),
                                   [&bad](const auto& entry) { return entry.first.reason == bad.reason; });
          if (same == out.skipped.end()) out.skipped.emplace_back(bad, 1);
          else ++same->second;
        }
      }
    } catch (const Error& error) {
      out.error = error;
    }
  }

  bool long_format() const { return layout_.ticker.has_value(); }

 private:
  /// When the line at p is the usual one, within its first 32 bytes fields_ - 1 delimiters
  /// and then '\n' with no other special_ byte before it: the field starts (as the split loop
  /// of parse_plain_long writes them, starts[1..fields_ - 1]) and the '\n'. Otherwise (a
  /// longer line, a CR, a quote, another byte, too few or too many fields, the text's last 32
  /// bytes) nullptr, and the split loop takes the line. One mask per line instead of a 16-byte
  /// search per field: the fields' positions come from its bits.
  const char* split_short_line(const char* p, const char* end, std::uint32_t* starts) const {
#if defined(__SSE2__)
    if (end - p < 32) return nullptr;
    auto both_halves = [p](auto mask) { return mask(p) | mask(p + 16) << 16; };
    std::uint32_t special = both_halves([this](const char* at) { return special_mask(at); });
    const std::uint32_t delimiters = both_halves([this](const char* at) { return byte_mask(at, delimiter_); });
    const std::uint32_t newlines = both_halves([](const char* at) { return byte_mask(at, '\n'); });
    // The special bytes in order, lowest bit first (special & -special): delimiters, then '\n'.
    for (std::size_t field = 1; field < fields_; ++field) {
      if (special == 0 || (special & -special & delimiters) == 0) return nullptr;
      starts[field] = static_cast<std::uint32_t>(std::countr_zero(special)) + 1;
      special &= special - 1;
    }
    if (special == 0 || (special & -special & newlines) == 0) return nullptr;
    return p + std::countr_zero(special);
#else
    (void)p, (void)end, (void)starts;
    return nullptr;
#endif
  }

#if defined(__SSE2__)
  /// Bit k set where byte k of the 16 at `at` is special_ (one comparison set for the split
  /// loop and the usual line's split).
  std::uint32_t special_mask(const char* at) const {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    // Signed: bytes from 0x80 up compare below 0x20 as well.
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8(delimiter_))));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
  }

  /// Bit k set where byte k of the 16 at `at` is `c`.
  static std::uint32_t byte_mask(const char* at, char c) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
  }
#endif

  /// The first byte at or after `q` that is special_ (end if none): 16 bytes a step with SSE2.
  const char* next_special(const char* q, const char* end) const {
#if defined(__SSE2__)
    for (; end - q >= 16; q += 16)
      if (const std::uint32_t mask = special_mask(q); mask != 0) return q + std::countr_zero(mask);
#endif
    while (q < end && !special_[static_cast<unsigned char>(*q)]) ++q;
    return q;
  }

  static constexpr std::size_t max_plain_fields = 16;
  static constexpr std::size_t max_plain_line = 4096;
  Layout layout_;
  std::size_t fields_;
  PriceReadOptions options_;
  std::vector<std::size_t> wide_;
  std::size_t single_;
  const std::string& source_;
  char delimiter_;
  bool avx2_;  // parse_plain_long's AVX2 form applies
  std::array<bool, 256> special_{};
};

/// Adds a parsed batch to the builder in file order, then raises the batch's error if it had one.
void merge(const RowBatch& batch, bool long_format, SeriesBuilder& builder) {
  std::vector<std::size_t> global;
  if (long_format)
    for (const std::string& ticker : batch.tickers) global.push_back(builder.series(ticker));
  const bool fallbacks = !batch.fallbacks.empty();
  const std::size_t n = batch.series.size();
  for (std::size_t k = 0; k < n;) {
    // A run of rows of one series (long files are mostly ticker after ticker).
    std::size_t end = k + 1;
    while (end < n && batch.series[end] == batch.series[k]) ++end;
    const std::size_t s = long_format ? global[batch.series[k]] : batch.series[k];
    const bool daily = k >= batch.times.size() ||
                       std::all_of(batch.times.begin() + static_cast<std::ptrdiff_t>(k),
                                   batch.times.begin() + static_cast<std::ptrdiff_t>(std::min(end, batch.times.size())),
                                   [](i64 t) { return t == no_time; });
    if (daily && !fallbacks && !builder.has_bars(s)) {
      builder.add_daily(s, std::span(batch.dates).subspan(k, end - k), std::span(batch.values).subspan(k, end - k),
                        std::span(batch.lines).subspan(k, end - k));
      k = end;
      continue;
    }
    for (; k < end; ++k) {
      const std::optional<i64> time =
          k >= batch.times.size() || batch.times[k] == no_time ? std::nullopt : std::optional<i64>(batch.times[k]);
      builder.add(s, batch.dates[k], time, batch.values[k], fallbacks ? batch.fallbacks[k] : missing, batch.lines[k]);
    }
  }
  // Wide rows: each column's values at once (a series per column).
  const bool daily = std::all_of(batch.row_times.begin(), batch.row_times.end(), [](i64 t) { return t == no_time; });
  for (std::size_t w = 0; w < batch.column_series.size() && !batch.row_dates.empty(); ++w) {
    const std::size_t s = batch.column_series[w];
    if (daily && !builder.has_bars(s)) {
      builder.add_daily(s, batch.row_dates, batch.columns[w], batch.row_lines);
      continue;
    }
    for (std::size_t k = 0; k < batch.row_dates.size(); ++k) {
      const std::optional<i64> time = batch.row_times[k] == no_time ? std::nullopt : std::optional<i64>(batch.row_times[k]);
      builder.add(s, batch.row_dates[k], time, batch.columns[w][k], missing, batch.row_lines[k]);
    }
  }
  for (const auto& [bad, count] : batch.skipped) builder.skip(bad, count);
  if (batch.error) throw *batch.error;
}

/// The rows of a chunk before the first one holding a text fault (NUL, invalid UTF-8, an
/// over-long line), and that fault as an error: errors are then reported in file order.
std::string_view rows_before_fault(std::string_view text, i64 first_line, const std::string& source, char delimiter,
                                   std::optional<Error>& fault) {
  const auto found = find_text_fault(text, first_line);
  if (!found) return text;
  fault = Error(ErrorKind::bad_data, SourcePos{source, found->line, found->column}, found->message);
  return text.substr(0, last_row_end(text.substr(0, found->line_offset), delimiter, first_line == 1));
}


}  // namespace

std::string ticker_from_path(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find('.');
  return std::string(name.substr(0, dot));
}

PriceRead read_prices_csv(ChunkReader& reader, const PriceReadOptions& options) {
  const std::string& source = reader.source();
  const char delimiter = detect_delimiter(reader.peek());
  reader.set_delimiter(delimiter);
  // The header's chunk, grown by the next ones while it holds only blank lines.
  Chunk first;
  std::optional<Error> fault;
  reader.next(first);
  std::string_view head = rows_before_fault(first.text(), first.first_line, source, delimiter, fault);
  auto holds_a_row = [&](std::string_view text) {
    CsvReader probe(text, source, delimiter, 1);
    CsvRow row;
    return probe.next(row);
  };
  while (!fault && !holds_a_row(head)) {
    Chunk more;
    if (!reader.next(more)) break;
    first.append(more.text());
    head = rows_before_fault(first.text(), first.first_line, source, delimiter, fault);
  }
  CsvReader csv(head, source, delimiter, 1);
  CsvRow header;
  if (!csv.next(header)) {
    if (fault) throw *fault;
    throw Error(ErrorKind::bad_data, SourcePos{source, 0, 0}, "empty file, expected a header row");
  }
  reader.set_chunk_bytes(options.chunk_bytes != 0 ? options.chunk_bytes : chunk_bytes_for_rows(csv.offset()));
  const Layout layout = find_layout(header, csv, options.values);
  SeriesBuilder builder(
      source, [](i64 line) { return "line " + std::to_string(line); },
      [&source](i64 line) { return SourcePos{source, line, 0}; });
  const std::size_t single =
      layout.value && !layout.ticker ? builder.series(options.ticker.empty() ? ticker_from_path(source) : options.ticker) : 0;
  std::vector<std::size_t> wide;
  for (const std::size_t k : layout.wide) wide.push_back(builder.series(header.fields[k].text));
  const ChunkParser parser(layout, header.fields.size(), options, std::move(wide), single, source, delimiter);
  const bool long_format = parser.long_format();

  // The header's chunk on this thread; then each chunk is checked and parsed on a worker while
  // this thread reads the next one, and batches are merged in file order (errors too).
  RowBatch batch;
  if (parser.plain_long()) {
    // The header chunk's rows (already cut at its first text fault) through the fast path.
    i64 line = csv.line();
    const std::size_t from = csv.offset();
    const std::size_t taken = parser.parse_plain_long(head.substr(from), line, batch);
    csv = CsvReader(head.substr(from + taken), source, delimiter, line);
  }
  parser.parse(csv, batch);
  if (!batch.error) batch.error = fault;
  merge(batch, long_format, builder);

  struct Work {
    Chunk chunk;
    RowBatch batch;
  };
  auto parse = [&parser, &source, delimiter](Work& work) {
    work.batch.clear();
    std::string_view text = work.chunk.text();
    i64 line = work.chunk.first_line;
    // Plain long rows first; from the first line the fast path does not take, the general path.
    if (parser.plain_long()) text.remove_prefix(parser.parse_plain_long(text, line, work.batch));
    std::optional<Error> chunk_fault;
    CsvReader rows(rows_before_fault(text, line, source, delimiter, chunk_fault), source, delimiter, line);
    parser.parse(rows, work.batch);
    if (!work.batch.error) work.batch.error = std::move(chunk_fault);
  };
  const unsigned threads = thread_count(options.threads);
  std::vector<Work> spare;
  auto next_work = [&](Work& work) {
    if (!spare.empty()) {
      work = std::move(spare.back());
      spare.pop_back();
    }
    return reader.next(work.chunk);
  };
  auto merged = [&](Work&& done) {
    merge(done.batch, long_format, builder);
    spare.push_back(std::move(done));
  };
  if (threads <= 1) {
    for (Work work; next_work(work);) {
      parse(work);
      merged(std::move(work));
    }
  } else {
    // Two chunks per thread in flight: chunks are merged in file order, and while this thread
    // waits for the oldest, it parses chunks not yet started (one worker fewer than threads:
    // this one cuts, merges and parses), and the worker done with later chunks starts on new ones.
    OrderedWorkers<Work> workers(threads - 1, parse, true);
    for (Work work; next_work(work);) {
      workers.submit(std::move(work));
      if (workers.pending() > 2 * threads) merged(workers.take_oldest());
    }
    while (workers.pending() > 0) merged(workers.take_oldest());
  }
  PriceRead out;
  out.series = builder.finish(options.strict, out.notes, threads);
  return out;
}

std::size_t chunk_bytes_for_rows(std::size_t header_bytes) {
  constexpr std::size_t most = std::size_t{64} << 20;
  return std::clamp(160 * header_bytes, ChunkReader::default_chunk_bytes, most);
}

PriceRead read_prices_csv(std::string_view text, std::string_view source, const PriceReadOptions& options) {
  ChunkReader reader(text, std::string(source), options.chunk_bytes != 0 ? options.chunk_bytes : ChunkReader::default_chunk_bytes);
  return read_prices_csv(reader, options);
}

}  // namespace evstudy
