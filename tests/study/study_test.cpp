#include <catch2/catch.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "evstudy/io/tz_database.hpp"
#include "evstudy/study/study.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using evstudy::from_ymd;
using evstudy::missing;

namespace {

evstudy::EventSpec event(std::string id, evstudy::EventTime time, std::optional<std::string> ticker = std::nullopt) {
  evstudy::EventSpec e;
  e.id = std::move(id);
  e.time = time;
  e.ticker = std::move(ticker);
  return e;
}

/// Returns given directly (no prices): five estimation days then a three-day event window
/// (the hand example of models/model_test.cpp), on trading days 2026-02-02..2026-02-11.
evstudy::Panel hand_panel() {
  evstudy::Panel p;
  for (int d : {2, 3, 4, 5, 6, 9, 10, 11}) p.calendar.push_back(from_ymd(2026, 2, d));
  p.tickers = {"KEY"};
  p.returns = {{0.01, 0.02, -0.01, 0.03, 0.0, 0.04, -0.02, 0.01}};
  p.market = {0.005, 0.01, -0.005, 0.02, 0.0, 0.01, -0.01, 0.0};
  p.off_calendar = {0};
  return p;
}

evstudy::StudySpec hand_spec() {
  evstudy::StudySpec s;
  s.market = "SPX";
  s.window = {0, 2};
  s.estimation.offsets = {-5, -1};
  s.car_windows = {{0, 2}, {0, 0}};
  s.groups = {{"all", {"KEY"}}};
  s.exchange = {&evstudy::load_zone("America/New_York"), 16 * 3600};
  // Day 0 = Monday 2026-02-09: an event on Saturday the 7th moves there.
  s.events = {event("e1", evstudy::EventTime::on_date(from_ymd(2026, 2, 7)))};
  return s;
}

/// A panel of `securities` tickers T10, T11, ... on `days` trading days from `first_day`
/// (weekends left out): market returns N(0, 0.01), each security's 0.0003 + beta x market +
/// N(0, 0.01), then gap(i, d) asked, after each return is drawn, whether it is missing.
template <typename Gap>
evstudy::Panel random_panel(std::mt19937_64& rng, int securities, int days, int first_day, double beta, const Gap& gap) {
  std::normal_distribution<double> noise(0.0, 0.01);
  evstudy::Panel p;
  for (int d = 0; d < days; ++d) p.calendar.push_back(evstudy::Date{first_day + d + 2 * (d / 5)});
  p.market.resize(static_cast<std::size_t>(days));
  for (double& m : p.market) m = noise(rng);
  for (int i = 0; i < securities; ++i) {
    std::string ticker = "T";
    ticker += std::to_string(10 + i);  // not "T" + ...: GCC 12 warns falsely (-Wrestrict) on that
    p.tickers.push_back(ticker);
    std::vector<double> r(static_cast<std::size_t>(days));
    for (std::size_t d = 0; d < r.size(); ++d) {
      r[d] = 0.0003 + beta * p.market[d] + noise(rng);
      if (gap(i, d)) r[d] = missing;
    }
    p.returns.push_back(std::move(r));
    p.off_calendar.push_back(0);
  }
  return p;
}

/// The hand spec on `p`'s securities, all in one group: event window -3:5, estimation
/// -120:-6, CARs over -3:5 and 0:1; no events yet.
evstudy::StudySpec nine_day_spec(const evstudy::Panel& p) {
  evstudy::StudySpec s = hand_spec();
  s.window = {-3, 5};
  s.estimation.offsets = {-120, -6};
  s.car_windows = {{-3, 5}, {0, 1}};
  s.groups = {{"all", p.tickers}};
  s.events.clear();
  return s;
}

}  // namespace

TEST_CASE("AR, CAR, SCAR and BHAR match the hand example", "[study]") {
  const evstudy::StudyResult result = evstudy::run_study(hand_spec(), hand_panel());
  REQUIRE(result.events.size() == 1);
  REQUIRE(result.events[0].securities.size() == 1);
  const evstudy::SecurityEvent& se = result.events[0].securities[0];
  CHECK(se.dates[0] == from_ymd(2026, 2, 9));
  // AR = r - 1/3700 - (60/37) m, exactly 87/3700, -15/3700, 36/3700.
  CHECK_THAT(se.ar[0], WithinRel(87.0 / 3700.0, 1e-12));
  CHECK_THAT(se.ar[1], WithinRel(-15.0 / 3700.0, 1e-11));
  CHECK_THAT(se.ar[2], WithinRel(36.0 / 3700.0, 1e-11));
  CHECK_THAT(se.car[2], WithinRel(108.0 / 3700.0, 1e-12));
  CHECK_THAT(se.cars[0].car, WithinRel(108.0 / 3700.0, 1e-12));
  // SCAR with the exact CAR variance sigma^2 [3 + 9/5 + (sum (m - 0.006))^2 / S_mm]
  CHECK_THAT(se.cars[0].scar, WithinRel(4.082016308499654, 1e-12));
  // SAR on day 0: AR / (sigma sqrt(1 + 1/5 + (0.01 - 0.006)^2 / S_mm))
  CHECK_THAT(se.sar[0], WithinRel(7.02588382185906, 1e-12));
  // BHAR = 1.04 * 0.98 * 1.01 - 1.01 * 0.99 * 1.0 = 0.029492
  CHECK_THAT(se.cars[0].bhar, WithinAbs(0.029492, 1e-15));
  CHECK_THAT(se.cars[1].car, WithinRel(87.0 / 3700.0, 1e-12));
  // One security: the group's AAR and CAAR are its own.
  const evstudy::GroupEvent& g = result.events[0].groups[0];
  CHECK(g.aar[1].n == 1);
  CHECK_THAT(g.aar[1].aar, WithinRel(-15.0 / 3700.0, 1e-11));
  CHECK_THAT(g.caar[0].caar, WithinRel(108.0 / 3700.0, 1e-12));
}

TEST_CASE("a missing AR leaves the CAR window incomplete but the running CAR goes on", "[study]") {
  evstudy::Panel p = hand_panel();
  p.returns[0][6] = missing;
  const evstudy::StudyResult result = evstudy::run_study(hand_spec(), p);
  const evstudy::SecurityEvent& se = result.events[0].securities[0];
  CHECK(std::isnan(se.ar[1]));
  CHECK_THAT(se.car[1], WithinRel(87.0 / 3700.0, 1e-12));
  CHECK_THAT(se.car[2], WithinRel(123.0 / 3700.0, 1e-12));
  CHECK(std::isnan(se.cars[0].car));
  CHECK(std::isnan(se.cars[0].scar));
  CHECK(result.events[0].groups[0].caar[0].n == 0);
  CHECK(result.events[0].groups[0].caar[1].n == 1);
}

TEST_CASE("windows that run off the data are reported skips with their reasons", "[study]") {
  evstudy::StudySpec spec = hand_spec();
  spec.events = {event("early", evstudy::EventTime::on_date(from_ymd(2026, 2, 5))),
                 event("late", evstudy::EventTime::on_date(from_ymd(2026, 2, 11))),
                 event("after", evstudy::EventTime::on_date(from_ymd(2026, 3, 2)))};
  const evstudy::StudyResult result = evstudy::run_study(spec, hand_panel());
  REQUIRE(result.skips.size() == 3);
  CHECK(result.skips[0].event == "after");
  CHECK(result.skips[0].reason == "day 0 falls after the last trading day 2026-02-11");
  CHECK(result.skips[1].event == "early");
  CHECK(result.skips[1].reason == "estimation window starts before the data (2 trading days missing)");
  CHECK(result.skips[2].event == "late");
  CHECK(result.skips[2].reason == "event window runs past the last trading day 2026-02-11");
  CHECK(result.events.size() == 3);
  CHECK(result.events[0].securities.empty());
}

TEST_CASE("a per-security event row overrides the shared row of the same id", "[study]") {
  evstudy::Panel p = hand_panel();
  p.tickers = {"KEY", "WAL"};
  p.returns.push_back(p.returns[0]);
  p.off_calendar.push_back(0);
  evstudy::StudySpec spec = hand_spec();
  spec.groups = {{"all", {"KEY", "WAL"}}};
  spec.events = {event("e1", evstudy::EventTime::on_date(from_ymd(2026, 2, 9))),
                 event("e1", evstudy::EventTime::on_date(from_ymd(2026, 2, 10)), "WAL")};
  spec.window = {0, 1};
  spec.estimation.offsets = {-5, -1};
  spec.car_windows = {{0, 1}};
  const evstudy::StudyResult result = evstudy::run_study(spec, p);
  REQUIRE(result.events[0].securities.size() == 2);
  CHECK(result.events[0].securities[0].dates[0] == from_ymd(2026, 2, 9));
  CHECK(result.events[0].securities[1].dates[0] == from_ymd(2026, 2, 10));
  CHECK(result.events[0].securities[1].fit.n_est == 5);
}

TEST_CASE("an event's rows find their securities in any order, the first row of a ticker taken", "[study]") {
  // 10 securities T10..T19 (panel order shuffled); two events with a row per ticker at days
  // of their own: one in ticker order with an unknown ticker and a repeated one; one that
  // leaves ticker order half-way, with unknown tickers and repeats before and after.
  std::mt19937_64 rng(707);
  evstudy::Panel p = random_panel(rng, 10, 400, 20000, 1.0, [](int, std::size_t) { return false; });
  std::swap(p.tickers[2], p.tickers[7]);
  std::swap(p.returns[2], p.returns[7]);
  evstudy::StudySpec s = hand_spec();
  s.window = {-2, 2};
  s.estimation.offsets = {-60, -3};
  s.car_windows = {{-2, 2}};
  s.groups = {{"all", p.tickers}};
  struct Row {
    const char* id;
    const char* ticker;
    std::size_t day;
  };
  const std::vector<Row> rows{{"A", "T10", 100}, {"A", "T12", 110}, {"A", "T125", 120}, {"A", "T13", 130},
                              {"A", "T13", 300}, {"A", "T17", 140}, {"A", "T19", 150}, {"A", "ZZ", 160},
                              {"B", "T11", 200}, {"B", "T14", 210}, {"B", "AAA", 220}, {"B", "T16", 230},
                              {"B", "T11", 310}, {"B", "T12", 240}, {"B", "T14", 320}, {"B", "T99", 250},
                              {"B", "T18", 260}};
  s.events.clear();
  for (const Row& r : rows) s.events.push_back(event(r.id, evstudy::EventTime::on_date(p.calendar[r.day]), r.ticker));
  // Expected, row by row: a known ticker's first row sets its day 0; an unknown one is a skip.
  std::map<std::pair<std::string, std::string>, std::size_t> day0;
  std::vector<std::pair<std::string, std::string>> unknown;
  for (const Row& r : rows) {
    const bool known = std::find(p.tickers.begin(), p.tickers.end(), r.ticker) != p.tickers.end();
    if (!known) unknown.emplace_back(r.id, r.ticker);
    else day0.emplace(std::make_pair(std::string(r.id), std::string(r.ticker)), r.day);
  }
  for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    s.threads = threads;
    const evstudy::StudyResult result = evstudy::run_study(s, p);
    REQUIRE(result.events.size() == 2);
    std::size_t analysed = 0;
    for (const evstudy::EventResult& e : result.events)
      for (const evstudy::SecurityEvent& se : e.securities) {
        const auto it = day0.find({e.id, se.ticker});
        REQUIRE(it != day0.end());
        CHECK(se.day0 == static_cast<evstudy::i64>(it->second));
        ++analysed;
      }
    CHECK(analysed == day0.size());
    CHECK(analysed == 10);
    REQUIRE(result.skips.size() == unknown.size());
    for (const evstudy::Skip& skip : result.skips) {
      CHECK(skip.reason == "not among the securities studied");
      CHECK(std::find(unknown.begin(), unknown.end(), std::make_pair(skip.event, skip.ticker)) != unknown.end());
    }
  }
}

TEST_CASE("a pooled event runs the tests in event time, each security on its own day 0", "[study]") {
  // Two securities pooled under one event id with day 0s a day apart: the statistics combine
  // each one's own day 0 (event time), not the same calendar day.
  evstudy::Panel p;
  for (int k = 0; k < 10; ++k) p.calendar.push_back(evstudy::Date{20000 + k});
  p.tickers = {"AAA", "BBB"};
  p.market = {0.001, 0.005, 0.01, -0.005, 0.02, 0.0, 0.004, 0.01, -0.01, 0.003};
  const std::vector<double> base{0.01, 0.02, -0.01, 0.03, 0.0, 0.04, -0.02, 0.01, 0.005, 0.002};
  p.returns = {base, base};
  p.off_calendar = {0, 0};
  evstudy::StudySpec s = hand_spec();
  s.groups = {{"all", {"AAA", "BBB"}}};
  s.window = {0, 1};
  s.estimation.offsets = {-5, -1};
  s.car_windows = {{0, 1}};
  s.events = {event("e", evstudy::EventTime::on_date(evstudy::Date{20006}), "AAA"),
              event("e", evstudy::EventTime::on_date(evstudy::Date{20006}), "BBB")};
  // Same day 0 first: shared.
  evstudy::StudyResult shared = evstudy::run_study(s, p);
  CHECK(shared.events[0].shared_day0);
  s.events[1].time = evstudy::EventTime::on_date(evstudy::Date{20007});
  const evstudy::StudyResult pooled = evstudy::run_study(s, p);
  REQUIRE(pooled.events.size() == 1);
  const evstudy::EventResult& e = pooled.events[0];
  CHECK_FALSE(e.shared_day0);
  REQUIRE(e.securities.size() == 2);
  CHECK(e.securities[0].day0 == 6);
  CHECK(e.securities[1].day0 == 7);
  const auto& tests = e.groups[0].tests;
  auto find = [&](const std::string& scope, const std::string& test) {
    for (const auto& r : tests)
      if (r.scope == scope && r.test == test) return r;
    return evstudy::TestRow{};
  };
  CHECK(find("0", "sign").n == 2);
  CHECK_THAT(find("0", "patell").statistic,
             WithinRel((e.securities[0].sar[0] + e.securities[1].sar[0]) /
                           std::sqrt(2.0 * 3.0 / 1.0), 1e-12));  // df = 5 - 2 = 3: Var(SAR) = 3/1
  CHECK(find("estimation", "rbar").n == 2);
}

TEST_CASE("without day-by-day series kept, fits, CARs and tests are the same and the series are freed", "[study]") {
  for (const auto conventions : {evstudy::Conventions::methods, evstudy::Conventions::estudy2}) {
    evstudy::StudySpec s = hand_spec();
    s.conventions = conventions;
    const evstudy::StudyResult kept = evstudy::run_study(s, hand_panel());
    s.keep_days = false;
    const evstudy::StudyResult lean = evstudy::run_study(s, hand_panel());
    const evstudy::SecurityEvent& a = kept.events[0].securities[0];
    const evstudy::SecurityEvent& b = lean.events[0].securities[0];
    CHECK(a.ar.size() == 3);
    // Freed, not just emptied: no capacity left behind.
    CHECK(b.ar.capacity() == 0);
    CHECK(b.dates.capacity() == 0);
    CHECK(b.sar.capacity() == 0);
    CHECK(b.ret.capacity() == 0);
    CHECK(b.market.capacity() == 0);
    CHECK(b.est_residuals.capacity() == 0);
    CHECK(b.day0_date == a.dates[0]);  // the window 0:2 starts on day 0
    CHECK(b.fit.beta == a.fit.beta);
    REQUIRE(b.cars.size() == 2);
    CHECK_THAT(b.cars[0].car, WithinRel(108.0 / 3700.0, 1e-12));
    CHECK(b.cars[0].car == a.cars[0].car);
    CHECK(b.cars[1].scar == a.cars[1].scar);
    CHECK(b.cars[1].bhar == a.cars[1].bhar);
    CHECK(lean.events[0].shared_day0 == kept.events[0].shared_day0);
    const auto& ta = kept.events[0].groups[0].tests;
    const auto& tb = lean.events[0].groups[0].tests;
    REQUIRE(ta.size() == tb.size());
    REQUIRE(!ta.empty());
    for (std::size_t k = 0; k < ta.size(); ++k) {
      CHECK(ta[k].test == tb[k].test);
      CHECK(((std::isnan(ta[k].statistic) && std::isnan(tb[k].statistic)) || ta[k].statistic == tb[k].statistic));
    }
  }
}

TEST_CASE("an index fund on its own index (R^2 near 1): the fit's sigma and SARs are the two-pass ones", "[study]") {
  // 400 trading days; the fund returns 0.0001 + 0.998 m plus noise 1e-5 against market noise
  // 1e-2, so R^2 = 1 - 1e-6: S_rr - beta S_rm cancels six digits, and the fit takes SSR from the
  // residuals instead.
  evstudy::Panel p;
  std::mt19937_64 rng(20260211);
  std::normal_distribution<double> z(0.0, 1.0);
  for (int d = 0; d < 400; ++d) p.calendar.push_back(evstudy::Date{from_ymd(2024, 1, 1).days + d});
  p.tickers = {"IWM"};
  p.returns.assign(1, {});
  for (int d = 0; d < 400; ++d) {
    p.market.push_back(0.01 * z(rng));
    p.returns[0].push_back(0.0001 + 0.998 * p.market.back() + 1e-5 * z(rng));
  }
  p.off_calendar = {0};
  evstudy::StudySpec s = hand_spec();
  s.window = {-10, 10};
  s.estimation.offsets = {-260, -11};
  s.car_windows = {{-10, 10}};
  s.groups = {{"all", {"IWM"}}};
  const std::size_t d0 = 350;
  s.events = {event("e1", evstudy::EventTime::on_date(p.calendar[d0]))};
  const evstudy::StudyResult result = evstudy::run_study(s, p);
  REQUIRE(result.events.size() == 1);
  REQUIRE(result.events[0].securities.size() == 1);
  const evstudy::SecurityEvent& se = result.events[0].securities[0];
  // Two-pass OLS in long double over the estimation days d0-260 .. d0-11.
  long double mr = 0, mm = 0;
  const std::size_t first = d0 - 260, last = d0 - 11;
  const auto n = static_cast<long double>(last - first + 1);
  for (std::size_t t = first; t <= last; ++t) {
    mr += p.returns[0][t];
    mm += p.market[t];
  }
  mr /= n;
  mm /= n;
  long double smm = 0, srm = 0;
  for (std::size_t t = first; t <= last; ++t) {
    smm += (p.market[t] - mm) * (p.market[t] - mm);
    srm += (p.market[t] - mm) * (p.returns[0][t] - mr);
  }
  const long double beta = srm / smm, alpha = mr - beta * mm;
  long double ssr = 0;
  for (std::size_t t = first; t <= last; ++t) {
    const long double e = (p.returns[0][t] - mr) - beta * (p.market[t] - mm);
    ssr += e * e;
  }
  const long double sigma = std::sqrt(ssr / (n - 2));
  CHECK(se.fit.n_est == 250);
  CHECK_THAT(se.fit.beta, WithinRel(static_cast<double>(beta), 1e-12));
  CHECK_THAT(se.fit.sigma, WithinRel(static_cast<double>(sigma), 1e-12));
  CHECK(se.fit.r2 > 1.0 - 2e-6);
  REQUIRE(se.sar.size() == 21);
  for (std::size_t k = 0; k < 21; ++k) {
    const std::size_t t = d0 - 10 + k;
    const long double ar = p.returns[0][t] - (alpha + beta * p.market[t]);
    const long double c = 1 + 1 / n + (p.market[t] - mm) * (p.market[t] - mm) / smm;
    // AR cancels three digits (r - normal: 1e-5 out of 1e-2), so it is held to 1e-16 absolute
    // (1e-14 of the returns' scale); SAR = AR / (sigma sqrt(C)), sigma about 1e-5, carries that.
    CHECK_THAT(se.ar[k], WithinAbs(static_cast<double>(ar), 1e-16));
    CHECK_THAT(se.sar[k], WithinAbs(static_cast<double>(ar / (sigma * std::sqrt(c))), 1e-10));
  }
}

TEST_CASE("fits made ahead security by security give the event-by-event study's results bit for bit", "[study]") {
  // 30 securities x 600 days, some days missing, one security too sparse to fit; events per
  // security at random days (some off the data at either end), a shared row, a ticker not
  // studied.
  std::mt19937_64 rng(404);
  const evstudy::Panel p = random_panel(rng, 30, 600, 20000, 0.9, [&rng](int i, std::size_t d) {
    return rng() % 50 == 0 || (i == 7 && d % 40 != 0);
  });
  evstudy::StudySpec s = nine_day_spec(p);
  for (int e = 0; e < 12; ++e)
    for (std::size_t i = 0; i < 30; ++i) {
      const auto day = static_cast<std::size_t>(rng() % 600);
      std::string id = "E";
      id += std::to_string(10 + e);
      s.events.push_back(event(id, evstudy::EventTime::on_date(p.calendar[day]), p.tickers[i]));
    }
  s.events.push_back(event("M1", evstudy::EventTime::on_date(p.calendar[300])));
  s.events.push_back(event("E10", evstudy::EventTime::on_date(p.calendar[200]), "NOPE"));
  s.events.push_back(event("E11", evstudy::EventTime::on_date(evstudy::Date{30000}), "T10"));  // after the data
  auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  // The days kept; freed once the event is done; CARs only (no tests, no AARs: made with the
  // fits ahead, and the events read no security's days), with the fits or without (then not
  // held: their numbers missing).
  enum class Needs { days, freed, cars, cars_no_fit };
  for (const Needs needs : {Needs::days, Needs::freed, Needs::cars, Needs::cars_no_fit})
    for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
      INFO("needs " << static_cast<int>(needs) << ", " << threads << " threads");
      const bool cars_only = needs == Needs::cars || needs == Needs::cars_no_fit;
      s.keep_days = needs == Needs::days;
      s.with_tests = !cars_only;
      s.with_aar = !cars_only;
      s.with_fit = needs != Needs::cars_no_fit;
      s.threads = threads;
      s.fit_order = evstudy::FitOrder::ahead;
      const evstudy::StudyResult ahead = evstudy::run_study(s, p);
      s.fit_order = evstudy::FitOrder::by_event;
      s.with_fit = true;
      const evstudy::StudyResult by_event = evstudy::run_study(s, p);
      REQUIRE(ahead.events.size() == 13);
      REQUIRE(ahead.events.size() == by_event.events.size());
      std::size_t analysed = 0;
      for (std::size_t k = 0; k < ahead.events.size(); ++k) {
        const evstudy::EventResult& a = ahead.events[k];
        const evstudy::EventResult& b = by_event.events[k];
        CHECK(a.id == b.id);
        CHECK(a.shared_day0 == b.shared_day0);
        REQUIRE(a.securities.size() == b.securities.size());
        for (std::size_t j = 0; j < a.securities.size(); ++j) {
          const evstudy::SecurityEvent& x = a.securities[j];
          const evstudy::SecurityEvent& y = b.securities[j];
          CHECK(x.ticker == y.ticker);
          CHECK(x.day0 == y.day0);
          if (needs == Needs::cars_no_fit) {
            CHECK(std::isfinite(y.fit.beta));
            CHECK(std::isnan(x.fit.alpha));
            CHECK(std::isnan(x.fit.beta));
            CHECK(std::isnan(x.fit.sigma));
          } else {
            CHECK(x.fit.n_est == y.fit.n_est);
            CHECK(same(x.fit.alpha, y.fit.alpha));
            CHECK(same(x.fit.beta, y.fit.beta));
            CHECK(same(x.fit.sigma, y.fit.sigma));
            CHECK(same(x.fit.r2, y.fit.r2));
            CHECK(same(x.fit.s_mm, y.fit.s_mm));
          }
          REQUIRE(x.ar.size() == y.ar.size());
          for (std::size_t d = 0; d < x.ar.size(); ++d) CHECK((same(x.ar[d], y.ar[d]) && same(x.sar[d], y.sar[d])));
          REQUIRE(x.cars.size() == 2);
          for (std::size_t w = 0; w < 2; ++w)
            CHECK((same(x.cars[w].car, y.cars[w].car) && same(x.cars[w].scar, y.cars[w].scar) &&
                   same(x.cars[w].bhar, y.cars[w].bhar)));
          ++analysed;
        }
        REQUIRE(a.groups.size() == 1);
        const evstudy::GroupEvent& ga = a.groups[0];
        const evstudy::GroupEvent& gb = b.groups[0];
        CHECK(ga.aar.size() == (cars_only ? 0 : 9));
        REQUIRE(ga.aar.size() == gb.aar.size());
        for (std::size_t d = 0; d < ga.aar.size(); ++d) CHECK((ga.aar[d].n == gb.aar[d].n && same(ga.aar[d].aar, gb.aar[d].aar)));
        REQUIRE(ga.caar.size() == 2);
        REQUIRE(gb.caar.size() == 2);
        for (std::size_t w = 0; w < 2; ++w)
          CHECK((ga.caar[w].n == gb.caar[w].n && same(ga.caar[w].caar, gb.caar[w].caar) &&
                 same(ga.caar[w].abhar, gb.caar[w].abhar)));
        CHECK(ga.tests.empty() == cars_only);
        REQUIRE(a.groups[0].tests.size() == b.groups[0].tests.size());
        for (std::size_t t = 0; t < a.groups[0].tests.size(); ++t)
          CHECK((same(a.groups[0].tests[t].statistic, b.groups[0].tests[t].statistic) &&
                 same(a.groups[0].tests[t].p_value, b.groups[0].tests[t].p_value)));
      }
      REQUIRE(ahead.skips.size() == by_event.skips.size());
      bool sparse = false, early = false, late = false, unknown = false;
      for (std::size_t k = 0; k < ahead.skips.size(); ++k) {
        CHECK(ahead.skips[k].event == by_event.skips[k].event);
        CHECK(ahead.skips[k].ticker == by_event.skips[k].ticker);
        CHECK(ahead.skips[k].reason == by_event.skips[k].reason);
        const std::string& why = ahead.skips[k].reason;
        sparse = sparse || (ahead.skips[k].ticker == "T17" && why.find("returns") != std::string::npos);
        early = early || why.find("before the data") != std::string::npos;
        late = late || why.find("after the last") != std::string::npos || why.find("past the last") != std::string::npos;
        unknown = unknown || why.find("not among") != std::string::npos;
      }
      // Every kind of outcome took place.
      CHECK(analysed > 250);
      CHECK(sparse);
      CHECK(early);
      CHECK(late);
      CHECK(unknown);
    }
}

TEST_CASE("events reach the sink in id order, one at a time, while other threads go on", "[study]") {
  // 6 securities x 300 days, 40 events of a row per security (a few off the data); the sink
  // takes its time on some events, so that threads finish events while another writes.
  std::mt19937_64 rng(505);
  const evstudy::Panel p = random_panel(rng, 6, 300, 21000, 1.1, [](int, std::size_t) { return false; });
  evstudy::StudySpec s = hand_spec();
  s.window = {-2, 2};
  s.estimation.offsets = {-60, -3};
  s.car_windows = {{-2, 2}};
  s.groups = {{"all", p.tickers}};
  s.events.clear();
  for (int e = 0; e < 40; ++e)
    for (std::size_t i = 0; i < p.tickers.size(); ++i) {
      std::string id = "E";
      id += std::to_string(100 + e);
      const auto day = static_cast<std::size_t>(rng() % 300);  // below 63: a skip
      s.events.push_back(event(id, evstudy::EventTime::on_date(p.calendar[day]), p.tickers[i]));
    }
  s.threads = 4;
  const evstudy::StudyResult whole = evstudy::run_study(s, p);
  REQUIRE(whole.events.size() == 40);
  REQUIRE(whole.skips.size() > 0);

  std::vector<evstudy::EventResult> got;
  std::size_t skips = 0;
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  const evstudy::StudyResult streamed = evstudy::run_study(s, p, {}, [&](evstudy::StudyResult&& one) {
    if (inside.fetch_add(1) != 0) overlapped = true;
    REQUIRE(one.events.size() == 1);
    if (got.size() % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
    skips += one.skips.size();
    got.push_back(std::move(one.events.front()));
    inside.fetch_sub(1);
  });
  CHECK_FALSE(overlapped);
  CHECK(streamed.events.empty());
  CHECK(streamed.skipped == whole.skips.size());
  CHECK(skips == whole.skips.size());
  REQUIRE(got.size() == whole.events.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    CHECK(got[k].id == whole.events[k].id);
    REQUIRE(got[k].securities.size() == whole.events[k].securities.size());
    for (std::size_t j = 0; j < got[k].securities.size(); ++j) {
      CHECK(got[k].securities[j].ticker == whole.events[k].securities[j].ticker);
      CHECK(got[k].securities[j].cars[0].car == whole.events[k].securities[j].cars[0].car);
    }
  }

  // With a prepare step: each event prepared once, on a study thread, from the very piece the
  // sink then receives (its event, its skips), several at once; what it made arrives with it,
  // and the event's securities, prepared, do not.
  for (const std::size_t threads : {std::size_t{1}, std::size_t{4}}) {
    s.threads = threads;
    std::atomic<int> preparing{0};
    std::atomic<int> most_at_once{0};
    std::atomic<std::size_t> prepared_count{0};
    std::vector<std::string> ids;
    const evstudy::EventPrepare prepare = [&](const evstudy::StudyResult& one) {
      const int now = preparing.fetch_add(1) + 1;
      for (int seen = most_at_once.load(); now > seen && !most_at_once.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      ++prepared_count;
      std::vector<std::string> made{one.events.front().id, std::to_string(one.events.front().securities.size()),
                                    std::to_string(one.skips.size())};
      preparing.fetch_sub(1);
      return made;
    };
    std::size_t prepared_skips = 0;
    evstudy::run_study(s, p, {}, [&](evstudy::StudyResult&& one) {
      REQUIRE(one.prepared.size() == 3);
      REQUIRE(one.events.size() == 1);
      const std::size_t k = ids.size();
      REQUIRE(k < whole.events.size());
      CHECK(one.prepared[0] == one.events.front().id);
      CHECK(one.prepared[1] == std::to_string(whole.events[k].securities.size()));
      CHECK(one.events.front().securities.empty());
      CHECK(one.events.front().groups.size() == whole.events[k].groups.size());
      CHECK(one.prepared[2] == std::to_string(one.skips.size()));
      prepared_skips += one.skips.size();
      ids.push_back(one.events.front().id);
    }, prepare);
    CHECK(prepared_count == whole.events.size());
    CHECK(prepared_skips == whole.skips.size());
    REQUIRE(ids.size() == whole.events.size());
    for (std::size_t k = 0; k < ids.size(); ++k) CHECK(ids[k] == whole.events[k].id);
    if (threads == 1) CHECK(most_at_once == 1);
    else CHECK(most_at_once > 1);
  }
}

namespace {

/// One event's securities, every number in hexadecimal (exact): what a prepare step sees.
std::string describe(const evstudy::EventResult& event) {
  std::string out = event.id + ":";
  char number[64];
  auto add = [&](double v) {
    std::snprintf(number, sizeof number, " %a", v);
    out += number;
  };
  auto add_all = [&](const std::vector<double>& values) {
    out += " [";
    for (const double v : values) add(v);
    out += "]";
  };
  for (const evstudy::SecurityEvent& se : event.securities) {
    out += " " + se.ticker + "@" + std::to_string(se.day0) + " n=" + std::to_string(se.fit.n_est);
    add(se.fit.alpha);
    add(se.fit.beta);
    add(se.fit.sigma);
    for (const evstudy::CarValue& c : se.cars) {
      add(c.car);
      add(c.scar);
      add(c.bhar);
    }
    add_all(se.ar);
    add_all(se.sar);
    add_all(se.est_residuals);
    out += " d" + std::to_string(se.dates.size());
  }
  for (const evstudy::GroupEvent& g : event.groups) {
    for (const evstudy::CaarValue& c : g.caar) add(c.caar);
    for (const evstudy::TestRow& t : g.tests) add(t.statistic);
  }
  return out;
}

}  // namespace

TEST_CASE("events prepared for the sink are the study's own, analysed over earlier events' securities", "[study]") {
  // 30 securities x 600 days, some days missing, one too sparse to fit; events of different
  // sizes (3 to 30 securities) at random days, some off the data: each event is analysed over
  // the securities of an earlier one (more, fewer, other tickers, skips among them).
  std::mt19937_64 rng(606);
  const evstudy::Panel p = random_panel(rng, 30, 600, 20000, 0.9, [&rng](int i, std::size_t d) {
    return rng() % 40 == 0 || (i == 4 && d % 30 != 0);
  });
  evstudy::StudySpec s = nine_day_spec(p);
  for (int e = 0; e < 16; ++e) {
    const int every = 1 + (e * 7) % 10;  // 30, 15, 10, ... securities
    for (int i = 0; i < 30; i += every) {
      std::string id = "E";
      id += std::to_string(10 + e);
      const auto day = static_cast<std::size_t>(rng() % 600);
      s.events.push_back(event(id, evstudy::EventTime::on_date(p.calendar[day]), p.tickers[static_cast<std::size_t>(i)]));
    }
  }
  // CARs only, without the fits; the tests with the days freed; the days kept; fitted event by
  // event.
  enum class Needs { cars, tests, days, by_event };
  for (const Needs needs : {Needs::cars, Needs::tests, Needs::days, Needs::by_event})
    for (const std::size_t threads : {std::size_t{1}, std::size_t{3}}) {
      INFO("needs " << static_cast<int>(needs) << ", " << threads << " threads");
      s.with_tests = needs == Needs::tests || needs == Needs::by_event;
      s.keep_days = needs == Needs::days;
      s.with_aar = needs != Needs::cars;
      s.with_fit = needs != Needs::cars;
      s.fit_order = needs == Needs::by_event ? evstudy::FitOrder::by_event : evstudy::FitOrder::ahead;
      s.threads = threads;
      const evstudy::StudyResult whole = evstudy::run_study(s, p);
      REQUIRE(whole.events.size() == 16);
      std::vector<std::string> prepared;
      std::vector<const evstudy::SecurityEvent*> buffers;  // each prepared event's securities
      bool reused = false;
      std::mutex mutex;
      evstudy::run_study(
          s, p, {}, [&](evstudy::StudyResult&& one) { prepared.push_back(one.prepared.at(0)); },
          [&](const evstudy::StudyResult& one) {
            const std::lock_guard<std::mutex> lock(mutex);
            const evstudy::SecurityEvent* at = one.events.front().securities.data();
            reused = reused || std::find(buffers.begin(), buffers.end(), at) != buffers.end();
            buffers.push_back(at);
            return std::vector<std::string>{describe(one.events.front())};
          });
      REQUIRE(prepared.size() == whole.events.size());
      std::size_t securities = 0;
      for (std::size_t k = 0; k < prepared.size(); ++k) {
        CHECK(prepared[k] == describe(whole.events[k]));
        securities += whole.events[k].securities.size();
      }
      CHECK(securities > 100);
      if (threads == 1) CHECK(reused);  // an event's securities served the next one
    }
}
