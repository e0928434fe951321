#include "evstudy/kernel/panel.hpp"

#include <algorithm>
#include <cmath>

#include "evstudy/core/parallel_for.hpp"
#include "evstudy/core/release.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {
namespace {

/// Values of `series` on `calendar` (NaN where it has no row); counts rows on other dates.
std::vector<double> on_calendar(const PriceSeries& series, std::span<const Date> calendar, std::size_t& off) {
  std::vector<double> out(calendar.size(), missing);
  std::size_t t = 0;
  off = 0;
  const std::span<const Date> dates = series.date_view();
  for (std::size_t k = 0; k < dates.size(); ++k) {
    while (t < calendar.size() && calendar[t] < dates[k]) ++t;
    if (t < calendar.size() && calendar[t] == dates[k])
      out[t] = series.values[k];
    else if (!calendar.empty() && dates[k] > calendar.front() && dates[k] < calendar.back())
      ++off;  // rows beyond the market's range are simply outside the study
  }
  return out;
}

/// Whether `series` has a row on every day of `calendar` and no other: the usual series, whose
/// values are then on the calendar as they are.
bool on_calendar_as_is(const PriceSeries& series, std::span<const Date> calendar) {
  const std::span<const Date> dates = series.date_view();
  return dates.size() == calendar.size() && std::equal(dates.begin(), dates.end(), calendar.begin());
}

/// Turns values on the calendar into returns where they lie (unless they are returns already).
void to_returns(std::vector<double>& values, const PanelOptions& options) {
  if (options.values == ValueKind::prices) returns_in_place(values, options.returns, options.gaps);
}

/// The market's returns on its own calendar, its series left as it is.
std::vector<double> market_returns(const PriceSeries& market, const PanelOptions& options) {
  if (options.values == ValueKind::returns) return market.values;
  return returns_from_closes(market.values, options.returns, options.gaps);
}

/// A security's returns on `calendar`, counting its rows on other dates in `off`; its series is
/// taken: the usual one's values become its returns in their own storage (no second column),
/// and its dates and values are freed.
std::vector<double> take_returns(PriceSeries& series, std::span<const Date> calendar, const PanelOptions& options,
                                 std::size_t& off) {
  off = 0;
  std::vector<double> out = on_calendar_as_is(series, calendar) ? std::move(series.values) : on_calendar(series, calendar, off);
  release(series.dates);
  series.shared_dates.reset();
  release(series.values);
  release(series.times);
  to_returns(out, options);
  return out;
}

}  // namespace

void align_factors(Panel& panel, const FactorTable& table, const std::vector<std::string>& names) {
  auto column = [&](const std::string& name) {
    const auto f = static_cast<std::size_t>(std::find(table.names.begin(), table.names.end(), name) - table.names.begin());
    std::vector<double> out(panel.calendar.size(), missing);
    std::size_t k = 0;
    for (std::size_t t = 0; t < panel.calendar.size(); ++t) {
      while (k < table.dates.size() && table.dates[k] < panel.calendar[t]) ++k;
      if (k < table.dates.size() && table.dates[k] == panel.calendar[t]) out[t] = table.values[f][k];
    }
    return out;
  };
  panel.factors.clear();
  for (const std::string& name : names) panel.factors.push_back(column(name));
  panel.rf = column("rf");
}

namespace {

/// Bar-to-bar returns that stay within one local date (session).
std::vector<double> session_returns(const PriceSeries& s, const PanelOptions& options) {
  std::vector<double> out(s.values.size(), missing);
  const std::span<const Date> dates = s.date_view();
  if (options.values == ValueKind::returns) {
    for (std::size_t k = 0; k < s.values.size(); ++k)
      if (k > 0 && dates[k] == dates[k - 1]) out[k] = s.values[k];
    return out;
  }
  for (std::size_t k = 1; k < s.values.size(); ++k) {
    if (dates[k] != dates[k - 1] || is_missing(s.values[k]) || is_missing(s.values[k - 1])) continue;
    out[k] = options.returns == ReturnKind::simple ? s.values[k] / s.values[k - 1] - 1.0 : std::log(s.values[k] / s.values[k - 1]);
  }
  return out;
}

}  // namespace

Panel intraday_panel(const PriceSeries& market, const PriceSeries& security, const PanelOptions& options) {
  Panel panel;
  const std::span<const Date> bar_dates = security.date_view();
  panel.calendar.assign(bar_dates.begin(), bar_dates.end());
  panel.times.assign(security.times.begin(), security.times.end());
  panel.tickers = {security.ticker};
  panel.returns = {session_returns(security, options)};
  panel.off_calendar = {0};
  const std::vector<double> market_returns = session_returns(market, options);
  panel.market.assign(panel.times.size(), missing);
  std::size_t m = 0;
  for (std::size_t k = 0; k < panel.times.size(); ++k) {
    while (m < market.times.size() && market.times[m] < panel.times[k]) ++m;
    if (m < market.times.size() && market.times[m] == panel.times[k]) panel.market[k] = market_returns[m];
  }
  return panel;
}

Panel build_panel(const PriceSeries& market, std::span<PriceSeries* const> securities, const PanelOptions& options) {
  Panel panel;
  const std::span<const Date> calendar = market.date_view();
  panel.calendar.assign(calendar.begin(), calendar.end());
  panel.market = market_returns(market, options);
  panel.tickers.reserve(securities.size());
  for (const PriceSeries* s : securities) panel.tickers.push_back(s->ticker);
  panel.returns.resize(securities.size());
  panel.off_calendar.resize(securities.size());
  parallel_for(securities.size(), options.threads, [&](std::size_t i) {
    panel.returns[i] = take_returns(*securities[i], panel.calendar, options, panel.off_calendar[i]);
  });
  return panel;
}

}  // namespace evstudy
