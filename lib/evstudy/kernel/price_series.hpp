// One security's prices (or returns) as read: dates ascending and unique, values NaN where missing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evstudy/core/date.hpp"

namespace evstudy {

struct PriceSeries {
  std::string ticker;
  std::vector<Date> dates;     // the bar's local date (daily bars: the trading date)
  std::vector<double> values;
  std::vector<std::int64_t> times;  // intraday bars: UTC seconds of each bar; empty for daily data
};

}  // namespace evstudy
