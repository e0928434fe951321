// Which vector instructions a kernel may use: the best the CPU has (AVX2, and AVX-512 where a
// kernel has a form for it, when present, chosen at run time) or the portable ones (SSE2 on
// x86-64). Kernels that offer both do the same
// additions in the same order either way, so their results are the same bits (their tests hold
// them equal); the choice is for speed and for those tests. Pure.
#pragma once

namespace evstudy {

enum class Instructions { best, portable };

#if defined(__x86_64__) && defined(__GNUC__)
#define EVSTUDY_HAS_AVX2_PATHS 1
#endif

/// Whether `instructions` allow AVX2 and this CPU has it.
inline bool use_avx2([[maybe_unused]] Instructions instructions) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  static const bool cpu_has_avx2 = __builtin_cpu_supports("avx2");
  return instructions == Instructions::best && cpu_has_avx2;
#else
  return false;
#endif
}

/// Whether `instructions` allow AVX-512 (the foundation, AVX512F) and this CPU and its
/// operating system have it.
inline bool use_avx512([[maybe_unused]] Instructions instructions) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  static const bool cpu_has_avx512 = __builtin_cpu_supports("avx512f");
  return instructions == Instructions::best && cpu_has_avx512;
#else
  return false;
#endif
}

/// Whether `instructions` allow AVX-512 and this CPU runs a 512-bit operation at full width:
/// Intel's do; AMD's Zen 4 runs each as two 256-bit halves, so a kernel bound by its arithmetic
/// gains nothing there from the wider form (r̄'s dot products measured slower with it).
inline bool use_avx512_full_width([[maybe_unused]] Instructions instructions) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  static const bool intel = __builtin_cpu_is("intel");
  return use_avx512(instructions) && intel;
#else
  return false;
#endif
}

}  // namespace evstudy
