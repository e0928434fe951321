#include "evstudy/calendar/trading_day_index.hpp"

#include "evstudy/calendar/day_zero.hpp"

namespace evstudy {

TradingDayIndex::TradingDayIndex(std::span<const Date> trading_days, std::size_t max_table) : days_(trading_days) {
  if (days_.empty()) return;
  first_ = days_.front().days;
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(days_.back().days) - first_) + 1;
  if (span > max_table || days_.size() > UINT32_MAX) return;
  first_at_.resize(static_cast<std::size_t>(span));
  std::size_t next = 0;  // the first trading day on or after the date in hand
  for (std::size_t k = 0; k < first_at_.size(); ++k) {
    while (days_[next].days < first_ + static_cast<std::int64_t>(k)) ++next;
    first_at_[k] = static_cast<std::uint32_t>(next);
  }
}

std::optional<i64> TradingDayIndex::day_zero(Date reaction) const {
  if (first_at_.empty()) return evstudy::day_zero(days_, reaction);
  const std::int64_t offset = static_cast<std::int64_t>(reaction.days) - first_;
  if (offset <= 0) return 0;  // on or before the first trading day
  if (offset >= static_cast<std::int64_t>(first_at_.size())) return std::nullopt;  // after the last
  return static_cast<i64>(first_at_[static_cast<std::size_t>(offset)]);
}

}  // namespace evstudy
