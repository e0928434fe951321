// The factor models' block-centred window cross-products against the two-pass OLS of
// fit_factor_model, on random calendars and adversarial data: large common levels, tiny
// variance, gaps in the security and in the factors, windows across block edges, 3 and 5 factors.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "evstudy/kernel/window_cross_products.hpp"
#include "evstudy/models/model.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Data {
  std::vector<double> r, rf;
  std::vector<std::vector<double>> x;
};

/// `idiosyncratic`: the security's own noise as a fraction of the factors' (tiny: R^2 near 1).
/// `step`: the levels shift by it every 45 to 80 days (inside blocks, at every offset from a
/// window's start).
Data make(std::mt19937_64& rng, std::size_t n, std::size_t k, double level, double scale, double gaps,
          double idiosyncratic, double step) {
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Data d{std::vector<double>(n), std::vector<double>(n), std::vector<std::vector<double>>(k, std::vector<double>(n))};
  const double loadings[] = {1.3, -0.4, 0.25, 0.8, -1.1};
  for (std::size_t t = 0; t < n; ++t) {
    // Each series shifts on its own period, so that the shifts do not make the factors collinear.
    auto shift = [&](std::size_t period) { return step * static_cast<double>(t / period % 3); };
    d.rf[t] = level * 1e-3 + 1e-5 * u(rng);
    double y = level + shift(45) + idiosyncratic * scale * z(rng);
    for (std::size_t j = 0; j < k; ++j) {
      d.x[j][t] = level * (static_cast<double>(j) - 1.5) + shift(52 + 7 * j) + scale * z(rng);
      y += loadings[j] * (d.x[j][t] - level * (static_cast<double>(j) - 1.5) - shift(52 + 7 * j));
    }
    d.r[t] = y + d.rf[t];
    if (u(rng) < gaps) d.r[t] = evstudy::missing;
    if (u(rng) < gaps / 4) d.x[u(rng) < 0.5 ? 0 : k - 1][t] = evstudy::missing;
  }
  return d;
}

}  // namespace

TEST_CASE("window cross-products give the factor model's two-pass OLS to 1e-12 on adversarial data", "[kernel]") {
  std::mt19937_64 rng(20260211);
  struct Case {
    std::size_t k;
    double level, scale, gaps, idiosyncratic, step = 0.0;
  };
  // Ordinary returns; a level of 1e4 with 1e-3 noise; negative levels; tiny variance; many gaps;
  // a security the factors explain all but 1e-6 of (R^2 near 1: the moments' S_yy - b's_xy
  // cancels, and the fit takes the residuals' squares from the data); a level of 1e4 shifting by
  // 1e4 and 1e2 times its noise (a window's parts far apart in mean).
  const Case cases[] = {{3, 0.0005, 0.01, 0.02, 1.0}, {5, 1e4, 1e-3, 0.05, 1.0}, {3, -250.0, 0.1, 0.0, 1.0},
                        {4, 1.0, 1e-7, 0.1, 1.0},     {5, 0.0, 0.02, 0.3, 1.0},  {3, 0.0005, 0.01, 0.05, 1e-3},
                        {5, -0.001, 0.02, 0.02, 1e-3}, {3, 1e4, 1e-3, 0.05, 1.0, 10.0}, {5, 1e4, 1e-3, 0.0, 1.0, 0.1}};
  int compared = 0;
  for (const Case& c : cases) {
    const Data d = make(rng, 1500, c.k, c.level, c.scale, c.gaps, c.idiosyncratic, c.step);
    std::vector<std::span<const double>> columns(d.x.begin(), d.x.end());
    const evstudy::WindowCrossProducts cross(d.r, d.rf, columns);
    std::uniform_int_distribution<int> start(0, 1200), length(8, 299);
    for (int trial = 0; trial < 200; ++trial) {
      const int a = start(rng), b = a + length(rng);
      const auto len = static_cast<std::size_t>(b - a);
      std::vector<double> excess(len);
      for (std::size_t t = 0; t < len; ++t) excess[t] = d.r[static_cast<std::size_t>(a) + t] - d.rf[static_cast<std::size_t>(a) + t];
      std::vector<std::span<const double>> x;
      for (const auto& column : d.x) x.emplace_back(column.data() + a, len);
      evstudy::FitFailure failure;
      const auto two_pass = evstudy::fit_factor_model(evstudy::ModelKind::ff5, excess, x, 0, failure);
      const std::span<const double> r(d.r.data() + a, len), rf(d.rf.data() + a, len);
      const auto moments = evstudy::fit_factor_from_moments(evstudy::ModelKind::ff5, cross.over(a, b), r, rf, x, 0, failure);
      REQUIRE(two_pass.has_value() == moments.has_value());
      if (!two_pass) continue;
      INFO("k " << c.k << " level " << c.level << " scale " << c.scale << " gaps " << c.gaps << " window " << a << ":" << b);
      ++compared;
      CHECK(moments->n_est == two_pass->n_est);
      CHECK(moments->df == two_pass->df);
      for (std::size_t j = 0; j < c.k; ++j) {
        CHECK_THAT(moments->loadings[j], WithinRel(two_pass->loadings[j], 1e-12) || WithinAbs(two_pass->loadings[j], 1e-12));
        // A mean near 0 (next to its values' spread) or an element of S^-1 near 0 (next to
        // sqrt(S^-1_ii S^-1_jj), which bounds it) is held to the rounding of that scale.
        CHECK_THAT(moments->means[j], WithinRel(two_pass->means[j], 1e-12) || WithinAbs(two_pass->means[j], 1e-14 * c.scale));
        for (std::size_t i = 0; i < c.k; ++i) {
          const double bound = std::sqrt(two_pass->s_inv[j * c.k + j] * two_pass->s_inv[i * c.k + i]);
          CHECK_THAT(moments->s_inv[j * c.k + i],
                     WithinRel(two_pass->s_inv[j * c.k + i], 1e-10) || WithinAbs(two_pass->s_inv[j * c.k + i], 1e-12 * bound));
        }
      }
      CHECK_THAT(moments->alpha, WithinRel(two_pass->alpha, 1e-11) ||
                                     WithinAbs(two_pass->alpha, 1e-14 * (std::abs(c.level) + c.scale) + 1e-300));
      CHECK_THAT(moments->sigma, WithinRel(two_pass->sigma, 1e-12));
      CHECK_THAT(moments->r2, WithinRel(two_pass->r2, 1e-12));
    }
  }
  CHECK(compared > 1700);
}

TEST_CASE("window cross-products of a window inside one block, of an empty window, and of a gap-only window", "[kernel]") {
  const std::vector<double> r{0.01, 0.02, evstudy::missing, -0.01, 0.03, 0.0, 0.01};
  const std::vector<double> rf(7, 0.001);
  const std::vector<double> f{0.005, 0.01, 0.02, -0.01, 0.02, 0.001, 0.0};
  const evstudy::WindowCrossProducts cross(r, rf, {f});
  const evstudy::MomentsP m = cross.over(0, 5);
  // Days 0, 1, 3, 4: y = .009, .019, -.011, .029; x = .005, .01, -.01, .02.
  CHECK(m.n == 4.0);
  CHECK_THAT(m.mean[0], WithinRel(0.046 / 4.0, 1e-14));
  CHECK_THAT(m.mean[1], WithinRel(0.025 / 4.0, 1e-14));
  // S_xx = sum x^2 - (sum x)^2 / n = .000625 - .000625 / 4 = .00046875.
  CHECK_THAT(m.cross(1, 1), WithinRel(0.00046875, 1e-12));
  // S_xy = sum x y - sum x sum y / n = .000925 - .025 * .046 / 4 = .0006375.
  CHECK_THAT(m.cross(0, 1), WithinRel(0.0006375, 1e-12));
  CHECK(m.cross(1, 0) == m.cross(0, 1));
  CHECK(cross.over(3, 3).n == 0.0);
  CHECK(cross.over(2, 3).n == 0.0);
}
