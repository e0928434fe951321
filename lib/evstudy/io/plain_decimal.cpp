#include "evstudy/io/plain_decimal.hpp"

namespace evstudy {

#if defined(EVSTUDY_HAS_AVX2_PATHS)
// Compiled for AVX2, so that the sixteen-byte reader is inlined into it.
__attribute__((target("avx2"))) static bool read_in_avx2(std::string_view text, const char* end, double& value) {
  return read_plain_decimal_in<true>(text, end, value);
}
#endif

bool read_plain_decimal_window(std::string_view text, const char* end, double& value,
                               [[maybe_unused]] Instructions instructions) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (use_avx2(instructions)) return read_in_avx2(text, end, value);
#endif
  return read_plain_decimal_in<false>(text, end, value);
}

}  // namespace evstudy
