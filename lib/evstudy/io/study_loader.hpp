// Turns run options into a validated study: reads the price and event files, checks every
// option, and builds the return panel. The only step between the command line and run_study.
#pragma once

#include <string>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

struct LoadedStudy {
  StudySpec spec;
  Panel panel;                    // daily data
  std::vector<Panel> intraday;    // intraday bars: one panel per security (run_study_intraday)
  std::vector<std::string> notes;  // worth a log line, not an error
  // Wall seconds of the loading steps, for the timings log line.
  double prices_seconds = 0.0;  // reading the price files
  double events_seconds = 0.0;  // reading the event files (while the prices are read)
  double panel_seconds = 0.0;   // returns on the calendar (and factors)
};

/// Throws Error(usage) for bad options, Error(no_input) for missing files, Error(bad_data) for
/// bad file contents.
LoadedStudy load_study(const RunOptions& options);

}  // namespace evstudy
