#include "evstudy/output/machine_writer.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace evstudy {
namespace {

std::string delimited_field(const Cell& cell, char delimiter) {
  if (std::holds_alternative<double>(cell)) return format_number(std::get<double>(cell));
  if (std::holds_alternative<i64>(cell)) return std::to_string(std::get<i64>(cell));
  if (!std::holds_alternative<std::string>(cell)) return {};
  const std::string& text = std::get<std::string>(cell);
  if (text.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string json_value(const Cell& cell) {
  if (std::holds_alternative<double>(cell)) return format_number(std::get<double>(cell));
  if (std::holds_alternative<i64>(cell)) return std::to_string(std::get<i64>(cell));
  if (std::holds_alternative<std::string>(cell)) return nlohmann::json(std::get<std::string>(cell)).dump();
  return "null";
}

std::string json_row(const std::vector<std::string>& columns, const std::vector<Cell>& row, const std::string& prefix) {
  std::string out = "{" + prefix;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c > 0 || !prefix.empty()) out += ',';
    out += nlohmann::json(columns[c]).dump() + ":" + json_value(row[c]);
  }
  return out + "}";
}

/// csv or tsv: one header row then rows; with several reports each follows a line
/// "# report: NAME", separated by a blank line.
class DelimitedWriter : public ReportWriter {
 public:
  DelimitedWriter(std::ostream& out, char delimiter, std::size_t reports) : out_(out), delimiter_(delimiter), reports_(reports) {}
  void begin(const std::string& name, const std::vector<std::string>& columns) override {
    if (reports_ > 1) out_ << (index_ > 0 ? "\n" : "") << "# report: " << name << '\n';
    ++index_;
    for (std::size_t c = 0; c < columns.size(); ++c) out_ << (c ? std::string(1, delimiter_) : "") << columns[c];
    out_ << '\n';
  }
  void row(const std::vector<std::string>&, const std::vector<Cell>& cells) override {
    line_.clear();
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) line_ += delimiter_;
      line_ += delimited_field(cells[c], delimiter_);
    }
    line_ += '\n';
    out_ << line_;
  }
  void finish() override {}

 private:
  std::ostream& out_;
  char delimiter_;
  std::size_t reports_;
  std::size_t index_ = 0;
  std::string line_;
};

/// One JSON object with a key per report holding an array of row objects.
class JsonWriter : public ReportWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) { out_ << "{"; }
  void begin(const std::string& name, const std::vector<std::string>&) override {
    close_array();
    out_ << (reports_ ? ",\n" : "\n") << nlohmann::json(name).dump() << ": [";
    ++reports_;
    rows_ = 0;
    open_ = true;
  }
  void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) override {
    out_ << (rows_++ ? ",\n  " : "\n  ") << json_row(columns, cells, "");
  }
  void finish() override {
    close_array();
    out_ << "\n}\n";
  }

 private:
  void close_array() {
    if (open_) out_ << (rows_ == 0 ? "]" : "\n]");
    open_ = false;
  }
  std::ostream& out_;
  std::size_t reports_ = 0;
  std::size_t rows_ = 0;
  bool open_ = false;
};

/// One JSON object per row and line, with a "report" field.
class NdjsonWriter : public ReportWriter {
 public:
  explicit NdjsonWriter(std::ostream& out) : out_(out) {}
  void begin(const std::string& name, const std::vector<std::string>&) override {
    prefix_ = "\"report\":" + nlohmann::json(name).dump();
  }
  void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) override {
    out_ << json_row(columns, cells, prefix_) << '\n';
  }
  void finish() override {}

 private:
  std::ostream& out_;
  std::string prefix_;
};

void write_all(ReportWriter& writer, const std::vector<ReportTable>& tables) {
  for (const ReportTable& t : tables) {
    writer.begin(t.name, t.columns);
    for (const auto& row : t.rows) writer.row(t.columns, row);
  }
  writer.finish();
}

}  // namespace

std::unique_ptr<ReportWriter> make_report_writer(Format format, std::ostream& out, std::size_t reports) {
  switch (format) {
    case Format::csv:
      return std::make_unique<DelimitedWriter>(out, ',', reports);
    case Format::tsv:
      return std::make_unique<DelimitedWriter>(out, '\t', reports);
    case Format::json:
      return std::make_unique<JsonWriter>(out);
    case Format::ndjson:
      return std::make_unique<NdjsonWriter>(out);
    case Format::table:
      break;
  }
  throw std::invalid_argument("make_report_writer: the table format has its own writer");
}

void write_reports_streamed(ReportWriter& writer, const StudyResult& result, const std::vector<ReportKind>& kinds) {
  for (const ReportKind kind : kinds) {
    const std::vector<std::string> columns = report_columns(kind, result);
    writer.begin(std::string(report_name(kind)), columns);
    stream_report(kind, result, [&writer](const std::vector<std::string>& cols, std::vector<Cell>&& row) { writer.row(cols, row); });
  }
  writer.finish();
}

void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter) {
  DelimitedWriter writer(out, delimiter, tables.size());
  write_all(writer, tables);
}

void write_json(std::ostream& out, const std::vector<ReportTable>& tables) {
  JsonWriter writer(out);
  write_all(writer, tables);
}

void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables) {
  NdjsonWriter writer(out);
  write_all(writer, tables);
}

}  // namespace evstudy
