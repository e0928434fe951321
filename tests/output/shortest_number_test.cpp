#include <bit>
#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "evstudy/output/report.hpp"
#include "evstudy/output/shortest_number.hpp"

namespace {

std::string written(double x) {
  char buffer[evstudy::shortest_number_room];
  return std::string(buffer, evstudy::write_shortest(buffer, x));
}

std::string to_chars_text(double x) {
  char buffer[64];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, x).ptr);
}

}  // namespace

TEST_CASE("numbers are written as their shortest round-trip text, in the form std::to_chars chooses", "[output]") {
  // By hand: fixed where it is no longer than the exponent form (a tie: fixed), else d.ddde±XX.
  CHECK(written(0.0) == "0");
  CHECK(written(-0.0) == "-0");
  CHECK(written(1.0) == "1");
  CHECK(written(-2.5) == "-2.5");
  CHECK(written(0.1) == "0.1");
  CHECK(written(0.001) == "0.001");     // 5 characters against 1e-03's 5: fixed
  CHECK(written(0.0001) == "1e-04");    // 6 against 5
  CHECK(written(0.00012) == "0.00012"); // 7 against 7 (1.2e-04)
  CHECK(written(0.000123) == "0.000123");  // 8 against 8 (1.23e-04)
  CHECK(written(0.0000123) == "1.23e-05");
  CHECK(written(10000.0) == "10000");   // 5 against 1e+04's 5
  CHECK(written(100000.0) == "1e+05");
  CHECK(written(123456.0) == "123456");
  CHECK(written(1.5e300) == "1.5e+300");
  CHECK(written(5e-324) == "5e-324");  // the least subnormal
  CHECK(written(0.010962944101610242) == "0.010962944101610242");
  CHECK(written(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  CHECK(written(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(written(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(written(std::numeric_limits<double>::quiet_NaN()) == to_chars_text(std::numeric_limits<double>::quiet_NaN()));
  std::string appended = "x=";
  evstudy::append_number(appended, -0.0625);
  CHECK(appended == "x=-0.0625");

  // Against std::to_chars: returns and statistics as a study makes them, every binary exponent
  // (random bit patterns), integers, decimals of few digits, and the neighbours of powers of ten.
  std::mt19937_64 rng(20260211);
  std::vector<double> values;
  std::normal_distribution<double> ret(0.0, 0.02);
  for (int k = 0; k < 200000; ++k) values.push_back(ret(rng));
  for (int k = 0; k < 200000; ++k) {
    const double x = std::bit_cast<double>(rng());
    if (std::isfinite(x)) values.push_back(x);
  }
  for (int k = 0; k < 50000; ++k) values.push_back(static_cast<double>(static_cast<std::int64_t>(rng() >> (rng() % 64))));
  for (int k = 0; k < 50000; ++k)
    values.push_back(static_cast<double>(rng() % 100000) * std::pow(10.0, static_cast<int>(rng() % 40) - 20));
  for (int p = -325; p <= 309; ++p) {
    const double x = std::pow(10.0, p);
    for (const double y : {x, std::nextafter(x, 0.0), std::nextafter(x, std::numeric_limits<double>::infinity()), 2.5 * x, 9.999999999999999 * x})
      if (std::isfinite(y)) values.push_back(y);
  }
  std::size_t differ = 0;
  std::string first_difference;
  for (const double x : values)
    for (const double v : {x, -x}) {
      const std::string got = written(v);
      const std::string want = to_chars_text(v);
      if (got != want && differ++ == 0) first_difference = got + " against " + want;
    }
  INFO(first_difference);
  CHECK(differ == 0);
  CHECK(values.size() > 500000);
}
