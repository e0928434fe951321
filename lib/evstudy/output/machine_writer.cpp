#include "evstudy/output/machine_writer.hpp"

#include <nlohmann/json.hpp>

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

std::string json_row(const ReportTable& t, const std::vector<Cell>& row, const std::string& prefix) {
  std::string out = "{" + prefix;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0 || !prefix.empty()) out += ',';
    out += nlohmann::json(t.columns[c]).dump() + ":" + json_value(row[c]);
  }
  return out + "}";
}

}  // namespace

void write_delimited(std::ostream& out, const std::vector<ReportTable>& tables, char delimiter) {
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const ReportTable& t = tables[k];
    if (tables.size() > 1) out << (k > 0 ? "\n" : "") << "# report: " << t.name << '\n';
    for (std::size_t c = 0; c < t.columns.size(); ++c) out << (c ? std::string(1, delimiter) : "") << t.columns[c];
    out << '\n';
    for (const auto& row : t.rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c) line += delimiter;
        line += delimited_field(row[c], delimiter);
      }
      out << line << '\n';
    }
  }
}

void write_json(std::ostream& out, const std::vector<ReportTable>& tables) {
  out << "{";
  for (std::size_t k = 0; k < tables.size(); ++k) {
    out << (k ? ",\n" : "\n") << nlohmann::json(tables[k].name).dump() << ": [";
    for (std::size_t r = 0; r < tables[k].rows.size(); ++r)
      out << (r ? ",\n  " : "\n  ") << json_row(tables[k], tables[k].rows[r], "");
    out << (tables[k].rows.empty() ? "]" : "\n]");
  }
  out << "\n}\n";
}

void write_ndjson(std::ostream& out, const std::vector<ReportTable>& tables) {
  for (const ReportTable& t : tables) {
    const std::string prefix = "\"report\":" + nlohmann::json(t.name).dump();
    for (const auto& row : t.rows) out << json_row(t, row, prefix) << '\n';
  }
}

}  // namespace evstudy
