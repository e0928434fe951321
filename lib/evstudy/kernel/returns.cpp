#include "evstudy/kernel/returns.hpp"

#include <cmath>

#include "evstudy/core/types.hpp"

namespace evstudy {

std::vector<double> returns_from_closes(std::span<const double> closes, ReturnKind kind, GapPolicy gaps) {
  std::vector<double> out(closes.size(), missing);
  if (kind == ReturnKind::simple && gaps == GapPolicy::drop) {
    // The usual case without a test per day: a missing close is NaN, which makes both returns
    // that touch it NaN by itself (IEEE), so the loop vectorizes.
    for (std::size_t t = 1; t < closes.size(); ++t) out[t] = closes[t] / closes[t - 1] - 1.0;
    return out;
  }
  double previous = missing;
  for (std::size_t t = 0; t < closes.size(); ++t) {
    const double close = closes[t];
    if (!is_missing(close) && !is_missing(previous))
      out[t] = kind == ReturnKind::simple ? close / previous - 1.0 : std::log(close / previous);
    if (gaps == GapPolicy::drop || !is_missing(close)) previous = close;
  }
  return out;
}

}  // namespace evstudy
