#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "evstudy/core/types.hpp"
#include "evstudy/stats/lane_sum.hpp"

using Catch::Matchers::WithinRel;

TEST_CASE("lane sums add every term once, in four fixed lanes", "[stats]") {
  // Integers sum exactly whatever the order: every length from 0 to 11 covers the tail.
  for (std::size_t n = 0; n < 12; ++n) {
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = static_cast<double>(k + 1);
    CHECK(evstudy::lane_sum(x, [](double v) { return v; }) == static_cast<double>(n * (n + 1) / 2));
    CHECK(evstudy::lane_sum(x, [](double v) { return v * v; }) == static_cast<double>(n * (n + 1) * (2 * n + 1) / 6));
  }
  // The lanes are k mod 4, joined as (0 + 1) + (2 + 3): (1e16 + 1) + (-1e16 + 1), each 1 lost
  // to rounding (doubles near 1e16 are 2 apart), gives 0 where left to right gives 1.
  const std::vector<double> y{1e16, 1.0, -1e16, 1.0};
  CHECK(evstudy::lane_sum(y, [](double v) { return v; }) == 0.0);
  CHECK(((1e16 + 1.0) + -1e16) + 1.0 == 1.0);
  // Terms that drop missing values: the sum of the present ones.
  const std::vector<double> z{0.5, evstudy::missing, 0.25, evstudy::missing, 0.125};
  CHECK(evstudy::lane_sum(z, [](double v) { return evstudy::is_missing(v) ? 0.0 : v; }) == 0.875);
  // Random returns: within rounding of a long-double left-to-right sum.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 0.02);
  std::vector<double> r(271);
  long double exact = 0.0L;
  for (double& v : r) {
    v = normal(rng);
    exact += static_cast<long double>(v);
  }
  CHECK_THAT(evstudy::lane_sum(r, [](double v) { return v; }), WithinRel(static_cast<double>(exact), 1e-12));
}
