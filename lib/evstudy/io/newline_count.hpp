// How many lines a chunk of text ends (and whether it holds a quote): counted 16 bytes at a
// time. The chunk reader numbers every chunk's first line this way on the thread that reads,
// before the chunk is parsed; without quotes, a chunk's rows end at its last line end.
#pragma once

#include <cstddef>
#include <string_view>

namespace evstudy {

/// The number of '\n' bytes in `text` (as std::count, several times faster).
std::size_t count_newlines(std::string_view text);

/// The number of '\n' bytes and whether there is a '"' byte, in one pass.
struct NewlinesAndQuotes {
  std::size_t newlines = 0;
  bool quote = false;
};
NewlinesAndQuotes count_newlines_find_quote(std::string_view text);

}  // namespace evstudy
