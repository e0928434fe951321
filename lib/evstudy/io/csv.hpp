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

  /// Reads the next non-blank row into `row`; false at the end. Fields stay valid until the
  /// next call. Throws Error(bad_data) on an unterminated quote.
  bool next(CsvRow& row);

  char delimiter() const { return delimiter_; }
  const std::string& source() const { return source_; }
  SourcePos pos(i64 line, i64 column) const { return SourcePos{source_, line, column}; }

 private:
  std::string_view text_;
  std::string source_;
  std::size_t at_ = 0;
  i64 line_ = 1;
  char delimiter_ = ',';
  std::deque<std::string> unescaped_;  // quoted fields with "" inside, for the current row
};

/// Header names compare case-insensitively, ignoring spaces, '_' and '-' ("Adj Close" = adj_close).
std::string normalize_header(std::string_view name);

/// Empty, "NA", "NaN", "null", "N/A" (any case) and "." are missing values.
bool is_missing_token(std::string_view field);

}  // namespace evstudy
