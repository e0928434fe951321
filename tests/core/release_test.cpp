#include <catch2/catch.hpp>
#include <vector>

#include "evstudy/core/release.hpp"

TEST_CASE("release gives a vector's memory back, where assigning {} keeps it", "[core]") {
  std::vector<double> v(1000, 1.0);
  v = {};
  CHECK(v.empty());
  CHECK(v.capacity() >= 1000);  // the trap release exists for
  evstudy::release(v);
  CHECK(v.capacity() == 0);
}
