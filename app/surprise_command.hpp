// `evstudy surprise`: the study's CARs across macro releases, regressed on the standardized surprise.
#pragma once

#include "evstudy/io/run_options.hpp"

namespace evstudy::app {

/// Runs the study over every release and writes the coef / buckets / surprises / skips reports.
int surprise_command(const RunOptions& options);

}  // namespace evstudy::app
