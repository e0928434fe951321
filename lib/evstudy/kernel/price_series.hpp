// One security's prices (or returns) as read: dates ascending and unique, values NaN where missing.
#pragma once

#include <string>
#include <vector>

#include "evstudy/core/date.hpp"

namespace evstudy {

struct PriceSeries {
  std::string ticker;
  std::vector<Date> dates;
  std::vector<double> values;
};

}  // namespace evstudy
