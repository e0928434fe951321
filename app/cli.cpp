#include "cli.hpp"

#include "evstudy/core/error.hpp"
#include "evstudy/io/file.hpp"

namespace evstudy::app {
namespace {

constexpr const char* run_examples = R"(
Examples:
  evstudy run samples/cpi-2026-02-11.json
  evstudy run samples/cpi-2026-02-11.json --report car --format csv
  evstudy run --prices samples/prices/daily.csv --market SPX --tickers IWM,KEY \
      --event cpi="2026-02-11 08:30 America/New_York" --window=-5:5 --car 0:0 --car=-1:1
  evstudy run --prices samples/prices/yahoo/*.csv --market SPX --events samples/events/cpi.csv \
      --report car,skips --format json
  evstudy run samples/cpi-2026-02-11.json --report tests --format table
  evstudy run samples/cpi-2026-02-11.json --save-golden golden.json --format csv >/dev/null)";

}  // namespace

void add_global_options(CLI::App& app, GlobalOptions& options) {
  app.add_flag("-q,--quiet", options.quiet, "Only errors on stderr");
  app.add_flag("-v,--verbose", options.verbose, "Debug messages on stderr");
}

/// The options that describe a study, shared by run and surprise (CLI.md).
void bind_study_options(CLI::App* run, RunCommand& command) {
  RunOptions& o = command.options;
  run->add_option("spec", command.spec, "JSON study spec; command-line options override it");
  run->add_option("--prices", o.prices, "Price histories: CSV long, wide or one file per ticker; - for stdin");
  run->add_option("--events", o.events, "Events file, CSV or JSON (event, date or time, zone, ticker, ...)");
  run->add_option("--event", o.event, "An inline event [NAME=]TIME, repeatable")->allow_extra_args(false);
  run->add_option("--market", o.market, "The market / benchmark ticker; its dates are the trading calendar");
  run->add_option("--model", o.model, "market (default), market-adjusted, mean-adjusted, ff3, carhart, ff5");
  run->add_option("--factors", o.factors, "Factor returns for ff3/carhart/ff5 (Ken French daily CSV as published); several files merge by date");
  run->add_option("--estimation", o.estimation, "Estimation window A:B in trading days (default -260:-11) or DATE:DATE");
  run->add_option("--window", o.window, "Event window C:D in trading days (default -10:10)");
  run->add_option("--car", o.car, "A CAR window C:D, repeatable (default: the event window)")->allow_extra_args(false);
  run->add_option("--tickers", o.tickers, "Securities studied, T1,T2 (default: all but the market)")->allow_extra_args(false);
  run->add_option("--group", o.group, "A named group NAME=T1,T2 for AAR/CAAR, repeatable")->allow_extra_args(false);
  run->add_option("--returns", o.returns, "simple (default) or log returns");
  run->add_option("--values", o.values, "The files hold prices (default) or returns");
  run->add_option("--gaps", o.gaps, "drop (default): a missing close drops its two returns; lump: multi-day return");
  run->add_option("--compat", o.compat, "estudy2: reproduce estudy2 0.10.0's conventions");
  run->add_option("--car-threshold", o.car_threshold, "With --compat estudy2: percentage of securities a CAR day needs");
  run->add_option("--min-estimation", o.min_estimation, "Fewest valid estimation returns; fewer is a reported skip");
  run->add_option("--report", o.report, "ar, car, fit, tests, skips, aar, caar; comma-separated")->allow_extra_args(false);
  run->add_option("--format", o.format, "table (default on a terminal), csv (default otherwise), tsv, json, ndjson");
  run->add_option("-o,--output", o.output, "Write there instead of stdout");
  run->add_option("--threads", o.threads, "Worker threads (default: all cores)");
  run->add_option("--plot", o.plot, "Also draw CAAR per group to an SVG file");
  run->add_flag("--plot-securities", o.plot_securities, "The plot also draws each security's CAR");
  run->add_option("--stars", o.stars, "Table: the group test behind the CAAR stars (default kp-bmp for a shared day 0, else bmp)");
  run->add_option("--save-golden", o.save_golden, "Also write results and configuration for evstudy check");
  run->add_option("--tz", o.tz, "Zone of the exchange and of times without one (default America/New_York)");
  run->add_option("--close", o.close, "The exchange's close, local HH:MM (default 16:00)");
  run->add_option("--ticker", o.ticker, "Ticker of a one-ticker price stream on stdin");
  run->add_option("--unit", o.unit, "Keep only the event rows of this unit (e.g. pct_yoy)");
  run->add_option("--on-bad-row", o.on_bad_row, "error (default): a bad price row stops the run; skip: count and skip it");
  run->add_flag("--strict", o.strict, "Price rows out of date order are an error (default: sorted, with a warning)");
}

void add_run_command(CLI::App& app, RunCommand& command) {
  CLI::App* run = app.add_subcommand("run", "Run one event study: abnormal returns around events");
  command.app = run;
  bind_study_options(run, command);
  run->footer(run_examples);
}

void add_surprise_command(CLI::App& app, RunCommand& command) {
  CLI::App* surprise = app.add_subcommand(
      "surprise", "Regress each CAR window on the standardized surprise across macro releases, per security and group");
  command.app = surprise;
  bind_study_options(surprise, command);
  surprise->footer(R"(
Reports (--report): coef (default): ticker,window,n,beta,se_hc1,t,p_value,r2; buckets:
ticker,window,bucket,n,mean_car,t (hot > 0, inline = 0, soft < 0); surprises:
event,date,actual,consensus,surprise,std_surprise; skips. A ticker may be a group name.

Examples:
  evstudy surprise --prices samples/prices/daily.csv --market SPX --events samples/events/cpi.csv \
      --window -1:1 --car 0:0 --car -1:1 --tickers IWM,KEY,NVDA --format table
  evstudy surprise --prices samples/prices/daily.csv --market SPX --events samples/events/cpi.csv \
      --window -1:1 --car 0:0 --group small-caps=RUT,IWM --group banks=KEY,WAL --report coef,buckets --format csv
  evstudy surprise --prices ../shared/data/market/{SPX,IWM,KEY}.csv --market SPX \
      --events ../shared/data/market/macro/cpi_releases.csv --unit pct_yoy --window -1:1 --car 0:0)");
}

CLI::App* add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* check = app.add_subcommand("check", "Re-run a study stored by run --save-golden and compare every number");
  check->add_option("golden", options.golden, "The golden file")->required();
  check->add_option("--rtol", options.rtol, "Relative tolerance (default 1e-9); 0 with --atol 0 is bit-exact");
  check->add_option("--atol", options.atol, "Absolute tolerance (default 0)");
  check->add_option("--max-rows", options.max_rows, "Moved values shown (default 20)");
  check->footer(R"(
Exit status: 0 all within |got - expected| <= atol + rtol |expected|, 1 drift (the moved values
are printed), 65 malformed golden file, 66 golden or data file missing.

Examples:
  evstudy run samples/cpi-2026-02-11.json --save-golden golden/cpi-2026-02-11.json --format csv >/dev/null
  evstudy check golden/cpi-2026-02-11.json
  evstudy check golden/cpi-2026-02-11.json --rtol 0 --atol 0     # bit-exact)");
  return check;
}

RunOptions merged_run_options(const RunCommand& command) {
  const CLI::App& run = *command.app;
  if (command.spec.empty()) return command.options;
  const std::size_t slash = command.spec.find_last_of('/');
  const std::string base_dir = slash == std::string::npos ? "" : command.spec.substr(0, slash);
  RunOptions merged = read_spec_json(read_file(command.spec), command.spec, base_dir);
  const RunOptions& cli = command.options;
  auto take = [&run](const char* name, auto& field, const auto& value) {
    if (run.count(name) > 0) field = value;
  };
  take("--prices", merged.prices, cli.prices);
  take("--events", merged.events, cli.events);
  take("--event", merged.event, cli.event);
  take("--market", merged.market, cli.market);
  take("--model", merged.model, cli.model);
  take("--factors", merged.factors, cli.factors);
  take("--estimation", merged.estimation, cli.estimation);
  take("--window", merged.window, cli.window);
  take("--car", merged.car, cli.car);
  take("--tickers", merged.tickers, cli.tickers);
  take("--group", merged.group, cli.group);
  take("--returns", merged.returns, cli.returns);
  take("--values", merged.values, cli.values);
  take("--gaps", merged.gaps, cli.gaps);
  take("--compat", merged.compat, cli.compat);
  take("--car-threshold", merged.car_threshold, cli.car_threshold);
  take("--min-estimation", merged.min_estimation, cli.min_estimation);
  take("--report", merged.report, cli.report);
  take("--format", merged.format, cli.format);
  take("--output", merged.output, cli.output);
  take("--threads", merged.threads, cli.threads);
  take("--plot", merged.plot, cli.plot);
  take("--plot-securities", merged.plot_securities, cli.plot_securities);
  take("--save-golden", merged.save_golden, cli.save_golden);
  take("--tz", merged.tz, cli.tz);
  take("--close", merged.close, cli.close);
  take("--ticker", merged.ticker, cli.ticker);
  take("--stars", merged.stars, cli.stars);
  take("--unit", merged.unit, cli.unit);
  take("--on-bad-row", merged.on_bad_row, cli.on_bad_row);
  take("--strict", merged.strict, cli.strict);
  return merged;
}

}  // namespace evstudy::app
