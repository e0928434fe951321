#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "evstudy/io/plain_decimal.hpp"

namespace {

using evstudy::Instructions;

// Reads `field` as the price reader's fast path does: placed at the start of a buffer whose
// bytes after it are `after` (what the line holds next: a delimiter, a line end, more digits).
struct Read {
  bool taken = false;
  double value = 0.0;
};
Read windowed(const std::string& field, char after, Instructions instructions) {
  std::string buffer = field + std::string(evstudy::plain_decimal_window, after);
  Read read;
  read.taken = evstudy::read_plain_decimal_window(std::string_view(buffer).substr(0, field.size()),
                                                 buffer.data() + buffer.size(), read.value, instructions);
  return read;
}
Read bytewise(const std::string& field) {
  Read read;
  read.taken = evstudy::read_plain_decimal(field, read.value);
  return read;
}

}  // namespace

TEST_CASE("plain decimals: the values, exactly as strtod rounds them", "[io]") {
  for (const Instructions instructions : {Instructions::best, Instructions::portable}) {
    for (const char after : {',', '\n', '7', '.', '\0'}) {
      const auto read = [&](const std::string& field) { return windowed(field, after, instructions); };
      CHECK(read("1015.6801").taken);
      CHECK(read("1015.6801").value == 1015.6801);
      CHECK(read("0.1").value == 0.1);
      CHECK(read("7").value == 7.0);
      CHECK(read("000000000000012").value == 12.0);
      CHECK(read("999999999999999").value == 999999999999999.0);  // 15 digits
      CHECK(read("99999999999999.9").value == 99999999999999.9);  // 15 digits and a point: 16 bytes
      CHECK(read("0.00000000000001").value == 1e-14);
      CHECK(read("123456789.012345").value == 123456789.012345);
      CHECK(read("42.5").value == 42.5);
      // Not plain: left to parse_price (signs, exponents, missing tokens, over 15 digits, zero).
      for (const char* refused : {"", ".", ".5", "5.", "1..2", "1.2.3", "-1.5", "+1.5", "1e5", "NA", "nan", " 1.5", "1.5 ",
                                  "0", "0.000", "1000000000000000", "1234567890123456.5", "12,5", "1/2", "1:2",
                                  "\xB1.5", "1.5\r", "12345678901234567"}) {
        INFO("field '" << refused << "', then '" << after << "'");
        CHECK_FALSE(read(refused).taken);
      }
    }
  }
}

TEST_CASE("plain decimals read sixteen bytes at a time give what byte by byte gives, and strtod's value", "[io]") {
  std::mt19937_64 rng(11);
  const std::string alphabet = "0123456789.0123456789.-+eE,x\r/:";
  std::size_t taken = 0;
  for (int k = 0; k < 200000; ++k) {
    std::string field;
    const auto size = static_cast<std::size_t>(rng() % 19);
    const bool digits_only = rng() % 2 == 0;  // most of a file's prices: digits and one point
    for (std::size_t i = 0; i < size; ++i)
      field += digits_only ? static_cast<char>('0' + rng() % 10) : alphabet[rng() % alphabet.size()];
    if (digits_only && size > 1 && rng() % 4 != 0) field[rng() % size] = '.';
    const char after = alphabet[rng() % alphabet.size()];
    const Read expected = bytewise(field);
    for (const Instructions instructions : {Instructions::best, Instructions::portable}) {
      const Read got = windowed(field, after, instructions);
      INFO("field '" << field << "', then '" << after << "'");
      REQUIRE(got.taken == expected.taken);
      if (expected.taken) REQUIRE(got.value == expected.value);
    }
    if (expected.taken) {
      ++taken;
      REQUIRE(expected.value == std::strtod(field.c_str(), nullptr));
    }
  }
  CHECK(taken > 50000);  // the comparison covered many accepted fields, not only refusals
}
