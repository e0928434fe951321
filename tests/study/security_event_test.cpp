#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
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

/// The market model with estimation -260:-11 and window -10:10, and `car_windows`.
evstudy::StudySpec market_spec(std::vector<evstudy::Window> car_windows) {
  evstudy::StudySpec spec;
  spec.estimation.offsets = {-260, -11};
  spec.window = {-10, 10};
  spec.car_windows = std::move(car_windows);
  return spec;
}

}  // namespace

TEST_CASE("the market model's event-window loop gives the general loop's bits", "[study]") {
  // Without the days kept, the market model's ARs and SARs come from a loop of their own,
  // vectorized (four days to a vector with AVX2), and from a second form of it without SARs
  // when no test reads them; with the days kept, from the general loop, day by day. All must
  // give the same bits, missing days included, and the same CARs.
  const evstudy::Panel panel = gappy_panel();
  const evstudy::WindowMoments moments(panel.returns[0], panel.market);
  evstudy::StudySpec spec = market_spec({{-10, 10}, {-1, 1}, {0, 0}});
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

TEST_CASE("CARs made ahead with the fit are the analysis' CARs, bit for bit, and its skips' reasons", "[study]") {
  // A CAR-only study (no tests, no days kept, no AARs) makes each security-event's CARs with its
  // fit, security by security, and the events then only take them: the same fit, the same
  // CARs (missing where a window's day is missing), and the same skips with the same reasons.
  const evstudy::Panel panel = gappy_panel();
  const evstudy::WindowMoments moments(panel.returns[0], panel.market);
  evstudy::StudySpec spec = market_spec({{-10, 10}, {-1, 1}, {0, 0}, {3, 10}});
  spec.with_tests = false;
  spec.keep_days = false;
  spec.with_aar = false;
  int compared = 0, missing_cars = 0, skipped = 0;
  for (evstudy::i64 d0 = 240; d0 < 700; d0 += 3) {  // some before the estimation window fits, some past the data
    std::string reason;
    const std::optional<evstudy::SecurityEvent> analysed = evstudy::analyse_security(spec, panel, 0, d0, reason, &moments);
    std::string fit_reason;
    std::vector<evstudy::CarValue> cars(spec.car_windows.size());
    const evstudy::FitAhead ahead = evstudy::fit_ahead(spec, panel, 0, d0, moments, fit_reason, cars.data());
    evstudy::SecurityEvent se;
    std::string ahead_reason;
    const bool done = evstudy::analyse_security_with_fit(spec, panel, 0, d0, ahead_reason, se, ahead, fit_reason, cars.data());
    INFO("day 0 at " << d0);
    REQUIRE(done == analysed.has_value());
    if (!done) {
      CHECK(ahead_reason == reason);
      CHECK(!reason.empty());
      CHECK(std::isnan(cars[0].car));  // no fit: the CARs left as they were
      ++skipped;
      continue;
    }
    CHECK(se.ticker == "WAL");
    CHECK(se.day0 == d0);
    CHECK(se.day0_date == analysed->day0_date);
    CHECK(se.est_first == analysed->est_first);
    CHECK(se.fit.n_est == analysed->fit.n_est);
    CHECK(same_value(se.fit.alpha, analysed->fit.alpha));
    CHECK(same_value(se.fit.beta, analysed->fit.beta));
    CHECK(same_value(se.fit.sigma, analysed->fit.sigma));
    CHECK(same_value(se.fit.r2, analysed->fit.r2));
    CHECK(se.ar.empty());
    REQUIRE(se.cars.size() == 4);
    for (std::size_t w = 0; w < 4; ++w) {
      CHECK(same_value(se.cars[w].car, analysed->cars[w].car));
      CHECK(same_value(se.cars[w].scar, analysed->cars[w].scar));
      CHECK(same_value(se.cars[w].bhar, analysed->cars[w].bhar));
      missing_cars += std::isnan(se.cars[w].car) ? 1 : 0;
    }
    // The whole window's CAR by hand, where it is complete: the ARs' sum in day order.
    if (!std::isnan(se.cars[0].car)) {
      double car = 0.0;
      for (evstudy::i64 t = d0 - 10; t <= d0 + 10; ++t) {
        const auto day = static_cast<std::size_t>(t);
        car += panel.returns[0][day] - (se.fit.alpha + se.fit.beta * panel.market[day]);
      }
      CHECK_THAT(se.cars[0].car, Catch::Matchers::WithinAbs(car, 1e-15));
    }
    ++compared;
  }
  CHECK(compared > 100);
  CHECK(missing_cars > 50);
  CHECK(skipped > 5);
}

TEST_CASE("an analysis into a result that held another one leaves nothing of the earlier one", "[study]") {
  // The study analyses each security into its place among the results, and the kernel's
  // benchmark into one result again and again: every field must come from this analysis. A
  // result first filled with every day kept and the tests' series, then used for an analysis
  // without them (and the other way round), must equal a fresh analysis, bit for bit.
  const evstudy::Panel panel = gappy_panel();
  const evstudy::WindowMoments moments(panel.returns[0], panel.market);
  evstudy::StudySpec full = market_spec({{-10, 10}, {-1, 1}});
  full.with_tests = true;
  full.keep_days = true;
  evstudy::StudySpec lean = full;
  lean.with_tests = false;
  lean.keep_days = false;
  lean.car_windows = {{0, 0}};
  auto same_days = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
      if (!same_value(a[k], b[k])) return false;
    return true;
  };
  auto same = [&](const evstudy::SecurityEvent& a, const evstudy::SecurityEvent& b) {
    bool cars = a.cars.size() == b.cars.size();
    for (std::size_t w = 0; cars && w < a.cars.size(); ++w)
      cars = same_value(a.cars[w].car, b.cars[w].car) && same_value(a.cars[w].scar, b.cars[w].scar) &&
             same_value(a.cars[w].bhar, b.cars[w].bhar);
    return cars && a.ticker == b.ticker && a.day0 == b.day0 && a.day0_date == b.day0_date && a.dates == b.dates &&
           a.times == b.times && same_days(a.ret, b.ret) && same_days(a.market, b.market) && same_days(a.normal, b.normal) &&
           same_days(a.ar, b.ar) && same_days(a.car, b.car) && same_days(a.sar, b.sar) &&
           same_days(a.est_residuals, b.est_residuals) && same_days(a.est_market, b.est_market) &&
           a.est_first == b.est_first && same_value(a.fit.alpha, b.fit.alpha) && same_value(a.fit.beta, b.fit.beta) &&
           same_value(a.fit.sigma, b.fit.sigma) && a.fit.n_est == b.fit.n_est;
  };
  evstudy::SecurityEvent reused;
  int compared = 0;
  for (evstudy::i64 d0 = 270; d0 + 10 < 700; d0 += 37) {
    for (const evstudy::StudySpec* spec : {&full, &lean, &full}) {
      std::string reason;
      REQUIRE(evstudy::analyse_security_into(*spec, panel, 0, d0, reason, reused, &moments));
      const auto fresh = evstudy::analyse_security(*spec, panel, 0, d0, reason, &moments);
      REQUIRE(fresh);
      INFO("day 0 at " << d0 << (spec == &full ? ", days and tests kept" : ", CAR only"));
      CHECK(same(reused, *fresh));
      CHECK(reused.dates.size() == (spec == &full ? 21u : 0u));
      CHECK(reused.est_residuals.size() == (spec == &full ? 250u : 0u));
      CHECK(reused.cars.size() == spec->car_windows.size());
      ++compared;
    }
    // Moved to the next day 0 on the same result: its day 0 and first estimation day follow.
    CHECK(reused.day0 == d0);
    CHECK(reused.est_first == d0 - 260);
  }
  CHECK(compared >= 30);
  // A skip leaves the reason; the result is not read.
  std::string reason;
  CHECK_FALSE(evstudy::analyse_security_into(full, panel, 0, 695, reason, reused, &moments));
  CHECK(reason.find("event window runs past the last trading day") == 0);
}
