// The terminal view: per event, groups as sections with one line per security (CAR per window,
// beta, estimation days) and the group's CAAR; AR by day; fits and skips as aligned tables.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "evstudy/output/report.hpp"

namespace evstudy {

struct TableStyle {
  bool color = false;       // ANSI colour for signs (only on a terminal with NO_COLOR unset)
  std::string star_test;    // the group test behind the CAAR stars; empty: kp-bmp for a shared
                            // day 0 (macro release), else bmp
};

/// Any report as aligned text columns (numbers with six decimals, "." for missing).
void write_aligned(std::ostream& out, const ReportTable& table);

void write_table(std::ostream& out, const StudyResult& result, const std::vector<ReportKind>& reports,
                 const TableStyle& style);

}  // namespace evstudy
