#include "evstudy/io/newline_count.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace evstudy {

std::size_t count_newlines(std::string_view text) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  std::size_t total = 0;
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const std::size_t whole = n - n % 16;
  while (k < whole) {
    // Each byte lane counts up to 255 matches (a match compares as -1), then the lanes are
    // summed into two 64-bit halves and the counting starts again.
    __m128i lanes = _mm_setzero_si128();
    const std::size_t stop = std::min(whole, k + 16 * 255);
    for (; k < stop; k += 16)
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k)), newline));
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    total += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; k < n; ++k) total += p[k] == '\n' ? 1 : 0;
  return total;
}

}  // namespace evstudy
