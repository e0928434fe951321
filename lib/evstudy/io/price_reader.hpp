// Price (or return) histories from CSV text: long (date,ticker,close[,adj_close]), wide
// (date,T1,T2,...) or one ticker per file (yfinance: Date,Open,High,Low,Close,Adj Close,Volume).
// Turns bytes into series; knows nothing about events or models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evstudy/kernel/panel.hpp"
#include "evstudy/kernel/price_series.hpp"

namespace evstudy {

struct PriceReadOptions {
  std::string ticker;  // the ticker of a one-ticker file; empty: the caller's default (file stem)
  ValueKind values = ValueKind::prices;
};

struct PriceRead {
  std::vector<PriceSeries> series;
  std::vector<std::string> notes;  // things worth a log line (rows sorted, ...)
};

/// Reads one CSV file's text. Adjusted close is preferred when present. Throws Error(bad_data)
/// naming FILE:LINE:COL for a missing column, a bad date or number, a non-positive price, a
/// ragged row or a duplicate (ticker, date). Rows out of date order are sorted, with a note.
PriceRead read_prices_csv(std::string_view text, std::string_view source, const PriceReadOptions& options);

/// The ticker a per-ticker file stands for: its file name without directory and extension.
std::string ticker_from_path(std::string_view path);

}  // namespace evstudy
