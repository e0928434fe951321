// The options of `evstudy run` as given (command line or spec file), before validation.
// Names follow CLI.md; a spec file uses the same names without the dashes.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace evstudy {

struct RunOptions {
  std::vector<std::string> prices;
  std::string events;
  std::vector<std::string> event;  // inline [NAME=]TIME
  std::string market;
  std::string model = "market";
  std::vector<std::string> factors;  // factor files (Ken French daily CSV), merged by date
  std::string estimation = "-260:-11";
  std::string window = "-10:10";
  std::vector<std::string> car;
  std::vector<std::string> tickers;  // each may hold a comma-separated list
  std::vector<std::string> group;    // NAME=T1,T2
  std::string returns = "simple";
  std::string values = "prices";
  std::string gaps = "drop";
  std::string compat;
  double car_threshold = 90.0;
  long min_estimation = 0;
  std::vector<std::string> report;   // each may hold a comma-separated list
  std::string format;                // empty: table on a terminal, csv otherwise
  std::string output;
  long threads = 0;
  std::string plot;
  bool plot_securities = false;      // the plot also draws each security's CAR
  std::string save_golden;
  std::string stars;                 // table: the group test behind the CAAR stars
  std::string tz = "America/New_York";
  std::string close = "16:00";
  std::string ticker;                // ticker of a single-ticker stream (stdin)
  std::string unit;
  std::string on_bad_row = "error";  // error | skip: a bad price row stops the run or is counted
  bool strict = false;               // rows out of date order are an error, not sorted                  // keep only the release rows of this unit (e.g. pct_yoy)
};

/// The items of repeatable options that may each hold a comma-separated list ("ar,car"),
/// trimmed, blanks dropped.
std::vector<std::string> split_list(const std::vector<std::string>& items);

/// Reads a JSON spec file's text into options. Relative paths in it are resolved against
/// `base_dir` (the spec file's directory). Unknown keys are a usage error naming the closest
/// known key. `source` names the file in errors.
RunOptions read_spec_json(std::string_view text, std::string_view source, const std::string& base_dir);

/// The options that define a study's numbers, as a spec file that read_spec_json reads back.
/// File paths are written relative to `base_dir` (where the spec will live). Output options
/// (report, format, output, plot, save-golden, threads) are left out.
std::string write_spec_json(const RunOptions& options, const std::string& base_dir);

}  // namespace evstudy
