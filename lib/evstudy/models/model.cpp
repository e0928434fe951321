#include "evstudy/models/model.hpp"

#include <algorithm>
#include <cmath>

namespace evstudy {

std::string_view model_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::ff3:
      return "ff3";
    case ModelKind::carhart:
      return "carhart";
    case ModelKind::ff5:
      return "ff5";
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
  for (ModelKind kind : {ModelKind::market, ModelKind::market_adjusted, ModelKind::mean_adjusted, ModelKind::ff3,
                         ModelKind::carhart, ModelKind::ff5})
    if (model_name(kind) == name) return kind;
  return std::nullopt;
}

const std::vector<std::string>& model_factors(ModelKind kind) {
  static const std::vector<std::string> none;
  static const std::vector<std::string> ff3{"mktrf", "smb", "hml"};
  static const std::vector<std::string> carhart{"mktrf", "smb", "hml", "mom"};
  static const std::vector<std::string> ff5{"mktrf", "smb", "hml", "rmw", "cma"};
  switch (kind) {
    case ModelKind::ff3:
      return ff3;
    case ModelKind::carhart:
      return carhart;
    case ModelKind::ff5:
      return ff5;
    default:
      return none;
  }
}

namespace {

/// Fewest estimation days a model can be fitted and tested on (Var(SAR) needs df > 2).
i64 statistical_minimum(ModelKind kind) {
  if (is_factor_model(kind)) return static_cast<i64>(model_factors(kind).size()) + 4;
  return kind == ModelKind::market ? 5 : 4;
}

/// Inverts a symmetric positive-definite k x k matrix (row-major) by Gauss-Jordan with partial
/// pivoting; false when it is singular (collinear factors).
bool invert(std::vector<double>& a, std::size_t k) {
  std::vector<double> inv(k * k, 0.0);
  for (std::size_t i = 0; i < k; ++i) inv[i * k + i] = 1.0;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < k; ++r)
      if (std::abs(a[r * k + c]) > std::abs(a[pivot * k + c])) pivot = r;
    if (!(std::abs(a[pivot * k + c]) > 1e-300)) return false;
    for (std::size_t j = 0; j < k; ++j) {
      std::swap(a[c * k + j], a[pivot * k + j]);
      std::swap(inv[c * k + j], inv[pivot * k + j]);
    }
    const double d = a[c * k + c];
    for (std::size_t j = 0; j < k; ++j) {
      a[c * k + j] /= d;
      inv[c * k + j] /= d;
    }
    for (std::size_t r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = a[r * k + c];
      for (std::size_t j = 0; j < k; ++j) {
        a[r * k + j] -= f * a[c * k + j];
        inv[r * k + j] -= f * inv[c * k + j];
      }
    }
  }
  a = std::move(inv);
  return true;
}

/// d' S^-1 d.
double quadratic_form(const std::vector<double>& s_inv, std::span<const double> d) {
  const std::size_t k = d.size();
  double q = 0.0;
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) q += d[i] * s_inv[i * k + j] * d[j];
  return q;
}

/// The market model's sum of squared residuals over the days where r and m both exist, each
/// residual in centred form: r - alpha - beta m would subtract large numbers when returns sit on
/// a large level.
double market_residual_squares(std::span<const double> r, std::span<const double> m, double mean_r, double mean_m,
                               double beta) {
  double ssr = 0.0;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && !is_missing(m[t])) {
      const double e = (r[t] - mean_r) - beta * (m[t] - mean_m);
      ssr += e * e;
    }
  return ssr;
}

/// A factor model's sum of squared residuals over the days where y(t) and every factor exist,
/// in centred form as above.
template <typename Y>
double factor_residual_squares(std::size_t n, const Y& y, const std::vector<std::span<const double>>& x, double mean_y,
                               const Fit& fit) {
  double ssr = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    double e = y(t) - mean_y;
    for (std::size_t j = 0; j < x.size(); ++j) e -= fit.loadings[j] * (x[j][t] - fit.means[j]);
    ssr += is_missing(e) ? 0.0 : e * e;
  }
  return ssr;
}

/// Whether a sum of squared residuals taken as S_yy - (explained part) has lost digits to
/// cancellation: its relative error is about the rounding of S_yy times S_yy / SSR, so below
/// S_yy / 64 (R^2 above 63/64) it is taken again from the residuals themselves.
bool lost_digits(double ssr, double syy) { return ssr < syy / 64.0; }

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
  const double ssr = market_residual_squares(r, m, mean_r, mean_m, fit.beta);
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

namespace {

/// False, with the skip reason, when `n` estimation returns are fewer than the model needs.
bool enough_returns(i64 n, ModelKind kind, i64 min_estimation, const char* what, FitFailure& failure) {
  const i64 needed = std::max(min_estimation, statistical_minimum(kind));
  if (n >= needed) return true;
  failure.reason = "estimation window has " + std::to_string(n) + " " + what + ", needs at least " + std::to_string(needed);
  return false;
}

}  // namespace

std::optional<Fit> fit_model(ModelKind kind, std::span<const double> r, std::span<const double> m,
                             i64 min_estimation, FitFailure& failure) {
  Fit fit;
  fit.model = kind;
  const bool needs_market = kind != ModelKind::mean_adjusted;
  for (std::size_t t = 0; t < r.size(); ++t)
    if (!is_missing(r[t]) && (!needs_market || !is_missing(m[t]))) ++fit.n_est;
  if (!enough_returns(fit.n_est, kind, min_estimation, "returns", failure)) return std::nullopt;
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

std::optional<Fit> fit_market_from_moments(const Moments2& w, std::span<const double> r, std::span<const double> m,
                                           i64 min_estimation, FitFailure& failure) {
  Fit fit;
  fit.model = ModelKind::market;
  fit.n_est = static_cast<i64>(w.n);
  if (!enough_returns(fit.n_est, ModelKind::market, min_estimation, "returns", failure)) return std::nullopt;
  if (!(w.s_mm > 0.0)) {
    failure.reason = "market return constant over the estimation window";
    return std::nullopt;
  }
  fit.beta = w.s_rm / w.s_mm;
  fit.alpha = w.mean_r - fit.beta * w.mean_m;
  double ssr = std::max(0.0, w.s_rr - fit.beta * w.s_rm);
  if (lost_digits(ssr, w.s_rr)) ssr = market_residual_squares(r, m, w.mean_r, w.mean_m, fit.beta);
  fit.df = w.n - 2.0;
  fit.sigma = std::sqrt(ssr / fit.df);
  fit.r2 = w.s_rr > 0.0 ? 1.0 - ssr / w.s_rr : missing;
  fit.mean_market = w.mean_m;
  fit.s_mm = w.s_mm;
  return fit;
}

namespace {

/// The slopes, intercept and S^-1 of a factor model from the centred cross-products S (k x k)
/// and s_xy and the means; false, with the reason, when S is singular.
bool solve_loadings(Fit& fit, std::vector<double> s, const std::vector<double>& sxy, double mean_y, FitFailure& failure) {
  const std::size_t k = sxy.size();
  if (!invert(s, k)) {
    failure.reason = "factors collinear over the estimation window";
    return false;
  }
  fit.s_inv = std::move(s);
  fit.loadings.assign(k, 0.0);
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = 0; j < k; ++j) fit.loadings[i] += fit.s_inv[i * k + j] * sxy[j];
  fit.alpha = mean_y;
  for (std::size_t j = 0; j < k; ++j) fit.alpha -= fit.loadings[j] * fit.means[j];
  fit.beta = fit.loadings.front();
  return true;
}

}  // namespace

std::optional<Fit> fit_factor_model(ModelKind kind, std::span<const double> y, const std::vector<std::span<const double>>& x,
                                    i64 min_estimation, FitFailure& failure) {
  const std::size_t k = x.size();
  auto usable = [&](std::size_t t) {
    if (is_missing(y[t])) return false;
    for (const auto& col : x)
      if (is_missing(col[t])) return false;
    return true;
  };
  Fit fit;
  fit.model = kind;
  for (std::size_t t = 0; t < y.size(); ++t) fit.n_est += usable(t) ? 1 : 0;
  if (!enough_returns(fit.n_est, kind, min_estimation, "returns with every factor", failure)) return std::nullopt;
  const auto L = static_cast<double>(fit.n_est);
  // Centred sums (means first): the normal equations of the slopes are S b = s_xy.
  double mean_y = 0.0;
  fit.means.assign(k, 0.0);
  for (std::size_t t = 0; t < y.size(); ++t)
    if (usable(t)) {
      mean_y += y[t] / L;
      for (std::size_t j = 0; j < k; ++j) fit.means[j] += x[j][t] / L;
    }
  std::vector<double> s(k * k, 0.0);
  std::vector<double> sxy(k, 0.0);
  double syy = 0.0;
  for (std::size_t t = 0; t < y.size(); ++t) {
    if (!usable(t)) continue;
    const double dy = y[t] - mean_y;
    syy += dy * dy;
    for (std::size_t i = 0; i < k; ++i) {
      const double di = x[i][t] - fit.means[i];
      sxy[i] += di * dy;
      for (std::size_t j = 0; j < k; ++j) s[i * k + j] += di * (x[j][t] - fit.means[j]);
    }
  }
  if (!solve_loadings(fit, s, sxy, mean_y, failure)) return std::nullopt;
  const double ssr = factor_residual_squares(y.size(), [&y](std::size_t t) { return y[t]; }, x, mean_y, fit);
  fit.df = L - static_cast<double>(k) - 1.0;
  fit.sigma = std::sqrt(ssr / fit.df);
  fit.r2 = syy > 0.0 ? 1.0 - ssr / syy : missing;
  return fit;
}

std::optional<Fit> fit_factor_from_moments(ModelKind kind, const MomentsP& w, std::span<const double> r,
                                           std::span<const double> rf, const std::vector<std::span<const double>>& x,
                                           i64 min_estimation, FitFailure& failure) {
  const std::size_t k = w.p - 1;
  Fit fit;
  fit.model = kind;
  fit.n_est = static_cast<i64>(w.n);
  if (!enough_returns(fit.n_est, kind, min_estimation, "returns with every factor", failure)) return std::nullopt;
  fit.means.assign(w.mean.begin() + 1, w.mean.begin() + static_cast<std::ptrdiff_t>(w.p));
  std::vector<double> s(k * k);
  std::vector<double> sxy(k);
  for (std::size_t i = 0; i < k; ++i) {
    sxy[i] = w.cross(i + 1, 0);
    for (std::size_t j = 0; j < k; ++j) s[i * k + j] = w.cross(i + 1, j + 1);
  }
  if (!solve_loadings(fit, std::move(s), sxy, w.mean[0], failure)) return std::nullopt;
  // SSR = S_yy - b's_xy: the fitted part removed from the centred sum of squares.
  double explained = 0.0;
  for (std::size_t j = 0; j < k; ++j) explained += fit.loadings[j] * sxy[j];
  const double syy = w.cross(0, 0);
  double ssr = std::max(0.0, syy - explained);
  if (lost_digits(ssr, syy))
    ssr = factor_residual_squares(r.size(), [&](std::size_t t) { return r[t] - rf[t]; }, x, w.mean[0], fit);
  fit.df = w.n - static_cast<double>(k) - 1.0;
  fit.sigma = std::sqrt(ssr / fit.df);
  fit.r2 = syy > 0.0 ? 1.0 - ssr / syy : missing;
  return fit;
}

double factor_normal_return(const Fit& fit, std::span<const double> x) {
  double r = fit.alpha;
  for (std::size_t j = 0; j < x.size(); ++j) r += fit.loadings[j] * x[j];
  return r;
}

double factor_prediction_error_factor(const Fit& fit, std::span<const double> x) {
  std::vector<double> d(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) d[j] = x[j] - fit.means[j];
  return 1.0 + 1.0 / static_cast<double>(fit.n_est) + quadratic_form(fit.s_inv, d);
}

double factor_car_variance(const Fit& fit, i64 m_days, std::span<const double> sum_dev) {
  const auto L = static_cast<double>(fit.n_est);
  const auto m = static_cast<double>(m_days);
  return fit.sigma * fit.sigma * (m + m * m / L + quadratic_form(fit.s_inv, sum_dev));
}

double normal_return(const Fit& fit, double m) {
  switch (fit.model) {
    case ModelKind::ff3:
    case ModelKind::carhart:
    case ModelKind::ff5:
      return missing;  // factor_normal_return
    case ModelKind::market:
      return market_normal_return(fit, m);
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
    case ModelKind::ff3:
    case ModelKind::carhart:
    case ModelKind::ff5:
      return missing;  // factor_prediction_error_factor
    case ModelKind::market:
      return market_prediction_error_factor(fit, m);
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
    case ModelKind::ff3:
    case ModelKind::carhart:
    case ModelKind::ff5:
      return missing;  // factor_car_variance
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
