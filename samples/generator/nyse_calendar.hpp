// NYSE trading days by rule: weekends and the exchange's full-day holidays removed (New Year,
// MLK, Presidents, Good Friday, Memorial, Juneteenth, Independence, Labor, Thanksgiving,
// Christmas, with the weekend observance rules) plus the 2025-01-09 national day of mourning.
#pragma once

#include <vector>

#include "evstudy/core/date.hpp"

namespace evstudy::samples {

bool is_nyse_holiday(Date date);

/// Trading days from `first` to `last`, both inclusive.
std::vector<Date> nyse_trading_days(Date first, Date last);

}  // namespace evstudy::samples
