// Reports as tables of cells (CLI.md "Machine-readable output"): one model that the csv, tsv,
// json and ndjson writers all print, so every format carries the same fields in the same order.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "evstudy/study/study_result.hpp"

namespace evstudy {

enum class ReportKind { ar, car, fit, tests, skips, aar, caar };
enum class Format { table, csv, tsv, json, ndjson };

std::string_view report_name(ReportKind kind);
std::optional<ReportKind> parse_report(std::string_view name);
std::optional<Format> parse_format(std::string_view name);

/// A cell: empty (a missing value), text, an integer or a double.
using Cell = std::variant<std::monostate, std::string, i64, double>;

struct ReportTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

/// Where a report's rows go as they are made: `columns` is set before the first row. A row is
/// lent to `emit` for the call only (a writer prints it; make_report copies it): its cells are
/// then overwritten by the next row's, so that a report of millions of rows allocates none.
struct RowStream {
  std::vector<std::string> columns;
  using Fn = std::function<void(const std::vector<std::string>& columns, const std::vector<Cell>& row)>;
  Fn emit;
  std::vector<Cell> row;  // the row being made, its cells' memory reused

  /// Emits a row of these cells.
  template <typename... Values>
  void push(Values&&... values) {
    row.resize(sizeof...(values));
    std::size_t k = 0;
    ((row[k++] = std::forward<Values>(values)), ...);
    emit(columns, row);
  }
};

/// The rows of one report, ordered by event, group, ticker, then t or window, one at a time:
/// a writer prints each and forgets it, so no report is ever held whole. Returns the columns.
std::vector<std::string> stream_report(ReportKind kind, const StudyResult& result, const RowStream::Fn& emit);

/// The columns of a report of `result` (they depend on its model only).
std::vector<std::string> report_columns(ReportKind kind, const StudyResult& result);

/// The same rows collected into a table (golden files, the terminal table).
ReportTable make_report(ReportKind kind, const StudyResult& result);

/// A double as text: the shortest representation that parses back to the same value.
std::string format_number(double value);

/// The same text appended to `out` (no temporary string).
void append_number(std::string& out, double value);

}  // namespace evstudy
