// Sums of terms over a series in four interleaved lanes: the additions of one lane do not wait
// for the others', so one vector adds all four where a single running sum waits for each
// addition in turn. The order is fixed, so the result is the same on every run and thread
// count; it differs from the left-to-right sum only in rounding. Pure.
#pragma once

#include <array>
#include <cstddef>
#include <span>

// Four doubles pass in and out of the functions below, and of the terms that callers write with
// them, as one 32-byte vector, which GCC notes (-Wpsabi) would pass differently between code
// built with AVX and without. All are inline and inlined where used: no such call crosses
// between translation units, and every file of the project is built for the same
// instructions. The note is off here, and in each file that writes such terms.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace evstudy {

/// Four doubles as one vector (GCC's vector extension: each lane computes as a double would).
using Lanes = double __attribute__((vector_size(32)));

/// `value` where `v` is present (not NaN), else +0: for one double or four lanes.
inline double where_present(double v, double value) { return v == v ? value : 0.0; }
inline Lanes where_present(Lanes v, Lanes value) { return v == v ? value : Lanes{}; }

/// 1, as one double or in four lanes.
inline double one_like(double) { return 1.0; }
inline Lanes one_like(Lanes) { return Lanes{} + 1.0; }

/// 1 where `v` > 0, else 0 (a NaN is not > 0): for one double or four lanes.
inline double one_where_positive(double v) { return v > 0.0 ? 1.0 : 0.0; }
inline Lanes one_where_positive(Lanes v) { return v > 0.0 ? Lanes{} + 1.0 : Lanes{}; }

/// For each term, the sum over k of term(x[k]): lanes k mod 4 summed apart, then (lane 0 +
/// lane 1) + (lane 2 + lane 3). The terms take Lanes as well as a double (generic lambdas over
/// the functions above): each is given four values at once and computed as one vector's
/// operations, each lane's those the double's would be. All the terms' sums in one pass over
/// `x`: their additions wait on their own lanes only, not on each other.
template <typename... Terms>
std::array<double, sizeof...(Terms)> lane_sums(std::span<const double> x, const Terms&... terms) {
  constexpr std::size_t count = sizeof...(Terms);
  std::array<Lanes, count> lanes{};
  std::size_t k = 0;
  for (; k + 4 <= x.size(); k += 4) {
    const Lanes v{x[k], x[k + 1], x[k + 2], x[k + 3]};
    std::size_t i = 0;
    ((lanes[i++] += terms(v)), ...);
  }
  std::array<std::array<double, 4>, count> lane{};
  for (std::size_t i = 0; i < count; ++i) lane[i] = {lanes[i][0], lanes[i][1], lanes[i][2], lanes[i][3]};
  for (std::size_t j = 0; k < x.size(); ++k, ++j) {
    std::size_t i = 0;
    ((lane[i++][j] += terms(x[k])), ...);
  }
  std::array<double, count> out{};
  for (std::size_t i = 0; i < count; ++i) out[i] = (lane[i][0] + lane[i][1]) + (lane[i][2] + lane[i][3]);
  return out;
}

/// Sum over k of term(x[k]) in lane_sums' four lanes.
template <typename Term>
double lane_sum(std::span<const double> x, const Term& term) {
  return lane_sums(x, term)[0];
}

}  // namespace evstudy

#pragma GCC diagnostic pop
