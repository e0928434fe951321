// Reading a CSV in chunks (any size, any number of threads) gives exactly what reading it
// whole gives: the same series, the same notes, the same first error.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "evstudy/core/date.hpp"
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
    CHECK(std::ranges::equal(a.series[s].date_view(), b.series[s].date_view()));
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

TEST_CASE("a quote just after the BOM opens a field, whose line ends do not end the row, in chunks too", "[io]") {
  // Found by the differential fuzzer: chunks, and the rows before a text fault, were cut as if
  // the quote after the BOM were an ordinary character, inside the header's quoted field.
  // The header row runs over lines: the quote opened in its second field closes on line 3.
  const std::string text =
      "\xEF\xBB\xBF" "\"\"\"\"\",\"\"\"\"\"\"1,52022\n20252\n\"\"\"\"\"20\n6\n2;\n6\n2;25\n6\n2;\n9\n2;WM2022\n02525\n6\n\n202525\n6\n2;\n";
  const std::string expected = "p.csv:3:6: found '2' after a quoted field, expected a delimiter or the end of the line";
  CHECK(error_of(text, 1 << 20, 1) == expected);
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk)
    for (const long threads : {1L, 2L}) {
      INFO("chunk " << chunk << " bytes, " << threads << " threads");
      CHECK(error_of(text, chunk, threads) == expected);
    }
  // The same with invalid UTF-8 near the end: the rows before it are cut after the BOM too, so
  // the header's own error still comes first.
  const std::string faulty =
      "\xEF\xBB\xBF" "\"\"\"\"\",\"\"\"\"\"\"1,52022\n20252\n\"\"\"\"\"20\n6\n2;\n6\n2;25\n6\n2;\n9\n2;WM2022\n02525\n6\n\n202525\n6\xA8\n2;\n";
  for (std::size_t chunk = 1; chunk <= faulty.size() + 1; ++chunk)
    for (const long threads : {1L, 2L}) {
      INFO("chunk " << chunk << " bytes, " << threads << " threads");
      CHECK(error_of(faulty, chunk, threads) == expected);
    }
  const std::string ok = "\xEF\xBB\xBF\"date\",\"tick\ner\",close\n2026-02-10,KEY,20\n2026-02-11,KEY,21\n";
  for (std::size_t chunk = 1; chunk <= ok.size() + 1; ++chunk) {
    INFO("chunk " << chunk);
    CHECK(error_of(ok, chunk, 2) == error_of(ok, 1 << 20, 1));
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
  // At the file's start, a BOM comes before the first field: the quote after it opens one.
  CHECK(evstudy::last_row_end("\xEF\xBB\xBF\"a\nb\",c\nd", ',', true) == 11);
  CHECK(evstudy::last_row_end("\xEF\xBB\xBF\"a\nb", ',', true) == 0);
  CHECK(evstudy::last_row_end("\xEF\xBB\xBF\"a\nb", ',', false) == 6);  // mid-file: the quote is a character
}

TEST_CASE("a file streams in chunks that end at row ends, lines numbered on", "[io]") {
  const std::string text = "h\n1\n22\n333\n4444";
  evstudy::ChunkReader reader(text, "t.csv", 4);
  evstudy::Chunk chunk;
  std::vector<std::pair<std::string, long>> got;
  while (reader.next(chunk)) got.emplace_back(chunk.text(), chunk.first_line);
  CHECK(got == std::vector<std::pair<std::string, long>>{{"h\n1\n", 1}, {"22\n", 3}, {"333\n", 4}, {"4444", 5}});
}

namespace {

using Chunks = std::vector<std::pair<std::string, long>>;

/// Every chunk of `reader`.
Chunks chunks_of(evstudy::ChunkReader& reader) {
  reader.set_delimiter(',');
  evstudy::Chunk chunk;
  Chunks got;
  while (reader.next(chunk)) got.emplace_back(chunk.text(), chunk.first_line);
  return got;
}

/// Checks chunks read from a file or a stream against those of the same text in memory: the
/// same text, the same first chunk, every chunk but the last ending at a row end (outside
/// quotes), and each first line following from the lines before it. (Where the chunks after
/// the first end may differ: a read's window starts with the bytes read past the last row.)
void check_read_chunks(const Chunks& read, const Chunks& expected) {
  REQUIRE(!read.empty());
  CHECK(read.front() == expected.front());
  std::string joined_read, joined_expected;
  for (const auto& c : expected) joined_expected += c.first;
  long lines_before = 0;
  for (std::size_t k = 0; k < read.size(); ++k) {
    const auto& [rows, line] = read[k];
    joined_read += rows;
    if (k + 1 < read.size()) CHECK(evstudy::last_row_end(joined_read, ',', true) == joined_read.size());
    CHECK(line == 1 + lines_before);
    lines_before += std::count(rows.begin(), rows.end(), '\n');
  }
  CHECK(joined_read == joined_expected);
}

}  // namespace

TEST_CASE("a file, a stream and text in memory give the same chunks", "[io]") {
  // A regular file and a FIFO are read through buffers: each must give the chunks that text
  // in memory gives, at chunk sizes from a byte (rows grow the chunk) to more than the text.
  const std::string text =
      "\xEF\xBB\xBF\"date\",close\n2024-01-02,1\r\n\"2024-01-03\",\"2\n\"\"x\"\"\"\n\n2024-01-04,3\n" + std::string(300, 'x') + ",4";
  const std::string dir = "chunk_reader_test_dir";
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/prices.csv";
  std::ofstream(file, std::ios::binary) << text;
  const std::string fifo = dir + "/fifo.csv";
  std::filesystem::remove(fifo);
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::size_t bytes : {1U, 5U, 16U, 64U, 4096U}) {
    INFO("chunks of " << bytes << " bytes");
    evstudy::ChunkReader memory(text, "t.csv", bytes);
    const Chunks expected = chunks_of(memory);
    REQUIRE(expected.size() >= (bytes < 64 ? 3U : 1U));
    evstudy::ChunkReader read(file, bytes);
    check_read_chunks(chunks_of(read), expected);
    std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << text; });
    evstudy::ChunkReader stream(fifo, bytes);
    const Chunks streamed = chunks_of(stream);
    writer.join();
    check_read_chunks(streamed, expected);
  }
  // Over many buffers' worth, quote-free (rows cut at each window's last line end).
  std::string big;
  for (int k = 0; k < 20000; ++k) big += "2024-01-02,T" + std::to_string(k % 97) + "," + std::to_string(k) + ".5\n";
  std::ofstream(dir + "/big.csv", std::ios::binary) << big;
  evstudy::ChunkReader memory(big, "big.csv", 4096);
  const Chunks expected = chunks_of(memory);
  REQUIRE(expected.size() > 50);
  evstudy::ChunkReader read(dir + "/big.csv", 4096);
  check_read_chunks(chunks_of(read), expected);
  std::filesystem::remove_all(dir);
}

namespace {

evstudy::PriceRead read_with(std::string_view text, std::size_t chunk_bytes, long threads, bool skip, bool fast,
                             evstudy::ValueKind values = evstudy::ValueKind::prices) {
  evstudy::PriceReadOptions o;
  o.chunk_bytes = chunk_bytes;
  o.threads = threads;
  o.skip_bad_rows = skip;
  o.fast_paths = fast;
  o.values = values;
  return evstudy::read_prices_csv(text, "p.csv", o);
}

/// The series and notes, or the error, as one comparable string.
std::string outcome(std::string_view text, std::size_t chunk_bytes, long threads, bool skip, bool fast,
                    evstudy::ValueKind values = evstudy::ValueKind::prices) {
  try {
    const auto r = read_with(text, chunk_bytes, threads, skip, fast, values);
    std::string out;
    char buffer[64];
    for (const auto& s : r.series) {
      out += s.ticker + ":";
      const auto dates = s.date_view();
      for (std::size_t k = 0; k < dates.size(); ++k) {
        std::snprintf(buffer, sizeof buffer, " %d=%.17g", dates[k].days, s.values[k]);
        out += buffer;
        if (!s.times.empty()) {
          std::snprintf(buffer, sizeof buffer, "@%lld", static_cast<long long>(s.times[k]));
          out += buffer;
        }
      }
      out += "\n";
    }
    for (const auto& n : r.notes) out += n + "\n";
    return out;
  } catch (const evstudy::Error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

TEST_CASE("the long-format fast path reads every line as the general path does", "[io]") {
  // Each text mixes plain rows with a line the fast path hands over to the general path.
  const std::vector<std::string> texts{
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,20.5\n2026-02-10,WAL,60\n2026-02-11,WAL,61.25",
      "date,ticker,close\r\n2026-02-10,KEY,20\r\n\r\n2026-02-11,KEY,21\r\n\n2026-02-12,KEY,22\r\n",
      "date,ticker,close\n2026-02-10,KEY,NA\n2026-02-11,KEY,\n2026-02-12,KEY,null\n2026-02-13,KEY,+22\n2026-02-16,KEY,1e2\n",
      "date,ticker,close\n2026-02-10,KEY,.5\n2026-02-11,KEY,20.\n2026-02-12,KEY,0.000000000000001\n2026-02-13,KEY,1234567890123456\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,0\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,-3\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,2\r1\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,21,9\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-30,KEY,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n20260211,KEY,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-10,KEY,21\n",
      "date,ticker,close\n2026-02-12,KEY,20\n2026-02-10,KEY,21\n2026-02-11,WAL,3\n2026-02-10,WAL,2\n",
      "date,ticker,close\n2026-02-10,K\xC3\x89Y,20\n2026-02-11,KEY,21\n2026-02-12,K\xFFY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,\"KEY\",21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,K\"EY,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,K\tEY,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,K\x7F,21\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY,21\x00\n2026-02-12,KEY,22\n",
      "date,ticker,close\n2026-02-11T09:30:00Z,KEY,20\n2026-02-11T09:31:00Z,KEY,21\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11T09:31:00Z,KEY,21\n",
      "date;ticker;close\n2026-02-10;KEY;20\n2026-02-11;KEY;20,5\n",
      "date\tticker\tclose\n2026-02-10\tKEY\t20\n2026-02-11\tKEY\t21\n",
      "ticker,volume,close,date\nKEY,100,20,2026-02-10\nKEY,,21,2026-02-11\nWAL,5,60,2026-02-10\n",
      "date,ticker,close\n2026-02-10,KEY,20\n2026-02-11,KEY, 21\n2026-02-12,KEY,22 \n",
      // Around the 32 bytes a usual line is split in at once: lines of 31, 32 and 33 bytes
      // before their line end, longer ones, and deviations in the window's second half.
      "date,ticker,close\n2026-02-10,ABCDEFGHIJKLM,20.125\n2026-02-11,ABCDEFGHIJKLMN,20.125\n"
      "2026-02-12,ABCDEFGHIJKLMNO,20.125\n2026-02-13,ABCDEFGHIJKLMNOPQRSTUVWXYZ,21.5\n2026-02-16,KEY,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF,20.1\"5\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF,21\r\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF,21,\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF,21\x01\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF,2\xC3\xA9" "1\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n\n2026-02-11,KEYABCDEF,21\n,,\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11,KEYABCDEF\x01" "21\n2026-02-12,KEYABCDEF,22\n",
      "date,ticker,close\n2026-02-10,KEYABCDEF,20\n2026-02-11\"KEYABCDEF,21\n2026-02-12,KEYABCDEF,22\n",
  };
  for (std::size_t t = 0; t < texts.size(); ++t)
    for (const bool skip : {false, true})
      for (const long threads : {1L, 2L})
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{40}, std::size_t{1} << 20}) {
          INFO("text " << t << " skip " << skip << " threads " << threads << " chunk " << chunk);
          const std::string general = outcome(texts[t], 1 << 20, 1, skip, false);
          CHECK(outcome(texts[t], chunk, threads, skip, true) == general);
        }
  // The texts do exercise both outcomes.
  CHECK(outcome(texts[0], 1 << 20, 1, false, true).rfind("KEY: 20494=20 20495=20.5\nWAL:", 0) == 0);
  CHECK(outcome(texts[4], 1 << 20, 1, false, true) ==
        "error: p.csv:3:16: found price 0, expected a positive finite price");
}

TEST_CASE("prices read by the exact short-decimal path are the correctly rounded values from_chars gives", "[io]") {
  std::mt19937_64 rng(7);
  std::string text = "date,ticker,close\n";
  std::vector<double> expected;
  evstudy::Date day{10000};
  for (int k = 0; k < 20000; ++k) {
    // 1 to 16 digits, the point anywhere (or none): both the exact fast path and its fallback.
    const std::size_t digits = 1 + rng() % 16;
    std::string number;
    for (std::size_t d = 0; d < digits; ++d) number += static_cast<char>('0' + (d == 0 ? 1 + rng() % 9 : rng() % 10));
    const std::size_t point = rng() % (digits + 1);
    if (point > 0 && point < digits) number = number.substr(0, point) + "." + number.substr(point);
    double value = 0.0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    expected.push_back(value);
    text += evstudy::format_date(evstudy::Date{day.days + k}) + ",KEY," + number + "\n";
  }
  for (const bool fast : {true, false}) {
    const auto r = read_with(text, 1 << 20, 1, false, fast);
    REQUIRE(r.series.size() == 1);
    REQUIRE(r.series[0].values.size() == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) REQUIRE(r.series[0].values[k] == expected[k]);
  }
}

TEST_CASE("a wide file in chunks: each column's rows in file order, skips and errors as read whole", "[io]") {
  // Rows out of order (sorted with a note), a missing value, a bad row, a row of date-times.
  const std::string text =
      "date,KEY,WAL,IWM\n2026-02-11,21,61,200.5\n2026-02-10,20,60,NA\n2026-02-12,x,62,201\n2026-02-13,23,63.25,202\n";
  const auto whole = read(text, 1 << 20, 1, true);
  REQUIRE(whole.series.size() == 3);
  CHECK(whole.series[0].ticker == "KEY");
  CHECK(whole.series[0].values == std::vector<double>{20.0, 21.0, 23.0});
  CHECK(whole.series[1].values == std::vector<double>{60.0, 61.0, 63.25});
  CHECK(std::isnan(whole.series[2].values[0]));
  CHECK(whole.series[2].values[1] == 200.5);
  CHECK(whole.series[2].values[2] == 202.0);
  CHECK(whole.notes == std::vector<std::string>{"p.csv: rows of KEY were not in date order; sorted",
                                                "p.csv: rows of WAL were not in date order; sorted",
                                                "p.csv: rows of IWM were not in date order; sorted",
                                                "p.csv: skipped 1 row(s) with an unparsable number (first at p.csv:4:12)"});
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk)
    for (const long threads : {1L, 2L}) {
      INFO("chunk " << chunk << " bytes, " << threads << " threads");
      same_series(read(text, chunk, threads, true), whole);
      CHECK(error_of(text, chunk, threads) == "p.csv:4:12: found 'x', expected a number");
    }
  const std::string mixed = "date,KEY,WAL\n2026-02-10,20,60\n2026-02-11T15:00:00Z,21,61\n";
  for (std::size_t chunk = 1; chunk <= mixed.size() + 1; ++chunk)
    CHECK(error_of(mixed, chunk, 2) == error_of(mixed, 1 << 20, 1));
  CHECK(error_of(mixed, 1 << 20, 1).find("p.csv:3: found a date-time for KEY after dates") == 0);
}

TEST_CASE("the chunk size follows the rows: 256 KiB for short rows, about 160 rows' worth for long ones", "[io]") {
  CHECK(evstudy::chunk_bytes_for_rows(18) == std::size_t{256} << 10);
  CHECK(evstudy::chunk_bytes_for_rows(1638) == std::size_t{256} << 10);  // 160 x 1,638 = 262,080: the least
  CHECK(evstudy::chunk_bytes_for_rows(6553) == 1048480);
  CHECK(evstudy::chunk_bytes_for_rows(25000) == 4000000);
  CHECK(evstudy::chunk_bytes_for_rows(std::size_t{1} << 30) == std::size_t{64} << 20);
  // Read with the chosen size (options.chunk_bytes 0), a wide file of 20,000 columns (a 128 KB
  // header: 20 MB chunks) gives what chunks smaller than a row give.
  std::string text = "date";
  for (int c = 0; c < 20000; ++c) {
    text += ",T";  // appended apart: GCC 12 warns falsely (-Wrestrict) on "," + std::string
    text += std::to_string(c);
  }
  text += "\n";
  for (int d = 0; d < 3; ++d) {
    text += evstudy::format_date(evstudy::Date{20000 + d});
    for (int c = 0; c < 20000; ++c) {
      text += ',';
      text += std::to_string(1 + (c + d) % 97);
      text += ".5";
    }
    text += "\n";
  }
  const auto chosen = read(text, 0, 2);
  const auto small = read(text, 1000, 2);
  REQUIRE(chosen.series.size() == 20000);
  REQUIRE(small.series.size() == 20000);
  for (const std::size_t c : {std::size_t{0}, std::size_t{12345}, std::size_t{19999}}) {
    CHECK(chosen.series[c].ticker == small.series[c].ticker);
    CHECK(chosen.series[c].values == small.series[c].values);
    CHECK(chosen.series[c].values.size() == 3);
  }
  CHECK(chosen.series[19999].values[2] == 1.0 + (19999 + 2) % 97 + 0.5);
}
