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

TEST_CASE("a helping owner runs waiting jobs while it waits, and still takes them in order", "[core]") {
  // The worker's job 0 cannot end until job 1 has: only the owner, helping, can run job 1.
  const std::thread::id owner = std::this_thread::get_id();
  std::atomic<bool> zero_started{false};
  std::atomic<bool> one_done{false};
  std::vector<std::thread::id> ran_on(6);
  evstudy::OrderedWorkers<Job> workers(
      1,
      [&](Job& job) {
        ran_on[static_cast<std::size_t>(job.index)] = std::this_thread::get_id();
        if (job.index == 0) {
          zero_started = true;
          while (!one_done) std::this_thread::yield();
        }
        if (job.index == 3) throw std::runtime_error("job 3 failed");
        job.result = job.index * 10;
        if (job.index == 1) one_done = true;
      },
      true);
  for (int k = 0; k < 6; ++k) workers.submit(Job{k, 0});
  while (!zero_started) std::this_thread::yield();  // the worker holds job 0
  CHECK(workers.take_oldest().result == 0);
  CHECK(ran_on[0] != owner);
  CHECK(ran_on[1] == owner);
  CHECK(workers.take_oldest().result == 10);
  CHECK(workers.take_oldest().result == 20);
  CHECK_THROWS_WITH(workers.take_oldest(), "job 3 failed");
  CHECK(workers.take_oldest().result == 40);
  CHECK(workers.take_oldest().result == 50);
  CHECK(workers.pending() == 0);
}

TEST_CASE("an owner that does not help leaves every job to the workers", "[core]") {
  const std::thread::id owner = std::this_thread::get_id();
  std::vector<std::thread::id> ran_on(20);
  evstudy::OrderedWorkers<Job> workers(1, [&](Job& job) { ran_on[static_cast<std::size_t>(job.index)] = std::this_thread::get_id(); });
  for (int k = 0; k < 20; ++k) workers.submit(Job{k, 0});
  for (int k = 0; k < 20; ++k) CHECK(workers.take_oldest().index == k);
  for (const std::thread::id id : ran_on) CHECK(id != owner);
}
