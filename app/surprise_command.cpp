#include "surprise_command.hpp"

#include <set>

#include "evstudy/core/error.hpp"
#include "evstudy/output/surprise_report.hpp"
#include "evstudy/study/surprise.hpp"
#include "run_command.hpp"

namespace evstudy::app {
namespace {

std::vector<SurpriseReport> choose_reports(const RunOptions& o) {
  std::vector<SurpriseReport> reports;
  for (const std::string& name : split_list(o.report)) {
    const auto kind = parse_surprise_report(name);
    if (!kind) throw Error(ErrorKind::usage, "--report: found '" + name + "', expected coef, buckets, surprises or skips");
    reports.push_back(*kind);
  }
  if (reports.empty()) reports.push_back(SurpriseReport::coef);
  return reports;
}

/// A surprise mixes no units: a calendar with m/m and y/y rows needs --unit.
void require_one_unit(const StudySpec& spec) {
  std::set<std::string> units;
  for (const EventSpec& e : spec.events)
    if (!is_missing(e.consensus)) units.insert(e.unit);
  if (units.size() < 2) return;
  std::string found;
  for (const std::string& u : units) found += (found.empty() ? "" : ", ") + (u.empty() ? "(none)" : u);
  throw Error(ErrorKind::usage, "--unit: the releases come in several units (" + found + "), expected one chosen with --unit");
}

}  // namespace

int surprise_command(const RunOptions& options) {
  const Format format = choose_format(options);
  const std::vector<SurpriseReport> reports = choose_reports(options);
  const ComputedStudy study = compute_study(  // CAARs only
      options, StudyNeeds{.with_tests = false, .keep_days = false, .with_aar = false, .with_fit = false});
  require_one_unit(study.spec);
  const SurpriseResult result = analyse_surprises(study.spec, study.result);
  if (result.surprises.size() < 3)
    throw Error(ErrorKind::bad_data, "only " + std::to_string(result.surprises.size()) +
                                         " release(s) with actual and consensus, expected at least 3 to regress on");
  std::vector<ReportTable> tables;
  for (const SurpriseReport k : reports) tables.push_back(make_surprise_report(k, result));
  with_output(options, [&](std::ostream& out) { write_tables(out, tables, format); });
  return 0;
}

}  // namespace evstudy::app
