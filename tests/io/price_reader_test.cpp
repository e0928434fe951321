#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "evstudy/core/error.hpp"
#include "evstudy/io/price_fields.hpp"
#include "evstudy/io/price_reader.hpp"
#include "evstudy/io/series_builder.hpp"
#include "evstudy/kernel/panel.hpp"

using evstudy::from_ymd;

namespace {
evstudy::PriceRead read(std::string_view text, std::string_view source = "prices.csv") {
  return evstudy::read_prices_csv(text, source, {});
}
}  // namespace

TEST_CASE("a long file gives one series per ticker, adjusted close preferred", "[io]") {
  const auto r = read("date,ticker,close,adj_close\n2026-02-11,IWM,250.5,249.1\n2026-02-12,IWM,251,250\n2026-02-11,KEY,20,19.5\n");
  REQUIRE(r.series.size() == 2);
  CHECK(r.series[0].ticker == "IWM");
  CHECK(std::ranges::equal(r.series[0].date_view(), std::vector<evstudy::Date>{from_ymd(2026, 2, 11), from_ymd(2026, 2, 12)}));
  CHECK(r.series[0].values == std::vector<double>{249.1, 250.0});
  CHECK(r.series[1].values == std::vector<double>{19.5});
}

TEST_CASE("a yfinance file is one ticker named after the file", "[io]") {
  const auto r = read("Date,Open,High,Low,Close,Adj Close,Volume\r\n2026-02-11,1,2,0.5,1.5,1.25,100\r\n", "data/NVDA.csv");
  REQUIRE(r.series.size() == 1);
  CHECK(r.series[0].ticker == "NVDA");
  CHECK(r.series[0].values == std::vector<double>{1.25});
}

TEST_CASE("a wide file gives one series per column, NA and empty are missing", "[io]") {
  const auto r = read("\xEF\xBB\xBF" "date;SPX;IWM\n20260211;6000;NA\n20260212;6010;\n\n");
  REQUIRE(r.series.size() == 2);
  CHECK(r.series[1].ticker == "IWM");
  CHECK(std::isnan(r.series[1].values[0]));
  CHECK(std::isnan(r.series[1].values[1]));
  CHECK(r.series[0].values[1] == 6010.0);
}

TEST_CASE("rows out of date order are sorted with a note", "[io]") {
  const auto r = read("date,ticker,close\n2026-02-12,IWM,2\n2026-02-11,IWM,1\n");
  CHECK(r.series[0].values == std::vector<double>{1.0, 2.0});
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "prices.csv: rows of IWM were not in date order; sorted");
}

TEST_CASE("bad price input names file, line and column", "[io]") {
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,IWM,abc\n"), "prices.csv:2:16: found 'abc', expected a number");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,IWM,0\n"),
                    "prices.csv:2:16: found price 0, expected a positive finite price");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,IWM,-3\n"),
                    "prices.csv:2:16: found price -3, expected a positive finite price");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-30,IWM,1\n"),
                    "prices.csv:2:1: found '2026-02-30', expected a date (YYYY-MM-DD or YYYYMMDD), a date-time or epoch seconds");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,IWM,1,7\n"),
                    "prices.csv:2:18: found 4 fields, expected 3 as in the header");
  CHECK_THROWS_WITH(read("day,ticker,close\n"),
                    "prices.csv:1: no date column (found day,ticker,close), expected one named date, timestamp or time");
  CHECK_THROWS_WITH(read("date,ticker,volume\n"),
                    "prices.csv:1: no close column (found date,ticker,volume), expected close, adj_close or PRC");
  CHECK_THROWS_WITH(read(""), "prices.csv: empty file, expected a header row");
  // A wide file's ticker columns: each named once (found by the price-CSV fuzzer: two unnamed
  // columns fed one series, and the two readings met its rows in different orders).
  CHECK_THROWS_WITH(read("date;;\n2026-02-11;1;2\n"),
                    "prices.csv:1:6: found an empty column name in a wide file's header (found date,,), expected a "
                    "ticker for every column after the date");
  CHECK_THROWS_WITH(read("date,IWM, ,KEY\n"),
                    "prices.csv:1:10: found an empty column name in a wide file's header (found date,IWM, ,KEY), "
                    "expected a ticker for every column after the date");
  CHECK_THROWS_WITH(read("date,IWM,KEY,IWM\n2026-02-11,1,2,3\n"),
                    "prices.csv:1:14: found ticker column IWM a second time (also at column 6), expected one column "
                    "per ticker");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,IWM,1\n2026-02-12,KEY,1\n2026-02-11,IWM,2\n"),
                    "prices.csv:4: duplicate row for IWM on 2026-02-11 (also at line 2), expected one row per ticker and date");
  CHECK_THROWS_WITH(read("date,ticker,close\n2026-02-11,\"IWM,1\n"),
                    "prices.csv:2:12: found an unterminated quoted field, expected a closing '\"'");
}

TEST_CASE("quoted fields follow RFC 4180", "[io]") {
  const auto r = read("date,ticker,close\n\"2026-02-11\",\"BRK \"\"B\"\"\",\"410.5\"\n");
  CHECK(r.series[0].ticker == "BRK \"B\"");
  CHECK(r.series[0].values[0] == 410.5);
}

TEST_CASE("row numbers stay exact past four billion lines", "[io]") {
  evstudy::RowNumbers rows;
  rows.push_back(7);
  rows.push_back(4294967295LL);
  CHECK(rows[0] == 7);
  CHECK(rows[1] == 4294967295LL);
  rows.push_back(4294967296LL);
  rows.push_back(12);
  CHECK(rows[0] == 7);
  CHECK(rows[1] == 4294967295LL);
  CHECK(rows[2] == 4294967296LL);
  CHECK(rows[3] == 12);
}

TEST_CASE("dates parsed with the month remembered equal dates parsed afresh", "[io]") {
  evstudy::StampParser stamps("America/New_York");
  const evstudy::SourcePos at{"p.csv", 1, 1};
  for (const char* text : {"2024-02-01", "2024-02-28", "2024-02-29", "2024-03-01", "2024-03-31", "2023-12-31", "2024-01-01",
                           "2024-01-31", "2024-01-09", "2025-02-28", "20250301", "2025-03-01T00:00:00", "2025-03-15"}) {
    INFO(text);
    CHECK(stamps.parse(text, at).date == evstudy::parse_stamp(text, "America/New_York", at).date);
  }
  // A day the remembered month does not have is still refused.
  CHECK(stamps.parse("2025-02-28", at).date == evstudy::from_ymd(2025, 2, 28));
  CHECK_THROWS_AS(stamps.parse("2025-02-29", at), evstudy::BadRow);
  CHECK_THROWS_AS(stamps.parse("2025-02-00", at), evstudy::BadRow);
  CHECK_THROWS_AS(stamps.parse("2025-02-3x", at), evstudy::BadRow);
}

TEST_CASE("row numbers kept as runs, then one per row when runs are short", "[io]") {
  evstudy::RowNumbers rows;
  std::vector<evstudy::i64> pushed;
  auto push = [&](evstudy::i64 row) {
    rows.push_back(row);
    pushed.push_back(row);
  };
  // Long runs (a ticker-major file with blank lines), then lines one apart at random, which
  // makes runs too short to pay: every number must read back the same throughout.
  for (evstudy::i64 line = 2; line < 5000; ++line) push(line % 1000 == 0 ? line + 1 : line);
  REQUIRE(rows.size() == pushed.size());
  for (std::size_t k = 0; k < pushed.size(); k += 7) REQUIRE(rows[k] == pushed[k]);
  // Consecutive runs at once: joining the last run, starting a new one, a single number.
  auto push_run = [&](evstudy::i64 first, std::size_t count) {
    rows.push_consecutive(first, count);
    for (std::size_t k = 0; k < count; ++k) pushed.push_back(first + static_cast<evstudy::i64>(k));
  };
  push_run(pushed.back() + 1, 50);
  push_run(pushed.back() + 3, 70);
  push_run(pushed.back() + 1, 1);
  push_run(pushed.back() + 5, 0);
  REQUIRE(rows.size() == pushed.size());
  for (std::size_t k = 0; k < pushed.size(); ++k) REQUIRE(rows[k] == pushed[k]);
  std::mt19937_64 rng(11);
  for (int k = 0; k < 3000; ++k) push(static_cast<evstudy::i64>(6000 + rng() % 100000));
  push_run(200000, 40);  // after the switch to one number per row
  push(4294967296LL);
  push(3);
  REQUIRE(rows.size() == pushed.size());
  for (std::size_t k = 0; k < pushed.size(); ++k) REQUIRE(rows[k] == pushed[k]);
}

TEST_CASE("series read on the first series' days share its dates, others keep their own", "[io]") {
  // MKT on five days; A on all five, B on the middle three, D on the first three and, further
  // down the file, the last two: all three share MKT's column. C skips a day, E has a row out
  // of order: their own dates, C as read, E sorted. F shares the first two days, then further
  // down skips two: from there its own dates, the two it shared among them.
  const std::string days[] = {"2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13"};
  std::string text = "date,ticker,close\n";
  auto rows = [&](const std::string& ticker, std::initializer_list<int> which, double base) {
    for (const int d : which) text += days[d] + "," + ticker + "," + std::to_string(base + d) + "\n";
  };
  rows("MKT", {0, 1, 2, 3, 4}, 100);
  rows("A", {0, 1, 2, 3, 4}, 10);
  rows("B", {1, 2, 3}, 20);
  rows("C", {0, 1, 3, 4}, 30);
  rows("D", {0, 1, 2}, 40);
  rows("E", {0, 2, 1, 3, 4}, 50);
  rows("F", {0, 1}, 60);
  rows("D", {3, 4}, 40);
  rows("F", {4}, 60);
  const auto r = read(text);
  REQUIRE(r.series.size() == 7);
  auto dates_of = [](std::initializer_list<int> which) {
    std::vector<evstudy::Date> out;
    for (const int d : which) out.push_back(from_ymd(2026, 2, 9 + d));
    return out;
  };
  const auto& mkt = r.series[0];
  REQUIRE(mkt.shared_dates);
  CHECK(mkt.dates.empty());
  CHECK(std::ranges::equal(mkt.date_view(), dates_of({0, 1, 2, 3, 4})));
  for (const std::size_t s : {1u, 2u, 4u}) {
    INFO(r.series[s].ticker);
    CHECK(r.series[s].shared_dates.get() == mkt.shared_dates.get());  // one column
    CHECK(r.series[s].dates.empty());
  }
  CHECK(r.series[2].shared_first == 1);
  CHECK(std::ranges::equal(r.series[1].date_view(), dates_of({0, 1, 2, 3, 4})));
  CHECK(std::ranges::equal(r.series[2].date_view(), dates_of({1, 2, 3})));
  CHECK(r.series[2].values == std::vector<double>{21, 22, 23});
  CHECK(std::ranges::equal(r.series[4].date_view(), dates_of({0, 1, 2, 3, 4})));
  CHECK(r.series[4].values == std::vector<double>{40, 41, 42, 43, 44});
  CHECK_FALSE(r.series[3].shared_dates);
  CHECK(r.series[3].dates == dates_of({0, 1, 3, 4}));
  CHECK(r.series[3].values == std::vector<double>{30, 31, 33, 34});
  CHECK_FALSE(r.series[5].shared_dates);
  CHECK(r.series[5].dates == dates_of({0, 1, 2, 3, 4}));
  CHECK(r.series[5].values == std::vector<double>{50, 51, 52, 53, 54});
  CHECK_FALSE(r.series[6].shared_dates);
  CHECK(r.series[6].dates == dates_of({0, 1, 4}));
  CHECK(r.series[6].values == std::vector<double>{60, 61, 64});

  // The panel from the shared dates is the panel from each series' own copy of them.
  std::vector<evstudy::PriceSeries> shared = r.series, own = r.series;
  for (auto& s : own) {
    const auto view = s.date_view();
    s.dates.assign(view.begin(), view.end());
    s.shared_dates.reset();
  }
  auto panel_of = [](std::vector<evstudy::PriceSeries>& all) {
    std::vector<evstudy::PriceSeries*> securities;
    for (std::size_t s = 1; s < all.size(); ++s) securities.push_back(&all[s]);
    return evstudy::build_panel(all[0], securities, {});
  };
  const evstudy::Panel a = panel_of(shared), b = panel_of(own);
  CHECK(a.calendar == b.calendar);
  REQUIRE(a.returns.size() == 6);
  for (std::size_t s = 0; s < 6; ++s) {
    INFO(a.tickers[s]);
    REQUIRE(a.returns[s].size() == b.returns[s].size());
    for (std::size_t t = 0; t < a.returns[s].size(); ++t)
      CHECK((a.returns[s][t] == b.returns[s][t] || (std::isnan(a.returns[s][t]) && std::isnan(b.returns[s][t]))));
  }
  CHECK(std::isnan(a.returns[1][1]));  // B has no close on the first day: no return on the second
  CHECK(a.returns[1][2] == Approx(22.0 / 21.0 - 1.0).epsilon(1e-15));
}

TEST_CASE("a row of the first series out of order later on: the series that shared its days get their own", "[io]") {
  // MKT's last row comes before its first: its dates are sorted (with a note), and A, which
  // had shared them as they came, keeps the days it was read on.
  const auto r = read(
      "date,ticker,close\n2026-02-10,MKT,100\n2026-02-11,MKT,101\n2026-02-10,A,10\n2026-02-11,A,11\n"
      "2026-02-09,MKT,99\n");
  REQUIRE(r.series.size() == 2);
  CHECK_FALSE(r.series[1].shared_dates);
  CHECK(r.series[1].dates == std::vector<evstudy::Date>{from_ymd(2026, 2, 10), from_ymd(2026, 2, 11)});
  CHECK(std::ranges::equal(r.series[0].date_view(),
                           std::vector<evstudy::Date>{from_ymd(2026, 2, 9), from_ymd(2026, 2, 10), from_ymd(2026, 2, 11)}));
  CHECK(r.series[0].values == std::vector<double>{99, 100, 101});
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("not in date order") != std::string::npos);
}
