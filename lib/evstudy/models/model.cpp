#include "evstudy/models/model.hpp"

#include <algorithm>
#include <cmath>

namespace evstudy {

std::string_view model_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::market:
      return "market";
    case ModelKind::market_adjusted:
      return "market-adjusted";
    case ModelKind::mean_adjusted:
      return "mean-adjusted";
  }
  return "market";
}

std::optional<ModelKind> parse_model(std::string_view name) {
  for (ModelKind kind : {ModelKind::market, ModelKind::market_adjusted, ModelKind::mean_adjusted})
    if (model_name(kind) == name) return kind;
  return std::nullopt;
}

namespace {

/// Fewest estimation days a model can be fitted and tested on (Var(SAR) needs df > 2).
i64 statistical_minimum(ModelKind kind) { return kind == ModelKind::market ? 5 : 4; }

// Two-pass OLS of r on m over the days where both exist: means first, then centred sums, so
// the result does not lose digits when returns have a large common level.
std::optional<Fit> fit_market(std::span<const double> r, std::span<const double> m, Fit fit,
                              FitFailure& failure) {
  double sum_r = 0.0;
  double sum_m = 0.0;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && !is_missing(m[t])) {
      sum_r += r[t];
      sum_m += m[t];
    }
  const auto L = static_cast<double>(fit.n_est);
  const double mean_r = sum_r / L;
  const double mean_m = sum_m / L;
  double s_mm = 0.0;
  double s_rm = 0.0;
  double s_rr = 0.0;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && !is_missing(m[t])) {
      const double dm = m[t] - mean_m;
      const double dr = r[t] - mean_r;
      s_mm += dm * dm;
      s_rm += dm * dr;
      s_rr += dr * dr;
    }
  if (!(s_mm > 0.0)) {
    failure.reason = "market return constant over the estimation window";
    return std::nullopt;
  }
  fit.beta = s_rm / s_mm;
  fit.alpha = mean_r - fit.beta * mean_m;
  double ssr = 0.0;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && !is_missing(m[t])) {
      const double e = r[t] - fit.alpha - fit.beta * m[t];
      ssr += e * e;
    }
  fit.df = L - 2.0;
  fit.sigma = std::sqrt(ssr / fit.df);
  fit.r2 = s_rr > 0.0 ? 1.0 - ssr / s_rr : missing;
  fit.mean_market = mean_m;
  fit.s_mm = s_mm;
  return fit;
}

/// Mean and sample standard deviation (divisor L - 1) of x over the days where `use` holds.
template <typename Use, typename Value>
void mean_and_sd(std::size_t n, Use use, Value value, double L, double& mean, double& sd) {
  double sum = 0.0;
  for (std::size_t t = 0; t < n; ++t)
    if (use(t)) sum += value(t);
  mean = sum / L;
  double ss = 0.0;
  for (std::size_t t = 0; t < n; ++t)
    if (use(t)) ss += (value(t) - mean) * (value(t) - mean);
  sd = std::sqrt(ss / (L - 1.0));
}

}  // namespace

std::optional<Fit> fit_model(ModelKind kind, std::span<const double> r, std::span<const double> m,
                             i64 min_estimation, FitFailure& failure) {
  Fit fit;
  fit.model = kind;
  const bool needs_market = kind != ModelKind::mean_adjusted;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && (!needs_market || !is_missing(m[t]))) ++fit.n_est;
  const i64 needed = std::max(min_estimation, statistical_minimum(kind));
  if (fit.n_est < needed) {
    failure.reason = "estimation window has " + std::to_string(fit.n_est) + " returns, needs at least " +
                     std::to_string(needed);
    return std::nullopt;
  }
  const auto L = static_cast<double>(fit.n_est);
  fit.df = L - 1.0;
  if (kind == ModelKind::market) return fit_market(r, m, fit, failure);
  if (kind == ModelKind::mean_adjusted) {
    mean_and_sd(r.size(), [&](std::size_t t) { return !is_missing(r[t]); }, [&](std::size_t t) { return r[t]; },
                L, fit.alpha, fit.sigma);
    return fit;
  }
  double mean_ar = 0.0;
  mean_and_sd(r.size(), [&](std::size_t t) { return !is_missing(r[t]) && !is_missing(m[t]); },
              [&](std::size_t t) { return r[t] - m[t]; }, L, mean_ar, fit.sigma);
  fit.alpha = 0.0;
  fit.beta = 1.0;
  return fit;
}

double normal_return(const Fit& fit, double m) {
  switch (fit.model) {
    case ModelKind::market:
      return fit.alpha + fit.beta * m;
    case ModelKind::market_adjusted:
      return m;
    case ModelKind::mean_adjusted:
      return fit.alpha;
  }
  return missing;
}

double prediction_error_factor(const Fit& fit, double m) {
  const auto L = static_cast<double>(fit.n_est);
  switch (fit.model) {
    case ModelKind::market:
      return 1.0 + 1.0 / L + (m - fit.mean_market) * (m - fit.mean_market) / fit.s_mm;
    case ModelKind::mean_adjusted:
      return 1.0 + 1.0 / L;
    case ModelKind::market_adjusted:
      return 1.0;
  }
  return missing;
}

double car_variance(const Fit& fit, i64 m_days, double sum_dev) {
  const auto L = static_cast<double>(fit.n_est);
  const auto m = static_cast<double>(m_days);
  const double s2 = fit.sigma * fit.sigma;
  switch (fit.model) {
    case ModelKind::market:
      return s2 * (m + m * m / L + sum_dev * sum_dev / fit.s_mm);
    case ModelKind::mean_adjusted:
      return s2 * (m + m * m / L);
    case ModelKind::market_adjusted:
      return s2 * m;
  }
  return missing;
}

}  // namespace evstudy
