// `evstudy run`: options -> validated study -> results -> the chosen reports and format.
#pragma once

#include "evstudy/io/run_options.hpp"
#include <functional>
#include <ostream>
#include <vector>

#include "evstudy/output/report.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy::app {

/// Runs the study and writes its reports; returns the exit code. Throws evstudy::Error.
int run_study_command(const RunOptions& options);

struct ComputedStudy {
  StudySpec spec;
  StudyResult result;
};

/// Reads, validates and runs the study the options describe (logging notes and skips);
/// `with_tests` false skips the test statistics when no output shows them; `keep_days` false
/// frees the day-by-day series once each event is summed up (only fits and CARs remain).
ComputedStudy compute_study(const RunOptions& options, bool with_tests = true, bool keep_days = true);

/// The output format asked for, or the default: table on a terminal, csv otherwise.
Format choose_format(const RunOptions& options);

/// Writes report tables in a machine format (csv, tsv, json, ndjson) or as aligned text.
void write_tables(std::ostream& out, const std::vector<ReportTable>& tables, Format format);

/// Runs `write` on stdout or on the --output file.
void with_output(const RunOptions& options, const std::function<void(std::ostream&)>& write);

}  // namespace evstudy::app
