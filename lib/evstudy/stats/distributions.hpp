// Two-sided p-values from the null distributions of the test statistics (Boost.Math:
// header-only numerics, so the pure core stays free of I/O libraries).
#pragma once

namespace evstudy {

/// 2 P(Z > |z|) for Z ~ N(0,1); NaN for a NaN statistic.
double two_sided_p_normal(double z);

/// 2 P(T > |t|) for T ~ Student t(df); NaN when df <= 0 or t is NaN.
double two_sided_p_student(double t, double df);

}  // namespace evstudy
