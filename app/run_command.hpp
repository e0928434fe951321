// `evstudy run`: options -> validated study -> results -> the chosen reports and format.
#pragma once

#include "evstudy/io/run_options.hpp"
#include "evstudy/study/study_result.hpp"

namespace evstudy::app {

/// Runs the study and writes its reports; returns the exit code. Throws evstudy::Error.
int run_study_command(const RunOptions& options);

/// Reads, validates and runs the study the options describe (logging notes and skips).
StudyResult compute_study(const RunOptions& options);

}  // namespace evstudy::app
