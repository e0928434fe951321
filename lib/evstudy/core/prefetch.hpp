// A hint to the CPU: load the cache lines of a range before it is read. No effect on results.
#pragma once

#include <cstddef>
#include <cstdint>

namespace evstudy {

/// Asks for every 64-byte cache line that holds part of data[first, end), each once. Addresses
/// are computed as integers, so a range reaching past the array (a look ahead near its end)
/// forms no pointer outside it; a prefetch never reads or faults. Always inlined: without it,
/// GCC 12 compiled the AVX2 block build (a target("avx2") caller) with no prefetch at all
/// (block build 19 -> 31 ms).
__attribute__((always_inline)) inline void prefetch_range(const double* data, std::size_t first, std::size_t end) {
  if (first >= end) return;
  constexpr std::uintptr_t line = 64;
  const auto base = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t last = base + (end - 1) * sizeof(double);
  for (std::uintptr_t at = (base + first * sizeof(double)) & ~(line - 1); at <= last; at += line)
    __builtin_prefetch(reinterpret_cast<const void*>(at));
}

}  // namespace evstudy
