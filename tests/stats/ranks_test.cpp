#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "evstudy/stats/distributions.hpp"
#include "evstudy/stats/ranks.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using evstudy::missing;

TEST_CASE("ties share their average rank, missing values stay missing", "[stats]") {
  const std::vector<double> x{3.0, 1.0, missing, 3.0, 2.0};
  const auto r = evstudy::average_ranks(x);
  CHECK(r[0] == 3.5);
  CHECK(r[1] == 1.0);
  CHECK(std::isnan(r[2]));
  CHECK(r[3] == 3.5);
  CHECK(r[4] == 2.0);
  CHECK(evstudy::median(x) == 2.5);
  CHECK(evstudy::median(std::vector<double>{5.0, missing, 1.0, 3.0}) == 3.0);
}

TEST_CASE("ranks by radix sort equal ranks by counting, signs, zeros, ties and wide magnitudes included", "[stats]") {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 0.02);
  for (const std::size_t n : {1U, 2U, 3U, 17U, 271U, 1000U}) {
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) {
      x[k] = normal(rng);
      if (k % 7 == 3) x[k] = x[k / 2];              // ties
      if (k % 11 == 5) x[k] = (k % 2 != 0) ? -0.0 : 0.0;  // both zeros tie
      if (k % 13 == 6) x[k] *= 1e200;               // far apart exponents
      if (k % 17 == 8) x[k] = missing;
    }
    const auto r = evstudy::ranks_and_median(x);
    double count = 0.0;
    std::vector<double> present;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(x[i])) {
        CHECK(std::isnan(r.ranks[i]));
        continue;
      }
      present.push_back(x[i]);
      // Average rank by counting: 1 + (number below) + (number equal - 1) / 2.
      double below = 0.0;
      double equal = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        if (std::isnan(x[j])) continue;
        below += x[j] < x[i] ? 1.0 : 0.0;
        equal += x[j] == x[i] ? 1.0 : 0.0;
      }
      CHECK(r.ranks[i] == 1.0 + below + (equal - 1.0) / 2.0);
      count += 1.0;
    }
    CHECK(r.count == count);
    std::sort(present.begin(), present.end());
    const std::size_t m = present.size();
    const double median = m % 2 == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2.0;
    CHECK(r.median == median);
  }
}

TEST_CASE("ranks of values closer than the sort's keys tell apart", "[stats]") {
  // Neighbouring doubles and values 1e-12 apart share a 16-bit key (a 65,536th of the range):
  // their order comes from the values. Shuffled, so that the radix passes leave them out of
  // order.
  std::vector<double> x;
  for (int k = 0; k < 40; ++k) x.push_back(0.01 + 1e-12 * k);
  for (int k = 0; k < 12; ++k) x.push_back(-0.015 * (1.0 + std::ldexp(1.0, -14) * k));
  x.push_back(-0.015);  // a tie within that run
  for (int k = 0; k < 10; ++k) x.push_back(std::nextafter(-0.02, 1.0 * k));
  x.push_back(std::nextafter(0.01, 1.0));
  x.push_back(0.01);  // a tie with x[0]
  std::mt19937_64 rng(3);
  std::shuffle(x.begin(), x.end(), rng);
  const auto r = evstudy::ranks_and_median(x);
  for (std::size_t i = 0; i < x.size(); ++i) {
    double below = 0.0;
    double equal = 0.0;
    for (const double y : x) {
      below += y < x[i] ? 1.0 : 0.0;
      equal += y == x[i] ? 1.0 : 0.0;
    }
    REQUIRE(r.ranks[i] == 1.0 + below + (equal - 1.0) / 2.0);
  }
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  REQUIRE(sorted.size() == 65);
  CHECK(r.median == sorted[32]);
}

namespace {

/// Average ranks by a comparison sort: the reference for larger inputs than counting allows.
std::vector<double> ranks_by_sort(const std::vector<double>& x) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&x](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> r(x.size(), missing);
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    i = j + 1;
  }
  return r;
}

void check_ranks(const std::vector<double>& x) {
  const auto got = evstudy::ranks_and_median(x);
  const auto expected = ranks_by_sort(x);
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!(got.ranks[i] == expected[i] || (std::isnan(got.ranks[i]) && std::isnan(expected[i])))) ++wrong;
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("ranks: more values than 16-bit positions, infinities, and most values on one key", "[stats]") {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0.0, 0.02);
  // 70,000 values (past 2^16 positions: the comparison sort), with ties and gaps.
  std::vector<double> many(70000);
  for (std::size_t k = 0; k < many.size(); ++k) many[k] = k % 9 == 4 ? many[k / 3] : (k % 23 == 1 ? missing : normal(rng));
  check_ranks(many);
  // Infinities: no finite range (the comparison sort).
  std::vector<double> infinite(300);
  for (double& v : infinite) v = normal(rng);
  infinite[10] = std::numeric_limits<double>::infinity();
  infinite[20] = -std::numeric_limits<double>::infinity();
  infinite[30] = std::numeric_limits<double>::infinity();
  check_ranks(infinite);
  // One value a million times further out than the rest: they share a handful of 16-bit keys,
  // in runs far longer than insertion suits (sorted by comparison).
  std::vector<double> outlier(271);
  for (std::size_t k = 0; k < outlier.size(); ++k) outlier[k] = k % 5 == 2 ? outlier[k / 2] : normal(rng);
  outlier[100] = 2e4;
  check_ranks(outlier);
  CHECK(evstudy::ranks_and_median(outlier).ranks[100] == 271.0);
}

TEST_CASE("ranks are the same with the best and the portable instructions", "[stats]") {
  // Every length from 1 to 600 (the vector paths' partial last steps included), with missing
  // values, ties, both zeros, far-apart magnitudes and values closer than the keys tell apart;
  // the ranks, count, median and tie sum compared exactly. (On a CPU without AVX-512 both take
  // the portable path.)
  std::mt19937_64 rng(20261205);
  std::normal_distribution<double> normal(0.0, 0.02);
  std::uniform_int_distribution<int> kind(0, 19);
  std::size_t tied_sets = 0;
  for (std::size_t n = 1; n <= 600; ++n) {
    std::vector<double> x(n);
    for (std::size_t k = 0; k < n; ++k) {
      const int what = kind(rng);
      x[k] = normal(rng);
      if (what == 0) x[k] = missing;
      if (what == 1 && k > 0) x[k] = x[k / 2];  // a tie (or a second missing value)
      if (what == 2) x[k] = (k % 2 != 0) ? -0.0 : 0.0;
      if (what == 3 && k > 0) x[k] = std::nextafter(x[k - 1], 1.0);
      if (what == 4 && n % 5 == 0) x[k] *= 1e150;
    }
    std::vector<double> best(n), portable(n);
    const evstudy::RankSummary b = evstudy::rank_into(x, best);
    const evstudy::RankSummary p = evstudy::rank_into(x, portable, evstudy::Instructions::portable);
    INFO("n " << n);
    std::size_t differ = 0;
    for (std::size_t k = 0; k < n; ++k)
      if (!(best[k] == portable[k] || (std::isnan(best[k]) && std::isnan(portable[k])))) ++differ;
    CHECK(differ == 0);
    CHECK(b.count == p.count);
    CHECK((b.median == p.median || (std::isnan(b.median) && std::isnan(p.median))));
    CHECK(b.ties == p.ties);
    if (p.ties > 0.0) ++tied_sets;
  }
  CHECK(tied_sets > 400);  // the ties' path is taken, not only the usual one
}

TEST_CASE("Wilcoxon: exact tails for small untied samples, normal with tie correction otherwise", "[stats]") {
  // |x| ranks 1..4, positives at ranks 2, 3, 4: W+ = 9. Of the 16 equally likely sign patterns
  // only {2,3,4} and {1,2,3,4} reach a sum >= 9, so p = 2 * 2/16 = 0.25.
  const auto w = evstudy::wilcoxon_signed_rank(std::vector<double>{-0.1, 0.2, 0.3, 0.4, 0.0});
  CHECK(w.n_nonzero == 4);
  CHECK(w.w_plus == 9.0);
  CHECK_THAT(w.p_value, WithinRel(0.25, 1e-15));
  // Ties among |x| (two 0.2s): normal approximation, Var = 4*5*9/24 - (8-2)/48 = 7.375.
  const auto t = evstudy::wilcoxon_signed_rank(std::vector<double>{-0.1, 0.2, -0.2, 0.4});
  CHECK(t.w_plus == 6.5);  // ranks: 0.1 -> 1, 0.2 -> 2.5, 0.2 -> 2.5, 0.4 -> 4; positives 2.5 + 4
  CHECK_THAT(t.p_value, WithinRel(evstudy::two_sided_p_normal((6.5 - 5.0) / std::sqrt(7.375)), 1e-15));
}

TEST_CASE("two-sided p-values of the normal and Student t", "[stats]") {
  CHECK_THAT(evstudy::two_sided_p_normal(1.959963984540054), WithinRel(0.05, 1e-12));
  CHECK_THAT(evstudy::two_sided_p_normal(-2.5758293035489004), WithinRel(0.01, 1e-12));
  // t(10): 2.228138851986273 is the 97.5% quantile.
  CHECK_THAT(evstudy::two_sided_p_student(2.228138851986273, 10.0), WithinRel(0.05, 1e-12));
  CHECK(std::isnan(evstudy::two_sided_p_student(1.0, 0.0)));
  CHECK(std::isnan(evstudy::two_sided_p_normal(missing)));
}

#include "evstudy/stats/event_tests.hpp"

TEST_CASE("r-bar: the O(N n) form equals the pairwise form when the missing days coincide", "[stats]") {
  std::mt19937_64 rng(20260211);
  std::normal_distribution<double> noise(0.0, 0.01);
  evstudy::EventResult event;
  const std::size_t n = 60;
  std::vector<double> common(n);
  for (double& c : common) c = noise(rng);
  for (int i = 0; i < 7; ++i) {
    evstudy::SecurityEvent se;
    se.est_residuals.resize(n);
    for (std::size_t t = 0; t < n; ++t) se.est_residuals[t] = 0.5 * common[t] + noise(rng);
    se.est_residuals[3] = evstudy::missing;  // the same missing day everywhere: the fast form
    event.securities.push_back(se);
  }
  const std::vector<std::size_t> all{0, 1, 2, 3, 4, 5, 6};
  // Pairwise by hand (Pearson over the days both have).
  double sum = 0.0, pairs = 0.0;
  for (std::size_t a = 0; a < 7; ++a)
    for (std::size_t b = a + 1; b < 7; ++b) {
      const auto& x = event.securities[a].est_residuals;
      const auto& y = event.securities[b].est_residuals;
      double k = 0, sx = 0, sy = 0;
      for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(x[t])) k += 1, sx += x[t], sy += y[t];
      double sxx = 0, syy = 0, sxy = 0;
      for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(x[t])) {
          sxx += (x[t] - sx / k) * (x[t] - sx / k);
          syy += (y[t] - sy / k) * (y[t] - sy / k);
          sxy += (x[t] - sx / k) * (y[t] - sy / k);
        }
      sum += sxy / std::sqrt(sxx * syy);
      pairs += 1;
    }
  CHECK_THAT(evstudy::mean_residual_correlation(event, all), WithinRel(sum / pairs, 1e-12));
  // A different missing day in one series takes the pairwise path and still agrees with it.
  event.securities[2].est_residuals[10] = evstudy::missing;
  const double pairwise = evstudy::mean_residual_correlation(event, all);
  CHECK(pairwise > 0.1);
  CHECK_THAT(pairwise, WithinRel(sum / pairs, 0.05));
}
