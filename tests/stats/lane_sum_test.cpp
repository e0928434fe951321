#include <catch2/catch.hpp>
#include <bit>
#include <cstdint>
#include <cmath>
#include <random>
#include <vector>

#include "evstudy/core/types.hpp"
#include "evstudy/stats/lane_sum.hpp"

// The terms below are given lane_sum.hpp's four-double vectors (see there: -Wpsabi).
#pragma GCC diagnostic ignored "-Wpsabi"

using Catch::Matchers::WithinRel;

namespace {

/// The reference: term(x[k]) one value at a time into four plain doubles, lane k mod 4, then
/// (lane 0 + lane 1) + (lane 2 + lane 3), as lane_sum's order is documented.
template <typename Term>
double four_scalar_lanes(const std::vector<double>& x, const Term& term) {
  double lane[4] = {0.0, 0.0, 0.0, 0.0};
  for (std::size_t k = 0; k < x.size(); ++k) lane[k % 4] += term(x[k]);
  return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

}  // namespace

TEST_CASE("lane sums add every term once, in four fixed lanes", "[stats]") {
  // Integers sum exactly whatever the order: every length from 0 to 11 covers the tail.
  for (std::size_t n = 0; n < 12; ++n) {
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) x[k] = static_cast<double>(k + 1);
    CHECK(evstudy::lane_sum(x, [](auto v) { return v; }) == static_cast<double>(n * (n + 1) / 2));
    CHECK(evstudy::lane_sum(x, [](auto v) { return v * v; }) == static_cast<double>(n * (n + 1) * (2 * n + 1) / 6));
  }
  // The lanes are k mod 4, joined as (0 + 1) + (2 + 3): (1e16 + 1) + (-1e16 + 1), each 1 lost
  // to rounding (doubles near 1e16 are 2 apart), gives 0 where left to right gives 1.
  const std::vector<double> y{1e16, 1.0, -1e16, 1.0};
  CHECK(evstudy::lane_sum(y, [](auto v) { return v; }) == 0.0);
  CHECK(((1e16 + 1.0) + -1e16) + 1.0 == 1.0);
  // Terms that drop missing values: the sum of the present ones.
  const std::vector<double> z{0.5, evstudy::missing, 0.25, evstudy::missing, 0.125};
  CHECK(evstudy::lane_sum(z, [](auto v) { return evstudy::where_present(v, v); }) == 0.875);
  // Random returns: within rounding of a long-double left-to-right sum.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 0.02);
  std::vector<double> r(271);
  long double exact = 0.0L;
  for (double& v : r) {
    v = normal(rng);
    exact += static_cast<long double>(v);
  }
  CHECK_THAT(evstudy::lane_sum(r, [](auto v) { return v; }), WithinRel(static_cast<double>(exact), 1e-12));
}

TEST_CASE("lane sums of vector terms are the bits of the same terms value by value", "[stats]") {
  // The terms as prepare uses them, given four values at once (generic lambdas), against the
  // same terms on one double at a time in four scalar lanes: every length from 0 to 40, with
  // missing values and signed zeros.
  std::mt19937_64 rng(29);
  std::normal_distribution<double> normal(0.001, 0.02);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double mean = 0.0013;
  const double inverse_sd = 1.0 / 0.0197;
  for (std::size_t n = 0; n <= 40; ++n) {
    std::vector<double> x(n);
    for (double& v : x) {
      const double u = uniform(rng);
      v = u < 0.1 ? evstudy::missing : u < 0.15 ? -0.0 : u < 0.2 ? 0.0 : normal(rng);
    }
    const auto [count, positive, total, squares, z_squares] = evstudy::lane_sums(
        x, [](auto v) { return evstudy::where_present(v, evstudy::one_like(v)); },
        [](auto v) { return evstudy::one_where_positive(v); }, [](auto v) { return evstudy::where_present(v, v); },
        [mean](auto v) { return evstudy::where_present(v, (v - mean) * (v - mean)); },
        [mean, inverse_sd](auto v) {
          const auto z = evstudy::where_present(v, (v - mean) * inverse_sd);
          return z * z;
        });
    auto bits = [](double v) { return std::bit_cast<std::uint64_t>(v); };
    CHECK(bits(count) == bits(four_scalar_lanes(x, [](double v) { return evstudy::is_missing(v) ? 0.0 : 1.0; })));
    CHECK(bits(positive) == bits(four_scalar_lanes(x, [](double v) { return v > 0.0 ? 1.0 : 0.0; })));
    CHECK(bits(total) == bits(four_scalar_lanes(x, [](double v) { return evstudy::is_missing(v) ? 0.0 : v; })));
    CHECK(bits(squares) ==
          bits(four_scalar_lanes(x, [mean](double v) { return evstudy::is_missing(v) ? 0.0 : (v - mean) * (v - mean); })));
    CHECK(bits(z_squares) == bits(four_scalar_lanes(x, [mean, inverse_sd](double v) {
            const double z = evstudy::is_missing(v) ? 0.0 : (v - mean) * inverse_sd;
            return z * z;
          })));
    // The count and the positives are whole numbers: exact.
    std::size_t present = 0;
    std::size_t above = 0;
    for (const double v : x) {
      present += evstudy::is_missing(v) ? 0U : 1U;
      above += v > 0.0 ? 1U : 0U;
    }
    CHECK(count == static_cast<double>(present));
    CHECK(positive == static_cast<double>(above));
  }
}
