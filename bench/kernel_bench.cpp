// The estimation+AR kernel alone, without reading or writing: the block moments of every
// security (the prefix build) and then, for each (security, event), the market-model fit over
// -260:-11 and the event window's ARs and CAR over -10:10 (analyse_security_into, as the
// study runs it), on a synthetic panel the size of the large case: 5,000 securities x 5,220
// days, 50 events per security at random days. Two orders: event-major (as the pipeline runs: every
// security's block moments built first, then every security for one event, then the next
// event, the fourth security ahead prefetched) and security-major (one security's block
// moments built, then its every event while its data is in the cache), on 1 and 2 threads;
// and the prefix build alone on one thread. Items = security-events. And the security-major
// order on the macro case's shape: 380 events (the large case's macro.csv), every security's at
// the same days, so that a security's block moments serve 380 windows instead of 50.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>
#include <random>
#include <vector>

#include "evstudy/core/parallel_for.hpp"
#include "evstudy/kernel/window_moments.hpp"
#include "evstudy/study/security_event.hpp"
#include "evstudy/study/study.hpp"

namespace {

constexpr std::size_t securities = 5000;
constexpr std::size_t days = 5220;
constexpr std::size_t events_per_security = 50;
constexpr std::size_t macro_events = 380;

struct Case {
  evstudy::Panel panel;
  std::vector<std::vector<evstudy::i64>> day0;  // [event][security]
  std::vector<evstudy::i64> macro_day0;        // [event], every security's, ascending
  evstudy::StudySpec spec;
};

const Case& synthetic() {
  static const Case c = [] {
    Case out;
    std::mt19937_64 rng(2026);
    std::normal_distribution<double> noise(0.0, 0.01);
    out.panel.market.resize(days);
    for (double& m : out.panel.market) m = noise(rng);
    for (std::size_t d = 0; d < days; ++d) out.panel.calendar.push_back(evstudy::Date{static_cast<std::int32_t>(12000 + d)});
    for (std::size_t i = 0; i < securities; ++i) {
      std::string ticker = "S";
      ticker += std::to_string(i);  // not "S" + ...: GCC 12 warns falsely (-Wrestrict) on that at -O3
      out.panel.tickers.push_back(ticker);
      std::vector<double> r(days);
      for (std::size_t d = 0; d < days; ++d) r[d] = 0.0002 + 1.1 * out.panel.market[d] + noise(rng);
      out.panel.returns.push_back(std::move(r));
    }
    std::uniform_int_distribution<evstudy::i64> when(300, static_cast<evstudy::i64>(days) - 20);
    out.day0.assign(events_per_security, std::vector<evstudy::i64>(securities));
    for (auto& event : out.day0)
      for (auto& d : event) d = when(rng);
    out.macro_day0.resize(macro_events);
    for (auto& d : out.macro_day0) d = when(rng);
    std::sort(out.macro_day0.begin(), out.macro_day0.end());
    out.spec.car_windows = {out.spec.window};
    out.spec.with_tests = false;
    out.spec.keep_days = false;
    return out;
  }();
  return c;
}

double total_of(const std::vector<double>& sums) {
  double total = 0.0;
  for (const double s : sums) total += s;
  return total;
}

// Each thread analyses into one result of its own, again and again (as the study analyses into
// its results' slots): the kernel's work is measured, not the result's allocation. Each
// thread's CARs are summed in a local and stored once (neighbouring slots written by two
// threads share a cache line); the runs return a checksum of the CARs.

/// Every security's block moments built first, then, event by event on `threads` threads,
/// every security in turn, the fourth ahead prefetched (as the pipeline runs).
double run_event_major(const Case& c, std::size_t threads) {
  std::vector<std::optional<evstudy::WindowMoments>> moments(securities);
  evstudy::parallel_for(securities, threads, [&](std::size_t i) { moments[i].emplace(c.panel.returns[i], c.panel.market); });
  std::vector<double> sums(events_per_security, 0.0);
  evstudy::parallel_for(events_per_security, threads, [&](std::size_t e) {
    constexpr std::size_t ahead = 4;
    double sum = 0.0;
    evstudy::SecurityEvent se;
    for (std::size_t i = 0; i < securities; ++i) {
      if (i + ahead < securities) evstudy::prefetch_security(c.spec, c.panel, i + ahead, c.day0[e][i + ahead], *moments[i + ahead]);
      std::string reason;
      sum += evstudy::analyse_security_into(c.spec, c.panel, i, c.day0[e][i], reason, se, &*moments[i]) ? se.cars.front().car : 0.0;
    }
    sums[e] = sum;
  });
  return total_of(sums);
}

/// Each security's day 0 of event e: its own (`by_event[e][i]`) or, given `shared`, every
/// security's `shared[e]` (the macro shape).
struct EventDays {
  const std::vector<std::vector<evstudy::i64>>* by_event = nullptr;
  const std::vector<evstudy::i64>* shared = nullptr;
  std::size_t count() const { return shared != nullptr ? shared->size() : by_event->size(); }
  evstudy::i64 at(std::size_t e, std::size_t i) const { return shared != nullptr ? (*shared)[e] : (*by_event)[e][i]; }
};

/// Security by security on `threads` threads: its block moments, then its events.
double run_security_major(const Case& c, std::size_t threads, const EventDays& days0) {
  std::vector<double> sums(securities, 0.0);
  evstudy::parallel_for(securities, threads, [&](std::size_t i) {
    evstudy::WindowMoments own(c.panel.returns[i], c.panel.market);
    double sum = 0.0;
    evstudy::SecurityEvent se;
    for (std::size_t e = 0; e < days0.count(); ++e) {
      std::string reason;
      sum += evstudy::analyse_security_into(c.spec, c.panel, i, days0.at(e, i), reason, se, &own) ? se.cars.front().car : 0.0;
    }
    sums[i] = sum;
  });
  return total_of(sums);
}

void BM_estimation_ar_event_major(benchmark::State& state) {
  const Case& c = synthetic();
  for (auto _ : state) benchmark::DoNotOptimize(run_event_major(c, static_cast<std::size_t>(state.range(0))));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(securities * events_per_security));
}

void BM_estimation_ar_security_major(benchmark::State& state) {
  const Case& c = synthetic();
  for (auto _ : state)
    benchmark::DoNotOptimize(run_security_major(c, static_cast<std::size_t>(state.range(0)), EventDays{&c.day0, nullptr}));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(securities * events_per_security));
}

/// Security-major on the macro shape: 380 events, the same days for every security.
void BM_estimation_ar_security_major_macro(benchmark::State& state) {
  const Case& c = synthetic();
  for (auto _ : state)
    benchmark::DoNotOptimize(run_security_major(c, static_cast<std::size_t>(state.range(0)), EventDays{nullptr, &c.macro_day0}));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(securities * macro_events));
}

/// The prefix build alone: every security's block moments, on one thread.
void BM_block_build(benchmark::State& state) {
  const Case& c = synthetic();
  for (auto _ : state) {
    double check = 0.0;
    for (std::size_t i = 0; i < securities; ++i) check += evstudy::WindowMoments(c.panel.returns[i], c.panel.market).over(300, 550).n;
    benchmark::DoNotOptimize(check);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(securities * events_per_security));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(securities * days * sizeof(double)));
}

}  // namespace

/// The study stage as the pipeline runs it for `--report car` (run_study: placing day 0, the
/// fits and CARs made ahead security by security, the groups' CAARs; no tests, no AARs), each
/// event handed to a sink that lets it go, on the same synthetic panel: event k of every security
/// pools into event Ek, as in the benchmark cases' events.csv.
void BM_study_car(benchmark::State& state) {
  const Case& c = synthetic();
  static const evstudy::StudySpec spec = [&c] {
    evstudy::StudySpec out = c.spec;
    out.with_aar = false;  // as the tool runs for the car report: no AARs, no fits held
    out.with_fit = false;
    out.groups = {{"all", c.panel.tickers}};
    for (std::size_t e = 0; e < events_per_security; ++e)
      for (std::size_t i = 0; i < securities; ++i)
        out.events.push_back({std::to_string(100 + e), evstudy::EventTime::on_date(c.panel.calendar[static_cast<std::size_t>(c.day0[e][i])]),
                              c.panel.tickers[i], evstudy::missing, evstudy::missing, evstudy::missing, {}, {}});
    return out;
  }();
  evstudy::StudySpec run = spec;
  run.threads = static_cast<std::size_t>(state.range(0));
  run.with_fit = state.range(1) != 0;
  for (auto _ : state) {
    std::size_t rows = 0;
    evstudy::run_study(run, c.panel, {}, [&rows](evstudy::StudyResult&& one) { rows += one.events.front().securities.size(); });
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(securities * events_per_security));
}

BENCHMARK(BM_block_build)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_estimation_ar_event_major)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_estimation_ar_security_major)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_estimation_ar_security_major_macro)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_study_car)->Args({1, 0})->Args({2, 0})->Args({2, 1})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
