#include <catch2/catch.hpp>
#include <atomic>
#include <stdexcept>
#include <vector>

#include "evstudy/core/parallel_for.hpp"

TEST_CASE("parallel_for runs every index once on any number of threads, and rethrows a failure", "[core]") {
  for (const std::size_t threads : {0U, 1U, 2U, 7U}) {
    for (const std::size_t n : {0U, 1U, 3U, 1000U}) {
      std::vector<int> runs(n, 0);
      std::vector<std::size_t> square(n, 0);
      evstudy::parallel_for(n, threads, [&](std::size_t i) {
        ++runs[i];
        square[i] = i * i;
      });
      for (std::size_t i = 0; i < n; ++i) {
        CHECK(runs[i] == 1);
        CHECK(square[i] == i * i);
      }
    }
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH(evstudy::parallel_for(50, threads,
                                            [&](std::size_t i) {
                                              ++ran;
                                              if (i == 10) throw std::runtime_error("index 10 failed");
                                            }),
                      "index 10 failed");
    CHECK(ran >= 11);  // the indices before the failing one ran; some after it may not have
  }
}
