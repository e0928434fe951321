#include "run_command.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "evstudy/core/error.hpp"
#include "evstudy/core/threads.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/output/golden.hpp"
#include "evstudy/output/machine_writer.hpp"
#include "evstudy/output/plot_writer.hpp"
#include "evstudy/output/table_writer.hpp"
#include "evstudy/stats/event_tests.hpp"
#include "evstudy/study/study.hpp"

namespace evstudy::app {
namespace {

/// What the process has used so far: CPU seconds (user and system, all threads) and page faults
/// (minor and major). Each stage's share, in the timings line, tells how busy its threads kept
/// the cores and how much fresh memory it touched.
struct Usage {
  double cpu_seconds = 0.0;
  long page_faults = 0;
};

Usage usage_so_far() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_minflt + usage.ru_majflt};
}

}  // namespace

Format choose_format(const RunOptions& o) {
  if (o.format.empty()) return o.output.empty() && isatty(STDOUT_FILENO) ? Format::table : Format::csv;
  const auto format = parse_format(o.format);
  if (!format) throw Error(ErrorKind::usage, "--format: found '" + o.format + "', expected table, csv, tsv, json or ndjson");
  return *format;
}

namespace {

/// The reports asked for; by default `ar`, or the CAR view on the terminal table.
std::vector<ReportKind> choose_reports(const RunOptions& o, Format format) {
  std::vector<ReportKind> reports;
  for (const std::string& name : split_list(o.report)) {
    const auto kind = parse_report(name);
    if (!kind) throw Error(ErrorKind::usage, "--report: found '" + name + "', expected ar, car, fit, tests, skips, aar or caar");
    if (std::find(reports.begin(), reports.end(), *kind) == reports.end()) reports.push_back(*kind);
  }
  if (reports.empty()) reports.push_back(format == Format::table ? ReportKind::car : ReportKind::ar);
  return reports;
}

/// Output options the loader does not see.
void check_output_options(const RunOptions& o) {
  if (o.threads < 0) throw Error(ErrorKind::usage, "--threads: expected a count >= 0");
  const auto& tests = default_test_names();
  if (!o.stars.empty() && std::find(tests.begin(), tests.end(), o.stars) == tests.end())
    throw Error(ErrorKind::usage, "--stars: found '" + o.stars + "', expected a test name such as kp-bmp, bmp, patell or t");
}

void write_reports(std::ostream& out, const StudyResult& result, const std::vector<ReportKind>& reports, Format format,
                   const RunOptions& o) {
  if (format == Format::table) {
    const bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    write_table(out, result, reports, TableStyle{color, o.stars});
    return;
  }
  // Row by row: a report of a million security-events is never held whole.
  write_reports_streamed(out, *make_report_writer(format), result, reports);
}

/// The golden file: the study's configuration and every report, for `evstudy check`.
void save_golden(const RunOptions& options, const StudyResult& result) {
  const std::size_t slash = options.save_golden.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "" : options.save_golden.substr(0, slash);
  std::vector<ReportTable> tables;
  for (const ReportKind k : golden_reports()) tables.push_back(make_report(k, result));
  std::ofstream file(options.save_golden, std::ios::binary);
  if (!file) throw Error(ErrorKind::no_input, SourcePos{options.save_golden, 0, 0}, "cannot open for writing");
  file << write_golden(write_spec_json(options, dir), tables);
  if (!file.flush()) throw Error(ErrorKind::no_input, SourcePos{options.save_golden, 0, 0}, "cannot write");
  spdlog::info("golden file written: {}", options.save_golden);
}

}  // namespace

void write_tables(std::ostream& out, const std::vector<ReportTable>& tables, Format format) {
  if (format == Format::csv) write_delimited(out, tables, ',');
  if (format == Format::tsv) write_delimited(out, tables, '\t');
  if (format == Format::json) write_json(out, tables);
  if (format == Format::ndjson) write_ndjson(out, tables);
  if (format == Format::table)
    for (std::size_t k = 0; k < tables.size(); ++k) {
      if (k) out << '\n';
      write_aligned(out, tables[k]);
    }
}

std::ostream& LazyOutput::stream() {
  if (out_ != nullptr) return *out_;
  if (options_.output.empty() || options_.output == "-") {
    out_ = &std::cout;
    return *out_;
  }
  file_.open(options_.output, std::ios::binary);
  if (!file_) throw Error(ErrorKind::no_input, SourcePos{options_.output, 0, 0}, "cannot open for writing");
  out_ = &file_;
  return *out_;
}

void LazyOutput::finish() {
  std::ostream& out = stream();
  if (!out.flush() && &out == &file_) throw Error(ErrorKind::no_input, SourcePos{options_.output, 0, 0}, "cannot write");
}

void with_output(const RunOptions& options, const std::function<void(std::ostream&)>& write) {
  LazyOutput output(options);
  write(output.stream());
  output.finish();
}

ComputedStudy compute_study(const RunOptions& options, StudyNeeds needs, const EventSink& sink,
                            const EventPrepare& prepare) {
  const auto started = std::chrono::steady_clock::now();
  const Usage at_start = usage_so_far();
  // Read and validate everything before computing anything.
  LoadedStudy loaded = load_study(options);
  const auto loaded_at = std::chrono::steady_clock::now();
  const Usage loaded_usage = usage_so_far();
  loaded.spec.with_tests = needs.with_tests;
  loaded.spec.keep_days = needs.keep_days;
  loaded.spec.with_aar = needs.with_aar;
  loaded.spec.with_fit = needs.with_fit;
  loaded.spec.threads = thread_count(options.threads);
  for (const std::string& note : loaded.notes) spdlog::warn("{}", note);
  spdlog::debug("{} securities on {} trading days, {} event rows", loaded.panel.tickers.size(),
                loaded.panel.calendar.size(), loaded.spec.events.size());
  // Progress on a terminal, once a run has taken a second: never in pipes or logs.
  const bool show = isatty(STDERR_FILENO) && spdlog::should_log(spdlog::level::warn);
  const auto start = std::chrono::steady_clock::now();
  bool shown = false;
  const Progress progress = [&](std::size_t done, std::size_t total) {
    if (!show || (!shown && std::chrono::steady_clock::now() - start < std::chrono::seconds(1))) return;
    shown = true;
    std::fprintf(stderr, "\revstudy: %zu/%zu events", done, total);
    if (done == total) std::fputs("\r\033[K", stderr);
  };
  StudyResult result = loaded.intraday.empty() ? run_study(loaded.spec, loaded.panel, progress, sink, prepare)
                                                : run_study_intraday(loaded.spec, loaded.intraday, progress, sink, prepare);
  if (result.skipped > 0) spdlog::info("{} security-event(s) skipped (see --report skips)", result.skipped);
  const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
  const Usage done = usage_so_far();
  spdlog::info("timings: load {:.3f} s, study {:.3f} s ({} threads); CPU: load {:.3f} s, study {:.3f} s; page faults: "
               "load {}, study {}",
               seconds(loaded_at - started), seconds(std::chrono::steady_clock::now() - loaded_at), loaded.spec.threads,
               loaded_usage.cpu_seconds - at_start.cpu_seconds, done.cpu_seconds - loaded_usage.cpu_seconds,
               loaded_usage.page_faults - at_start.page_faults, done.page_faults - loaded_usage.page_faults);
  spdlog::info("timings: load = prices {:.3f} s (events {:.3f} s beside them) + panel {:.3f} s + checks",
               loaded.prices_seconds, loaded.events_seconds, loaded.panel_seconds);
  return {std::move(loaded.spec), std::move(result)};
}

int run_study_command(const RunOptions& options) {
  check_output_options(options);
  const Format format = choose_format(options);
  const std::vector<ReportKind> reports = choose_reports(options, format);
  // The tests are computed when shown: the tests report, the table's stars, a golden file.
  auto asked = [&reports](ReportKind kind) { return std::find(reports.begin(), reports.end(), kind) != reports.end(); };
  StudyNeeds needs;
  needs.with_tests = format == Format::table || !options.save_golden.empty() || asked(ReportKind::tests);
  // Day-by-day series are kept when shown: the ar report, the table, a plot, a golden file.
  needs.keep_days = format == Format::table || !options.save_golden.empty() || !options.plot.empty() || asked(ReportKind::ar);
  // The groups' AARs: the aar report, the table, a golden file.
  needs.with_aar = format == Format::table || !options.save_golden.empty() || asked(ReportKind::aar);
  // Each security-event's fit: the fit report, the table, a golden file.
  needs.with_fit = format == Format::table || !options.save_golden.empty() || asked(ReportKind::fit);
  if (format != Format::table && options.save_golden.empty() && options.plot.empty()) {
    // Machine formats: each event's rows are made into text on the thread that ran it, then
    // written as soon as the event and those before it are done, and the event let go. The
    // first report goes straight out (opened once the inputs have loaded); later ones are held
    // as text until it ends, a small part of the results.
    LazyOutput output(options);
    const std::unique_ptr<ReportWriter> writer = make_report_writer(format);
    std::vector<std::ostringstream> later(reports.size() - 1);
    std::vector<std::unique_ptr<ReportSection>> sections;
    auto open = [&](const StudyResult& header) {
      writer->start(output.stream());
      for (std::size_t k = 0; k < reports.size(); ++k)
        sections.push_back(writer->section(k == 0 ? output.stream() : later[k - 1], k, reports.size(),
                                           std::string(report_name(reports[k])), report_columns(reports[k], header)));
    };
    // The rows' formats (their columns depend on the model only), made with the first event.
    std::vector<std::unique_ptr<RowFormat>> formats;
    std::once_flag formats_made;
    std::atomic<std::int64_t> formatting_ns = 0;  // on the study's threads, for the timings line
    double writing = 0.0;  // seconds spent writing inside the study, for the timings line
    const StudyResult header = compute_study(options, needs,
        [&](StudyResult&& piece) {
          const auto began = std::chrono::steady_clock::now();
          if (sections.empty()) open(piece);
          for (std::size_t k = 0; k < reports.size(); ++k) sections[k]->rows_text(piece.prepared[k]);
          writing += std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        },
        [&](const StudyResult& piece) {
          const auto began = std::chrono::steady_clock::now();
          std::call_once(formats_made, [&] {
            for (const ReportKind kind : reports)
              formats.push_back(writer->row_format(std::string(report_name(kind)), report_columns(kind, piece)));
          });
          thread_local std::vector<std::size_t> room;  // what this thread's last event took
          std::vector<std::string> texts = report_texts(piece, reports, formats, room);
          formatting_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - began).count();
          return texts;
        }).result;
    spdlog::info("timings: writing {:.3f} s of the study's time (reports written as events complete), "
                 "formatting {:.3f} s of its threads' time (each event's rows, on the thread that ran it)",
                 writing, static_cast<double>(formatting_ns.load()) * 1e-9);
    if (sections.empty()) open(header);
    for (std::size_t k = 0; k < reports.size(); ++k) {
      sections[k]->end();
      if (k > 0) output.stream() << later[k - 1].view();
    }
    writer->finish(output.stream());
    output.finish();
    return 0;
  }
  const StudyResult result = compute_study(options, needs).result;
  if (!options.save_golden.empty()) save_golden(options, result);
  if (!options.plot.empty()) {
    std::ofstream svg(options.plot, std::ios::binary);
    if (!svg) throw Error(ErrorKind::no_input, SourcePos{options.plot, 0, 0}, "cannot open for writing");
    write_plot_svg(svg, result, PlotOptions{options.plot_securities, 6});
    if (!svg.flush()) throw Error(ErrorKind::no_input, SourcePos{options.plot, 0, 0}, "cannot write");
  }

  with_output(options, [&](std::ostream& out) { write_reports(out, result, reports, format, options); });
  return 0;
}

}  // namespace evstudy::app
