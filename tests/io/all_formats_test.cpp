// "All formats load to the same study result": the samples' closes written in every layout and
// time-stamp form the readers accept, each run through the same study, compared bit for bit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "evstudy/core/date.hpp"
#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/io/tz_database.hpp"
#include "evstudy/study/study.hpp"
#include "support/shared_data.hpp"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> tickers{"SPX", "IWM", "KEY", "NVDA"};

/// ticker -> date -> close text, as written in the samples.
std::map<std::string, std::map<std::string, std::string>> sample_closes() {
  std::map<std::string, std::map<std::string, std::string>> out;
  std::ifstream in(evstudy::test::source_dir() / "samples/prices/daily.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1);
    const std::string t = line.substr(a + 1, b - a - 1);
    if (std::find(tickers.begin(), tickers.end(), t) != tickers.end()) out[t][line.substr(0, a)] = line.substr(b + 1);
  }
  return out;
}

std::string epoch_midnight(const std::string& date) {
  const auto d = *evstudy::parse_date(date);
  return std::to_string(evstudy::local_to_utc(evstudy::load_zone("America/New_York"), static_cast<evstudy::i64>(d.days) * 86400));
}

evstudy::StudyResult study(const std::vector<std::string>& prices) {
  evstudy::RunOptions o;
  o.prices = prices;
  o.market = "SPX";
  o.event = {"cpi=2026-02-11 08:30 America/New_York"};
  o.window = "-5:5";
  o.car = {"0:0", "0:4"};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  return evstudy::run_study(loaded.spec, loaded.panel);
}

}  // namespace

TEST_CASE("every price format gives the same study, bit for bit", "[io]") {
  const auto px = sample_closes();
  const fs::path dir = fs::temp_directory_path() / "evstudy_all_formats";
  fs::remove_all(dir);
  fs::create_directories(dir / "per_ticker");
  const auto& dates = px.at("SPX");
  auto value = [&](const std::string& t, const std::string& d) {
    const auto it = px.at(t).find(d);
    return it == px.at(t).end() || it->second.empty() ? std::string("null") : it->second;
  };
  {
    std::ofstream f(dir / "long.csv");
    f << "date,ticker,close\n";
    for (const auto& t : tickers)
      for (const auto& [d, v] : px.at(t)) f << d << ',' << t << ',' << v << '\n';
  }
  {
    std::ofstream f(dir / "wide.csv", std::ios::binary);  // BOM, semicolons, CRLF, compact dates, NA
    f << "\xEF\xBB\xBF" << "Date;SPX;IWM;KEY;NVDA\r\n";
    for (const auto& [d, v] : dates) {
      f << d.substr(0, 4) << d.substr(5, 2) << d.substr(8, 2);
      for (const auto& t : tickers) f << ';' << (value(t, d) == "null" ? "NA" : value(t, d));
      f << "\r\n";
    }
  }
  for (const auto& t : tickers) {
    std::ofstream f(dir / "per_ticker" / (t + ".csv"));
    f << "Date,Open,High,Low,Close,Adj Close,Volume\n";
    for (const auto& [d, v] : px.at(t)) f << d << " 00:00:00-05:00,1,1,1," << v << ',' << v << ",100\n";
  }
  {
    std::ofstream f(dir / "records.json");
    f << "[";
    bool first = true;
    for (const auto& t : tickers)
      for (const auto& [d, v] : px.at(t)) {
        f << (first ? "" : ",\n") << R"({"date": ")" << d << R"(", "ticker": ")" << t << R"(", "close": )" << value(t, d) << "}";
        first = false;
      }
    f << "]\n";
  }
  {
    std::ofstream f(dir / "pairs.json");
    f << "{";
    for (std::size_t k = 0; k < tickers.size(); ++k) {
      f << (k ? ",\n" : "") << '"' << tickers[k] << "\": [";
      bool first = true;
      for (const auto& [d, v] : px.at(tickers[k])) {
        f << (first ? "" : ", ") << "[\"" << d << "\", " << value(tickers[k], d) << "]";
        first = false;
      }
      f << "]";
    }
    f << "}\n";
  }
  {
    std::ofstream f(dir / "epochs.ndjson");
    for (const auto& t : tickers)
      for (const auto& [d, v] : px.at(t))
        f << R"({"timestamp": )" << epoch_midnight(d) << R"(, "symbol": ")" << t << R"(", "price": )" << value(t, d) << "}\n";
  }
  const evstudy::StudyResult reference = study({(dir / "long.csv").string()});
  REQUIRE(reference.events[0].securities.size() == 3);
  std::vector<std::vector<std::string>> variants{{(dir / "wide.csv").string()},
                                                 {(dir / "records.json").string()},
                                                 {(dir / "pairs.json").string()},
                                                 {(dir / "epochs.ndjson").string()}};
  std::vector<std::string> per_ticker;
  for (const auto& t : tickers) per_ticker.push_back((dir / "per_ticker" / (t + ".csv")).string());
  variants.push_back(per_ticker);
  for (const auto& files : variants) {
    INFO(files.front());
    const evstudy::StudyResult r = study(files);
    REQUIRE(r.events[0].securities.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& a = reference.events[0].securities[i];
      const auto& b = r.events[0].securities[i];
      CHECK(a.ticker == b.ticker);
      CHECK(a.fit.beta == b.fit.beta);
      CHECK(a.fit.n_est == b.fit.n_est);
      CHECK(a.cars[0].car == b.cars[0].car);
      CHECK(a.cars[1].scar == b.cars[1].scar);
    }
  }
  fs::remove_all(dir);
}
