// csv, tsv, json and ndjson (CLI.md): report tables to a stream. Missing values are empty
// fields (null in JSON); numbers round-trip.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "evstudy/output/report.hpp"

namespace evstudy {

/// One report's part of the output, written as its rows come (RowStream), holding none of them.
class ReportSection {
 public:
  virtual ~ReportSection() = default;
  virtual void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) = 0;
  /// Rows made into text by the report's RowFormat, written as row() would have written them.
  virtual void rows_text(std::string_view text) = 0;
  /// Closes the section (JSON: its array).
  virtual void end() = 0;
};

/// A report's rows as text apart from its section, on any thread (e.g. each event's rows on the
/// thread that ran it), then handed to the section in order (ReportSection::rows_text): the
/// same bytes as the section's row() row by row.
class RowFormat {
 public:
  virtual ~RowFormat() = default;
  virtual void append(std::string& out, const std::vector<Cell>& cells) const = 0;
};

/// A machine format's framing: what comes before the first report, each report's section (its
/// text depends only on its place among the reports, so sections can be written to different
/// streams and joined), and what comes after the last.
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void start(std::ostream& out) = 0;
  /// Report number `index` of `count`, on `out` (which must outlive the section).
  virtual std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t count,
                                                 const std::string& name, const std::vector<std::string>& columns) = 0;
  virtual void finish(std::ostream& out) = 0;
  /// The format of the rows of the report named `name` with these columns.
  virtual std::unique_ptr<RowFormat> row_format(const std::string& name, const std::vector<std::string>& columns) const = 0;
};

/// The writer of `format`: csv, tsv, json or ndjson.
std::unique_ptr<ReportWriter> make_report_writer(Format format);

/// Every report of `kinds` from `result` to `out`, row by row.
void write_reports_streamed(std::ostream& out, ReportWriter& writer, const StudyResult& result,
                            const std::vector<ReportKind>& kinds);

/// The rows of each report of `kinds` in `piece` as text, by its RowFormat (`formats`, in the
/// same order), for ReportSection::rows_text. Each text is reserved at a little more than
/// `room` says for its report, and `room` then set to the size it took: events tend to be
/// alike, so a caller that keeps `room` from one event to the next grows no text by doubling.
std::vector<std::string> report_texts(const StudyResult& piece, const std::vector<ReportKind>& kinds,
                                      const std::vector<std::unique_ptr<RowFormat>>& formats,
                                      std::vector<std::size_t>& room);

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter);

/// One JSON object with a key per report holding an array of row objects.
void write_json(std::ostream& out, const std::vector<ReportTable>& tables);

/// One JSON object per row and line, with a "report" field.
void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables);

}  // namespace evstudy
