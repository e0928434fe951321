// The 2026-02-11 CPI study on the shipped samples, checked against an independent
// computation written here from scratch (getline + stod, long double sums).
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/study/study.hpp"
#include "support/shared_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// date -> close for every ticker of the long sample file.
std::map<std::string, std::map<std::string, double>> read_long(const std::string& path) {
  std::map<std::string, std::map<std::string, double>> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto a = line.find(',');
    const auto b = line.find(',', a + 1);
    const std::string close = line.substr(b + 1);
    if (!close.empty()) out[line.substr(a + 1, b - a - 1)][line.substr(0, a)] = std::stod(close);
  }
  return out;
}

struct Naive {
  long double alpha, beta;
  std::vector<long double> ar;  // event window -5..5
};

/// Market model of `ticker` on SPX for day 0 = 2026-02-11, estimation -260:-11, written
/// without any of evstudy's code.
Naive naive_market_model(const std::map<std::string, std::map<std::string, double>>& px, const std::string& ticker) {
  const auto& spx = px.at("SPX");
  const auto& sec = px.at(ticker);
  std::vector<std::string> dates;
  for (const auto& [d, v] : spx) dates.push_back(d);
  const long d0 = std::find(dates.begin(), dates.end(), "2026-02-11") - dates.begin();
  auto ret = [&](const std::map<std::string, double>& s, long t, long double& out) {
    const auto now = s.find(dates[static_cast<std::size_t>(t)]);
    const auto before = s.find(dates[static_cast<std::size_t>(t - 1)]);
    if (now == s.end() || before == s.end()) return false;
    out = static_cast<long double>(now->second) / before->second - 1.0L;
    return true;
  };
  long double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (long t = d0 - 260; t <= d0 - 11; ++t) {
    long double x, y;
    if (!ret(spx, t, x) || !ret(sec, t, y)) continue;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  Naive out{};
  out.beta = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  out.alpha = (sy - out.beta * sx) / n;
  for (long t = d0 - 5; t <= d0 + 5; ++t) {
    long double x, y;
    out.ar.push_back(ret(spx, t, x) && ret(sec, t, y) ? y - out.alpha - out.beta * x : NAN);
  }
  return out;
}

evstudy::StudyResult run_sample_study(std::vector<std::string> prices) {
  const std::string samples = (evstudy::test::source_dir() / "samples").string();
  evstudy::RunOptions o;
  o.prices = std::move(prices);
  o.market = "SPX";
  o.event = {"cpi-2026-02-11=2026-02-11 08:30 America/New_York"};
  o.window = "-5:5";
  o.car = {"0:0", "-1:1", "0:4"};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  return evstudy::run_study(loaded.spec, loaded.panel);
}

}  // namespace

TEST_CASE("the sample CPI study matches an independent market-model computation", "[study]") {
  const std::string daily = (evstudy::test::source_dir() / "samples/prices/daily.csv").string();
  const auto px = read_long(daily);
  const evstudy::StudyResult result = run_sample_study({daily});
  REQUIRE(result.events.size() == 1);
  const auto& securities = result.events[0].securities;
  REQUIRE(securities.size() == 25);
  CHECK(result.skips.empty());
  for (const evstudy::SecurityEvent& se : securities) {
    INFO(se.ticker);
    const Naive naive = naive_market_model(px, se.ticker);
    CHECK_THAT(se.fit.beta, WithinRel(static_cast<double>(naive.beta), 1e-10));
    CHECK_THAT(se.fit.alpha, WithinAbs(static_cast<double>(naive.alpha), 1e-14));
    long double car04 = 0;
    for (std::size_t k = 0; k < 11; ++k) {
      CHECK_THAT(se.ar[k], WithinAbs(static_cast<double>(naive.ar[k]), 1e-13));
      if (k >= 5 && k <= 9) car04 += naive.ar[k];
    }
    CHECK_THAT(se.cars[2].car, WithinAbs(static_cast<double>(car04), 1e-13));
  }
  // The seeded story: small caps and regional banks up strongly, tech flat, defensives down.
  auto car04 = [&](const std::string& ticker) {
    for (const auto& se : securities)
      if (se.ticker == ticker) return se.cars[2].car;
    return std::nan("");
  };
  CHECK(car04("IWM") > 0.10);
  CHECK(car04("KEY") > 0.05);
  CHECK(std::abs(car04("MSFT")) < 0.03);
  CHECK(car04("NOW") < -0.05);
}

TEST_CASE("the per-ticker yfinance files give the same study as the long file", "[study]") {
  const auto root = evstudy::test::source_dir() / "samples/prices";
  std::vector<std::string> yahoo;
  for (const char* t : {"SPX", "RUT", "IWM", "XBI", "KEY", "WAL", "NVDA", "MSFT"})
    yahoo.push_back((root / "yahoo" / (std::string(t) + ".csv")).string());
  const evstudy::StudyResult a = run_sample_study(yahoo);
  const evstudy::StudyResult b = run_sample_study({(root / "daily.csv").string()});
  REQUIRE(a.events[0].securities.size() == 7);
  for (const evstudy::SecurityEvent& sa : a.events[0].securities) {
    const auto sb = std::find_if(b.events[0].securities.begin(), b.events[0].securities.end(),
                                 [&](const evstudy::SecurityEvent& s) { return s.ticker == sa.ticker; });
    REQUIRE(sb != b.events[0].securities.end());
    for (std::size_t w = 0; w < 3; ++w) CHECK(sa.cars[w].car == sb->cars[w].car);
    CHECK(sa.fit.beta == sb->fit.beta);
  }
}

namespace {

/// YYYYMMDD -> factor values in decimals, read from a Ken French-style file without evstudy.
std::map<std::string, std::vector<long double>> read_french(const std::string& path) {
  std::map<std::string, std::vector<long double>> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 9 || line[8] != ',' || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;
    std::vector<long double> v;
    for (std::size_t s = 9, e; s <= line.size(); s = e + 1) {
      e = std::min(line.find(',', s), line.size());
      v.push_back(std::stold(line.substr(s, e - s)) / 100.0L);
    }
    out[line.substr(0, 4) + "-" + line.substr(4, 2) + "-" + line.substr(6, 2)] = v;
  }
  return out;
}

/// Solves A b = c (n x n) by Gaussian elimination with partial pivoting.
std::vector<long double> solve(std::vector<std::vector<long double>> a, std::vector<long double> c) {
  const std::size_t n = c.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t p = k;
    for (std::size_t r = k + 1; r < n; ++r)
      if (std::fabs(a[r][k]) > std::fabs(a[p][k])) p = r;
    std::swap(a[k], a[p]);
    std::swap(c[k], c[p]);
    for (std::size_t r = k + 1; r < n; ++r) {
      const long double f = a[r][k] / a[k][k];
      for (std::size_t j = k; j < n; ++j) a[r][j] -= f * a[k][j];
      c[r] -= f * c[k];
    }
  }
  std::vector<long double> b(n);
  for (std::size_t k = n; k-- > 0;) {
    long double s = c[k];
    for (std::size_t j = k + 1; j < n; ++j) s -= a[k][j] * b[j];
    b[k] = s / a[k][k];
  }
  return b;
}

}  // namespace

TEST_CASE("the ff5 study on the samples matches an independent OLS of excess returns", "[study]") {
  const auto root = evstudy::test::source_dir() / "samples";
  const std::string ff5 = (root / "factors/F-F_Research_Data_5_Factors_2x3_daily.csv").string();
  evstudy::RunOptions o;
  o.prices = {(root / "prices/daily.csv").string()};
  o.market = "SPX";
  o.tickers = {"IWM,KEY,NVDA"};
  o.event = {"cpi=2026-02-11 08:30 America/New_York"};
  o.window = "-5:5";
  o.car = {"0:4"};
  o.model = "ff5";
  o.factors = {ff5};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult result = evstudy::run_study(loaded.spec, loaded.panel);
  REQUIRE(result.events[0].securities.size() == 3);

  const auto px = read_long((root / "prices/daily.csv").string());
  const auto factors = read_french(ff5);
  std::vector<std::string> dates;
  for (const auto& [d, v] : px.at("SPX")) dates.push_back(d);
  const auto d0 = std::find(dates.begin(), dates.end(), "2026-02-11") - dates.begin();
  for (const evstudy::SecurityEvent& se : result.events[0].securities) {
    INFO(se.ticker);
    const auto& sec = px.at(se.ticker);
    // Normal equations of [1, Mkt-RF, SMB, HML, RMW, CMA] for R - RF over days -260..-11.
    std::vector<std::vector<long double>> xtx(6, std::vector<long double>(6, 0.0L));
    std::vector<long double> xty(6, 0.0L);
    for (auto t = d0 - 260; t <= d0 - 11; ++t) {
      const auto& f = factors.at(dates[static_cast<std::size_t>(t)]);
      const long double r = sec.at(dates[static_cast<std::size_t>(t)]) / sec.at(dates[static_cast<std::size_t>(t - 1)]) - 1.0L;
      const std::vector<long double> x{1.0L, f[0], f[1], f[2], f[3], f[4]};
      for (std::size_t i = 0; i < 6; ++i) {
        xty[i] += x[i] * (r - f[5]);
        for (std::size_t j = 0; j < 6; ++j) xtx[i][j] += x[i] * x[j];
      }
    }
    const std::vector<long double> b = solve(xtx, xty);
    CHECK_THAT(se.fit.alpha, WithinAbs(static_cast<double>(b[0]), 1e-12));
    for (std::size_t j = 0; j < 5; ++j) CHECK_THAT(se.fit.loadings[j], WithinRel(static_cast<double>(b[j + 1]), 1e-8));
    long double car = 0.0L;
    for (auto t = d0; t <= d0 + 4; ++t) {
      const auto& f = factors.at(dates[static_cast<std::size_t>(t)]);
      const long double r = sec.at(dates[static_cast<std::size_t>(t)]) / sec.at(dates[static_cast<std::size_t>(t - 1)]) - 1.0L;
      car += r - f[5] - b[0] - b[1] * f[0] - b[2] * f[1] - b[3] * f[2] - b[4] * f[3] - b[5] * f[4];
    }
    CHECK_THAT(se.cars[0].car, WithinAbs(static_cast<double>(car), 1e-11));
  }
}
