#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "evstudy/models/model.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using evstudy::missing;

// Hand example, solved exactly with rational arithmetic:
//   r = (.01, .02, -.01, .03, 0), m = (.005, .01, -.005, .02, 0)
//   mean m = 3/500, S_mm = 37/100000, beta = 60/37, alpha = 1/3700,
//   SSR/(L-2) = 1/111000, R^2 = 36/37.
const std::vector<double> r{0.01, 0.02, -0.01, 0.03, 0.0};
const std::vector<double> m{0.005, 0.01, -0.005, 0.02, 0.0};

TEST_CASE("the market model is OLS with intercept and sigma^2 = SSR/(L-2)", "[models]") {
  evstudy::FitFailure failure;
  const auto fit = evstudy::fit_model(evstudy::ModelKind::market, r, m, 0, failure);
  REQUIRE(fit.has_value());
  CHECK(fit->n_est == 5);
  CHECK_THAT(fit->beta, WithinRel(60.0 / 37.0, 1e-13));
  CHECK_THAT(fit->alpha, WithinRel(1.0 / 3700.0, 1e-11));
  CHECK_THAT(fit->sigma, WithinRel(std::sqrt(1.0 / 111000.0), 1e-11));
  CHECK_THAT(fit->r2, WithinRel(36.0 / 37.0, 1e-13));
  CHECK_THAT(fit->mean_market, WithinRel(0.006, 1e-14));
  CHECK_THAT(fit->s_mm, WithinRel(37.0 / 100000.0, 1e-13));
  CHECK(fit->df == 3.0);
}

TEST_CASE("missing days leave the sample (complete cases of security and market)", "[models]") {
  // The same five days with two extra days that each lack one side: the fit must not move.
  std::vector<double> r2 = r;
  std::vector<double> m2 = m;
  r2.push_back(missing);
  m2.push_back(0.5);
  r2.push_back(0.7);
  m2.push_back(missing);
  evstudy::FitFailure failure;
  const auto fit = evstudy::fit_model(evstudy::ModelKind::market, r2, m2, 0, failure);
  REQUIRE(fit.has_value());
  CHECK(fit->n_est == 5);
  CHECK_THAT(fit->beta, WithinRel(60.0 / 37.0, 1e-13));
}

TEST_CASE("mean-adjusted and market-adjusted models use divisor L-1", "[models]") {
  evstudy::FitFailure failure;
  const auto mean = evstudy::fit_model(evstudy::ModelKind::mean_adjusted, r, m, 0, failure);
  REQUIRE(mean.has_value());
  // mean r = 0.01; sum of squares = 1e-4 * (0 + 1 + 4 + 4 + 1) = 1e-3; / 4.
  CHECK_THAT(mean->alpha, WithinRel(0.01, 1e-14));
  CHECK_THAT(mean->sigma, WithinRel(std::sqrt(0.001 / 4.0), 1e-13));
  CHECK(std::isnan(mean->beta));
  const auto adjusted = evstudy::fit_model(evstudy::ModelKind::market_adjusted, r, m, 0, failure);
  REQUIRE(adjusted.has_value());
  // AR = r - m = (.005, .01, -.005, .01, 0): mean .004, squares 1e-6 * (1+36+81+36+16) = 1.7e-4; / 4.
  CHECK_THAT(adjusted->sigma, WithinRel(std::sqrt(1.7e-4 / 4.0), 1e-12));
  CHECK(adjusted->alpha == 0.0);
  CHECK(adjusted->beta == 1.0);
  CHECK(evstudy::normal_return(*adjusted, 0.03) == 0.03);
}

TEST_CASE("too few estimation returns or a flat market is a failure with a reason", "[models]") {
  evstudy::FitFailure failure;
  CHECK_FALSE(evstudy::fit_model(evstudy::ModelKind::market, r, m, 30, failure).has_value());
  CHECK(failure.reason == "estimation window has 5 returns, needs at least 30");
  const std::vector<double> flat(5, 0.001);
  CHECK_FALSE(evstudy::fit_model(evstudy::ModelKind::market, r, flat, 0, failure).has_value());
  CHECK(failure.reason == "market return constant over the estimation window");
  const std::vector<double> four{0.01, 0.02, 0.03, 0.04};
  CHECK_FALSE(evstudy::fit_model(evstudy::ModelKind::market, four, four, 0, failure).has_value());
  CHECK(failure.reason == "estimation window has 4 returns, needs at least 5");
}

TEST_CASE("prediction-error factor and exact CAR variance follow Patell and CLM", "[models]") {
  evstudy::FitFailure failure;
  const auto fit = evstudy::fit_model(evstudy::ModelKind::market, r, m, 0, failure);
  REQUIRE(fit.has_value());
  // C = 1 + 1/5 + (0.01 - 0.006)^2 / (37/100000) = 1.2 + 1.6e-5 / 3.7e-4
  CHECK_THAT(evstudy::prediction_error_factor(*fit, 0.01), WithinRel(1.2 + 1.6e-5 / 3.7e-4, 1e-12));
  // 3-day window with market deviations summing to -0.018: sigma^2 (3 + 9/5 + 0.018^2 / S_mm)
  CHECK_THAT(evstudy::car_variance(*fit, 3, -0.018), WithinRel((3.0 + 1.8 + 3.24e-4 / 3.7e-4) / 111000.0, 1e-11));
}
