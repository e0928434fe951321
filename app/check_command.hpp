// `evstudy check GOLDEN.json`: re-run the study a golden file stores and compare every number.
#pragma once

#include <string>

namespace evstudy::app {

struct CheckOptions {
  std::string golden;
  double rtol = 1e-9;
  double atol = 0.0;
  long max_rows = 20;  // drifted values shown before "... and N more"
};

/// 0 when every number is within tolerance, 1 on drift (with the diff on stdout). Throws
/// evstudy::Error: 66 for a missing golden or data file, 65 for a malformed golden file.
int check_command(const CheckOptions& options);

}  // namespace evstudy::app
