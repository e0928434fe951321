#include "evstudy/output/machine_writer.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace evstudy {
namespace {

/// Appends a numeric cell (format_number for doubles); false, appending nothing, for others.
bool append_numeric(std::string& out, const Cell& cell) {
  if (const double* x = std::get_if<double>(&cell)) {
    append_number(out, *x);
    return true;
  }
  if (const i64* n = std::get_if<i64>(&cell)) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *n);
    out.append(buffer, end);
    return true;
  }
  return false;
}

/// Appends a cell as a CSV/TSV field: numbers as format_number, text quoted (RFC 4180) when it
/// holds the delimiter, a quote or a line end.
void append_delimited(std::string& out, const Cell& cell, char delimiter) {
  if (append_numeric(out, cell)) return;
  if (const std::string* text = std::get_if<std::string>(&cell)) {
    const bool plain = std::none_of(text->begin(), text->end(),
                                    [delimiter](char c) { return c == delimiter || c == '"' || c == '\n' || c == '\r'; });
    if (plain) {
      out += *text;
      return;
    }
    out += '"';
    for (const char c : *text) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
}

/// Appends a cell as a JSON value: null for a missing one.
void append_json(std::string& out, const Cell& cell) {
  if (append_numeric(out, cell)) return;
  if (const std::string* text = std::get_if<std::string>(&cell)) {
    out += nlohmann::json(*text).dump();
  } else {
    out += "null";
  }
}

/// The keys of a report's rows as JSON strings with their colon, made once per report.
std::vector<std::string> json_keys(const std::vector<std::string>& columns) {
  std::vector<std::string> keys;
  for (const std::string& c : columns) keys.push_back(nlohmann::json(c).dump() + ":");
  return keys;
}

/// Appends one row object: `prefix` (fields before the row's, may be empty), then the cells.
void append_json_row(std::string& out, const std::vector<std::string>& keys, const std::vector<Cell>& row,
                     const std::string& prefix) {
  out += '{';
  out += prefix;
  for (std::size_t c = 0; c < keys.size(); ++c) {
    if (c > 0 || !prefix.empty()) out += ',';
    out += keys[c];
    append_json(out, row[c]);
  }
  out += '}';
}

/// How one format writes the rows inside a report's section: each row's text, and what goes
/// between two rows. Shared by the sections (row by row, in order) and by rows_text (an
/// event's rows at once, on any thread).
class RowFormat {
 public:
  virtual ~RowFormat() = default;
  /// Appends one row (without the separator before it).
  virtual void row(std::string& out, const std::vector<std::string>& keys, const std::vector<Cell>& cells) const = 0;
  /// What separates two rows (JSON: a comma and the line break; lines end their own rows).
  virtual std::string_view between() const { return {}; }
  /// What a row's cells are keyed by (JSON: the quoted column names), made once per report.
  virtual std::vector<std::string> keys(const std::vector<std::string>& columns) const { return columns; }
};

class DelimitedRows : public RowFormat {
 public:
  explicit DelimitedRows(char delimiter) : delimiter_(delimiter) {}
  void row(std::string& out, const std::vector<std::string>&, const std::vector<Cell>& cells) const override {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += delimiter_;
      append_delimited(out, cells[c], delimiter_);
    }
    out += '\n';
  }

 private:
  char delimiter_;
};

class JsonRows : public RowFormat {
 public:
  void row(std::string& out, const std::vector<std::string>& keys, const std::vector<Cell>& cells) const override {
    append_json_row(out, keys, cells, "");
  }
  std::string_view between() const override { return ",\n  "; }
  std::vector<std::string> keys(const std::vector<std::string>& columns) const override { return json_keys(columns); }
};

class NdjsonRows : public RowFormat {
 public:
  explicit NdjsonRows(std::string prefix) : prefix_(std::move(prefix)) {}
  void row(std::string& out, const std::vector<std::string>& keys, const std::vector<Cell>& cells) const override {
    append_json_row(out, keys, cells, prefix_);
    out += '\n';
  }
  std::vector<std::string> keys(const std::vector<std::string>& columns) const override { return json_keys(columns); }

 private:
  std::string prefix_;
};

/// The rows of report `kind` of `result` in `format`, joined by its separator; `rows` counts them.
std::string format_rows(const RowFormat& format, ReportKind kind, const StudyResult& result, std::size_t& rows) {
  std::string text;
  std::vector<std::string> keys;
  rows = 0;
  stream_report(kind, result, [&](const std::vector<std::string>& columns, std::vector<Cell>&& cells) {
    if (rows++ == 0) keys = format.keys(columns);
    else text += format.between();
    format.row(text, keys, cells);
  });
  return text;
}

/// A report's section of one format: rows appended in order, `opening` before the first
/// (JSON: the line break after the array's bracket) and the format's separator between.
class FormattedSection : public ReportSection {
 public:
  FormattedSection(std::ostream& out, std::shared_ptr<const RowFormat> format, const std::vector<std::string>& columns,
                   std::string opening, std::string closing_empty, std::string closing)
      : out_(out), format_(std::move(format)), keys_(format_->keys(columns)), opening_(std::move(opening)),
        closing_empty_(std::move(closing_empty)), closing_(std::move(closing)) {}
  void row(const std::vector<std::string>&, const std::vector<Cell>& cells) override {
    line_.clear();
    format_->row(line_, keys_, cells);
    append(line_, 1);
  }
  void append(std::string_view rows_text, std::size_t rows) override {
    if (rows == 0) return;
    const std::string_view before = rows_ == 0 ? std::string_view(opening_) : format_->between();
    out_.write(before.data(), static_cast<std::streamsize>(before.size()));
    out_.write(rows_text.data(), static_cast<std::streamsize>(rows_text.size()));
    rows_ += rows;
  }
  void end() override { out_ << (rows_ == 0 ? closing_empty_ : closing_); }

 private:
  std::ostream& out_;
  std::shared_ptr<const RowFormat> format_;
  std::vector<std::string> keys_;
  std::string opening_, closing_empty_, closing_;
  std::string line_;
  std::size_t rows_ = 0;
};

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
class DelimitedWriter : public ReportWriter {
 public:
  explicit DelimitedWriter(char delimiter) : delimiter_(delimiter), rows_(std::make_shared<DelimitedRows>(delimiter)) {}
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t count, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    if (count > 1) out << (index > 0 ? "\n" : "") << "# report: " << name << '\n';
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? std::string(1, delimiter_) : "") << columns[c];
    out << '\n';
    return std::make_unique<FormattedSection>(out, rows_, columns, "", "", "");
  }
  std::string rows_text(ReportKind kind, const StudyResult& result, std::size_t& rows) const override {
    return format_rows(*rows_, kind, result, rows);
  }
  void finish(std::ostream&) override {}

 private:
  char delimiter_;
  std::shared_ptr<const RowFormat> rows_;
};

/// One JSON object with a key per report holding an array of row objects.
class JsonWriter : public ReportWriter {
 public:
  void start(std::ostream& out) override { out << "{"; }
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    out << (index ? ",\n" : "\n") << nlohmann::json(name).dump() << ": [";
    return std::make_unique<FormattedSection>(out, rows_, columns, "\n  ", "]", "\n]");
  }
  std::string rows_text(ReportKind kind, const StudyResult& result, std::size_t& rows) const override {
    return format_rows(*rows_, kind, result, rows);
  }
  void finish(std::ostream& out) override { out << "\n}\n"; }

 private:
  std::shared_ptr<const RowFormat> rows_ = std::make_shared<JsonRows>();
};

/// One JSON object per row and line, with a "report" field.
class NdjsonWriter : public ReportWriter {
 public:
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t, std::size_t, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    return std::make_unique<FormattedSection>(out, rows_for(name), columns, "", "", "");
  }
  std::string rows_text(ReportKind kind, const StudyResult& result, std::size_t& rows) const override {
    return format_rows(*rows_for(std::string(report_name(kind))), kind, result, rows);
  }
  void finish(std::ostream&) override {}

 private:
  static std::shared_ptr<const RowFormat> rows_for(const std::string& name) {
    return std::make_shared<NdjsonRows>("\"report\":" + nlohmann::json(name).dump());
  }
};

void write_all(std::ostream& out, ReportWriter& writer, const std::vector<ReportTable>& tables) {
  writer.start(out);
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const ReportTable& t = tables[k];
    const auto section = writer.section(out, k, tables.size(), t.name, t.columns);
    for (const auto& row : t.rows) section->row(t.columns, row);
    section->end();
  }
  writer.finish(out);
}

}  // namespace

std::unique_ptr<ReportWriter> make_report_writer(Format format) {
  switch (format) {
    case Format::csv:
      return std::make_unique<DelimitedWriter>(',');
    case Format::tsv:
      return std::make_unique<DelimitedWriter>('\t');
    case Format::json:
      return std::make_unique<JsonWriter>();
    case Format::ndjson:
      return std::make_unique<NdjsonWriter>();
    case Format::table:
      break;
  }
  throw std::invalid_argument("make_report_writer: the table format has its own writer");
}

void write_reports_streamed(std::ostream& out, ReportWriter& writer, const StudyResult& result,
                            const std::vector<ReportKind>& kinds) {
  writer.start(out);
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    const auto section = writer.section(out, k, kinds.size(), std::string(report_name(kinds[k])), report_columns(kinds[k], result));
    stream_report(kinds[k], result, [&section](const std::vector<std::string>& columns, std::vector<Cell>&& row) {
      section->row(columns, row);
    });
    section->end();
  }
  writer.finish(out);
}

void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter) {
  DelimitedWriter writer(delimiter);
  write_all(out, writer, tables);
}

void write_json(std::ostream& out, const std::vector<ReportTable>& tables) {
  JsonWriter writer;
  write_all(out, writer, tables);
}

void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables) {
  NdjsonWriter writer;
  write_all(out, writer, tables);
}

}  // namespace evstudy
