// Price (or return) histories from CSV or JSON text: long (date,ticker,close[,adj_close]), wide
// (date,T1,T2,...), one ticker per file (yfinance: Date,Open,High,Low,Close,Adj Close,Volume);
// JSON arrays of records, objects keyed by ticker, NDJSON. Turns bytes into series; knows
// nothing about events or models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evstudy/io/chunk_reader.hpp"
#include "evstudy/kernel/panel.hpp"
#include "evstudy/kernel/price_series.hpp"

namespace evstudy {

struct PriceReadOptions {
  std::string ticker;  // the ticker of a one-ticker file; empty: the file stem
  ValueKind values = ValueKind::prices;
  bool skip_bad_rows = false;  // --on-bad-row=skip: count bad rows instead of stopping
  bool strict = false;         // --strict: rows out of date order are an error, not sorted
  std::string zone = "America/New_York";  // the zone of date-times written without one (--tz)
  long threads = 1;            // CSV chunks parsed at once (0: one per core)
  // CSV is read this much at a time; 0: chunk_bytes_for_rows of the file's header length.
  std::size_t chunk_bytes = 0;
  bool fast_paths = true;      // plain long rows through the fast path (off: the general path only, for tests)
};

struct PriceRead {
  std::vector<PriceSeries> series;
  std::vector<std::string> notes;  // things worth a log line (rows sorted, rows skipped)
};

/// The chunk a CSV file is best read in, from the length of its header row (a wide file's rows
/// are about as long): 256 KiB for a long file's short rows (a chunk's rows then stay in the
/// cache from its parse to its merge, and two threads share the work evenly to the file's end), and
/// for long rows enough for about 160 of them (each chunk's merge costs something per column).
std::size_t chunk_bytes_for_rows(std::size_t header_bytes);

/// Reads one CSV file's text. Adjusted close is preferred when present. Throws Error(bad_data)
/// naming FILE:LINE:COL for a missing column, a bad date or number, a non-positive price, a
/// ragged row or a duplicate (ticker, date); with skip_bad_rows such rows are counted in a
/// note instead. Rows out of date order are sorted, with a note (an error when strict).
PriceRead read_prices_csv(std::string_view text, std::string_view source, const PriceReadOptions& options);

/// The same from a file streamed in chunks of whole rows (parsed on `options.threads` threads,
/// merged in file order: the result and the first error do not depend on the thread count).
PriceRead read_prices_csv(ChunkReader& reader, const PriceReadOptions& options);

/// Reads JSON text: an array of records (date/time, ticker, close or adj_close ...), an object
/// keyed by ticker holding arrays of records or of [date, close] pairs, or NDJSON (one record
/// a line). Errors name the JSON pointer (or, for NDJSON, the line).
PriceRead read_prices_json(std::string_view text, std::string_view source, const PriceReadOptions& options);

/// The ticker a per-ticker file stands for: its file name without directory and extension.
std::string ticker_from_path(std::string_view path);

}  // namespace evstudy
