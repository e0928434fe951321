// Runs body(i) for every i in [0, n) on up to `threads` threads (this one included), each
// taking the next index in turn. The bodies must touch disjoint data (their own slot of a
// result): then the result is the same whatever the number of threads. The first exception a
// body throws is rethrown here once every thread has stopped.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace evstudy {

template <typename Body>
void parallel_for(std::size_t n, std::size_t threads, const Body& body) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < n && !failed; i = next++) {
      try {
        body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const std::size_t extra = n == 0 ? 0 : std::min(threads > 0 ? threads - 1 : 0, n - 1);
  std::vector<std::thread> pool;
  pool.reserve(extra);
  for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace evstudy
