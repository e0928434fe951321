// A plain decimal ("1015.6801": digits with an optional fraction), the form nearly every price
// in a file takes, read exactly without from_chars: byte by byte, or sixteen bytes at a time
// where the text after the field may be read. Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "evstudy/core/instructions.hpp"

#if defined(EVSTUDY_HAS_AVX2_PATHS)
#include <immintrin.h>
#endif

namespace evstudy {

/// 10^k, exact in a double for k <= 15: a plain decimal's divisor.
inline constexpr double plain_decimal_powers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                  1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// Digits with an optional fraction ("1015.6801"), at most 15 digits in all and not all zeros:
/// the integer they spell is exact in a double and so is the power of ten, so one division
/// gives the correctly rounded positive value, as from_chars would (Clinger 1990). False for
/// anything else (then parse_price decides). Nothing waits on the division's result. Inline: the
/// readers' fast paths call it per row before anything else.
inline bool read_plain_decimal(std::string_view text, double& value) {
  std::uint64_t digits = 0;
  int count = 0;
  int fraction = -1;  // digits after the point; -1 before one
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      ++count;
      if (fraction >= 0) ++fraction;
    } else if (c == '.' && fraction < 0 && count > 0) {
      fraction = 0;
    } else {
      return false;
    }
  }
  if (digits == 0 || count > 15 || fraction == 0) return false;
  value = static_cast<double>(digits) / plain_decimal_powers[fraction > 0 ? fraction : 0];
  return true;
}

/// How many bytes from a field's start the sixteen-byte reader reads.
inline constexpr std::size_t plain_decimal_window = 16;

/// Whether the sixteen-byte reader takes `text`, a field of a text that ends at `end`: it holds
/// 1 to 16 bytes and plain_decimal_window bytes from its start lie before `end`.
inline bool plain_decimal_fits_window(std::string_view text, const char* end) {
  return !text.empty() && text.size() <= plain_decimal_window &&
         end - text.data() >= static_cast<std::ptrdiff_t>(plain_decimal_window);
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// read_plain_decimal with AVX2, inline for a caller compiled for AVX2 itself. The sixteen
/// bytes at `text` hold the field's `size` (1 to 16) bytes, then anything. Checks
/// them as read_plain_decimal does (digits and at most one point, with digits on both sides; at
/// most 15 digits, not all zeros), moves the digits (less '0') to the vector's end without the
/// point, and makes the integer they spell from pairs, fours and eights of digits.
__attribute__((target("avx2"))) inline bool read_plain_decimal_sixteen(const char* text, std::size_t size, double& value) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text));
  const __m128i less_zero = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
  const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(less_zero, _mm_set1_epi8(9)), less_zero);
  const __m128i is_point = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'));
  const auto field = static_cast<unsigned>((1UL << size) - 1);
  const auto digits_at = static_cast<unsigned>(_mm_movemask_epi8(is_digit)) & field;
  const auto point_at = static_cast<unsigned>(_mm_movemask_epi8(is_point)) & field;
  if ((digits_at | point_at) != field || (point_at & (point_at - 1)) != 0) return false;
  auto point = static_cast<unsigned>(size);  // no point: nothing to skip
  unsigned fraction = 0;
  if (point_at != 0) {
    point = static_cast<unsigned>(__builtin_ctz(point_at));
    if (point == 0 || point + 1 == size) return false;
    fraction = static_cast<unsigned>(size) - 1 - point;
  }
  const std::size_t count = size - (point_at != 0 ? 1 : 0);
  if (count > 15) return false;
  // Byte j takes byte j below the point, byte j + 1 from it on (pshufb reads an index's low
  // four bits: 16 wraps to 0, a byte past the digits, dropped below).
  const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m128i at_or_after = _mm_cmpgt_epi8(iota, _mm_set1_epi8(static_cast<char>(point - 1)));
  const __m128i packed = _mm_shuffle_epi8(less_zero, _mm_sub_epi8(iota, at_or_after));
  // The count digits to the vector's end, zeros before them: byte j takes byte j + count - 16.
  alignas(16) static constexpr signed char to_end[32] = {-128, -128, -128, -128, -128, -128, -128, -128,
                                                         -128, -128, -128, -128, -128, -128, -128, -128,
                                                         0,    1,    2,    3,    4,    5,    6,    7,
                                                         8,    9,    10,   11,   12,   13,   14,   15};
  const __m128i aligned =
      _mm_shuffle_epi8(packed, _mm_loadu_si128(reinterpret_cast<const __m128i*>(to_end + count)));
  const __m128i pairs = _mm_maddubs_epi16(aligned, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
  const __m128i fours = _mm_madd_epi16(pairs, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1));
  const __m128i eights = _mm_madd_epi16(_mm_packus_epi32(fours, fours), _mm_setr_epi16(10000, 1, 10000, 1, 0, 0, 0, 0));
  const auto high = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_cvtsi128_si32(eights)));
  const auto low = static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_extract_epi32(eights, 1)));
  const std::uint64_t digits = high * 100000000U + low;
  if (digits == 0) return false;
  value = static_cast<double>(digits) / plain_decimal_powers[fraction];
  return true;
}
#endif

/// read_plain_decimal for a field of a text that ends at `end` (the bytes after the field, up
/// to `end`, may be read and are ignored): the same answer and the same value. `Avx2` (for a
/// caller compiled for AVX2, which inlines it): a field that fits the window
/// (plain_decimal_fits_window) is checked and its digits gathered in one vector, without a
/// branch per byte; otherwise, and without `Avx2`, byte by byte.
template <bool Avx2>
inline bool read_plain_decimal_in(std::string_view text, [[maybe_unused]] const char* end, double& value) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if constexpr (Avx2)
    if (plain_decimal_fits_window(text, end)) return read_plain_decimal_sixteen(text.data(), text.size(), value);
#endif
  return read_plain_decimal(text, value);
}

/// read_plain_decimal_in, its AVX2 form where `instructions` allow it and the CPU has AVX2.
bool read_plain_decimal_window(std::string_view text, const char* end, double& value,
                               Instructions instructions = Instructions::best);

}  // namespace evstudy
