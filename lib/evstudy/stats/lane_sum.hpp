// Sums of a term over a series in four interleaved lanes: the additions of one lane do not wait
// for the others', so one vector adds all four where a single running sum waits for each
// addition in turn. The order is fixed, so the result is the same on every run and thread
// count; it differs from the left-to-right sum only in rounding. Pure.
#pragma once

#include <cstddef>
#include <span>

namespace evstudy {

/// Sum over k of term(x[k]), lanes k mod 4 summed apart, then (lane 0 + lane 1) + (lane 2 + lane 3).
template <typename Term>
double lane_sum(std::span<const double> x, const Term& term) {
  // The four lanes as one vector (GCC's vector extension: each lane adds as a double would),
  // so that the additions are one vector's, not four scalars picked out of it.
  using Lanes = double __attribute__((vector_size(32)));
  Lanes lanes = {0.0, 0.0, 0.0, 0.0};
  std::size_t k = 0;
  for (; k + 4 <= x.size(); k += 4) lanes += Lanes{term(x[k]), term(x[k + 1]), term(x[k + 2]), term(x[k + 3])};
  double lane[4] = {lanes[0], lanes[1], lanes[2], lanes[3]};
  for (std::size_t j = 0; k < x.size(); ++k, ++j) lane[j] += term(x[k]);
  return (lane[0] + lane[1]) + (lane[2] + lane[3]);
}

}  // namespace evstudy
