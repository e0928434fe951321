// A CSV tokenizer over text in memory: comma, semicolon or tab (detected from the header),
// RFC 4180 quoting, UTF-8 BOM, CRLF, blank lines skipped. Knows nothing about prices.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "evstudy/core/error.hpp"
#include "evstudy/core/types.hpp"

namespace evstudy {

struct CsvField {
  std::string_view text;
  i64 column = 0;  // 1-based byte column of the field's first character
};

struct CsvRow {
  i64 line = 0;  // 1-based line where the row starts
  std::vector<CsvField> fields;
};

class CsvReader {
 public:
  /// `text` must outlive the reader; `source` names it in errors.
  CsvReader(std::string_view text, std::string source);

  /// A reader over a chunk of a file with a known delimiter, the chunk's first line numbered
  /// `first_line` (line 1: the file's start, where a BOM is skipped).
  CsvReader(std::string_view text, std::string source, char delimiter, i64 first_line);

  /// Reads the next non-blank row into `row`; false at the end. Fields stay valid until the
  /// next call. Throws Error(bad_data) on an unterminated quote.
  bool next(CsvRow& row);

  char delimiter() const { return delimiter_; }
  const std::string& source() const { return source_; }
  SourcePos pos(i64 line, i64 column) const { return SourcePos{source_, line, column}; }
  /// The same place, without copying the file name until it is needed.
  FieldPos field_pos(i64 line, i64 column) const { return FieldPos{source_, line, column}; }
  /// Bytes consumed so far and the line the next row starts on.
  std::size_t offset() const { return at_; }
  i64 line() const { return line_; }

 private:
  std::string_view text_;
  std::string source_;
  std::size_t at_ = 0;
  i64 line_ = 1;
  char delimiter_ = ',';
  std::deque<std::string> unescaped_;  // quoted fields with "" inside, for the current row
};

/// Where the first line of `text` ends for detect_delimiter: the first line end outside
/// quotes, every quote toggling; npos if the text holds none.
std::size_t first_line_end(std::string_view text);

/// The delimiter that occurs most often outside quotes in the first line of `text`: ',', ';'
/// or tab (',' on a tie or when none occurs).
char detect_delimiter(std::string_view text);

/// The end of the last whole row in `text` (just after its line end), 0 if there is none: line
/// ends inside quoted fields do not end rows, and a quote opens a field only at its start, as
/// CsvReader reads them. `file_start`: the text starts the file, whose first row starts after
/// a UTF-8 BOM (where CsvReader starts).
std::size_t last_row_end(std::string_view text, char delimiter, bool file_start = false);

/// Header names compare case-insensitively, ignoring spaces, '_' and '-' ("Adj Close" = adj_close).
std::string normalize_header(std::string_view name);

/// Empty, "NA", "NaN", "null", "N/A" (any case) and "." are missing values.
bool is_missing_token(std::string_view field);

}  // namespace evstudy
