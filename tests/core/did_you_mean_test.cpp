#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "evstudy/core/did_you_mean.hpp"

TEST_CASE("the closest name is suggested only when it is a plausible typo", "[core]") {
  const std::vector<std::string> tickers{"SPX", "IWM", "NVDA", "MSFT"};
  CHECK(evstudy::edit_distance("kitten", "sitting") == 3);
  CHECK(evstudy::edit_distance("nvda", "NVDA") == 0);
  CHECK(evstudy::edit_distance("MSTF", "MSFT") == 1);
  CHECK(evstudy::closest_name("SPY", tickers) == std::optional<std::string>("SPX"));
  CHECK(evstudy::closest_name("MSTF", tickers) == std::optional<std::string>("MSFT"));
  CHECK_FALSE(evstudy::closest_name("AAPL", tickers).has_value());
}
