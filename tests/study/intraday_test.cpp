// Intraday bars: a generated 1-minute series around the 2026-02-11 08:30 New York release. IWM
// trades from 04:00 (pre-market) and reacts at 08:30; RUT and SPX are cash indices from 09:30,
// so their bar 0 is the open, whose return (against the previous close) is the overnight gap.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/output/report.hpp"
#include "evstudy/study/study.hpp"

using Catch::Matchers::WithinAbs;

namespace {

evstudy::i64 utc(int d, int hh, int mm) {  // February 2026, EST = UTC-5
  return static_cast<evstudy::i64>(evstudy::from_ymd(2026, 2, d).days) * 86400 + (hh + 5) * 3600 + mm * 60;
}

/// Writes 1-minute closes for Feb 9-11: IWM 04:00-19:59, RUT and SPX 09:30-15:59; RUT tracks
/// SPX (beta 1 plus its own noise), so a market model removes their common moves.
std::filesystem::path write_bars(const std::string& name) {
  // One file per test: CTest runs the tests in parallel.
  const auto path = std::filesystem::temp_directory_path() / ("evstudy_intraday_" + name + ".csv");
  std::ofstream out(path);
  out << "time,ticker,close\n";
  std::mt19937_64 rng(20260211);
  std::normal_distribution<double> noise(0.0, 0.0005);
  std::vector<double> spx_returns;
  for (const char* ticker : {"SPX", "RUT", "IWM"}) {
    const std::string t = ticker;
    const bool etf = t == "IWM";
    double price = etf ? 250.0 : 6000.0;
    std::size_t bar = 0;
    for (int day : {9, 10, 11})
      for (int minute = etf ? 4 * 60 : 9 * 60 + 30; minute < (etf ? 20 * 60 : 16 * 60); ++minute, ++bar) {
        double r = noise(rng);
        if (day == 11 && etf && minute == 8 * 60 + 30) r = 0.01;   // IWM reacts on the 08:30 bar
        if (day == 11 && t == "SPX" && minute == 9 * 60 + 31) r += 0.01;  // the cash market after the open
        if (t == "SPX") spx_returns.push_back(r);
        if (t == "RUT") r = spx_returns[bar] + 0.2 * r;
        price *= 1.0 + r;
        char stamp[40];
        std::snprintf(stamp, sizeof stamp, "2026-02-%02dT%02d:%02d:00-05:00", day, minute / 60, minute % 60);
        out << stamp << ',' << ticker << ',' << price << '\n';
      }
  }
  return path;
}

}  // namespace

TEST_CASE("intraday: bar 0 is each security's first bar at or after the release", "[study]") {
  const auto bars = write_bars("bar0");
  evstudy::RunOptions o;
  o.prices = {bars.string()};
  o.market = "SPX";
  o.event = {"cpi=2026-02-11 08:30 America/New_York"};
  o.window = "-5:10";
  o.estimation = "-500:-31";
  o.model = "mean-adjusted";  // IWM's pre-market bars have no SPX bar to compare with
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  REQUIRE(loaded.intraday.size() == 2);
  const evstudy::StudyResult result = evstudy::run_study_intraday(loaded.spec, loaded.intraday);
  REQUIRE(result.events[0].securities.size() == 2);
  const evstudy::SecurityEvent& iwm = result.events[0].securities[0];
  const evstudy::SecurityEvent& rut = result.events[0].securities[1];
  REQUIRE(iwm.ticker == "IWM");
  CHECK(iwm.times[5] == utc(11, 8, 30));
  CHECK(iwm.times[0] == utc(11, 8, 25));
  CHECK_THAT(iwm.ar[5], WithinAbs(0.01, 5e-4));  // the reaction, less a tiny mean
  CHECK(rut.times[5] == utc(11, 9, 30));          // the cash index's bar 0 is the open
  CHECK(rut.times[0] == utc(10, 15, 55));         // windows count the security's own bars
  CHECK(std::isnan(rut.ar[5]));                   // the open's return is the overnight gap: left out
  CHECK_THAT(rut.ar[6], WithinAbs(0.01, 2e-3));  // mean-adjusted: RUT's 1% move at 09:31 is all abnormal
  // Estimation: 470 bars of earlier sessions, less the returns across a session start (overnight).
  CHECK(iwm.fit.n_est == 469);  // bars -500..-31 run from Feb 10 16:10 to Feb 11 07:59: one session start
  CHECK(rut.fit.n_est == 469);  // bars -500..-31 of RUT cross one open
  // The ar report's date column holds the bar's time stamp with its offset.
  const evstudy::ReportTable ar = evstudy::make_report(evstudy::ReportKind::ar, result);
  CHECK(std::get<std::string>(ar.rows[5][3]) == "2026-02-11T08:30:00-05:00");
  CHECK(std::get<std::string>(ar.rows[16 + 5][3]) == "2026-02-11T09:30:00-05:00");
  std::filesystem::remove(bars);
}

TEST_CASE("intraday: the market model uses the market's bar at the same instant", "[study]") {
  const auto bars = write_bars("market_model");
  evstudy::RunOptions o;
  o.prices = {bars.string()};
  o.market = "SPX";
  o.tickers = {"RUT,IWM"};
  o.event = {"cpi=2026-02-11 08:30 America/New_York"};
  o.window = "-5:10";
  o.estimation = "-700:-31";  // IWM's bars -300..-31 would be 19:30-07:59: no SPX bar to fit on
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult result = evstudy::run_study_intraday(loaded.spec, loaded.intraday);
  CHECK(result.skips.empty());
  REQUIRE(result.events[0].securities.size() == 2);
  const evstudy::SecurityEvent& iwm = result.events[0].securities[0];
  const evstudy::SecurityEvent& rut = result.events[0].securities[1];
  CHECK(std::isnan(iwm.ar[5]));              // 08:30: no SPX bar before the cash open
  CHECK(!std::isnan(rut.ar[6]));             // 09:31: both have bars
  CHECK(std::abs(rut.ar[6]) < 0.005);        // RUT's jump is SPX's too: the model removes it
  std::filesystem::remove(bars);
}
