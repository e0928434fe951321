#include "evstudy/core/window.hpp"

#include <charconv>

namespace evstudy {
namespace {

std::optional<i64> parse_offset(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  i64 value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Window> parse_window(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto first = parse_offset(text.substr(0, colon));
  const auto last = parse_offset(text.substr(colon + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return Window{*first, *last};
}

std::string format_window(Window window) {
  std::string out = std::to_string(window.first);
  out += ':';
  out += std::to_string(window.last);
  return out;
}

}  // namespace evstudy
