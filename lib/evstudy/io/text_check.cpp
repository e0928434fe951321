#include "evstudy/io/text_check.hpp"

#include <cstdint>
#include <cstring>
#include <string>

#include "evstudy/core/error.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {
namespace {

/// Length of the valid UTF-8 sequence starting at `p` (1..4), or 0 if it is invalid.
std::size_t utf8_length(std::string_view s, std::size_t p) {
  const auto b = static_cast<unsigned char>(s[p]);
  std::size_t n = 0;
  unsigned min = 0;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) n = 2, min = 0x80;
  else if (b >= 0xE0 && b <= 0xEF) n = 3, min = 0x800;
  else if (b >= 0xF0 && b <= 0xF4) n = 4, min = 0x10000;
  else return 0;
  if (p + n > s.size()) return 0;
  unsigned code = b & (0x7Fu >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[p + k]);
    if ((c & 0xC0) != 0x80) return 0;
    code = (code << 6) | (c & 0x3Fu);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void check_text(std::string_view text, std::string_view source, i64 first_line) {
  if (auto fault = find_text_fault(text, first_line))
    throw Error(ErrorKind::bad_data, SourcePos{std::string(source), fault->line, fault->column}, fault->message);
}

std::optional<TextFault> find_text_fault(std::string_view text, i64 first_line) {
  i64 line = first_line;
  std::size_t p = 0;
  while (p < text.size()) {
    const std::size_t line_start = p;
    const void* newline = std::memchr(text.data() + p, '\n', text.size() - p);
    const std::size_t end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - text.data()) : text.size();
    if (end - line_start > max_line_bytes)
      return TextFault{line, 0, line_start, "found a line longer than " + std::to_string(max_line_bytes) + " bytes, expected CSV or JSON text"};
    while (p < end) {
      // Eight plain ASCII bytes at a time: no high bit set and no zero byte.
      if (end - p >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + p, 8);
        const bool high = (word & 0x8080808080808080ULL) != 0;
        const bool zero = ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
        if (!high && !zero) {
          p += 8;
          continue;
        }
      }
      const auto c = static_cast<unsigned char>(text[p]);
      const auto column = static_cast<i64>(p - line_start) + 1;
      if (c == 0)
        return TextFault{line, column, line_start, "found a NUL byte, expected text (is this a binary file?)"};
      if (c < 0x80) {
        ++p;
        continue;
      }
      const std::size_t n = utf8_length(text, p);
      if (n == 0) return TextFault{line, column, line_start, "found invalid UTF-8, expected UTF-8 text", text.size() - p < 4};
      p += n;
    }
    p = end + 1;
    ++line;
  }
  return std::nullopt;
}

}  // namespace evstudy
