#include "evstudy/kernel/panel.hpp"

#include <algorithm>

#include "evstudy/core/types.hpp"

namespace evstudy {
namespace {

/// Values of `series` on `calendar` (NaN where it has no row); counts rows on other dates.
std::vector<double> on_calendar(const PriceSeries& series, std::span<const Date> calendar, std::size_t& off) {
  std::vector<double> out(calendar.size(), missing);
  std::size_t t = 0;
  off = 0;
  for (std::size_t k = 0; k < series.dates.size(); ++k) {
    while (t < calendar.size() && calendar[t] < series.dates[k]) ++t;
    if (t < calendar.size() && calendar[t] == series.dates[k])
      out[t] = series.values[k];
    else if (!calendar.empty() && series.dates[k] > calendar.front() && series.dates[k] < calendar.back())
      ++off;  // rows beyond the market's range are simply outside the study
  }
  return out;
}

std::vector<double> to_returns(std::vector<double> values, const PanelOptions& options) {
  if (options.values == ValueKind::returns) return values;
  return returns_from_closes(values, options.returns, options.gaps);
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

Panel build_panel(const PriceSeries& market, std::span<const PriceSeries* const> securities,
                  const PanelOptions& options) {
  Panel panel;
  panel.calendar = market.dates;
  panel.market = to_returns(market.values, options);
  panel.tickers.reserve(securities.size());
  panel.returns.reserve(securities.size());
  for (const PriceSeries* series : securities) {
    std::size_t off = 0;
    panel.tickers.push_back(series->ticker);
    panel.returns.push_back(to_returns(on_calendar(*series, panel.calendar, off), options));
    panel.off_calendar.push_back(off);
  }
  return panel;
}

}  // namespace evstudy
