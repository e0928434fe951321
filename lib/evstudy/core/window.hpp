// Windows in trading days relative to day 0, both ends inclusive ("-5:5").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// Trading days relative to day 0, both ends inclusive: "-5:5".
struct Window {
  i64 first = 0;
  i64 last = 0;
  i64 length() const { return last - first + 1; }
  bool contains(i64 t) const { return t >= first && t <= last; }
  bool operator==(const Window&) const = default;
};

/// "A:B" with integers A <= B; std::nullopt otherwise.
std::optional<Window> parse_window(std::string_view text);

/// "A:B", the form parse_window reads and the reports print.
std::string format_window(Window window);

}  // namespace evstudy
