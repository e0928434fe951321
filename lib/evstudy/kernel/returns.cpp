#include "evstudy/kernel/returns.hpp"

#include <cmath>

#include "evstudy/core/types.hpp"

namespace evstudy {

std::vector<double> returns_from_closes(std::span<const double> closes, ReturnKind kind, GapPolicy gaps) {
  std::vector<double> out(closes.begin(), closes.end());
  returns_in_place(out, kind, gaps);
  return out;
}

void returns_in_place(std::span<double> values, ReturnKind kind, GapPolicy gaps) {
  const std::size_t n = values.size();
  if (n == 0) return;
  if (kind == ReturnKind::simple && gaps == GapPolicy::drop) {
    // The usual case without a test per day: a missing close is NaN, which makes both returns
    // that touch it NaN by itself (IEEE). From the last day back, each day's close is still
    // there when the day after it reads it; the loop vectorizes.
    double* v = values.data();
    for (std::size_t t = n - 1; t > 0; --t) v[t] = v[t] / v[t - 1] - 1.0;
    v[0] = missing;
    return;
  }
  double previous = missing;
  for (std::size_t t = 0; t < n; ++t) {
    const double close = values[t];
    double out = missing;
    if (!is_missing(close) && !is_missing(previous))
      out = kind == ReturnKind::simple ? close / previous - 1.0 : std::log(close / previous);
    values[t] = out;
    if (gaps == GapPolicy::drop || !is_missing(close)) previous = close;
  }
}

}  // namespace evstudy
