#include "evstudy/output/golden.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "evstudy/core/error.hpp"
#include "evstudy/io/json_text.hpp"

namespace evstudy {
namespace {

using json = nlohmann::ordered_json;

json cell_json(const Cell& c) {
  if (std::holds_alternative<double>(c)) return std::get<double>(c);
  if (std::holds_alternative<i64>(c)) return std::get<i64>(c);
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  return nullptr;
}

Cell json_cell(const json& j) {
  if (j.is_null()) return Cell{};
  if (j.is_number_integer()) return Cell{j.get<i64>()};
  if (j.is_number()) return Cell{j.get<double>()};
  if (j.is_string()) return Cell{j.get<std::string>()};
  throw std::runtime_error("a cell must be a number, a string or null");
}

std::string cell_text(const Cell& c) {
  if (std::holds_alternative<double>(c)) return format_number(std::get<double>(c));
  if (std::holds_alternative<i64>(c)) return std::to_string(std::get<i64>(c));
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  return "(missing)";
}

/// A row's identity: its leading text/integer columns ("event,ticker,t" ...), and for the
/// tests report also the test name (it follows the scope).
std::string row_key(const ReportTable& t, const std::vector<Cell>& row) {
  std::string key;
  for (std::size_t c = 0; c < row.size(); ++c) {
    const bool keyish = std::holds_alternative<std::string>(row[c]) || std::holds_alternative<i64>(row[c]);
    const bool key_column = t.columns[c] == "event" || t.columns[c] == "ticker" || t.columns[c] == "group" ||
                            t.columns[c] == "t" || t.columns[c] == "window" || t.columns[c] == "scope" ||
                            t.columns[c] == "test" || t.columns[c] == "date";
    if (!key_column || !keyish) continue;
    if (!key.empty()) key += ',';
    key += cell_text(row[c]);
  }
  return key;
}

}  // namespace

const std::vector<ReportKind>& golden_reports() {
  static const std::vector<ReportKind> kinds{ReportKind::ar,    ReportKind::car, ReportKind::fit, ReportKind::tests,
                                             ReportKind::skips, ReportKind::aar, ReportKind::caar};
  return kinds;
}

std::string write_golden(const std::string& spec_json, const std::vector<ReportTable>& tables) {
  // One row per line: a golden file is reviewed in diffs.
  std::string out = "{\n\"evstudy_golden\": 1,\n\"spec\": " + json::parse(spec_json).dump() + ",\n\"reports\": {";
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const ReportTable& t = tables[k];
    out += (k ? ",\n" : "\n") + json(t.name).dump() + ": {\"columns\": " + json(t.columns).dump() + ", \"rows\": [";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      json row = json::object();
      for (std::size_t c = 0; c < t.columns.size(); ++c) row[t.columns[c]] = cell_json(t.rows[r][c]);
      out += (r ? ",\n  " : "\n  ") + row.dump();
    }
    out += t.rows.empty() ? "]}" : "\n]}";
  }
  return out + "\n}\n}\n";
}

Golden read_golden(std::string_view text, std::string_view source) {
  const std::string file(source);
  json j = parse_json_text<json>(text, file, "an evstudy golden file");
  auto bad = [&](const std::string& where, const std::string& what) {
    return Error(ErrorKind::bad_data, file + ": " + where + ": " + what);
  };
  if (!j.is_object() || !j.contains("evstudy_golden"))
    throw bad("/evstudy_golden", "missing, expected an evstudy golden file (written by evstudy run --save-golden)");
  if (j["evstudy_golden"] != 1) throw bad("/evstudy_golden", "found version " + j["evstudy_golden"].dump() + ", expected 1");
  if (!j.contains("spec") || !j["spec"].is_object()) throw bad("/spec", "missing, expected the study's spec object");
  if (!j.contains("reports") || !j["reports"].is_object()) throw bad("/reports", "missing, expected an object of reports");
  Golden g;
  g.spec_json = j["spec"].dump();
  for (const auto& [name, report] : j["reports"].items()) {
    const std::string where = "/reports/" + name;
    if (!parse_report(name)) throw bad(where, "unknown report");
    if (!report.contains("columns") || !report["columns"].is_array() || !report.contains("rows") || !report["rows"].is_array())
      throw bad(where, "expected {\"columns\": [...], \"rows\": [...]}");
    ReportTable t;
    t.name = name;
    for (const json& c : report["columns"]) {
      if (!c.is_string()) throw bad(where + "/columns", "expected column names");
      t.columns.push_back(c.get<std::string>());
    }
    std::size_t k = 0;
    for (const json& r : report["rows"]) {
      const std::string row_where = where + "/rows/" + std::to_string(k++);
      if (!r.is_object()) throw bad(row_where, "expected a row object");
      std::vector<Cell> row;
      for (const std::string& c : t.columns) {
        if (!r.contains(c)) throw bad(row_where, "no field '" + c + "'");
        try {
          row.push_back(json_cell(r[c]));
        } catch (const std::runtime_error& e) {
          throw bad(row_where + "/" + c, e.what());
        }
      }
      t.rows.push_back(std::move(row));
    }
    g.tables.push_back(std::move(t));
  }
  return g;
}

std::vector<Drift> compare_reports(const std::vector<ReportTable>& expected, const std::vector<ReportTable>& got,
                                   double rtol, double atol) {
  std::vector<Drift> drifts;
  for (const ReportTable& want : expected) {
    const ReportTable* have = nullptr;
    for (const ReportTable& t : got)
      if (t.name == want.name) have = &t;
    std::map<std::string, const std::vector<Cell>*> rows;
    if (have)
      for (const auto& row : have->rows) rows.emplace(row_key(*have, row), &row);
    std::map<std::string, bool> seen;
    for (const auto& row : want.rows) {
      const std::string key = row_key(want, row);
      seen[key] = true;
      const auto it = rows.find(key);
      if (it == rows.end()) {
        drifts.push_back({want.name, key, "", "row", "(missing)", missing});
        continue;
      }
      for (std::size_t c = 0; c < want.columns.size() && c < it->second->size(); ++c) {
        const Cell& e = row[c];
        const Cell& g = (*it->second)[c];
        if (std::holds_alternative<double>(e) && std::holds_alternative<double>(g)) {
          const double x = std::get<double>(e);
          const double y = std::get<double>(g);
          const bool same = x == y || (std::isnan(x) && std::isnan(y)) || std::abs(y - x) <= atol + rtol * std::abs(x);
          if (!same) drifts.push_back({want.name, key, want.columns[c], cell_text(e), cell_text(g), y - x});
        } else if (cell_text(e) != cell_text(g)) {
          drifts.push_back({want.name, key, want.columns[c], cell_text(e), cell_text(g), missing});
        }
      }
    }
    if (have)
      for (const auto& row : have->rows) {
        const std::string key = row_key(*have, row);
        if (!seen.count(key)) drifts.push_back({want.name, key, "", "(missing)", "row", missing});
      }
  }
  return drifts;
}

}  // namespace evstudy
