// Every price layout and time-stamp form the readers accept, and every bad input they refuse.
#include <catch2/catch.hpp>
#include <cmath>

#include "evstudy/core/error.hpp"
#include "evstudy/core/types.hpp"
#include "evstudy/io/price_fields.hpp"
#include "evstudy/io/price_reader.hpp"

using evstudy::from_ymd;

namespace {
evstudy::PriceRead csv(std::string_view text, evstudy::PriceReadOptions o = {}) { return evstudy::read_prices_csv(text, "p.csv", o); }
evstudy::PriceRead json(std::string_view text, evstudy::PriceReadOptions o = {}) { return evstudy::read_prices_json(text, "p.json", o); }
evstudy::i64 utc(int y, int m, int d, int hh, int mm) {
  return static_cast<evstudy::i64>(from_ymd(y, m, d).days) * 86400 + hh * 3600 + mm * 60;
}
}  // namespace

TEST_CASE("JSON prices: array of records, object of records or pairs, NDJSON", "[io]") {
  const auto a = json(R"([{"date": "2026-02-11", "ticker": "IWM", "close": 250.5},
                          {"Date": "2026-02-12", "Ticker": "IWM", "Adj Close": "251", "Close": 252}])");
  REQUIRE(a.series.size() == 1);
  CHECK(a.series[0].values == std::vector<double>{250.5, 251.0});  // adj close column preferred where present
  const auto b = json(R"({"IWM": [{"date": "2026-02-11", "close": 1.5}], "KEY": [["2026-02-11", 2.5], ["20260212", 2.75]]})");
  REQUIRE(b.series.size() == 2);
  CHECK(b.series[1].ticker == "KEY");
  CHECK(b.series[1].date_view()[1] == from_ymd(2026, 2, 12));
  CHECK(b.series[1].values[1] == 2.75);
  const auto c = json("{\"date\": \"2026-02-11\", \"ticker\": \"IWM\", \"close\": 1}\n{\"date\": \"2026-02-12\", \"ticker\": \"IWM\", \"close\": null}\n");
  REQUIRE(c.series.size() == 1);
  CHECK(std::isnan(c.series[0].values[1]));
}

TEST_CASE("JSON prices streamed record by record keep the document's meaning", "[io]") {
  // An object keyed by ticker: tickers in sorted order, a repeated key keeping its last value,
  // escaped keys read as their text, strings holding brackets and quotes inside records.
  const auto r = json(R"({"BBB": [["2026-02-10", 2]], "AAA": "not prices", "AAA": [["2026-02-10", 1]],
                          "\u0043CC": [{"note": "]}[{\",", "date": "2026-02-10", "close": 3}]})");
  REQUIRE(r.series.size() == 3);
  CHECK(r.series[0].ticker == "AAA");
  CHECK(r.series[0].values == std::vector<double>{1.0});
  CHECK(r.series[1].values == std::vector<double>{2.0});
  CHECK(r.series[2].ticker == "CCC");
  CHECK(r.series[2].values == std::vector<double>{3.0});
  // Errors as the whole document gives them: in ticker order, a value that is no array named.
  auto error_of = [](std::string_view text) {
    try {
      json(text);
    } catch (const evstudy::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of(R"({"BBB": [["2026-02-10", -1]], "AAA": [["2026-02-10", -2]]})") ==
        "p.json: /AAA/0/1: found price -2, expected a positive finite price");
  CHECK(error_of(R"({"BBB": {"x": [1]}, "AAA": [["2026-02-10", 1]]})") ==
        "p.json: /BBB: found a JSON object, expected an array of records or [date, close] pairs");
  // A syntax error anywhere comes first, before any record's error.
  CHECK(error_of(R"([{"date": "2026-02-10", "ticker": "A", "close": -1}, {"date": "2026-02-11",]])") ==
        "p.json: invalid JSON at byte 76, expected an array of price records or an object keyed by ticker");
  // An array of records: nested values and repeated keys inside a record as the document has them.
  const auto a = json(R"([{"date": "2026-02-10", "ticker": "A", "close": -5, "close": 7, "extra": {"k": [1, {"m": null}]}},
                          {"date": "2026-02-11", "ticker": "A", "close": 8}])");
  REQUIRE(a.series.size() == 1);
  CHECK(a.series[0].values == std::vector<double>{7.0, 8.0});
}

TEST_CASE("time stamps: dates, midnight date-times, epoch seconds and milliseconds, intraday kept as instants", "[io]") {
  const auto r = csv(
      "date,ticker,close\n"
      "2026-02-09,A,1\n20260210,A,2\n2026-02-11 00:00:00-05:00,A,3\n1770958800,A,4\n1771045200000,A,5\n");
  REQUIRE(r.series[0].date_view().size() == 5);
  CHECK(r.series[0].times.empty());  // all daily: the epoch values are midnights in New York
  CHECK(r.series[0].date_view()[3] == from_ymd(2026, 2, 13));
  CHECK(r.series[0].date_view()[4] == from_ymd(2026, 2, 14));
  const auto bars = csv("time,ticker,close\n2026-02-11T13:30:00Z,IWM,250\n2026-02-11T08:31:00-05:00,IWM,251\n2026-02-11 08:32,IWM,252\n");
  REQUIRE(bars.series[0].times.size() == 3);
  CHECK(bars.series[0].times[0] == utc(2026, 2, 11, 13, 30));
  CHECK(bars.series[0].times[1] == utc(2026, 2, 11, 13, 31));
  CHECK(bars.series[0].times[2] == utc(2026, 2, 11, 13, 32));  // no zone: --tz, New York
  CHECK(bars.series[0].date_view()[0] == from_ymd(2026, 2, 11));
}

TEST_CASE("bad input: binary, invalid UTF-8, a huge line, truncated JSON, non-finite and mixed stamps", "[io]") {
  CHECK_THROWS_WITH(csv(std::string_view("date,ticker,close\n2026-02-11,A,\0\n", 33)), "p.csv:2:14: found a NUL byte, expected text (is this a binary file?)");
  CHECK_THROWS_WITH(csv("date,ticker,close\n2026-02-11,\xC3\x28,1\n"), "p.csv:2:12: found invalid UTF-8, expected UTF-8 text");
  CHECK_NOTHROW(csv("date,ticker,close\n2026-02-11,\xC3\xA9,1\n"));  // é is fine
  CHECK_THROWS_WITH(csv("date,ticker,close\n" + std::string(2 << 20, 'x')), "p.csv:2: found a line longer than 1048576 bytes, expected CSV or JSON text");
  CHECK_THROWS_WITH(json(R"([{"date": "2026-02-11", "close": 1}, {"date": )"),
                    "p.json: invalid JSON at byte 47, expected an array of price records or an object keyed by ticker");
  CHECK_THROWS_WITH(json(R"([{"date": "2026-02-11", "ticker": "A", "close": "abc"}])"), "p.json: /0/close: found 'abc', expected a number");
  CHECK_THROWS_WITH(csv("date,ticker,close\n2026-02-11,A,inf\n"), "p.csv:2:14: found price inf, expected a positive finite price");
  CHECK_THROWS_WITH(csv("date,ticker,close\n2026-02-11,A,1\n2026-02-11T10:00:00Z,A,2\n"),
                    "p.csv:3: found a date-time for A after dates, expected one kind of time stamp per ticker");
  CHECK_THROWS_WITH(json("{\"date\": \"2026-02-11\", \"close\": 1}\n{\"date\": \"2026-02-12\", \"close\": x}\n"),
                    "p.json:2:33: invalid JSON, expected one record a line (NDJSON)");
}

TEST_CASE("strict mode refuses rows out of order and skip mode counts bad rows per reason", "[io]") {
  evstudy::PriceReadOptions strict;
  strict.strict = true;
  CHECK_THROWS_WITH(csv("date,ticker,close\n2026-02-12,A,2\n2026-02-11,A,1\n", strict),
                    "p.csv:3: row of A out of date order (after line 2), expected ascending dates (--strict)");
  evstudy::PriceReadOptions skip;
  skip.skip_bad_rows = true;
  const auto r = csv("date,ticker,close\n2026-02-09,A,1\n2026-02-10,A,abc\n2026-02-11,A,-1\n2026-02-12,A,x\n2026-02-13,A,2,9\n2026-02-16,A,3\n", skip);
  CHECK(r.series[0].values == std::vector<double>{1.0, 3.0});
  REQUIRE(r.notes.size() == 3);
  CHECK(r.notes[0] == "p.csv: skipped 1 row(s) with a price that is not positive (first at p.csv:4:14)");
  CHECK(r.notes[1] == "p.csv: skipped 1 row(s) with a wrong number of fields (first at p.csv:6:16)");
  CHECK(r.notes[2] == "p.csv: skipped 2 row(s) with an unparsable number (first at p.csv:3:14)");
}

TEST_CASE("a JSON number out of range is bad input, not an internal error (fuzzer finding)", "[io]") {
  CHECK_THROWS_WITH(json(R"([{"date": "2026-02-11", "close": 2e00666}])"),
                    "p.json: invalid JSON (number overflow parsing '2e00666'), expected an array of price records or an object keyed by ticker");
  CHECK_THROWS_AS(evstudy::read_prices_json("{\"date\": \"2026-02-11\", \"close\": 1e999}\n{\"date\": \"2026-02-12\", \"close\": 1}\n", "p.json", {}),
                  evstudy::Error);
}

TEST_CASE("the stamp parser's month memory gives every day's date across months, years and leap days", "[io]") {
  evstudy::StampParser stamps("America/New_York");
  const std::string file = "p.csv";
  const evstudy::FieldPos pos(file, 2, 1);
  // Every day from 1999-12-01 to 2025-03-31 in order, then back to earlier months (a new ticker).
  std::vector<evstudy::Date> days;
  for (int d = evstudy::from_ymd(1999, 12, 1).days; d <= evstudy::from_ymd(2025, 3, 31).days; ++d) days.push_back(evstudy::Date{d});
  for (int d = evstudy::from_ymd(2000, 2, 27).days; d <= evstudy::from_ymd(2000, 3, 2).days; ++d) days.push_back(evstudy::Date{d});
  std::size_t wrong = 0;
  for (const evstudy::Date day : days) {
    const std::string text = evstudy::format_date(day);
    const evstudy::Stamp stamp = stamps.parse(text, pos);
    if (stamp.date.days != day.days || stamp.time) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK(days.size() > 9000);
  // A day past the month's end is not taken from the month's memory: the general parser refuses it.
  CHECK(stamps.parse("2000-03-01", pos).date.days == evstudy::from_ymd(2000, 3, 1).days);
  CHECK_THROWS(stamps.parse("2000-03-32", pos));
  CHECK_THROWS(stamps.parse("2001-02-29", pos));
  CHECK(stamps.parse("2024-02-29", pos).date.days == evstudy::from_ymd(2024, 2, 29).days);
}
