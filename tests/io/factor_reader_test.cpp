#include <catch2/catch.hpp>
#include <cmath>

#include "evstudy/core/error.hpp"
#include "evstudy/io/factor_reader.hpp"

using Catch::Matchers::WithinRel;

TEST_CASE("a Ken French daily file reads as published: preamble, percent, copyright", "[io]") {
  const auto t = evstudy::read_factors(
      "This file was created by CMPT_ME_BEME_RETS_DAILY using the 202401 CRSP database.\r\n"
      "The 1-month TBill return is from Ibbotson and Associates, Inc.\r\n\r\n"
      ",Mkt-RF,SMB,HML,RF\r\n"
      "20240102,   -0.71,   -0.11,    0.82,    0.021\r\n"
      "20240103,   -0.99,   -0.33,  -99.99,    0.021\r\n\r\n"
      "Copyright 2024 Kenneth R. French\r\n",
      "ff3.csv");
  CHECK(t.names == std::vector<std::string>{"mktrf", "smb", "hml", "rf"});
  REQUIRE(t.dates.size() == 2);
  CHECK(t.dates[1] == evstudy::from_ymd(2024, 1, 3));
  CHECK_THAT(t.values[0][0], WithinRel(-0.0071, 1e-15));
  CHECK_THAT(t.values[3][1], WithinRel(0.00021, 1e-15));
  CHECK(std::isnan(t.values[2][1]));  // -99.99 marks a missing value in French's files
}

TEST_CASE("a plain factor CSV is in decimals, files merge by date", "[io]") {
  const auto a = evstudy::read_factors("date,Mkt-RF,RF\n2024-01-02,-0.0071,0.0002\n2024-01-03,0.001,0.0002\n", "a.csv");
  const auto b = evstudy::read_factors(",Mom   \n20240103,  1.50\n", "mom.csv");
  CHECK(a.values[0][0] == -0.0071);
  const auto m = evstudy::merge_factors({a, b});
  CHECK(m.names == std::vector<std::string>{"mktrf", "rf", "mom"});
  CHECK(std::isnan(m.values[2][0]));
  CHECK_THAT(m.values[2][1], WithinRel(0.015, 1e-15));
}

TEST_CASE("a bad factor file names line and column", "[io]") {
  CHECK_THROWS_WITH(evstudy::read_factors("prose\n\n,Mkt-RF,RF\n20240102, x,0.02\n", "ff.csv"),
                    "ff.csv:4:10: found 'x', expected a number");
  CHECK_THROWS_WITH(evstudy::read_factors("date,Mkt-RF\n2024-01-02,1\n2024-01-01,1\n", "ff.csv"),
                    "ff.csv:3:1: date 2024-01-01 out of order, expected ascending dates");
}
