// The study's data, column-wise on one trading calendar: one contiguous return array per
// security and one for the market. Pure: built from series already read.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "evstudy/core/types.hpp"
#include "evstudy/kernel/factor_table.hpp"
#include "evstudy/kernel/price_series.hpp"
#include "evstudy/kernel/returns.hpp"

namespace evstudy {

struct Panel {
  std::vector<Date> calendar;                // trading days: the dates of the market series;
                                             // intraday: each bar's local date
  std::vector<i64> times;                    // intraday: the bars' start instants (UTC); empty for daily
  std::vector<std::string> tickers;          // securities studied, in the caller's order
  std::vector<std::vector<double>> returns;  // returns[i][t] on calendar[t]; NaN = missing
  std::vector<double> market;                // market returns on the calendar
  std::vector<std::vector<double>> factors;  // the model's factors on the calendar (factor models)
  std::vector<double> rf;                    // the risk-free rate on the calendar (factor models)
  std::vector<std::size_t> off_calendar;     // per security: rows inside the market's range on dates it lacks (ignored)
};

enum class ValueKind { prices, returns };

struct PanelOptions {
  ReturnKind returns = ReturnKind::simple;
  GapPolicy gaps = GapPolicy::drop;
  ValueKind values = ValueKind::prices;
  unsigned threads = 1;  // securities placed at once (the result is the same for any count)
};

/// An intraday panel for one security on its own bars: returns within sessions (a bar's return
/// from the previous bar of the same local date; the overnight gap is left out), and the
/// market's return on the market's bar starting at the same instant (missing without one).
Panel intraday_panel(const PriceSeries& market, const PriceSeries& security, const PanelOptions& options);

/// Places `names` of `table` (and its rf) on the panel's calendar: NaN where the table lacks a date.
void align_factors(Panel& panel, const FactorTable& table, const std::vector<std::string>& names);

/// Places each series on the market's calendar and turns prices into returns. `securities`
/// and `market` must be series of distinct tickers. The securities' series are taken: a series
/// with a row on every trading day (the usual one) has its returns computed in its own values'
/// storage, which becomes the panel's column, so no second column is made; every security's
/// dates and values are then freed (its ticker stays). The market's series is left as it is.
Panel build_panel(const PriceSeries& market, std::span<PriceSeries* const> securities, const PanelOptions& options);

}  // namespace evstudy
