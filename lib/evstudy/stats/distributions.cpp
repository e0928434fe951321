#include "evstudy/stats/distributions.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "evstudy/core/types.hpp"

namespace evstudy {

double two_sided_p_normal(double z) {
  if (is_missing(z)) return missing;
  if (std::isinf(z)) return 0.0;
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<double>(), std::abs(z)));
}

double two_sided_p_student(double t, double df) {
  if (is_missing(t) || !(df > 0.0)) return missing;
  if (std::isinf(t)) return 0.0;
  return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<double>(df), std::abs(t)));
}

}  // namespace evstudy
