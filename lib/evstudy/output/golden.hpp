// Golden files for `evstudy check`: a study's full configuration and every report's rows as
// JSON, and the comparison of a re-run against them (CLI.md `evstudy check`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evstudy/output/report.hpp"

namespace evstudy {

/// Every report a golden file stores, in order.
const std::vector<ReportKind>& golden_reports();

/// The golden file's text: {"evstudy_golden": 1, "spec": <spec JSON>, "reports": {...}}.
std::string write_golden(const std::string& spec_json, const std::vector<ReportTable>& tables);

struct Golden {
  std::string spec_json;            // the spec object as JSON text
  std::vector<ReportTable> tables;  // as stored
};

/// Reads a golden file's text. Throws Error(bad_data) naming the file and the JSON pointer.
Golden read_golden(std::string_view text, std::string_view source);

/// One number (or text) that moved between the golden file and the re-run.
struct Drift {
  std::string report;
  std::string row;       // the row's key, e.g. "cpi-2026-02-11,IWM,0:4"
  std::string column;    // empty for a whole missing or extra row
  std::string expected;
  std::string got;
  double difference = missing;
};

/// Compares re-run tables with the golden ones: every number within atol + rtol * |expected|
/// (both 0: bit-exact), text equal, no row missing or extra. Rows are matched by their key
/// columns (the text and integer columns before the first number).
std::vector<Drift> compare_reports(const std::vector<ReportTable>& expected, const std::vector<ReportTable>& got,
                                   double rtol, double atol);

}  // namespace evstudy
