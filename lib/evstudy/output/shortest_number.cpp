#include "evstudy/output/shortest_number.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>

// {fmt} 9 to 11 declare Dragonbox's binary-to-decimal step (the one its own "{}" formatting
// uses) in fmt::detail and build it into the library; elsewhere std::to_chars does the work.
#if defined(FMT_VERSION) && FMT_VERSION >= 90000 && FMT_VERSION < 120000
#define EVSTUDY_HAS_DRAGONBOX 1
#endif

namespace evstudy {
#if defined(EVSTUDY_HAS_DRAGONBOX)
namespace {

/// "00", "01", ... "99".
constexpr char two_digits[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/// How many decimal digits `n` has (1 for 0): from its bit length (log10(2) as 1233 / 4096),
/// one less where it is under that many digits' least.
int digit_count(std::uint64_t n) {
  static constexpr std::uint64_t powers[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                               10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                               100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                               100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                               100000000000000000ULL, 1000000000000000000ULL,
                                               10000000000000000000ULL};
  const auto t = static_cast<int>((std::bit_width(n | 1) * 1233) >> 12);
  return t + 1 - (n < powers[t] ? 1 : 0);
}

/// Writes the last two digits of `n` just before `at`, returns at - 2.
inline char* two_before(char* at, std::uint32_t n) {
  std::memcpy(at - 2, two_digits + 2 * n, 2);
  return at - 2;
}

/// The decimal digits of `n` (at most 17: a double's significand) written to end at `end`;
/// returns where they start. In two 32-bit halves of eight digits, whose chains of divisions
/// run side by side.
inline char* digits_before(char* end, std::uint64_t n) {
  char* at = end;
  auto low = static_cast<std::uint32_t>(n);
  if (n >= 100000000) {
    low = static_cast<std::uint32_t>(n % 100000000);
    for (int k = 0; k < 4; ++k, low /= 100) at = two_before(at, low % 100);
    low = static_cast<std::uint32_t>(n / 100000000);
  }
  for (; low >= 100; low /= 100) at = two_before(at, low % 100);
  if (low >= 10) return two_before(at, low);
  *--at = static_cast<char>('0' + low);
  return at;
}

}  // namespace
#endif

char* write_shortest(char* out, double value) {
#if defined(EVSTUDY_HAS_DRAGONBOX)
  if (!std::isfinite(value) || value == 0.0) return std::to_chars(out, out + shortest_number_room, value).ptr;
  // value = significand * 10^exponent, the significand's n digits the fewest that read back.
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);
  const int n = digit_count(decimal.significand);
  const int e = decimal.exponent;
  // The two forms' lengths (the sign aside): d[.ddd]e±XX, and the digits with a point where
  // the exponent puts it ("0.00ddd" for a value under 1).
  const int scientific_exponent = e + n - 1;
  const int exponent_digits = std::abs(scientific_exponent) >= 100 ? 3 : 2;
  const int scientific_length = n + (n > 1 ? 1 : 0) + 2 + exponent_digits;
  const int fixed_length = e >= 0 ? n + e : -e < n ? n + 1 : 2 - e;
  const bool fixed = fixed_length <= scientific_length;
  // A whole number from 2^53 up in the fixed form: std::to_chars writes its exact digits where
  // the shortest ones end in zeros (as many characters, and closer), so it writes them here.
  if (fixed && e > 0 && std::abs(value) >= 0x1p53) return std::to_chars(out, out + shortest_number_room, value).ptr;
  if (std::signbit(value)) *out++ = '-';
  // The digits are written where they stay (a wider read of bytes just written two at a time
  // would wait for them); only a point inside them moves the ones after it.
  constexpr char zeros[8] = {'0', '0', '0', '0', '0', '0', '0', '0'};
  if (fixed) {
    // The fixed form is the shorter one only with few zeros: at most 6 after the digits
    // (n + e <= n + 6) and 5 after the point ("0." + -e - n zeros + n digits <= n + 7).
    if (e >= 0) {
      digits_before(out + n, decimal.significand);
      std::memcpy(out + n, zeros, 8);
      return out + n + e;
    }
    if (-e < n) {
      const int whole = n + e;
      digits_before(out + n, decimal.significand);
      std::memmove(out + whole + 1, out + whole, static_cast<std::size_t>(-e));
      out[whole] = '.';
      return out + n + 1;
    }
    out[0] = '0';
    out[1] = '.';
    std::memcpy(out + 2, zeros, 8);
    digits_before(out + 2 - e, decimal.significand);
    return out + 2 - e;
  }
  // d.ddd: the digits from out[1], then the first moved before the point.
  digits_before(out + 1 + n, decimal.significand);
  out[0] = out[1];
  out[1] = '.';
  out += n > 1 ? n + 1 : 1;
  *out++ = 'e';
  *out++ = scientific_exponent < 0 ? '-' : '+';
  auto magnitude = static_cast<std::uint32_t>(std::abs(scientific_exponent));
  if (magnitude >= 100) {
    *out++ = static_cast<char>('0' + magnitude / 100);
    magnitude %= 100;
  }
  std::memcpy(out, two_digits + 2 * magnitude, 2);
  return out + 2;
#else
  return std::to_chars(out, out + shortest_number_room, value).ptr;
#endif
}

}  // namespace evstudy
