#include <catch2/catch.hpp>
#include <cmath>
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
