// Reading a CSV in chunks (any size, any number of threads) gives exactly what reading it
// whole gives: the same series, the same notes, the same first error.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "evstudy/core/error.hpp"
#include "evstudy/io/chunk_reader.hpp"
#include "evstudy/io/csv.hpp"
#include "evstudy/io/price_reader.hpp"

namespace {

evstudy::PriceRead read(std::string_view text, std::size_t chunk_bytes, long threads, bool skip = false) {
  evstudy::PriceReadOptions o;
  o.chunk_bytes = chunk_bytes;
  o.threads = threads;
  o.skip_bad_rows = skip;
  return evstudy::read_prices_csv(text, "p.csv", o);
}

std::string error_of(std::string_view text, std::size_t chunk_bytes, long threads) {
  try {
    read(text, chunk_bytes, threads);
  } catch (const evstudy::Error& e) {
    return e.what();
  }
  return "no error";
}

void same_series(const evstudy::PriceRead& a, const evstudy::PriceRead& b) {
  REQUIRE(a.series.size() == b.series.size());
  for (std::size_t s = 0; s < a.series.size(); ++s) {
    CHECK(a.series[s].ticker == b.series[s].ticker);
    CHECK(a.series[s].dates == b.series[s].dates);
    REQUIRE(a.series[s].values.size() == b.series[s].values.size());
    for (std::size_t k = 0; k < a.series[s].values.size(); ++k) {
      const double x = a.series[s].values[k];
      const double y = b.series[s].values[k];
      CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
    }
  }
  CHECK(a.notes == b.notes);
}

// Quoted fields holding delimiters, line ends and "" escapes; CRLF; blank lines; a BOM; rows
// out of order; an adjusted-close column with gaps.
const std::string tricky =
    "\xEF\xBB\xBF" "date,ticker,close,adj_close\r\n"
    "2026-02-10,\"KEY\",20.5,20\r\n"
    "2026-02-11,\"K\"\"Y\",21,\r\n"
    "\r\n"
    "2026-02-12,\"WAL,\nB\",60,59.5\n"
    "2026-02-11,KEY,21.5,21\n"
    "\n\n"
    "2026-02-12,KEY,\"22\",21.75\n"
    "2026-02-09,KEY,19,NA\n"
    "2026-02-13,\"K\"\"Y\",23,22.5\n";

}  // namespace

TEST_CASE("chunks of every size and two threads read a tricky file as reading it whole does", "[io]") {
  const auto whole = read(tricky, 1 << 20, 1);
  REQUIRE(whole.series.size() == 3);
  CHECK(whole.series[0].ticker == "KEY");
  REQUIRE(whole.series[0].values.size() == 4);  // sorted; the NA adjusted close stays missing
  CHECK(std::isnan(whole.series[0].values[0]));
  CHECK(whole.series[0].values[3] == 21.75);
  CHECK(whole.series[1].ticker == "K\"Y");
  CHECK(whole.series[2].ticker == "WAL,\nB");
  CHECK(whole.series[2].values == std::vector<double>{59.5});
  for (std::size_t chunk = 1; chunk <= tricky.size() + 1; ++chunk)
    for (const long threads : {1L, 2L}) {
      INFO("chunk " << chunk << " bytes, " << threads << " threads");
      same_series(read(tricky, chunk, threads), whole);
    }
}

TEST_CASE("the first error in file order wins whatever the chunking", "[io]") {
  // A bad number on line 3, invalid UTF-8 on line 5, a ragged row on line 6.
  const std::string text = "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,x1\n2026-02-12,KEY,22\n2026-02-13,K\xFF,23\n1,2\n";
  const std::string expected = "p.csv:3:16: found 'x1', expected a number";
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk)
    for (const long threads : {1L, 2L}) {
      INFO("chunk " << chunk << " bytes, " << threads << " threads");
      CHECK(error_of(text, chunk, threads) == expected);
    }
  // Without the bad number, the invalid UTF-8 comes first.
  const std::string utf8 = "date,ticker,close\n2026-02-10,KEY,20\n2026-02-13,K\xFF,23\n1,2\n";
  for (std::size_t chunk = 1; chunk <= utf8.size() + 1; ++chunk)
    CHECK(error_of(utf8, chunk, 2) == "p.csv:3:13: found invalid UTF-8, expected UTF-8 text");
}

TEST_CASE("skipped rows are counted across chunks, first place kept", "[io]") {
  const std::string text = "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,-1\n2026-02-12,KEY,22\n2026-02-13,KEY,0\n";
  for (std::size_t chunk = 1; chunk <= text.size() + 1; chunk += 3) {
    const auto r = read(text, chunk, 2, true);
    REQUIRE(r.series.size() == 1);
    CHECK(r.series[0].values == std::vector<double>{20.0, 22.0});
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0] == "p.csv: skipped 2 row(s) with a price that is not positive (first at p.csv:3:16)");
  }
}

TEST_CASE("row ends are found outside quoted fields, quotes counting only at a field's start", "[io]") {
  CHECK(evstudy::last_row_end("a,b\nc,d\ne", ',') == 8);
  CHECK(evstudy::last_row_end("a,\"b\nc\",d\ne", ',') == 10);
  CHECK(evstudy::last_row_end("a,\"b\nc", ',') == 0);
  CHECK(evstudy::last_row_end("a,b\"c\nd", ',') == 6);       // a quote inside a field is a character
  CHECK(evstudy::last_row_end("x\na;\"b\"\"\nc\";d\n", ';') == 14);
  CHECK(evstudy::last_row_end("x\n\"a\"", ',') == 2);
}

TEST_CASE("a file streams in chunks that end at row ends, lines numbered on", "[io]") {
  const std::string text = "h\n1\n22\n333\n4444";
  evstudy::ChunkReader reader(text, "t.csv", 4);
  evstudy::Chunk chunk;
  std::vector<std::pair<std::string, long>> got;
  while (reader.next(chunk)) got.emplace_back(chunk.text, chunk.first_line);
  CHECK(got == std::vector<std::pair<std::string, long>>{{"h\n1\n", 1}, {"22\n", 3}, {"333\n", 4}, {"4444", 5}});
}
