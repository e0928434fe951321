#include "evstudy/io/newline_count.hpp"

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace evstudy {

namespace {

/// Counts '\n' and, when `find_quote`, notes a '"'.
template <bool find_quote>
NewlinesAndQuotes scan(std::string_view text) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  NewlinesAndQuotes out;
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  __m128i quotes = _mm_setzero_si128();
  const std::size_t whole = n - n % 16;
  while (k < whole) {
    // Each byte lane counts up to 255 matches (a match compares as -1), then the lanes are
    // summed into two 64-bit halves and the counting starts again.
    __m128i lanes = _mm_setzero_si128();
    const std::size_t stop = std::min(whole, k + 16 * 255);
    for (; k < stop; k += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));
      if constexpr (find_quote) quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(v, quote));
    }
    const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    out.newlines += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
                    static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
  if constexpr (find_quote) out.quote = _mm_movemask_epi8(quotes) != 0;
#endif
  for (; k < n; ++k) {
    out.newlines += p[k] == '\n' ? 1 : 0;
    if constexpr (find_quote) out.quote = out.quote || p[k] == '"';
  }
  return out;
}

}  // namespace

std::size_t count_newlines(std::string_view text) { return scan<false>(text).newlines; }

NewlinesAndQuotes count_newlines_find_quote(std::string_view text) { return scan<true>(text); }

}  // namespace evstudy
