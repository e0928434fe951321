// The blocked pairwise-complete mean correlation against the definition computed here, pair by
// pair in long double with two passes over each pair's common days.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <span>
#include <vector>

#include "evstudy/core/types.hpp"
#include "evstudy/stats/pairwise_correlation.hpp"

using Catch::Matchers::WithinRel;
using evstudy::missing;

namespace {

/// Mean Pearson correlation over pairs i < j on the days both have; pairs with fewer than two
/// such days or no spread on them left out.
double by_definition(const std::vector<std::vector<double>>& series) {
  long double total = 0.0L;
  long double pairs = 0.0L;
  for (std::size_t i = 0; i < series.size(); ++i)
    for (std::size_t j = i + 1; j < series.size(); ++j) {
      const auto& x = series[i];
      const auto& y = series[j];
      std::vector<long double> a, b;
      for (std::size_t t = 0; t < std::min(x.size(), y.size()); ++t)
        if (!std::isnan(x[t]) && !std::isnan(y[t])) {
          a.push_back(x[t]);
          b.push_back(y[t]);
        }
      if (a.size() < 2) continue;
      long double ma = 0.0L, mb = 0.0L;
      for (std::size_t t = 0; t < a.size(); ++t) ma += a[t], mb += b[t];
      ma /= static_cast<long double>(a.size());
      mb /= static_cast<long double>(b.size());
      long double saa = 0.0L, sbb = 0.0L, sab = 0.0L;
      for (std::size_t t = 0; t < a.size(); ++t) {
        saa += (a[t] - ma) * (a[t] - ma);
        sbb += (b[t] - mb) * (b[t] - mb);
        sab += (a[t] - ma) * (b[t] - mb);
      }
      if (!(saa > 0.0L) || !(sbb > 0.0L)) continue;
      total += sab / std::sqrt(saa * sbb);
      pairs += 1.0L;
    }
  return pairs > 0.0L ? static_cast<double>(total / pairs) : missing;
}

double blocked(const std::vector<std::vector<double>>& series) {
  std::vector<std::span<const double>> spans(series.begin(), series.end());
  return evstudy::mean_pairwise_correlation(spans);
}

}  // namespace

TEST_CASE("pairwise r-bar: series with their own missing days match the definition", "[stats]") {
  std::mt19937_64 rng(20260211);
  std::normal_distribution<double> noise(0.0, 0.01);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const std::size_t days = 250;
  std::vector<double> common(days);
  for (double& c : common) c = noise(rng);
  // 71 series: past two blocks of 32 rows, not a multiple of the 4 x 2 tiles.
  std::vector<std::vector<double>> series;
  for (std::size_t k = 0; k < 71; ++k) {
    const double share = 0.1 + 0.8 * uniform(rng);
    const double gap_rate = k % 7 == 0 ? 0.6 : 0.02;  // some series lack most of their days
    std::vector<double> x(k % 11 == 5 ? days - 17 : days);  // a few are shorter
    for (std::size_t t = 0; t < x.size(); ++t) x[t] = uniform(rng) < gap_rate ? missing : share * common[t] + noise(rng);
    series.push_back(x);
  }
  const double expected = by_definition(series);
  CHECK(expected > 0.1);
  CHECK_THAT(blocked(series), WithinRel(expected, 1e-12));
}

TEST_CASE("pairwise r-bar: degenerate pairs are computed by definition or left out", "[stats]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 1e-3);
  const std::size_t days = 40;
  std::vector<std::vector<double>> series;
  // Far from zero with little spread: the blocked sums are centred, so no digits are lost.
  for (int k = 0; k < 5; ++k) {
    std::vector<double> x(days);
    for (double& v : x) v = 1e4 + noise(rng);
    series.push_back(x);
  }
  // Constant on the days another has, varying only on a day that one lacks: no spread on the
  // pair's days, so the pair is left out (the blocked variance would be rounding noise).
  std::vector<double> step(days, 3.0);
  step[7] = 9.0;
  series.push_back(step);
  std::vector<double> lacks_day_7(days);
  for (double& v : lacks_day_7) v = noise(rng);
  lacks_day_7[7] = missing;
  series.push_back(lacks_day_7);
  // Constant throughout, a single value, nothing at all: their pairs are left out.
  series.push_back(std::vector<double>(days, 2.5));
  std::vector<double> single(days, missing);
  single[3] = 1.0;
  series.push_back(single);
  series.push_back(std::vector<double>(days, missing));
  const double expected = by_definition(series);
  CHECK(std::isfinite(expected));
  CHECK_THAT(blocked(series), WithinRel(expected, 1e-12));
}

TEST_CASE("pairwise r-bar: too few series or no usable pair give NaN", "[stats]") {
  CHECK(std::isnan(blocked({})));
  CHECK(std::isnan(blocked({std::vector<double>{0.1, 0.2, 0.3}})));
  CHECK(std::isnan(blocked({{1.0, 1.0, 1.0}, {0.1, 0.2, 0.3}})));  // no spread
  CHECK(std::isnan(blocked({{1.0, missing, 2.0}, {missing, 0.5, 0.7}})));  // one common day
  // Two series, two common days: the correlation is +1 or -1.
  CHECK_THAT(blocked({{1.0, 2.0, missing}, {5.0, 3.0, 4.0}}), WithinRel(-1.0, 1e-15));
}

TEST_CASE("pairwise r-bar: the same bits with the best and the portable instructions", "[stats]") {
  std::mt19937_64 rng(20260213);
  std::normal_distribution<double> noise(0.0, 0.01);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  // Counts of series around the 4 x 4 and 4 x 2 tiles and the 32-row blocks, odd lengths, gaps,
  // and a nearly constant series (a pair computed by definition).
  for (const std::size_t count : {2U, 3U, 5U, 6U, 33U, 34U, 35U, 66U, 101U}) {
    std::vector<std::vector<double>> series;
    const std::size_t days = 120 + count % 7;
    std::vector<double> common(days);
    for (double& c : common) c = noise(rng);
    for (std::size_t k = 0; k < count; ++k) {
      std::vector<double> x(k % 5 == 3 ? days - 9 : days);
      for (std::size_t t = 0; t < x.size(); ++t)
        x[t] = uniform(rng) < 0.03 ? missing : 0.5 * common[t] + noise(rng) + (k == 1 ? 1e3 : 0.0);
      if (k == 2)
        for (std::size_t t = 0; t < x.size(); ++t) x[t] = 1.0 + (t == 7 ? 1e-9 : 0.0);
      series.push_back(x);
    }
    std::vector<std::span<const double>> spans(series.begin(), series.end());
    const double best = evstudy::mean_pairwise_correlation(spans);
    const double portable = evstudy::mean_pairwise_correlation(spans, evstudy::Instructions::portable);
    INFO(count << " series");
    CHECK(best == portable);
    CHECK_THAT(best, WithinRel(by_definition(series), 1e-9));
  }
}
