// day_zero in O(1) for the many events of one study: a table from each date of the calendar's
// span to the first trading day on or after it, built once. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "evstudy/core/date.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {

class TradingDayIndex {
 public:
  /// `trading_days` ascending (as day_zero takes them); they must outlive the index. A span of
  /// dates more than `max_table` days long keeps no table: then day_zero's binary search.
  explicit TradingDayIndex(std::span<const Date> trading_days, std::size_t max_table = std::size_t{1} << 22);

  /// day_zero(trading_days, reaction): the same answer.
  std::optional<i64> day_zero(Date reaction) const;

 private:
  std::span<const Date> days_;
  std::int64_t first_ = 0;               // the first trading day's day number
  std::vector<std::uint32_t> first_at_;  // [d - first_]: index of the first trading day >= d
};

}  // namespace evstudy
