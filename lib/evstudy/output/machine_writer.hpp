// csv, tsv, json and ndjson (CLI.md): report tables to a stream. Missing values are empty
// fields (null in JSON); numbers round-trip.
#pragma once

#include <ostream>
#include <vector>

#include "evstudy/output/report.hpp"

namespace evstudy {

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter);

/// One JSON object with a key per report holding an array of row objects.
void write_json(std::ostream& out, const std::vector<ReportTable>& tables);

/// One JSON object per row and line, with a "report" field.
void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables);

}  // namespace evstudy
