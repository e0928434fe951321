// Refuses input that is not text before any parser sees it: NUL bytes (a binary file),
// invalid UTF-8, and lines too long to be data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace evstudy {

/// The longest line a reader accepts (1 MiB).
inline constexpr std::size_t max_line_bytes = 1 << 20;

/// Where text stops being acceptable: the 1-based line and column, the byte offset of that
/// line's start within the text, and what was found.
struct TextFault {
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::size_t line_offset = 0;
  std::string message;
  bool cut_by_end = false;  // a UTF-8 sequence the end of the text cuts short (more may follow)
};

/// The first NUL byte, invalid UTF-8 sequence or over-long line, if any.
std::optional<TextFault> find_text_fault(std::string_view text, std::int64_t first_line = 1);

/// Throws Error(bad_data) naming FILE:LINE:COL of the first NUL byte, invalid UTF-8 sequence or
/// over-long line. `first_line` is the line number of the text's first line (a chunk of a file).
void check_text(std::string_view text, std::string_view source, std::int64_t first_line = 1);

}  // namespace evstudy
