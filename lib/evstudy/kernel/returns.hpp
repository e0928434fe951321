// Returns from consecutive closes on a calendar (methods.md §3.1). Pure.
#pragma once

#include <span>
#include <vector>

namespace evstudy {

enum class ReturnKind { simple, log };
enum class GapPolicy { drop, lump };

/// Returns on each calendar day from the previous day's close: P_t/P_{t-1} - 1 (simple) or
/// ln(P_t/P_{t-1}) (log). The first day has none. With GapPolicy::drop a missing close makes the
/// two returns that touch it missing; with lump the return from the last close before the gap is
/// given to the day trading resumes (Maynes & Rumsey 1993).
std::vector<double> returns_from_closes(std::span<const double> closes, ReturnKind kind, GapPolicy gaps);

/// The same in the closes' own storage: `values` holds closes before, their returns after (the
/// same bits as returns_from_closes).
void returns_in_place(std::span<double> values, ReturnKind kind, GapPolicy gaps);

}  // namespace evstudy
