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
class DelimitedSection : public ReportSection {
 public:
  DelimitedSection(std::ostream& out, char delimiter) : out_(out), delimiter_(delimiter) {}
  void row(const std::vector<std::string>&, const std::vector<Cell>& cells) override {
    line_.clear();
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) line_ += delimiter_;
      line_ += delimited_field(cells[c], delimiter_);
    }
    line_ += '\n';
    out_ << line_;
  }
  void end() override {}

 private:
  std::ostream& out_;
  char delimiter_;
  std::string line_;
};

class DelimitedWriter : public ReportWriter {
 public:
  explicit DelimitedWriter(char delimiter) : delimiter_(delimiter) {}
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t count, const std::string& name,
                                         const std::vector<std::string>& columns) override {
    if (count > 1) out << (index > 0 ? "\n" : "") << "# report: " << name << '\n';
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? std::string(1, delimiter_) : "") << columns[c];
    out << '\n';
    return std::make_unique<DelimitedSection>(out, delimiter_);
  }
  void finish(std::ostream&) override {}

 private:
  char delimiter_;
};

/// One JSON object with a key per report holding an array of row objects.
class JsonSection : public ReportSection {
 public:
  explicit JsonSection(std::ostream& out) : out_(out) {}
  void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) override {
    out_ << (rows_++ ? ",\n  " : "\n  ") << json_row(columns, cells, "");
  }
  void end() override { out_ << (rows_ == 0 ? "]" : "\n]"); }

 private:
  std::ostream& out_;
  std::size_t rows_ = 0;
};

class JsonWriter : public ReportWriter {
 public:
  void start(std::ostream& out) override { out << "{"; }
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t index, std::size_t, const std::string& name,
                                         const std::vector<std::string>&) override {
    out << (index ? ",\n" : "\n") << nlohmann::json(name).dump() << ": [";
    return std::make_unique<JsonSection>(out);
  }
  void finish(std::ostream& out) override { out << "\n}\n"; }
};

/// One JSON object per row and line, with a "report" field.
class NdjsonSection : public ReportSection {
 public:
  NdjsonSection(std::ostream& out, const std::string& name) : out_(out), prefix_("\"report\":" + nlohmann::json(name).dump()) {}
  void row(const std::vector<std::string>& columns, const std::vector<Cell>& cells) override {
    out_ << json_row(columns, cells, prefix_) << '\n';
  }
  void end() override {}

 private:
  std::ostream& out_;
  std::string prefix_;
};

class NdjsonWriter : public ReportWriter {
 public:
  void start(std::ostream&) override {}
  std::unique_ptr<ReportSection> section(std::ostream& out, std::size_t, std::size_t, const std::string& name,
                                         const std::vector<std::string>&) override {
    return std::make_unique<NdjsonSection>(out, name);
  }
  void finish(std::ostream&) override {}
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
