#include <catch2/catch.hpp>
#include <cmath>
#include <span>
#include <vector>

#include "evstudy/models/model.hpp"

using Catch::Matchers::WithinRel;

// Hand example, solved exactly with rational arithmetic (two factors, seven days):
//   y  = (.03, .01, -.02, .04, 0, .01, -.01)
//   x1 = (.02, .01, -.01, .03, 0, -.01, 0),  x2 = (.01, -.01, 0, .01, .02, .01, -.02)
//   b = (1231/1073, 484/1073), alpha = 39/53650, SSR/(L-3) = 1223/10730000, R^2 = 41870/50431.
const std::vector<double> y{0.03, 0.01, -0.02, 0.04, 0.0, 0.01, -0.01};
const std::vector<double> x1{0.02, 0.01, -0.01, 0.03, 0.0, -0.01, 0.0};
const std::vector<double> x2{0.01, -0.01, 0.0, 0.01, 0.02, 0.01, -0.02};

TEST_CASE("a factor model is OLS with intercept and sigma^2 = SSR/(L-k-1)", "[models]") {
  evstudy::FitFailure failure;
  const auto fit = evstudy::fit_factor_model(evstudy::ModelKind::ff3, y, {x1, x2}, 0, failure);
  REQUIRE(fit.has_value());
  CHECK(fit->n_est == 7);
  CHECK_THAT(fit->loadings[0], WithinRel(1231.0 / 1073.0, 1e-12));
  CHECK_THAT(fit->loadings[1], WithinRel(484.0 / 1073.0, 1e-12));
  CHECK(fit->beta == fit->loadings[0]);
  CHECK_THAT(fit->alpha, WithinRel(39.0 / 53650.0, 1e-11));
  CHECK_THAT(fit->sigma, WithinRel(std::sqrt(1223.0 / 10730000.0), 1e-12));
  CHECK_THAT(fit->r2, WithinRel(41870.0 / 50431.0, 1e-12));
  CHECK(fit->df == 4.0);
  // C at x = (.01, .02): 1504/1073. Var(CAR) of two days with x summing to (.03, -.01):
  // sigma^2 (2 + 4/7 + D' S^-1 D) = 1023651/2878322500.
  const std::vector<double> x{0.01, 0.02};
  CHECK_THAT(evstudy::factor_prediction_error_factor(*fit, x), WithinRel(1504.0 / 1073.0, 1e-12));
  const std::vector<double> dev{0.03 - 2 * fit->means[0], -0.01 - 2 * fit->means[1]};
  CHECK_THAT(evstudy::factor_car_variance(*fit, 2, dev), WithinRel(1023651.0 / 2878322500.0, 1e-11));
  CHECK_THAT(evstudy::factor_normal_return(*fit, x), WithinRel(39.0 / 53650.0 + 0.01 * 1231.0 / 1073.0 + 0.02 * 484.0 / 1073.0, 1e-12));
}

TEST_CASE("with one factor the OLS generalisation is the market model", "[models]") {
  evstudy::FitFailure failure;
  const auto general = evstudy::fit_factor_model(evstudy::ModelKind::ff3, y, {x1}, 0, failure);
  const auto market = evstudy::fit_model(evstudy::ModelKind::market, y, x1, 0, failure);
  REQUIRE(general.has_value());
  REQUIRE(market.has_value());
  CHECK_THAT(general->loadings[0], WithinRel(market->beta, 1e-13));
  CHECK_THAT(general->alpha, WithinRel(market->alpha, 1e-12));
  CHECK_THAT(general->sigma, WithinRel(market->sigma * std::sqrt(5.0 / 5.0), 1e-13));
  const std::vector<double> x{0.015};
  CHECK_THAT(evstudy::factor_prediction_error_factor(*general, x), WithinRel(evstudy::prediction_error_factor(*market, 0.015), 1e-13));
  const std::vector<double> dev{0.02};
  CHECK_THAT(evstudy::factor_car_variance(*general, 3, dev), WithinRel(evstudy::car_variance(*market, 3, 0.02), 1e-13));
}

TEST_CASE("collinear factors and too few days are failures with reasons", "[models]") {
  evstudy::FitFailure failure;
  std::vector<double> twice = x1;
  for (double& v : twice) v *= 2.0;
  CHECK_FALSE(evstudy::fit_factor_model(evstudy::ModelKind::ff3, y, {x1, twice}, 0, failure).has_value());
  CHECK(failure.reason == "factors collinear over the estimation window");
  CHECK_FALSE(evstudy::fit_factor_model(evstudy::ModelKind::ff3, y, {x1, x2}, 10, failure).has_value());
  CHECK(failure.reason == "estimation window has 7 returns with every factor, needs at least 10");
}
