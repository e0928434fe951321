#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "evstudy/stats/regression.hpp"

using Catch::Matchers::WithinRel;

TEST_CASE("OLS with an HC1 standard error matches the hand computation", "[stats]") {
  // x = (-1, 0, 1, 2, 3), y = (.01, 0, .03, .02, .05): beta = 1/100, alpha = 3/250,
  // HC1 Var(beta) = 5/3 * sum (x - 1)^2 e^2 / Sxx^2 = 1/75000, R^2 = 25/37 (exact fractions).
  const std::vector<double> x{-1.0, 0.0, 1.0, 2.0, 3.0};
  const std::vector<double> y{0.01, 0.0, 0.03, 0.02, 0.05};
  const evstudy::Regression r = evstudy::ols_hc1(x, y);
  CHECK(r.n == 5);
  CHECK_THAT(r.beta, WithinRel(0.01, 1e-13));
  CHECK_THAT(r.alpha, WithinRel(0.012, 1e-13));
  CHECK_THAT(r.se_hc1, WithinRel(std::sqrt(1.0 / 75000.0), 1e-12));
  CHECK_THAT(r.t, WithinRel(0.01 / std::sqrt(1.0 / 75000.0), 1e-12));
  CHECK_THAT(r.p_value, WithinRel(0.07142153823145017, 1e-9));  // scipy: 2 t.sf(2.7386, 3)
  CHECK_THAT(r.r2, WithinRel(25.0 / 37.0, 1e-13));
}

TEST_CASE("pairs with a missing value leave the regression, too few points give no estimate", "[stats]") {
  const std::vector<double> x{-1.0, 0.0, evstudy::missing, 1.0, 2.0, 3.0};
  const std::vector<double> y{0.01, 0.0, 0.7, 0.03, 0.02, 0.05};
  CHECK_THAT(evstudy::ols_hc1(x, y).beta, WithinRel(0.01, 1e-13));
  const evstudy::Regression two = evstudy::ols_hc1(std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, 2.0});
  CHECK(two.n == 2);
  CHECK(std::isnan(two.beta));
  const evstudy::Regression flat = evstudy::ols_hc1(std::vector<double>{1.0, 1.0, 1.0}, std::vector<double>{1.0, 2.0, 3.0});
  CHECK(std::isnan(flat.beta));
}
