#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "evstudy/io/newline_count.hpp"

TEST_CASE("newlines counted (and quotes found) 16 bytes at a time equal std::count at every length and alignment", "[io]") {
  std::mt19937_64 rng(5);
  std::string text(20000, 'x');
  // Dense runs of newlines (over 255 per byte lane in the all-newline stretch) and sparse ones.
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (k >= 4000 && k < 9000) text[k] = '\n';
    else if (rng() % 7 == 0) text[k] = '\n';
    else if (rng() % 5 == 0) text[k] = static_cast<char>(0x8A);  // '\n' | 0x80: not a newline
  }
  for (const std::size_t from : {0U, 1U, 7U, 15U}) {
    for (const std::size_t length : {0U, 1U, 15U, 16U, 17U, 255U * 16U, 255U * 16U + 3U, 19000U}) {
      const std::string_view piece = std::string_view(text).substr(from, length);
      const auto newlines = static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
      CHECK(evstudy::count_newlines(piece) == newlines);
      const evstudy::NewlinesAndQuotes both = evstudy::count_newlines_find_quote(piece);
      CHECK(both.newlines == newlines);
      CHECK(both.quote == (piece.find('"') != std::string_view::npos));
    }
  }
  // A quote anywhere: in the 16-byte steps, in the tail, or none (0xA2 is '"' | 0x80).
  for (const std::size_t at : {0U, 5U, 31U, 4095U, 19998U}) {
    std::string quoted = text.substr(0, 19999);
    quoted[at] = '"';
    CHECK(evstudy::count_newlines_find_quote(quoted).quote);
  }
  CHECK_FALSE(evstudy::count_newlines_find_quote(std::string(100, static_cast<char>(0xA2))).quote);
  CHECK(evstudy::count_newlines(std::string(5000, '\n')) == 5000);
  CHECK(evstudy::count_newlines("a,b\r\nc,d\n") == 2);
}
