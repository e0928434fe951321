// Simple OLS with intercept and White's heteroskedasticity-robust standard error in the HC1
// form (White 1980; MacKinnon & White 1985): V = n/(n-k) (X'X)^-1 X' diag(e^2) X (X'X)^-1. Pure.
#pragma once

#include <span>

#include "evstudy/core/types.hpp"

namespace evstudy {

struct Regression {
  i64 n = 0;
  double alpha = missing;
  double beta = missing;
  double se_hc1 = missing;  // of beta
  double t = missing;       // beta / se_hc1
  double p_value = missing; // two-sided, Student t with n - 2 df
  double r2 = missing;
};

/// Regresses y on x (same length; pairs with a missing value are left out). Needs n >= 3 and
/// some spread in x; otherwise the numbers are missing and only n is set.
Regression ols_hc1(std::span<const double> x, std::span<const double> y);

}  // namespace evstudy
