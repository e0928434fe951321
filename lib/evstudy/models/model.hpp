// Normal-return models fitted on an estimation window, and the abnormal returns they imply
// (methods.md §3.2, §3.3). Pure: spans in, numbers out; NaN marks a missing value.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evstudy/core/types.hpp"
#include "evstudy/kernel/window_cross_products.hpp"
#include "evstudy/kernel/window_moments.hpp"

namespace evstudy {

enum class ModelKind { market, market_adjusted, mean_adjusted, ff3, carhart, ff5 };

std::string_view model_name(ModelKind kind);
std::optional<ModelKind> parse_model(std::string_view name);

/// The factors a factor model regresses excess returns on, in order (empty for the others):
/// ff3 mktrf, smb, hml (Fama & French 1993); carhart adds mom (Carhart 1997); ff5 adds rmw, cma
/// (Fama & French 2015).
const std::vector<std::string>& model_factors(ModelKind kind);

inline bool is_factor_model(ModelKind kind) {
  return kind == ModelKind::ff3 || kind == ModelKind::carhart || kind == ModelKind::ff5;
}

/// A fitted model. For the market model sigma^2 = SSR/(L-2) (MacKinlay 1997); mean-adjusted
/// SSR/(L-1); market-adjusted the sample variance of AR over the estimation days (L-1).
struct Fit {
  ModelKind model = ModelKind::market;
  i64 n_est = 0;            // L: estimation days where the security and the market have returns
  double alpha = missing;   // mean-adjusted: the mean; market-adjusted: 0
  double beta = missing;    // market-adjusted: 1; mean-adjusted: missing
  double sigma = missing;   // residual standard deviation (divisor: the df below)
  double r2 = missing;      // market model only
  double df = missing;      // L - 2 (market), L - 1 (mean- and market-adjusted)
  double mean_market = missing;  // mean R_m over the L estimation days (market model)
  double s_mm = missing;         // sum of squared deviations of R_m over those days
  // Factor models: loadings b (the first, on mktrf, is also `beta`), the regressors' means over
  // the estimation days and the inverse of their centred cross-product matrix S (k x k).
  std::vector<double> loadings;
  std::vector<double> means;
  std::vector<double> s_inv;
};

/// Why a model could not be fitted, as a reason for the skips report.
struct FitFailure {
  std::string reason;
};

/// Fits `kind` on one estimation window (`r` the security's returns, `m` the market's, same
/// length). Requires at least `min_estimation` usable days and a non-degenerate market.
std::optional<Fit> fit_model(ModelKind kind, std::span<const double> r, std::span<const double> m,
                             i64 min_estimation, FitFailure& failure);

/// The market model from a window's moments (WindowMoments): the same numbers as fit_model's
/// two passes, to rounding. `r` and `m` are the window's returns: read only when the model
/// explains nearly all of r's variance (R^2 above 63/64), where the residual sum of squares
/// taken from the moments would lose digits, to take it from the residuals.
std::optional<Fit> fit_market_from_moments(const Moments2& w, std::span<const double> r, std::span<const double> m,
                                           i64 min_estimation, FitFailure& failure);

/// Fits a factor model: OLS with intercept of `y` (excess returns R - R_f) on the columns of
/// `x` (k factor series, same length as y) over the days where y and every factor exist;
/// sigma^2 = SSR / (L - k - 1).
std::optional<Fit> fit_factor_model(ModelKind kind, std::span<const double> y, const std::vector<std::span<const double>>& x,
                                    i64 min_estimation, FitFailure& failure);

/// A factor model from a window's moments (WindowCrossProducts, y = r - rf then the k factors):
/// the same numbers as fit_factor_model's two passes, to rounding. `r`, `rf` and `x` are the
/// window's returns, risk-free rates and factors, read only as fit_market_from_moments reads
/// its returns (R^2 above 63/64).
std::optional<Fit> fit_factor_from_moments(ModelKind kind, const MomentsP& w, std::span<const double> r,
                                           std::span<const double> rf, const std::vector<std::span<const double>>& x,
                                           i64 min_estimation, FitFailure& failure);

/// The market model's normal return alpha + beta m and prediction-error factor
/// 1 + 1/L + (m - mean)^2 / S_mm: inline, for the event window's loop; normal_return and
/// prediction_error_factor give the same for the market model.
inline double market_normal_return(const Fit& fit, double m) { return fit.alpha + fit.beta * m; }
inline double market_prediction_error_factor(const Fit& fit, double m) {
  return 1.0 + 1.0 / static_cast<double>(fit.n_est) + (m - fit.mean_market) * (m - fit.mean_market) / fit.s_mm;
}

/// The model's expected return for a day with market return `m` (missing when it needs m).
double normal_return(const Fit& fit, double m);

/// A factor model's expected excess return alpha + b'x for the day's factors `x`.
double factor_normal_return(const Fit& fit, std::span<const double> x);

/// C = 1 + 1/L + (x - mean)' S^-1 (x - mean) for a factor model (Patell 1976; OLS in general).
double factor_prediction_error_factor(const Fit& fit, std::span<const double> x);

/// Var(CAR) over m days of a factor model: sigma^2 [m + m^2/L + D' S^-1 D], D the sum over the
/// window of (x_t - mean) (Campbell, Lo & MacKinlay 1997, the OLS generalisation).
double factor_car_variance(const Fit& fit, i64 m_days, std::span<const double> sum_dev);

/// Prediction-error factor C (Patell 1976): market model 1 + 1/L + (m - mean)^2 / S_mm,
/// mean-adjusted 1 + 1/L, market-adjusted 1.
double prediction_error_factor(const Fit& fit, double m);

/// Var(CAR) over m_days whose market deviations from the estimation mean sum to `sum_dev`
/// (methods.md §3.3, exact form): market model sigma^2 [m + m^2/L + sum_dev^2 / S_mm];
/// mean-adjusted sigma^2 (m + m^2/L); market-adjusted m sigma^2.
double car_variance(const Fit& fit, i64 m_days, double sum_dev);

}  // namespace evstudy
