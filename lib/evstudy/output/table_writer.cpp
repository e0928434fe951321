#include "evstudy/output/table_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "evstudy/stats/distributions.hpp"

namespace evstudy {
namespace {

/// A return as a signed percentage with two decimals ("+3.21%"); "." when missing.
std::string percent(double x) {
  if (is_missing(x)) return ".";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.2f%%", 100.0 * x);
  return buffer;
}

std::string fixed(double x, int decimals) {
  if (is_missing(x)) return ".";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  return buffer;
}

// Built with append, not operator+: GCC 12 warns falsely (-Wrestrict) on the inlined concatenation.
std::string pad_left(const std::string& s, std::size_t width) {
  std::string out;
  if (s.size() < width) out.append(width - s.size(), ' ');
  out.append(s);
  return out;
}

std::string pad_right(const std::string& s, std::size_t width) {
  std::string out = s;
  if (s.size() < width) out.append(width - s.size(), ' ');
  return out;
}

std::string colored(const std::string& text, double x, const TableStyle& style) {
  if (!style.color || is_missing(x) || x == 0.0) return text;
  return (x > 0 ? "\033[32m" : "\033[31m") + text + "\033[0m";
}

std::string stars(double p) {
  if (is_missing(p)) return "";
  return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : "";
}

/// The group test whose p-values star the CAAR lines.
std::string star_test(const EventResult& e, const TableStyle& style) {
  if (!style.star_test.empty()) return style.star_test;
  return e.shared_day0 ? "kp-bmp" : "bmp";
}

/// A CAR path as a one-line chart of block characters on the event's common scale.
std::string sparkline(const std::vector<double>& car, double lo, double hi) {
  static const char* blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::string out;
  for (const double c : car) {
    if (is_missing(c)) {
      out += " ";
      continue;
    }
    const double f = hi > lo ? (c - lo) / (hi - lo) : 0.5;
    out += blocks[std::clamp(static_cast<int>(f * 7.999), 0, 7)];
  }
  return out;
}

/// "day 0 2026-02-11" when every security shares it, else "pooled (different dates)".
std::string day_zero_text(const EventResult& e, const StudyResult& r) {
  if (e.securities.empty()) return "no security";
  const auto zero = static_cast<std::size_t>(-r.window.first);
  const Date first = e.securities.front().dates[zero];
  for (const SecurityEvent& s : e.securities)
    if (s.dates[zero] != first) return "day 0 differs by security (pooled)";
  return "day 0 " + format_date(first);
}

std::size_t label_width(const EventResult& e) {
  std::size_t w = 12;
  for (const GroupEvent& g : e.groups) w = std::max(w, g.name.size() + 2);
  for (const SecurityEvent& s : e.securities) w = std::max(w, s.ticker.size() + 4);
  return w;
}

void write_car_view(std::ostream& out, const StudyResult& r, const EventResult& e, const TableStyle& style) {
  const std::size_t lw = label_width(e);
  constexpr std::size_t cw = 13;
  double lo = 0.0, hi = 0.0;
  for (const SecurityEvent& se : e.securities)
    for (const double c : se.car)
      if (!is_missing(c)) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
  const std::string test = star_test(e, style);
  std::string head = pad_right("", lw);
  for (const Window& w : r.car_windows) head += pad_left("CAR " + format_window(w) + "   ", cw);
  head += pad_left("beta", 7) + pad_left("n_est", 7) + "  CAR " + format_window(r.window);
  out << head << '\n';
  for (const GroupEvent& g : e.groups) {
    out << g.name << '\n';
    for (const std::size_t s : g.members) {
      const SecurityEvent& se = e.securities[s];
      std::string line = pad_right("  " + se.ticker, lw);
      for (const CarValue& c : se.cars) {
        // A single security's CAR: SCAR ~ t(df) (MacKinlay 1997).
        const std::string mark = stars(two_sided_p_student(c.scar, se.fit.df));
        line += colored(pad_left(percent(c.car), cw - 3), c.car, style) + pad_right(mark, 3);
      }
      line += pad_left(fixed(se.fit.beta, 2), 7) + pad_left(std::to_string(se.fit.n_est), 7) + "  " + sparkline(se.car, lo, hi);
      out << line << '\n';
    }
    std::string line = pad_right("  CAAR (n=" + std::to_string(g.caar.empty() ? 0 : g.caar.front().n) + ")", lw);
    for (std::size_t w = 0; w < g.caar.size(); ++w) {
      double p = missing;
      for (const TestRow& row : g.tests)
        if (row.test == test && row.scope == format_window(r.car_windows[w])) p = row.p_value;
      line += colored(pad_left(percent(g.caar[w].caar), cw - 3), g.caar[w].caar, style) + pad_right(stars(p), 3);
    }
    out << line << '\n';
  }
  out << "stars: p < 0.10 *, < 0.05 **, < 0.01 ***; securities: SCAR ~ t(L-k-1); CAAR: " << test;
  if (e.shared_day0 && test == "kp-bmp") out << " (BMP adjusted for the shared day 0's cross-correlation)";
  out << '\n';
}

void write_ar_view(std::ostream& out, const StudyResult& r, const EventResult& e, const TableStyle& style) {
  const std::size_t lw = label_width(e);
  constexpr std::size_t cw = 9;
  std::string head = pad_right("AR by day", lw);
  for (i64 t = r.window.first; t <= r.window.last; ++t) {
    std::string label = t > 0 ? "+" : "";
    label += std::to_string(t);
    head += pad_left(label, cw);
  }
  out << head << '\n';
  for (const GroupEvent& g : e.groups) {
    out << g.name << '\n';
    for (const std::size_t s : g.members) {
      const SecurityEvent& se = e.securities[s];
      std::string line = pad_right("  " + se.ticker, lw);
      for (const double ar : se.ar) line += colored(pad_left(percent(ar), cw), ar, style);
      out << line << '\n';
    }
    std::string line = pad_right("  AAR", lw);
    for (const AarValue& a : g.aar) line += colored(pad_left(percent(a.aar), cw), a.aar, style);
    out << line << '\n';
  }
}

/// Per group: one line per test with its statistic and stars over each CAR window.
void write_tests_view(std::ostream& out, const StudyResult& r, const EventResult& e) {
  constexpr std::size_t cw = 14;
  const std::size_t lw = std::max<std::size_t>(label_width(e), 14);
  for (const GroupEvent& g : e.groups) {
    std::string head = pad_right(g.name, lw);
    for (const Window& w : r.car_windows) head += pad_left("CAR " + format_window(w), cw);
    out << head << '\n';
    std::vector<std::string> tests;
    for (const TestRow& row : g.tests)
      if (row.test != "rbar" && std::find(tests.begin(), tests.end(), row.test) == tests.end()) tests.push_back(row.test);
    for (const std::string& test : tests) {
      const bool flagged = e.shared_day0 && (test == "t" || test == "patell" || test == "bmp");
      std::string line = pad_right("  " + test + (flagged ? " (!)" : ""), lw);
      for (const Window& w : r.car_windows) {
        const std::string scope = format_window(w);
        std::string cell = ".";
        for (const TestRow& row : g.tests)
          if (row.test == test && row.scope == scope && !is_missing(row.statistic)) cell = fixed(row.statistic, 2) + stars(row.p_value);
        line += pad_left(cell, cw);
      }
      out << line << '\n';
    }
    if (!is_missing(g.rbar)) out << pad_right("  rbar", lw) << pad_left(fixed(g.rbar, 3), cw) << "  mean residual correlation\n";
  }
  out << "stars: two-sided p < 0.10 *, < 0.05 **, < 0.01 ***";
  if (e.shared_day0)
    out << "\n(!) every security shares day 0, so ARs are cross-correlated: t, patell and bmp over-reject;\n"
           "    read kp-bmp, kp-patell and bw-cda (Kolari & Pynnönen 2010; Brown & Warner 1985)";
  out << '\n';
}

}  // namespace

void write_aligned(std::ostream& out, const ReportTable& t) {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(t.columns);
  for (const auto& row : t.rows) {
    std::vector<std::string> line;
    for (const Cell& c : row) {
      if (std::holds_alternative<double>(c))
        line.push_back(fixed(std::get<double>(c), 6));
      else if (std::holds_alternative<i64>(c))
        line.push_back(std::to_string(std::get<i64>(c)));
      else if (std::holds_alternative<std::string>(c))
        line.push_back(std::get<std::string>(c));
      else
        line.push_back(".");
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> width(t.columns.size(), 0);
  for (const auto& line : cells)
    for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t c = 0; c < line.size(); ++c) text += (c ? "  " : "") + pad_right(line[c], width[c]);
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  }
}

void write_table(std::ostream& out, const StudyResult& r, const std::vector<ReportKind>& reports, const TableStyle& style) {
  bool first = true;
  auto separate = [&] {
    if (!first) out << '\n';
    first = false;
  };
  const bool per_event = std::any_of(reports.begin(), reports.end(), [](ReportKind k) {
    return k == ReportKind::ar || k == ReportKind::car || k == ReportKind::aar || k == ReportKind::caar ||
           k == ReportKind::tests;
  });
  if (per_event)
    for (const EventResult& e : r.events) {
      separate();
      out << "event " << e.id << " · " << day_zero_text(e, r) << " · " << model_name(r.model) << " model vs "
          << r.market << " · estimation " << r.estimation << " · window " << format_window(r.window) << '\n';
      for (const ReportKind k : reports) {
        if (k == ReportKind::car || k == ReportKind::caar) write_car_view(out, r, e, style);
        if (k == ReportKind::ar || k == ReportKind::aar) write_ar_view(out, r, e, style);
        if (k == ReportKind::tests) write_tests_view(out, r, e);
      }
    }
  for (const ReportKind k : reports)
    if (k == ReportKind::fit || k == ReportKind::skips) {
      separate();
      write_aligned(out, make_report(k, r));
    }
  const bool skips_shown = std::find(reports.begin(), reports.end(), ReportKind::skips) != reports.end();
  if (!r.skips.empty() && !skips_shown)
    out << '\n' << r.skips.size() << " security-event(s) skipped for want of data (see --report skips)\n";
}

}  // namespace evstudy
