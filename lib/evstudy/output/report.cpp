#include "evstudy/output/report.hpp"

#include <algorithm>
#include <cstdio>

#include "evstudy/output/shortest_number.hpp"

namespace evstudy {
namespace {

Cell number(double x) { return is_missing(x) ? Cell{} : Cell{x}; }

/// An intraday bar's start as ISO 8601 with the exchange's offset: 2026-02-11T08:30:00-05:00.
std::string iso_time(i64 utc, const ZoneRules* zone) {
  const std::int32_t offset = zone ? utc_offset_at(*zone, utc) : 0;
  const i64 local = utc + offset;
  const i64 day = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  const i64 second = local - day * 86400;
  char buffer[40];
  const auto sign = offset < 0 ? '-' : '+';
  const auto a = offset < 0 ? -offset : offset;
  std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d%c%02d:%02d", static_cast<int>(second / 3600),
                static_cast<int>(second / 60 % 60), static_cast<int>(second % 60), sign, a / 3600, a / 60 % 60);
  std::string out = format_date(Date{static_cast<std::int32_t>(day)});
  out += buffer;
  return out;
}

void ar_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "ticker", "t", "date", "ret", "normal_ret", "ar", "car"};
  for (const EventResult& e : r.events)
    for (const SecurityEvent& s : e.securities)
      for (std::size_t k = 0; k < s.ar.size(); ++k)
        t.push(e.id, s.ticker, r.window.first + static_cast<i64>(k),
               s.times.empty() ? format_date(s.dates[k]) : iso_time(s.times[k], r.zone), number(s.ret[k]),
               number(s.normal[k]), number(s.ar[k]), number(s.car[k]));
}

void car_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "ticker", "window", "car", "scar", "bhar"};
  std::vector<std::string> windows;  // named once, not per row
  for (const Window w : r.car_windows) windows.push_back(format_window(w));
  for (const EventResult& e : r.events)
    for (const SecurityEvent& s : e.securities)
      for (std::size_t w = 0; w < r.car_windows.size(); ++w)
        t.push(e.id, s.ticker, windows[w], number(s.cars[w].car), number(s.cars[w].scar), number(s.cars[w].bhar));
}

void fit_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "ticker", "model", "n_est", "alpha", "beta", "sigma", "r2"};
  // Factor models: beta is the loading on mktrf; one more column per other factor.
  const std::vector<std::string>& factors = model_factors(r.model);
  for (std::size_t j = 1; j < factors.size(); ++j) t.columns.push_back(factors[j]);
  for (const EventResult& e : r.events)
    for (const SecurityEvent& s : e.securities) {
      t.row = {e.id, s.ticker, std::string(model_name(s.fit.model)), s.fit.n_est, number(s.fit.alpha),
               number(s.fit.beta), number(s.fit.sigma), number(s.fit.r2)};
      for (std::size_t j = 1; j < factors.size(); ++j) t.row.push_back(number(s.fit.loadings[j]));
      t.emit(t.columns, t.row);
    }
}

void skip_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "ticker", "reason"};
  for (const Skip& s : r.skips) t.push(s.event, s.ticker, s.reason);
}

/// Groups in name order, as the machine-readable reports promise.
std::vector<const GroupEvent*> groups_by_name(const EventResult& e) {
  std::vector<const GroupEvent*> out;
  for (const GroupEvent& g : e.groups) out.push_back(&g);
  std::stable_sort(out.begin(), out.end(), [](const GroupEvent* a, const GroupEvent* b) { return a->name < b->name; });
  return out;
}

void test_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "group", "scope", "test", "statistic", "p_value", "n"};
  for (const EventResult& e : r.events)
    for (const GroupEvent* g : groups_by_name(e))
      for (const TestRow& row : g->tests)
        t.push(e.id, g->name, row.scope, row.test, number(row.statistic), number(row.p_value), row.n);
}

void aar_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "group", "t", "n", "aar"};
  for (const EventResult& e : r.events)
    for (const GroupEvent* g : groups_by_name(e))
      for (std::size_t k = 0; k < g->aar.size(); ++k)
        t.push(e.id, g->name, r.window.first + static_cast<i64>(k), g->aar[k].n, number(g->aar[k].aar));
}

void caar_rows(const StudyResult& r, RowStream& t) {
  t.columns = {"event", "group", "window", "n", "caar", "abhar"};
  for (const EventResult& e : r.events)
    for (const GroupEvent* g : groups_by_name(e))
      for (std::size_t w = 0; w < g->caar.size(); ++w)
        t.push(e.id, g->name, format_window(r.car_windows[w]), g->caar[w].n, number(g->caar[w].caar),
               number(g->caar[w].abhar));
}

}  // namespace

std::string_view report_name(ReportKind kind) {
  switch (kind) {
    case ReportKind::ar:
      return "ar";
    case ReportKind::car:
      return "car";
    case ReportKind::fit:
      return "fit";
    case ReportKind::tests:
      return "tests";
    case ReportKind::skips:
      return "skips";
    case ReportKind::aar:
      return "aar";
    case ReportKind::caar:
      return "caar";
  }
  return "ar";
}

std::optional<ReportKind> parse_report(std::string_view name) {
  for (ReportKind k : {ReportKind::ar, ReportKind::car, ReportKind::fit, ReportKind::tests, ReportKind::skips,
                       ReportKind::aar, ReportKind::caar})
    if (report_name(k) == name) return k;
  return std::nullopt;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  if (name == "json") return Format::json;
  if (name == "ndjson") return Format::ndjson;
  return std::nullopt;
}

std::vector<std::string> stream_report(ReportKind kind, const StudyResult& result, const RowStream::Fn& emit) {
  RowStream t{{}, emit, {}};
  switch (kind) {
    case ReportKind::ar:
      ar_rows(result, t);
      break;
    case ReportKind::car:
      car_rows(result, t);
      break;
    case ReportKind::fit:
      fit_rows(result, t);
      break;
    case ReportKind::tests:
      test_rows(result, t);
      break;
    case ReportKind::skips:
      skip_rows(result, t);
      break;
    case ReportKind::aar:
      aar_rows(result, t);
      break;
    case ReportKind::caar:
      caar_rows(result, t);
      break;
  }
  return t.columns;
}

std::vector<std::string> report_columns(ReportKind kind, const StudyResult& result) {
  StudyResult empty;
  empty.model = result.model;
  return stream_report(kind, empty, [](const std::vector<std::string>&, const std::vector<Cell>&) {});
}

ReportTable make_report(ReportKind kind, const StudyResult& result) {
  ReportTable t;
  t.name = std::string(report_name(kind));
  t.columns = stream_report(kind, result, [&t](const std::vector<std::string>&, const std::vector<Cell>& row) {
    t.rows.push_back(row);
  });
  return t;
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

void append_number(std::string& out, double value) {
  char buffer[shortest_number_room];
  out.append(buffer, write_shortest(buffer, value));
}

}  // namespace evstudy
