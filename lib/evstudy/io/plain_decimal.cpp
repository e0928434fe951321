#include "evstudy/io/plain_decimal.hpp"

namespace evstudy {

#if defined(EVSTUDY_HAS_AVX2_PATHS)
// Not inlined here: one function that callers without AVX2 code of their own call.
__attribute__((target("avx2"))) static bool read_sixteen(const char* text, std::size_t size, double& value) {
  return read_plain_decimal_sixteen(text, size, value);
}
#endif

bool read_plain_decimal_window(std::string_view text, [[maybe_unused]] const char* end, double& value,
                               [[maybe_unused]] Instructions instructions) {
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (plain_decimal_fits_window(text, end) && use_avx2(instructions)) return read_sixteen(text.data(), text.size(), value);
#endif
  return read_plain_decimal(text, value);
}

}  // namespace evstudy
