// Real prices under ../shared/data: the 2022-11-10 CPI study (October CPI 7.7% vs 8.0%
// expected) and estudy2's example data, checked against values computed here independently.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/study/study.hpp"
#include "evstudy/study/surprise.hpp"
#include "support/shared_data.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

/// date -> column value of a CSV file with a header, by column name (no quoting).
std::map<std::string, double> read_column(const std::filesystem::path& path, const std::string& column) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  for (std::size_t s = 0, e; s <= line.size(); s = e + 1) {
    e = std::min(line.find(',', s), line.size());
    names.push_back(line.substr(s, e - s));
  }
  const auto col = static_cast<std::size_t>(std::find(names.begin(), names.end(), column) - names.begin());
  std::map<std::string, double> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    for (std::size_t s = 0, e; s <= line.size(); s = e + 1) {
      e = std::min(line.find(',', s), line.size());
      f.push_back(line.substr(s, e - s));
    }
    if (col < f.size() && !f[col].empty()) out[f[0]] = std::stod(f[col]);
  }
  return out;
}

}  // namespace

TEST_CASE("the 2022-11-10 CPI print on real prices: day 0 returns match the files", "[shared]") {
  const auto market = evstudy::test::shared_data() / "market";
  EVSTUDY_NEED_SHARED(market / "SPX.csv");
  evstudy::RunOptions o;
  for (const char* t : {"SPX", "RUT", "IWM", "KEY", "NVDA", "MSFT"}) o.prices.push_back((market / (std::string(t) + ".csv")).string());
  o.market = "SPX";
  o.event = {"cpi-2022-11-10=2022-11-10 08:30 America/New_York"};
  o.window = "-5:5";
  o.car = {"0:0"};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult result = evstudy::run_study(loaded.spec, loaded.panel);
  REQUIRE(result.events.size() == 1);
  REQUIRE(result.events[0].securities.size() == 5);
  for (const evstudy::SecurityEvent& se : result.events[0].securities) {
    INFO(se.ticker);
    // adj_close is preferred when present; RUT has none, so its close is used.
    const auto adj = read_column(market / (se.ticker + ".csv"), "adj_close");
    const auto px = adj.empty() ? read_column(market / (se.ticker + ".csv"), "close") : adj;
    CHECK(se.dates[5] == evstudy::from_ymd(2022, 11, 10));
    CHECK_THAT(se.ret[5], WithinRel(px.at("2022-11-10") / px.at("2022-11-09") - 1.0, 1e-12));
    CHECK(se.fit.n_est == 250);
  }
  const auto spx = read_column(market / "SPX.csv", "adj_close");
  CHECK_THAT(result.events[0].securities[0].market[5], WithinRel(spx.at("2022-11-10") / spx.at("2022-11-09") - 1.0, 1e-12));
  // The README's check figures: SPX +5.54%, RUT +6.11%, NVDA +14.33% on the day.
  CHECK_THAT(result.events[0].securities[0].market[5], WithinAbs(0.0554, 5e-5));
  for (const auto& se : result.events[0].securities) {
    if (se.ticker == "RUT") CHECK_THAT(se.ret[5], WithinAbs(0.0611, 5e-5));
    if (se.ticker == "NVDA") CHECK_THAT(se.ret[5], WithinAbs(0.1433, 5e-5));
  }
}

TEST_CASE("estudy2's log returns (wide files, --values returns): OLS fit against long-double sums", "[shared]") {
  const auto dir = evstudy::test::shared_data() / "estudy2";
  EVSTUDY_NEED_SHARED(dir / "rates.csv");
  evstudy::RunOptions o;
  o.prices = {(dir / "rates.csv").string(), (dir / "rates_indx.csv").string()};
  o.values = "returns";
  o.market = "GSPC";
  o.estimation = "2019-04-01:2020-03-13";
  o.event = {"covid=2020-03-16"};
  o.window = "0:5";
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult result = evstudy::run_study(loaded.spec, loaded.panel);
  const auto m = read_column(dir / "rates_indx.csv", "GSPC");
  REQUIRE(result.events[0].securities.size() == 7);
  for (const evstudy::SecurityEvent& se : result.events[0].securities) {
    INFO(se.ticker);
    const auto r = read_column(dir / "rates.csv", se.ticker);
    long double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (const auto& [date, y] : r) {
      if (date < "2019-04-01" || date > "2020-03-13" || !m.count(date)) continue;
      const long double x = m.at(date);
      n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y, syy += static_cast<long double>(y) * y;
    }
    const long double beta = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const long double alpha = (sy - beta * sx) / n;
    const long double ssr = syy - alpha * sy - beta * sxy;
    CHECK(se.fit.n_est == static_cast<evstudy::i64>(n));
    CHECK_THAT(se.fit.beta, WithinRel(static_cast<double>(beta), 1e-9));
    CHECK_THAT(se.fit.alpha, WithinAbs(static_cast<double>(alpha), 1e-12));
    CHECK_THAT(se.fit.sigma, WithinRel(std::sqrt(static_cast<double>(ssr / (n - 2))), 1e-7));
  }
}

TEST_CASE("surprise on the real 2022-2024 CPI calendar: IWM's coefficient against an in-test computation", "[shared]") {
  const auto market = evstudy::test::shared_data() / "market";
  EVSTUDY_NEED_SHARED(market / "macro/cpi_releases.csv");
  evstudy::RunOptions o;
  o.prices = {(market / "SPX.csv").string(), (market / "IWM.csv").string()};
  o.market = "SPX";
  o.events = (market / "macro/cpi_releases.csv").string();
  o.unit = "pct_yoy";
  o.window = "-1:1";
  o.car = {"0:0"};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult study = evstudy::run_study(loaded.spec, loaded.panel);
  const evstudy::SurpriseResult result = evstudy::analyse_surprises(loaded.spec, study);
  REQUIRE(result.surprises.size() == 36);

  // Independently: y/y surprises standardized by their sd; IWM's market-model AR on each release
  // day (estimation -260..-11 on SPX's dates, adj_close returns); OLS slope with HC1.
  const auto spx = read_column(market / "SPX.csv", "adj_close");
  const auto iwm = read_column(market / "IWM.csv", "adj_close");
  std::vector<std::string> dates;
  for (const auto& [d, v] : spx) dates.push_back(d);
  std::ifstream in(market / "macro/cpi_releases.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::pair<std::string, double>> surprises;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    for (std::size_t a = 0, b; a <= line.size(); a = b + 1) {
      b = std::min(line.find(',', a), line.size());
      f.push_back(line.substr(a, b - a));
    }
    if (f[6] == "pct_yoy") surprises.emplace_back(f[0], std::stod(f[3]) - std::stod(f[4]));
  }
  double mean = 0, ss = 0;
  for (const auto& s : surprises) mean += s.second / static_cast<double>(surprises.size());
  for (const auto& s : surprises) ss += (s.second - mean) * (s.second - mean);
  const double sd = std::sqrt(ss / static_cast<double>(surprises.size() - 1));
  auto ret = [&](const std::map<std::string, double>& p, std::size_t t) { return p.at(dates[t]) / p.at(dates[t - 1]) - 1.0; };
  std::vector<double> x, y;
  for (const auto& [date, s] : surprises) {
    const auto it = std::find(dates.begin(), dates.end(), date);
    if (it == dates.end() || it + 1 == dates.end()) continue;  // day +1 must exist for the -1:1 window
    const auto d0 = static_cast<std::size_t>(it - dates.begin());
    long double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t t = d0 - 260; t <= d0 - 11; ++t) {
      const long double a = ret(spx, t), b = ret(iwm, t);
      n += 1, sx += a, sy += b, sxx += a * a, sxy += a * b;
    }
    const long double beta = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const long double alpha = (sy - beta * sx) / n;
    x.push_back(s / sd);
    y.push_back(static_cast<double>(ret(iwm, d0) - alpha - beta * ret(spx, d0)));
  }
  REQUIRE(x.size() == 33);
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) mx += x[k] / 33.0, my += y[k] / 33.0;
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) sxx += (x[k] - mx) * (x[k] - mx), sxy += (x[k] - mx) * (y[k] - my);
  const double b = sxy / sxx, a = my - b * mx;
  double meat = 0;
  for (std::size_t k = 0; k < x.size(); ++k) meat += (x[k] - mx) * (x[k] - mx) * std::pow(y[k] - a - b * x[k], 2);
  const double se = std::sqrt(33.0 / 31.0 * meat / (sxx * sxx));
  const evstudy::CoefRow* iwm_row = nullptr;
  for (const auto& c : result.coef)
    if (c.ticker == "IWM") iwm_row = &c;
  REQUIRE(iwm_row != nullptr);
  CHECK(iwm_row->fit.n == 33);
  CHECK_THAT(iwm_row->fit.beta, WithinRel(b, 1e-9));
  CHECK_THAT(iwm_row->fit.se_hc1, WithinRel(se, 1e-9));
}
