#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "evstudy/study/security_event.hpp"

using evstudy::missing;

namespace {

/// The same bits, or both missing (the general loop leaves SAR missing where AR is; the vector
/// loop's NaN is the same missing value, whichever NaN it is).
bool same_value(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

/// 700 trading days of one security and the market, with missing returns of either here and
/// there, so that event windows hold missing days at every position of a vector.
evstudy::Panel gappy_panel() {
  evstudy::Panel p;
  std::mt19937_64 rng(20260211);
  std::normal_distribution<double> z(0.0, 0.01);
  std::bernoulli_distribution gap(0.04);
  for (int d = 0; d < 700; ++d) p.calendar.push_back(evstudy::Date{20000 + d});
  p.tickers = {"WAL"};
  p.returns.assign(1, {});
  for (int d = 0; d < 700; ++d) {
    const double m = z(rng);
    p.market.push_back(gap(rng) ? missing : m);
    p.returns[0].push_back(gap(rng) ? missing : 0.0003 + 1.3 * m + z(rng));
  }
  return p;
}

}  // namespace

TEST_CASE("the market model's event-window loop gives the general loop's bits", "[study]") {
  // Without the days kept, the market model's ARs and SARs come from a loop of their own,
  // vectorized (four days to a vector with AVX2), and from a second form of it without SARs
  // when no test reads them; with the days kept, from the general loop, day by day. All must
  // give the same bits, missing days included, and the same CARs.
  const evstudy::Panel panel = gappy_panel();
  const evstudy::WindowMoments moments(panel.returns[0], panel.market);
  evstudy::StudySpec spec;
  spec.estimation.offsets = {-260, -11};
  spec.window = {-10, 10};
  spec.car_windows = {{-10, 10}, {-1, 1}, {0, 0}};
  spec.with_tests = true;  // the tests read the SARs
  int compared = 0, missing_ars = 0;
  for (evstudy::i64 d0 = 260; d0 + 10 < 700; d0 += 7) {
    std::string reason;
    spec.keep_days = true;
    const auto kept = evstudy::analyse_security(spec, panel, 0, d0, reason, &moments);
    spec.keep_days = false;
    const auto lean = evstudy::analyse_security(spec, panel, 0, d0, reason, &moments);
    REQUIRE(kept);
    REQUIRE(lean);
    REQUIRE(kept->ar.size() == 21);
    REQUIRE(lean->ar.size() == 21);
    REQUIRE(lean->sar.size() == 21);
    CHECK(lean->ret.empty());  // the returns went through the thread's buffer
    for (std::size_t k = 0; k < 21; ++k) {
      INFO("day 0 at " << d0 << ", window day " << k);
      CHECK(same_value(kept->ar[k], lean->ar[k]));
      CHECK(same_value(kept->sar[k], lean->sar[k]));
      missing_ars += std::isnan(kept->ar[k]) ? 1 : 0;
    }
    // Neither tests nor kept days: no SARs (nothing reads them), the same ARs and CARs.
    spec.with_tests = false;
    const auto car_only = evstudy::analyse_security(spec, panel, 0, d0, reason, &moments);
    spec.with_tests = true;
    REQUIRE(car_only);
    CHECK(car_only->sar.empty());
    REQUIRE(car_only->ar.size() == 21);
    for (std::size_t k = 0; k < 21; ++k) CHECK(same_value(kept->ar[k], car_only->ar[k]));
    for (std::size_t w = 0; w < spec.car_windows.size(); ++w) {
      CHECK(same_value(kept->cars[w].car, lean->cars[w].car));
      CHECK(same_value(kept->cars[w].scar, lean->cars[w].scar));
      CHECK(same_value(kept->cars[w].car, car_only->cars[w].car));
      CHECK(same_value(kept->cars[w].scar, car_only->cars[w].scar));
      CHECK(same_value(kept->cars[w].bhar, car_only->cars[w].bhar));
    }
    ++compared;
  }
  CHECK(compared > 50);
  CHECK(missing_ars > 50);  // missing days fell at many places of the windows
}
