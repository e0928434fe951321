// How many threads a `--threads N` asks for: N, or one per core for 0 (the default).
#pragma once

#include <algorithm>
#include <thread>

namespace evstudy {

inline unsigned thread_count(long requested) {
  if (requested > 0) return static_cast<unsigned>(requested);
  return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace evstudy
