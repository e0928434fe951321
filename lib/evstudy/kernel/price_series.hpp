// One security's prices (or returns) as read: dates ascending and unique, values NaN where missing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "evstudy/core/date.hpp"

namespace evstudy {

struct PriceSeries {
  std::string ticker;
  std::vector<Date> dates;     // the bar's local date (daily bars: the trading date); empty when shared
  std::vector<double> values;
  std::vector<std::int64_t> times;  // intraday bars: UTC seconds of each bar; empty for daily data
  // Daily series read on the same days as another keep no dates of their own: theirs are
  // (*shared_dates)[shared_first, shared_first + values.size()), one column for them all.
  std::shared_ptr<const std::vector<Date>> shared_dates = nullptr;
  std::size_t shared_first = 0;

  /// The series' dates, its own or its share of the shared ones.
  std::span<const Date> date_view() const {
    if (shared_dates) return std::span<const Date>(*shared_dates).subspan(shared_first, values.size());
    return dates;
  }
};

}  // namespace evstudy
