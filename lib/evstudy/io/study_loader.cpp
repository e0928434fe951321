#include "evstudy/io/study_loader.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <tuple>
#include <map>
#include <set>
#include <unordered_map>

#include "evstudy/core/did_you_mean.hpp"
#include "evstudy/core/threads.hpp"
#include "evstudy/core/error.hpp"
#include "evstudy/io/event_reader.hpp"
#include "evstudy/io/factor_reader.hpp"
#include "evstudy/io/file.hpp"
#include "evstudy/io/price_reader.hpp"
#include "evstudy/io/text_check.hpp"
#include "evstudy/io/time_text.hpp"
#include "evstudy/io/tz_database.hpp"

namespace evstudy {
namespace {

Error usage(const std::string& message) { return Error(ErrorKind::usage, message); }

Window window_option(std::string_view name, const std::string& text) {
  const auto w = parse_window(text);
  if (!w) throw usage(std::string(name) + ": found '" + text + "', expected A:B with integers A <= B (e.g. -5:5)");
  return *w;
}

std::string unknown_ticker(std::string_view option, const std::string& ticker, const std::vector<std::string>& known) {
  const auto guess = closest_name(ticker, known);
  return std::string(option) + ": no prices for '" + ticker + "'" + (guess ? "; did you mean '" + *guess + "'?" : "");
}

EstimationSpec estimation_option(const std::string& text) {
  EstimationSpec est;
  const std::size_t colon = text.find(':');
  if (colon != std::string::npos) {
    const auto from = parse_date(text.substr(0, colon));
    const auto to = parse_date(text.substr(colon + 1));
    if (from && to) {
      if (*to < *from) throw usage("--estimation: found " + text + ", expected the first date before the second");
      est.from = from;
      est.to = to;
      return est;
    }
  }
  const auto w = parse_window(text);
  if (!w) throw usage("--estimation: found '" + text + "', expected A:B trading days (e.g. -260:-11) or two dates YYYY-MM-DD:YYYY-MM-DD");
  est.offsets = *w;
  return est;
}

i64 close_option(const std::string& text) {
  const auto parsed = parse_time_text("2000-01-01 " + text);
  if (!parsed || !parsed->second_of_day || !parsed->zone.empty() || parsed->offset)
    throw usage("--close: found '" + text + "', expected a local time HH:MM");
  return *parsed->second_of_day;
}

/// Every series of every price file, each ticker once.
std::vector<PriceSeries> read_all_prices(const RunOptions& o, std::vector<std::string>& notes) {
  if (o.prices.empty()) throw usage("--prices: no price file given, expected at least one CSV file");
  std::vector<PriceSeries> all;
  std::map<std::string, std::string> file_of;
  const ValueKind values = o.values == "returns" ? ValueKind::returns : ValueKind::prices;
  for (const std::string& path : o.prices) {
    ChunkReader reader(path);
    const std::string& source = reader.source();
    PriceReadOptions options{path == "-" ? o.ticker : std::string{}, values, o.on_bad_row == "skip", o.strict, o.tz};
    options.threads = o.threads;
    // JSON by extension, or for stdin and unknown extensions by its first character.
    const std::string_view head = reader.peek();
    const std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool json = path.ends_with(".json") || path.ends_with(".ndjson") || path.ends_with(".jsonl") ||
                      (!path.ends_with(".csv") && first != std::string::npos && (head[first] == '[' || head[first] == '{'));
    PriceRead read = json ? read_prices_json(reader.rest(), source, options) : read_prices_csv(reader, options);
    for (std::string& note : read.notes) notes.push_back(std::move(note));
    for (PriceSeries& s : read.series) {
      if (path == "-" && s.ticker == "<stdin>")
        throw usage("--ticker: prices of one ticker on stdin, expected --ticker NAME to say which");
      const auto [it, fresh] = file_of.emplace(s.ticker, source);
      if (!fresh)
        throw Error(ErrorKind::bad_data, SourcePos{source, 0, 0},
                    "prices for " + s.ticker + " again (also in " + it->second + "), expected each ticker once");
      all.push_back(std::move(s));
    }
  }
  return all;
}

std::vector<EventSpec> read_all_events(const RunOptions& o) {
  std::vector<EventSpec> events;
  if (!o.events.empty()) {
    const std::string text = read_file(o.events);
    const std::string source = o.events == "-" ? "<stdin>" : o.events;
    check_text(text, source);
    const bool json = o.events.ends_with(".json") || text.find_first_not_of(" \t\r\n") == text.find('[');
    events = json ? read_events_json(text, source, o.tz) : read_events_csv(text, source, o.tz);
  }
  if (!o.unit.empty()) {
    std::set<std::string> units;
    for (const EventSpec& e : events) units.insert(e.unit);
    std::erase_if(events, [&](const EventSpec& e) { return e.unit != o.unit; });
    if (events.empty()) {
      std::string found;
      for (const std::string& u : units) found += (found.empty() ? "" : ", ") + (u.empty() ? "(none)" : u);
      throw usage("--unit: no event of unit '" + o.unit + "' (found " + found + ")");
    }
  }
  for (const std::string& inline_event : o.event) events.push_back(parse_inline_event(inline_event, o.tz));
  if (events.empty()) throw usage("no events: expected --events FILE or --event [NAME=]TIME");
  return events;
}

}  // namespace

LoadedStudy load_study(const RunOptions& o) {
  LoadedStudy out;
  StudySpec& spec = out.spec;

  // Options that need no data first, so a typo fails before a large file is read.
  const auto model = parse_model(o.model);
  if (!model)
    throw usage("--model: found '" + o.model + "', expected market, market-adjusted, mean-adjusted, ff3, carhart or ff5");
  if (is_factor_model(*model) && o.factors.empty())
    throw usage("--factors: not given, expected the factor file(s) the " + o.model + " model needs (Ken French daily CSV)");
  spec.model = *model;
  if (o.returns != "simple" && o.returns != "log") throw usage("--returns: found '" + o.returns + "', expected simple or log");
  if (o.values != "prices" && o.values != "returns") throw usage("--values: found '" + o.values + "', expected prices or returns");
  if (o.gaps != "drop" && o.gaps != "lump") throw usage("--gaps: found '" + o.gaps + "', expected drop or lump");
  if (o.on_bad_row != "error" && o.on_bad_row != "skip") throw usage("--on-bad-row: found '" + o.on_bad_row + "', expected error or skip");
  if (!o.compat.empty() && o.compat != "estudy2") throw usage("--compat: found '" + o.compat + "', expected estudy2");
  if (o.min_estimation < 0) throw usage("--min-estimation: expected a count >= 0");
  if (!(o.car_threshold >= 0.0 && o.car_threshold < 100.0))
    throw usage("--car-threshold: found " + std::to_string(o.car_threshold) + ", expected a percentage in [0, 100)");
  spec.conventions = o.compat == "estudy2" ? Conventions::estudy2 : Conventions::methods;
  spec.car_threshold = o.car_threshold;
  spec.min_estimation = o.min_estimation;
  spec.window = window_option("--window", o.window);
  spec.estimation = estimation_option(o.estimation);
  for (const std::string& car : o.car) {
    const Window w = window_option("--car", car);
    if (w.first < spec.window.first || w.last > spec.window.last)
      throw usage("--car: " + car + " is outside the event window " + format_window(spec.window) + ", expected a window inside it");
    spec.car_windows.push_back(w);
  }
  if (spec.car_windows.empty()) spec.car_windows.push_back(spec.window);
  spec.exchange = Exchange{&load_zone(o.tz), close_option(o.close)};
  if (o.market.empty()) throw usage("--market: not given, expected the ticker of the benchmark series (it also sets the trading calendar)");

  // Read the data: prices, then events (their tickers are checked against the prices).
  auto since = [](std::chrono::steady_clock::time_point from) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
  };
  // The events are read on another thread while the prices are read (unless one of them is
  // stdin); a price error still comes first, as the events are taken only after the prices.
  auto timed_events = [&o, &since] {
    const auto started = std::chrono::steady_clock::now();
    std::vector<EventSpec> events = read_all_events(o);
    return std::make_pair(std::move(events), since(started));
  };
  const bool stdin_read = o.events == "-" || std::find(o.prices.begin(), o.prices.end(), "-") != o.prices.end();
  std::future<std::pair<std::vector<EventSpec>, double>> events_read;
  if (!stdin_read) events_read = std::async(std::launch::async, timed_events);
  const auto prices_started = std::chrono::steady_clock::now();
  std::vector<PriceSeries> series = read_all_prices(o, out.notes);
  out.prices_seconds = since(prices_started);
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> index_of;  // ticker -> its series
  for (const PriceSeries& s : series) {
    index_of.emplace(s.ticker, names.size());
    names.push_back(s.ticker);
  }
  const auto known = [&index_of](const std::string& t) { return index_of.count(t) > 0; };
  if (!known(o.market)) throw usage(unknown_ticker("--market", o.market, names));
  spec.market = o.market;

  std::vector<std::string> tickers = split_list(o.tickers);
  if (tickers.empty()) {
    for (const std::string& name : names)
      if (name != o.market) tickers.push_back(name);
    std::sort(tickers.begin(), tickers.end());
  }
  std::set<std::string> seen;
  for (const std::string& t : tickers) {
    if (!known(t)) throw usage(unknown_ticker("--tickers", t, names));
    if (t == o.market) throw usage("--tickers: " + t + " is the market series, expected securities to study");
    if (!seen.insert(t).second) throw usage("--tickers: " + t + " is listed twice");
  }

  for (const std::string& g : o.group) {
    const std::size_t eq = g.find('=');
    if (eq == std::string::npos || eq == 0) throw usage("--group: found '" + g + "', expected NAME=T1,T2");
    GroupSpec group{g.substr(0, eq), {}};
    // A member with no prices is a typo; one left out by --tickers just leaves the group.
    for (const std::string& t : split_list({g.substr(eq + 1)})) {
      if (!known(t)) throw usage(unknown_ticker("--group " + group.name, t, names));
      if (seen.count(t)) group.tickers.push_back(t);
    }
    if (!group.tickers.empty()) spec.groups.push_back(std::move(group));
  }
  if (spec.groups.empty()) spec.groups.push_back(GroupSpec{"all", tickers});

  std::tie(spec.events, out.events_seconds) = events_read.valid() ? events_read.get() : timed_events();
  const std::string events_source = o.events == "-" ? "<stdin>" : o.events;
  for (const EventSpec& e : spec.events)
    if (e.ticker && !known(*e.ticker))
      throw Error(ErrorKind::bad_data, e.where.file.empty() ? SourcePos{events_source, e.where.line, e.where.column} : e.where,
                  "event " + e.id + " names ticker '" + *e.ticker + "', expected one of the price files' tickers" +
                      [&] { const auto g = closest_name(*e.ticker, names); return g ? " (did you mean '" + *g + "'?)" : std::string{}; }());

  // Place everything on the market's calendar and turn prices into returns.
  const auto panel_started = std::chrono::steady_clock::now();
  std::vector<PriceSeries*> studied;  // the panel takes their series (build_panel)
  for (const std::string& t : tickers) studied.push_back(&series[index_of.at(t)]);
  const PanelOptions panel_options{o.returns == "log" ? ReturnKind::log : ReturnKind::simple,
                                   o.gaps == "lump" ? GapPolicy::lump : GapPolicy::drop,
                                   o.values == "returns" ? ValueKind::returns : ValueKind::prices,
                                   thread_count(o.threads)};
  const PriceSeries& market_series = series[index_of.at(o.market)];
  // Intraday bars: every series must be bars; each security runs on its own sessions.
  const bool intraday = !market_series.times.empty();
  for (const PriceSeries* s : studied)
    if (s->times.empty() != !intraday)
      throw Error(ErrorKind::bad_data, "prices for " + s->ticker + " are " + (intraday ? "daily" : "intraday bars") +
                                           " but the market " + o.market + "'s are " + (intraday ? "intraday bars" : "daily") +
                                           ", expected one kind of data in a study");
  if (intraday) {
    if (is_factor_model(spec.model)) throw usage("--model: factor models need daily data, found intraday bars");
    for (const PriceSeries* s : studied) out.intraday.push_back(intraday_panel(market_series, *s, panel_options));
    out.panel_seconds = since(panel_started);
    return out;
  }
  // The panel takes the securities' series: each one's closes become its returns where they
  // lie, instead of a second column in fresh pages.
  out.panel = build_panel(market_series, studied, panel_options);
  if (is_factor_model(spec.model)) {
    // Factor returns on the same calendar; the model's factors and rf must all be there.
    std::vector<FactorTable> tables;
    for (const std::string& path : o.factors) tables.push_back(read_factors(read_file(path), path));
    const FactorTable factors = merge_factors(tables);
    std::vector<std::string> needed = model_factors(spec.model);
    needed.push_back("rf");
    for (const std::string& name : needed)
      if (std::find(factors.names.begin(), factors.names.end(), name) == factors.names.end()) {
        std::string found;
        for (const std::string& n : factors.names) found += (found.empty() ? "" : ",") + n;
        throw Error(ErrorKind::bad_data, SourcePos{o.factors.front(), 0, 0},
                    "no factor '" + name + "' (found " + found + "), expected the factors of the " + o.model + " model");
      }
    needed.pop_back();
    align_factors(out.panel, factors, needed);
  }
  out.panel_seconds = since(panel_started);
  for (std::size_t i = 0; i < studied.size(); ++i)
    if (out.panel.off_calendar[i] > 0)
      out.notes.push_back(studied[i]->ticker + ": " + std::to_string(out.panel.off_calendar[i]) +
                          " rows on dates the market series lacks were ignored");
  return out;
}

}  // namespace evstudy
