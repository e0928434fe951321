// Shared scalar types: signed 64-bit counts and offsets, and NaN as "missing".
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace evstudy {

using i64 = std::int64_t;

/// The one spelling of a missing number: a gap is not a zero.
inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

inline bool is_missing(double x) { return std::isnan(x); }

}  // namespace evstudy
