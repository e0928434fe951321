// csv, tsv, json and ndjson (CLI.md): report tables to a stream. Missing values are empty
// fields (null in JSON); numbers round-trip.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "evstudy/output/report.hpp"

namespace evstudy {

/// Writes reports in a machine format as their rows come (RowStream), holding none of them:
/// begin(name, columns) at each report, row(...) per row, finish() once after the last.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void begin(const std::string& name, const std::vector<std::string>& columns) = 0;
  virtual void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) = 0;
  virtual void finish() = 0;
};

/// The writer of `format` (csv, tsv, json or ndjson) to `out`, for `reports` reports in all.
std::unique_ptr<ReportWriter> make_report_writer(Format format, std::ostream& out, std::size_t reports);

/// Every report of `kinds` from `result`, row by row.
void write_reports_streamed(ReportWriter& writer, const StudyResult& result, const std::vector<ReportKind>& kinds);

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter);

/// One JSON object with a key per report holding an array of row objects.
void write_json(std::ostream& out, const std::vector<ReportTable>& tables);

/// One JSON object per row and line, with a "report" field.
void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables);

}  // namespace evstudy
