#include "check_command.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "evstudy/core/error.hpp"
#include "evstudy/io/file.hpp"
#include "evstudy/io/run_options.hpp"
#include "evstudy/output/golden.hpp"
#include "evstudy/output/report.hpp"
#include "run_command.hpp"

namespace evstudy::app {
namespace {

std::string pad(const std::string& s, std::size_t width) { return s.size() >= width ? s : s + std::string(width - s.size(), ' '); }

/// The rows that moved, as aligned columns, at most `max_rows` of them.
void print_drifts(const std::vector<Drift>& drifts, long max_rows) {
  std::vector<std::vector<std::string>> lines{{"report", "row", "column", "expected", "got", "difference"}};
  for (const Drift& d : drifts) {
    if (std::ssize(lines) > max_rows) break;
    lines.push_back({d.report, d.row, d.column.empty() ? "(row)" : d.column, d.expected, d.got,
                     is_missing(d.difference) ? "" : format_number(d.difference)});
  }
  std::vector<std::size_t> width(6, 0);
  for (const auto& l : lines)
    for (std::size_t c = 0; c < l.size(); ++c) width[c] = std::max(width[c], l[c].size());
  for (const auto& l : lines) {
    std::string text;
    for (std::size_t c = 0; c < l.size(); ++c) text += (c ? "  " : "") + pad(l[c], width[c]);
    text.erase(text.find_last_not_of(' ') + 1);
    std::cout << text << '\n';
  }
  if (std::ssize(drifts) > max_rows) std::cout << "... and " << std::ssize(drifts) - max_rows << " more\n";
}

}  // namespace

int check_command(const CheckOptions& options) {
  if (options.rtol < 0.0 || options.atol < 0.0) throw Error(ErrorKind::usage, "--rtol and --atol: expected numbers >= 0");
  const Golden golden = read_golden(read_file(options.golden), options.golden);
  const std::size_t slash = options.golden.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : options.golden.substr(0, slash);
  RunOptions study;
  try {
    study = read_spec_json(golden.spec_json, options.golden + ": /spec", dir);
  } catch (const Error& e) {
    throw Error(ErrorKind::bad_data, e.what());
  }
  const StudyResult result = compute_study(study).result;
  std::vector<ReportTable> tables;
  std::size_t rows = 0;
  for (const ReportTable& t : golden.tables) {
    tables.push_back(make_report(*parse_report(t.name), result));
    rows += t.rows.size();
  }
  const std::vector<Drift> drifts = compare_reports(golden.tables, tables, options.rtol, options.atol);
  if (drifts.empty()) {
    std::cout << "evstudy check: " << options.golden << ": " << rows << " rows in " << golden.tables.size()
              << " reports within tolerance (rtol " << format_number(options.rtol) << ", atol "
              << format_number(options.atol) << ")\n";
    return 0;
  }
  std::cout << "evstudy check: " << options.golden << ": " << drifts.size() << " value(s) moved beyond rtol "
            << format_number(options.rtol) << ", atol " << format_number(options.atol) << "\n";
  print_drifts(drifts, options.max_rows);
  return 1;
}

}  // namespace evstudy::app
