#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include "evstudy/core/ordered_workers.hpp"

namespace {

struct Job {
  int index = 0;
  int result = 0;
};

}  // namespace

TEST_CASE("ordered workers hand jobs back in the order given, whichever ends first", "[core]") {
  // Job 0 cannot end before job 1 has: with two workers, job 1 ends first, and is still taken second.
  std::atomic<int> ended{0};
  std::vector<std::atomic<int>> end_order(40);
  for (auto& e : end_order) e = -1;
  evstudy::OrderedWorkers<Job> workers(2, [&](Job& job) {
    if (job.index == 0)
      while (end_order[1] < 0) std::this_thread::yield();
    job.result = job.index * job.index;
    end_order[static_cast<std::size_t>(job.index)] = ended++;
  });
  for (int k = 0; k < 40; ++k) workers.submit(Job{k, 0});
  CHECK(workers.pending() == 40);
  for (int k = 0; k < 40; ++k) {
    const Job job = workers.take_oldest();
    CHECK(job.index == k);
    CHECK(job.result == k * k);
  }
  CHECK(workers.pending() == 0);
  CHECK(end_order[1] < end_order[0]);
}

TEST_CASE("ordered workers rethrow a job's exception when that job is taken, and go on", "[core]") {
  evstudy::OrderedWorkers<Job> workers(2, [](Job& job) {
    if (job.index == 2) throw std::runtime_error("job 2 failed");
    job.result = job.index + 100;
  });
  for (int k = 0; k < 5; ++k) workers.submit(Job{k, 0});
  CHECK(workers.take_oldest().result == 100);
  CHECK(workers.take_oldest().result == 101);
  CHECK_THROWS_WITH(workers.take_oldest(), "job 2 failed");
  CHECK(workers.take_oldest().result == 103);
  CHECK(workers.take_oldest().result == 104);
}

TEST_CASE("ordered workers stop at destruction with jobs not taken", "[core]") {
  std::atomic<int> ran{0};
  {
    evstudy::OrderedWorkers<Job> workers(1, [&](Job& job) {
      job.result = 1;
      ++ran;
    });
    for (int k = 0; k < 1000; ++k) workers.submit(Job{k, 0});
    for (int k = 0; k < 3; ++k) CHECK(workers.take_oldest().result == 1);
  }  // returns (the jobs not started are dropped) with the workers joined
  const int after = ran;
  CHECK(after >= 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(ran == after);
}
