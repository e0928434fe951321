// The block-centred window moments against a two-pass OLS, on random calendars and on
// adversarial data: a large common level, tiny variance, gaps, windows across block edges.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "evstudy/kernel/window_moments.hpp"
#include "evstudy/models/model.hpp"

using Catch::Matchers::WithinRel;

namespace {

struct Series {
  std::vector<double> r, m;
};

/// Returns around levels that shift by `step` every 45 days (45 is prime to the block length, so
/// shifts fall inside blocks and at every offset from a window's start).
Series make(std::mt19937_64& rng, std::size_t n, double level_r, double level_m, double scale, double gaps, double step) {
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Series s{std::vector<double>(n), std::vector<double>(n)};
  for (std::size_t t = 0; t < n; ++t) {
    const double shift = step * static_cast<double>(t / 45 % 3);
    s.m[t] = level_m + shift + scale * z(rng);
    s.r[t] = level_r - 2.0 * shift + 1.3 * (s.m[t] - level_m - shift) + scale * z(rng);
    if (u(rng) < gaps) s.r[t] = evstudy::missing;
    if (u(rng) < gaps / 3) s.m[t] = evstudy::missing;
  }
  return s;
}

}  // namespace

TEST_CASE("window moments give the two-pass OLS to 1e-12 on adversarial data", "[kernel]") {
  std::mt19937_64 rng(20260211);
  struct Case {
    double level_r, level_m, scale, gaps, step;
  };
  // Ordinary returns; a level of 1e4 with 1e-3 noise; negative levels; tiny variance; many gaps;
  // a level of 1e4 shifting by 1e4 and 1e2 times its noise (a window's parts far apart in mean).
  const Case cases[] = {{0.0005, 0.0003, 0.01, 0.02, 0.0}, {1e4, -3e3, 1e-3, 0.05, 0.0}, {-250.0, 1e5, 0.1, 0.0, 0.0},
                        {1.0, 1.0, 1e-7, 0.1, 0.0},        {0.0, 0.0, 0.02, 0.4, 0.0},    {1e4, 1e4, 1e-3, 0.05, 10.0},
                        {1e4, -1e4, 1e-3, 0.0, 0.1}};
  for (const Case& c : cases) {
    const Series s = make(rng, 2000, c.level_r, c.level_m, c.scale, c.gaps, c.step);
    const evstudy::WindowMoments moments(s.r, s.m);
    std::uniform_int_distribution<int> start(0, 1700), length(5, 299);
    for (int trial = 0; trial < 300; ++trial) {
      const int a = start(rng), b = a + length(rng);
      const std::span<const double> r(s.r.data() + a, static_cast<std::size_t>(b - a));
      const std::span<const double> m(s.m.data() + a, static_cast<std::size_t>(b - a));
      evstudy::FitFailure failure;
      const auto two_pass = evstudy::fit_model(evstudy::ModelKind::market, r, m, 0, failure);
      const evstudy::Moments2 w = moments.over(a, b);
      const auto fit = evstudy::fit_market_from_moments(w, r, m, 0, failure);
      REQUIRE(fit.has_value() == two_pass.has_value());
      if (!two_pass) {
        CHECK(w.n < 5.0);
        continue;
      }
      INFO("level " << c.level_r << " scale " << c.scale << " gaps " << c.gaps << " step " << c.step << " window " << a
                    << ":" << b);
      CHECK(w.n == static_cast<double>(two_pass->n_est));
      CHECK_THAT(w.mean_m, WithinRel(two_pass->mean_market, 1e-12));
      CHECK_THAT(w.s_mm, WithinRel(two_pass->s_mm, 1e-12));
      CHECK_THAT(fit->beta, WithinRel(two_pass->beta, 1e-12));
      // alpha = mean_r - beta mean_m may cancel to near 0: then held to the rounding of the data's scale.
      CHECK_THAT(fit->alpha, WithinRel(two_pass->alpha, 1e-11) ||
                                 Catch::Matchers::WithinAbs(two_pass->alpha, 1e-14 * (std::abs(c.level_r) + c.scale)));
      // The residual spread: from the moments, or (R^2 above 63/64, the step cases) from the data.
      CHECK_THAT(fit->sigma, WithinRel(two_pass->sigma, 1e-12));
      CHECK_THAT(fit->r2, WithinRel(two_pass->r2, 1e-12));
    }
  }
}

TEST_CASE("window moments are the same bits with the best and the portable instructions", "[kernel]") {
  std::mt19937_64 rng(20260212);
  // Ordinary returns with gaps (missing first days of blocks included), and a shifting level.
  for (const double gaps : {0.0, 0.03, 0.3}) {
    const Series s = make(rng, 1500, 1e4, -3e3, 1e-3, gaps, gaps > 0.1 ? 10.0 : 0.0);
    const evstudy::WindowMoments best(s.r, s.m);
    const evstudy::WindowMoments portable(s.r, s.m, evstudy::Instructions::portable);
    std::uniform_int_distribution<int> start(0, 1200), length(1, 299);
    int compared = 0;
    for (int trial = 0; trial < 400; ++trial) {
      const int a = start(rng), b = a + length(rng);
      const evstudy::Moments2 x = best.over(a, b), y = portable.over(a, b);
      INFO("gaps " << gaps << " window " << a << ":" << b);
      REQUIRE(x.n == y.n);
      if (x.n == 0.0) continue;
      CHECK(x.mean_r == y.mean_r);
      CHECK(x.mean_m == y.mean_m);
      CHECK(x.s_rr == y.s_rr);
      CHECK(x.s_mm == y.s_mm);
      CHECK(x.s_rm == y.s_rm);
      ++compared;
    }
    CHECK(compared > 300);
  }
}
