// `evstudy run`: options -> validated study -> results -> the chosen reports and format.
#pragma once

#include <fstream>
#include <functional>
#include <ostream>
#include <vector>

#include "evstudy/io/run_options.hpp"
#include "evstudy/output/report.hpp"
#include "evstudy/study/study.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy::app {

/// Runs the study and writes its reports; returns the exit code. Throws evstudy::Error.
int run_study_command(const RunOptions& options);

struct ComputedStudy {
  StudySpec spec;
  StudyResult result;
};

/// What the outputs need of the study beyond CARs (StudySpec's flags of these names):
/// `with_tests` false skips the test statistics when no output shows them; `keep_days` false
/// frees the day-by-day series once each event is summed up (only fits and CARs remain);
/// `with_aar` false leaves out the groups' day-by-day AARs; `with_fit` false, the fits.
struct StudyNeeds {
  bool with_tests = true;
  bool keep_days = true;
  bool with_aar = true;
  bool with_fit = true;
};

/// Reads, validates and runs the study the options describe (logging notes and skips),
/// computing what `needs` says. With a `sink`, each event goes to it as it completes
/// (run_study, through `prepare` first when given) and the result holds none.
ComputedStudy compute_study(const RunOptions& options, StudyNeeds needs = {},
                            const EventSink& sink = {}, const EventPrepare& prepare = {});

/// The output format asked for, or the default: table on a terminal, csv otherwise.
Format choose_format(const RunOptions& options);

/// Writes report tables in a machine format (csv, tsv, json, ndjson) or as aligned text.
void write_tables(std::ostream& out, const std::vector<ReportTable>& tables, Format format);

/// stdout or the --output file, opened at the first use (so that a failed load leaves no file).
class LazyOutput {
 public:
  explicit LazyOutput(const RunOptions& options) : options_(options) {}
  std::ostream& stream();
  /// Flushes; throws Error(no_input) naming the file when it could not be written.
  void finish();

 private:
  const RunOptions& options_;
  std::ofstream file_;
  std::ostream* out_ = nullptr;
};

/// Runs `write` on stdout or on the --output file.
void with_output(const RunOptions& options, const std::function<void(std::ostream&)>& write);

}  // namespace evstudy::app
