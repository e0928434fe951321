// estudy2's example data (../shared/data/estudy2, with its gaps files): the compat mode on the
// day 2020-03-17, where NFLX and SHOP are missing, against values computed here from scratch.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/study/study.hpp"
#include "support/shared_data.hpp"

using Catch::Matchers::WithinRel;

namespace {

/// column name -> date -> value (empty cells left out) of a wide CSV.
std::map<std::string, std::map<std::string, double>> read_wide(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  for (std::size_t s = 0, e; s <= line.size(); s = e + 1) {
    e = std::min(line.find(',', s), line.size());
    names.push_back(line.substr(s, e - s));
  }
  std::map<std::string, std::map<std::string, double>> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    for (std::size_t s = 0, e; s <= line.size(); s = e + 1) {
      e = std::min(line.find(',', s), line.size());
      f.push_back(line.substr(s, e - s));
    }
    for (std::size_t c = 1; c < f.size(); ++c)
      if (!f[c].empty()) out[names[c]][f[0]] = std::stod(f[c]);
  }
  return out;
}

const evstudy::TestRow& row(const evstudy::StudyResult& r, const std::string& scope, const std::string& test) {
  for (const auto& t : r.events[0].groups[0].tests)
    if (t.scope == scope && t.test == test) return t;
  throw std::runtime_error("no row " + scope + " " + test);
}

}  // namespace

TEST_CASE("estudy2 example data with gaps: compat t and sign on a day with two securities missing", "[shared]") {
  const auto dir = evstudy::test::shared_data() / "estudy2";
  EVSTUDY_NEED_SHARED(dir / "rates_gaps.csv");
  evstudy::RunOptions o;
  o.prices = {(dir / "rates_gaps.csv").string(), (dir / "rates_indx_gaps.csv").string()};
  o.values = "returns";
  o.market = "GSPC";
  o.estimation = "2019-04-01:2020-03-13";
  o.event = {"covid=2020-03-16"};
  o.window = "0:4";
  o.compat = "estudy2";
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  const evstudy::StudyResult result = evstudy::run_study(loaded.spec, loaded.panel);

  // Independent: OLS on complete cases of the estimation dates, AR on 2020-03-17.
  auto r = read_wide(dir / "rates_gaps.csv");
  const auto m = read_wide(dir / "rates_indx_gaps.csv").at("GSPC");
  std::vector<double> ar;
  double positive = 0;
  for (const char* t : {"AMZN", "ZM", "UBER", "NFLX", "SHOP", "FB", "UPWK"}) {
    long double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& [date, y] : r.at(t)) {
      if (date < "2019-04-01" || date > "2020-03-13" || !m.count(date)) continue;
      const long double x = m.at(date);
      n += 1, sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    const long double beta = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    const long double alpha = (sy - beta * sx) / n;
    if (!r.at(t).count("2020-03-17")) continue;  // NFLX and SHOP are blank that day
    const auto a = static_cast<double>(r.at(t).at("2020-03-17") - alpha - beta * m.at("2020-03-17"));
    ar.push_back(a);
    positive += a > 0 ? 1 : 0;
  }
  REQUIRE(ar.size() == 5);
  double mean = 0;
  for (const double a : ar) mean += a / 5.0;
  double ss = 0;
  for (const double a : ar) ss += (a - mean) * (a - mean);
  const double t = mean / std::sqrt(ss / 4.0) * std::sqrt(5.0);
  CHECK_THAT(row(result, "1", "t").statistic, WithinRel(t, 1e-9));
  CHECK(row(result, "1", "t").n == 5);
  // estudy2's sign test scales the count of positive ARs to all 7 securities: 7 * N+/5.
  const double sign = (7.0 * positive / 5.0 - 2.5) / std::sqrt(1.25);
  CHECK_THAT(row(result, "1", "sign").statistic, WithinRel(sign, 1e-12));
  // The default mode's t is the same formula; its sign test counts without scaling.
  o.compat.clear();
  const evstudy::LoadedStudy d = evstudy::load_study(o);
  const evstudy::StudyResult plain = evstudy::run_study(d.spec, d.panel);
  CHECK_THAT(row(plain, "1", "t").statistic, WithinRel(t, 1e-9));
  CHECK_THAT(row(plain, "1", "sign").statistic, WithinRel((positive - 2.5) / std::sqrt(1.25), 1e-12));
}
