#include "evstudy/output/machine_writer.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

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

/// A section's rows as text, handed to its stream 64 KiB at a time (one stream call per
/// thousand rows instead of one per row), and at the section's end.
class RowText {
 public:
  explicit RowText(std::ostream& out) : out_(out) {}
  RowText(const RowText&) = delete;
  RowText& operator=(const RowText&) = delete;
  ~RowText() { flush(); }  // rows made before an error still reach the output

  std::string& text() { return text_; }
  /// Writes the text out once it holds 64 KiB.
  void row_done() {
    if (text_.size() >= (std::size_t{64} << 10)) flush();
  }
  void flush() {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }
  /// Rows already made into text: kept with the text, or, when large, written at once after it.
  void add(std::string_view rows) {
    if (text_.size() + rows.size() < (std::size_t{64} << 10)) {
      text_ += rows;
      return;
    }
    flush();
    out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
  }

 private:
  std::ostream& out_;
  std::string text_;
};

/// One report's part of the output: its rows, made by its RowFormat (row by row, or handed over
/// as text), written to its stream 64 KiB at a time. The first row loses its first `first_cut`
/// bytes (JSON's comma before an array's first row); the section ends with `close`, or with
/// `close_empty` when it has no rows (JSON's "\n]" and "]").
class FormattedSection : public ReportSection {
 public:
  FormattedSection(std::ostream& out, std::unique_ptr<RowFormat> format, std::size_t first_cut = 0,
                   std::string close = "", std::string close_empty = "")
      : rows_(out), format_(std::move(format)), first_cut_(first_cut), close_(std::move(close)),
        close_empty_(std::move(close_empty)) {}
  void row(const std::vector<std::string>&, const std::vector<Cell>& cells) override {
    std::string& text = rows_.text();
    const std::size_t at = text.size();
    format_->append(text, cells);
    if (!any_rows_) text.erase(at, first_cut_);
    any_rows_ = true;
    rows_.row_done();
  }
  void rows_text(std::string_view text) override {
    if (text.empty()) return;
    if (!any_rows_) text.remove_prefix(first_cut_);
    any_rows_ = true;
    rows_.add(text);
  }
  void end() override {
    rows_.text() += any_rows_ ? close_ : close_empty_;
    rows_.flush();
  }

 private:
  RowText rows_;
  std::unique_ptr<RowFormat> format_;
  std::size_t first_cut_;
  std::string close_;
  std::string close_empty_;
  bool any_rows_ = false;
};

/// A csv or tsv row: its fields (append_delimited) and a line end.
class DelimitedRow : public RowFormat {
 public:
  explicit DelimitedRow(char delimiter) : delimiter_(delimiter) {}
  void append(std::string& out, const std::vector<Cell>& cells) const override {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += delimiter_;
      append_delimited(out, cells[c], delimiter_);
    }
    out += '\n';
  }

 private:
  char delimiter_;
};

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
class DelimitedWriter : public ReportWriter {
 public:
  explicit DelimitedWriter(char delimiter) : delimiter_(delimiter) {}
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t count, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    if (count > 1) out << (index > 0 ? "\n" : "") << "# report: " << name << '\n';
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? std::string(1, delimiter_) : "") << columns[c];
    out << '\n';
    return std::make_unique<FormattedSection>(out, row_format(name, columns));
  }
  void finish(std::ostream&) override {}
  std::unique_ptr<RowFormat> row_format(const std::string&, const std::vector<std::string>&) const override {
    return std::make_unique<DelimitedRow>(delimiter_);
  }

 private:
  char delimiter_;
};

/// A JSON array's row object after its separator ",\n  " (the array's first row has "\n  ":
/// its section drops the comma).
class JsonRow : public RowFormat {
 public:
  explicit JsonRow(const std::vector<std::string>& columns) : keys_(json_keys(columns)) {}
  void append(std::string& out, const std::vector<Cell>& cells) const override {
    out += ",\n  ";
    append_json_row(out, keys_, cells, "");
  }

 private:
  std::vector<std::string> keys_;
};

/// One JSON object with a key per report holding an array of row objects.
class JsonWriter : public ReportWriter {
 public:
  void start(std::ostream& out) override { out << "{"; }
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    out << (index ? ",\n" : "\n") << nlohmann::json(name).dump() << ": [";
    return std::make_unique<FormattedSection>(out, row_format(name, columns), 1, "\n]", "]");
  }
  void finish(std::ostream& out) override { out << "\n}\n"; }
  std::unique_ptr<RowFormat> row_format(const std::string&, const std::vector<std::string>& columns) const override {
    return std::make_unique<JsonRow>(columns);
  }
};

/// An ndjson line: the row's object with its "report" field first.
class NdjsonRow : public RowFormat {
 public:
  NdjsonRow(const std::string& name, const std::vector<std::string>& columns)
      : prefix_("\"report\":" + nlohmann::json(name).dump()), keys_(json_keys(columns)) {}
  void append(std::string& out, const std::vector<Cell>& cells) const override {
    append_json_row(out, keys_, cells, prefix_);
    out += '\n';
  }

 private:
  std::string prefix_;
  std::vector<std::string> keys_;
};

/// One JSON object per row and line, with a "report" field.
class NdjsonWriter : public ReportWriter {
 public:
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t, std::size_t, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    return std::make_unique<FormattedSection>(out, row_format(name, columns));
  }
  void finish(std::ostream&) override {}
  std::unique_ptr<RowFormat> row_format(const std::string& name, const std::vector<std::string>& columns) const override {
    return std::make_unique<NdjsonRow>(name, columns);
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
    stream_report(kinds[k], result, [&section](const std::vector<std::string>& columns, const std::vector<Cell>& row) {
      section->row(columns, row);
    });
    section->end();
  }
  writer.finish(out);
}

std::vector<std::string> report_texts(const StudyResult& piece, const std::vector<ReportKind>& kinds,
                                      const std::vector<std::unique_ptr<RowFormat>>& formats,
                                      std::vector<std::size_t>& room) {
  room.resize(kinds.size());
  std::vector<std::string> texts(kinds.size());
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    texts[k].reserve(room[k] + room[k] / 8);
    stream_report(kinds[k], piece, [&](const std::vector<std::string>&, const std::vector<Cell>& row) {
      formats[k]->append(texts[k], row);
    });
    room[k] = texts[k].size();
  }
  return texts;
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
