#include <catch2/catch.hpp>
#include <cmath>
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

TEST_CASE("securities are placed on the market's calendar", "[kernel]") {
  using evstudy::from_ymd;
  const evstudy::PriceSeries market{
      "SPX", {from_ymd(2026, 2, 11), from_ymd(2026, 2, 12), from_ymd(2026, 2, 13), from_ymd(2026, 2, 17)}, {100.0, 101.0, 102.01, 103.0}, {}};
  // The security lacks Feb 12, has a row on Saturday Feb 14 (which the market lacks: ignored
  // and counted) and one after the market's last day (outside the study: not counted).
  const evstudy::PriceSeries stock{
      "KEY", {from_ymd(2026, 2, 11), from_ymd(2026, 2, 13), from_ymd(2026, 2, 14), from_ymd(2026, 2, 18)}, {10.0, 11.0, 12.0, 13.0}, {}};
  // A security with a row on every trading day (taken as it is), one missing close among them.
  const evstudy::PriceSeries full{"WAL", market.dates, {50.0, 55.0, evstudy::missing, 60.5}, {}};
  const evstudy::PriceSeries* securities[] = {&stock, &full};
  const evstudy::Panel panel = evstudy::build_panel(market, securities, {});
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
