// `--plot FILE.svg`: CAAR per group over the event window with a 95% band (CAAR +/- 1.96 se),
// optionally each security's CAR; axes, labels, legend, day 0 marked. Self-contained SVG.
#pragma once

#include <ostream>

#include "evstudy/study/study_result.hpp"

namespace evstudy {

struct PlotOptions {
  bool securities = false;  // also draw each security's CAR line
  std::size_t max_events = 6;  // panels; later events are left out (said in the title)
};

void write_plot_svg(std::ostream& out, const StudyResult& result, const PlotOptions& options);

}  // namespace evstudy
