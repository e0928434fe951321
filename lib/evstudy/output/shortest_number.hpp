// A double as its shortest text that parses back to it, as std::to_chars(first, last, value)
// writes it (fixed or scientific, whichever is shorter, fixed on a tie), made faster: the
// shortest digits from Dragonbox (Jeon 2020, the {fmt} library's), laid out here.
#pragma once

namespace evstudy {

/// Room write_shortest needs: the text is at most 25 characters ("-", 17 digits, "." and
/// "e-308"), and it copies whole blocks of 20 and 8 bytes past where the text may end.
inline constexpr int shortest_number_room = 48;

/// Writes `value` at `out` (shortest_number_room characters of room) exactly as
/// std::to_chars(out, out + room, value) does, "nan" and "inf" included; returns the end.
char* write_shortest(char* out, double value);

}  // namespace evstudy
