// How many lines a chunk of text ends: counted 16 bytes at a time. The chunk reader numbers
// every chunk's first line this way on the thread that reads, before the chunk is parsed.
#pragma once

#include <cstddef>
#include <string_view>

namespace evstudy {

/// The number of '\n' bytes in `text` (as std::count, several times faster).
std::size_t count_newlines(std::string_view text);

}  // namespace evstudy
