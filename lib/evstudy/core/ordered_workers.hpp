// Jobs run on a fixed set of worker threads and handed back in the order they were given: for
// a pipeline whose producer makes many small jobs (a file's chunks) and must consume their
// results in order. The workers live as long as the object, so a job costs a queue hand-over,
// not a thread's creation. The first exception a job throws is rethrown when it is taken.
// Made to help, the owner's thread also runs jobs not yet started while it waits for the oldest:
// on a machine with as many cores as the owner and its workers together, no core idles while
// the owner waits, and a job it would wait for is started at once instead of after a worker's
// wake-up.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace evstudy {

template <typename Job>
class OrderedWorkers {
 public:
  /// `threads` workers (at least one), each running `run` on the jobs in turn; with
  /// `owner_helps`, take_oldest runs waiting jobs too.
  OrderedWorkers(std::size_t threads, std::function<void(Job&)> run, bool owner_helps = false)
      : run_(std::move(run)), owner_helps_(owner_helps) {
    for (std::size_t t = 0; t < std::max<std::size_t>(threads, 1); ++t) workers_.emplace_back([this] { work(); });
  }
  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  /// Stops the workers once their current jobs end; jobs not started are dropped.
  ~OrderedWorkers() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    start_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  /// Queues `job` behind the others.
  void submit(Job job) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      slots_.push_back(Slot{std::move(job), false, nullptr});
      waiting_.push_back(&slots_.back());
    }
    start_.notify_one();
  }

  /// Jobs given and not yet taken back. Like submit and take_oldest, for the owner's thread (the
  /// workers never add or remove slots).
  std::size_t pending() const { return slots_.size(); }

  /// Waits for the oldest job given and not taken, and hands it back (or rethrows what it threw);
  /// a helping owner runs the jobs not yet started, oldest first, until it is done. Only with a
  /// job pending (pending() > 0).
  Job take_oldest() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!slots_.front().done) {
      if (owner_helps_ && !waiting_.empty()) {
        Slot* slot = waiting_.front();
        waiting_.pop_front();
        lock.unlock();
        std::exception_ptr error = run_caught(slot->job);
        lock.lock();
        slot->done = true;
        slot->error = error;
        continue;
      }
      finished_.wait(lock);
    }
    Slot slot = std::move(slots_.front());
    slots_.pop_front();
    lock.unlock();
    if (slot.error) std::rethrow_exception(slot.error);
    return std::move(slot.job);
  }

 private:
  struct Slot {
    Job job;
    bool done = false;
    std::exception_ptr error;
  };

  void work() {
    while (true) {
      Slot* slot = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        start_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
        if (stopping_) return;
        slot = waiting_.front();
        waiting_.pop_front();
      }
      const std::exception_ptr error = run_caught(slot->job);
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        slot->done = true;
        slot->error = error;
      }
      finished_.notify_one();
    }
  }

  /// Runs the job; what it throws, caught.
  std::exception_ptr run_caught(Job& job) {
    try {
      run_(job);
    } catch (...) {
      return std::current_exception();
    }
    return nullptr;
  }

  std::function<void(Job&)> run_;
  bool owner_helps_ = false;
  std::mutex mutex_;
  std::condition_variable start_;     // a job is waiting, or the workers are to stop
  std::condition_variable finished_;  // a job is done
  std::deque<Slot> slots_;            // given and not taken, oldest first (elements never move)
  std::deque<Slot*> waiting_;         // given and not started
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace evstudy
