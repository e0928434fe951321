// Refuses input that is not text before any parser sees it: NUL bytes (a binary file),
// invalid UTF-8, and lines too long to be data.
#pragma once

#include <string_view>

namespace evstudy {

/// The longest line a reader accepts (1 MiB).
inline constexpr std::size_t max_line_bytes = 1 << 20;

/// Throws Error(bad_data) naming FILE:LINE:COL of the first NUL byte, invalid UTF-8 sequence or
/// over-long line.
void check_text(std::string_view text, std::string_view source);

}  // namespace evstudy
