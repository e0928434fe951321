// "Did you mean ...?" for unknown names (tickers, columns, options): the closest candidate
// by edit distance, when it is close enough to be a plausible typo.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace evstudy {

/// Levenshtein distance, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `name`, if within a third of its length (at least 1 edit).
std::optional<std::string> closest_name(std::string_view name, std::span<const std::string> candidates);

}  // namespace evstudy
