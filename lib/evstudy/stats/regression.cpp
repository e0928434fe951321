#include "evstudy/stats/regression.hpp"

#include <cmath>

#include "evstudy/stats/distributions.hpp"

namespace evstudy {

Regression ols_hc1(std::span<const double> x, std::span<const double> y) {
  Regression r;
  double sx = 0.0, sy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!is_missing(x[i]) && !is_missing(y[i])) {
      ++r.n;
      sx += x[i];
      sy += y[i];
    }
  if (r.n < 3) return r;
  const auto n = static_cast<double>(r.n);
  const double mx = sx / n, my = sy / n;
  double sxx = 0.0, sxy = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!is_missing(x[i]) && !is_missing(y[i])) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (!(sxx > 0.0)) return r;
  r.beta = sxy / sxx;
  r.alpha = my - r.beta * mx;
  // The slope's element of the sandwich: sum (x - mean)^2 e^2 / Sxx^2, times n / (n - 2).
  double meat = 0.0, ssr = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!is_missing(x[i]) && !is_missing(y[i])) {
      const double e = y[i] - r.alpha - r.beta * x[i];
      meat += (x[i] - mx) * (x[i] - mx) * e * e;
      ssr += e * e;
    }
  r.se_hc1 = std::sqrt(n / (n - 2.0) * meat / (sxx * sxx));
  r.t = r.se_hc1 > 0.0 ? r.beta / r.se_hc1 : missing;
  r.p_value = two_sided_p_student(r.t, n - 2.0);
  r.r2 = syy > 0.0 ? 1.0 - ssr / syy : missing;
  return r;
}

}  // namespace evstudy
