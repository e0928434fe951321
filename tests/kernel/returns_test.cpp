#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "evstudy/kernel/panel.hpp"
#include "evstudy/kernel/returns.hpp"
#include "evstudy/core/types.hpp"

using Catch::Matchers::WithinRel;
using evstudy::missing;

TEST_CASE("simple and log returns come from consecutive closes", "[kernel]") {
  const std::vector<double> closes{100.0, 110.0, 99.0};
  const auto simple = evstudy::returns_from_closes(closes, evstudy::ReturnKind::simple, evstudy::GapPolicy::drop);
  CHECK(std::isnan(simple[0]));
  CHECK_THAT(simple[1], WithinRel(0.1, 1e-15));
  CHECK_THAT(simple[2], WithinRel(-0.1, 1e-14));
  const auto log = evstudy::returns_from_closes(closes, evstudy::ReturnKind::log, evstudy::GapPolicy::drop);
  CHECK_THAT(log[2], WithinRel(std::log(0.9), 1e-15));
}

TEST_CASE("a missing close drops both returns that touch it, or lumps them", "[kernel]") {
  const std::vector<double> closes{100.0, 110.0, missing, 121.0, 133.1};
  const auto dropped = evstudy::returns_from_closes(closes, evstudy::ReturnKind::simple, evstudy::GapPolicy::drop);
  CHECK(std::isnan(dropped[2]));
  CHECK(std::isnan(dropped[3]));
  CHECK_THAT(dropped[4], WithinRel(0.1, 1e-14));
  const auto lumped = evstudy::returns_from_closes(closes, evstudy::ReturnKind::simple, evstudy::GapPolicy::lump);
  CHECK(std::isnan(lumped[2]));
  CHECK_THAT(lumped[3], WithinRel(0.1, 1e-14));  // 121 / 110 - 1: the two days' move lands on resumption
}

TEST_CASE("returns in the closes' own storage are returns_from_closes' bits", "[kernel]") {
  // Random closes with missing ones at the ends, in runs and alone, for every kind and policy.
  std::vector<double> closes;
  std::uint64_t state = 2026;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int t = 0; t < 997; ++t) closes.push_back(next() < 0.1 ? missing : 20.0 + 80.0 * next());
  closes.front() = missing;
  closes.back() = missing;
  for (const auto kind : {evstudy::ReturnKind::simple, evstudy::ReturnKind::log})
    for (const auto gaps : {evstudy::GapPolicy::drop, evstudy::GapPolicy::lump}) {
      // Returns computed here day by day, independently of both.
      std::vector<double> expected(closes.size(), missing);
      double previous = missing;
      for (std::size_t t = 0; t < closes.size(); ++t) {
        if (!std::isnan(closes[t]) && !std::isnan(previous))
          expected[t] = kind == evstudy::ReturnKind::simple ? closes[t] / previous - 1.0 : std::log(closes[t] / previous);
        if (gaps == evstudy::GapPolicy::drop || !std::isnan(closes[t])) previous = closes[t];
      }
      std::vector<double> in_place = closes;
      evstudy::returns_in_place(in_place, kind, gaps);
      const std::vector<double> copied = evstudy::returns_from_closes(closes, kind, gaps);
      int present = 0;
      for (std::size_t t = 0; t < closes.size(); ++t) {
        INFO("day " << t);
        CHECK(std::isnan(in_place[t]) == std::isnan(expected[t]));
        CHECK(std::isnan(copied[t]) == std::isnan(expected[t]));
        if (std::isnan(expected[t])) continue;
        ++present;
        CHECK(in_place[t] == expected[t]);
        CHECK(copied[t] == expected[t]);
      }
      CHECK(present > 700);
    }
  std::vector<double> none;
  evstudy::returns_in_place(none, evstudy::ReturnKind::simple, evstudy::GapPolicy::drop);
  CHECK(none.empty());
  std::vector<double> one{100.0};
  evstudy::returns_in_place(one, evstudy::ReturnKind::simple, evstudy::GapPolicy::drop);
  CHECK(std::isnan(one[0]));
}

TEST_CASE("securities are placed on the market's calendar", "[kernel]") {
  using evstudy::from_ymd;
  const evstudy::PriceSeries market{
      "SPX", {from_ymd(2026, 2, 11), from_ymd(2026, 2, 12), from_ymd(2026, 2, 13), from_ymd(2026, 2, 17)}, {100.0, 101.0, 102.01, 103.0}, {}};
  // The security lacks Feb 12, has a row on Saturday Feb 14 (which the market lacks: ignored
  // and counted) and one after the market's last day (outside the study: not counted).
  evstudy::PriceSeries stock{
      "KEY", {from_ymd(2026, 2, 11), from_ymd(2026, 2, 13), from_ymd(2026, 2, 14), from_ymd(2026, 2, 18)}, {10.0, 11.0, 12.0, 13.0}, {}};
  // A security with a row on every trading day (taken as it is), one missing close among them.
  evstudy::PriceSeries full{"WAL", market.dates, {50.0, 55.0, evstudy::missing, 60.5}, {}};
  const double* full_storage = full.values.data();
  evstudy::PriceSeries* securities[] = {&stock, &full};
  const evstudy::Panel panel = evstudy::build_panel(market, securities, {});
  // The panel took the securities' series; the full one's closes became its returns in place.
  CHECK(stock.values.capacity() == 0);
  CHECK(stock.dates.capacity() == 0);
  CHECK(full.values.capacity() == 0);
  CHECK(full.dates.capacity() == 0);
  CHECK(stock.ticker == "KEY");
  CHECK(panel.returns[1].data() == full_storage);
  CHECK(market.values.size() == 4);  // the market's series is left as it is
  REQUIRE(panel.calendar.size() == 4);
  CHECK(panel.off_calendar[0] == 1);
  CHECK(std::isnan(panel.returns[0][1]));
  CHECK(std::isnan(panel.returns[0][2]));  // the close before it is missing
  CHECK(std::isnan(panel.returns[0][3]));  // no close on Feb 17
  CHECK_THAT(panel.market[2], WithinRel(0.01, 1e-12));
  CHECK(panel.off_calendar[1] == 0);
  REQUIRE(panel.returns[1].size() == 4);
  CHECK(std::isnan(panel.returns[1][0]));
  CHECK(panel.returns[1][1] == 55.0 / 50.0 - 1.0);
  CHECK(std::isnan(panel.returns[1][2]));
  CHECK(std::isnan(panel.returns[1][3]));  // the close before it is missing
}
