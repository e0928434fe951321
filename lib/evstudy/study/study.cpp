#include "evstudy/study/study.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <numeric>
#include <optional>
#include <cmath>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "evstudy/core/parallel_for.hpp"
#include "evstudy/core/release.hpp"
#include "evstudy/stats/estudy2_tests.hpp"
#include "evstudy/stats/event_tests.hpp"
#include "evstudy/study/fits_ahead.hpp"
#include "evstudy/study/security_event.hpp"

namespace evstudy {
namespace {

/// Each security's event time in one pooled event: its own row if it has one, else the
/// event's shared row (no ticker), else it does not take part.
std::vector<const EventTime*> times_per_security(const std::vector<const EventSpec*>& rows,
                                                 const std::vector<std::string>& tickers,
                                                 const std::unordered_map<std::string, std::size_t>& index,
                                                 std::vector<Skip>& skips) {
  std::vector<const EventTime*> when(tickers.size(), nullptr);
  const EventTime* shared = nullptr;
  for (const EventSpec* row : rows) {
    if (!row->ticker) {
      if (!shared) shared = &row->time;
      continue;
    }
    const auto it = index.find(*row->ticker);
    if (it == index.end()) {
      skips.push_back({row->id, *row->ticker, "not among the securities studied"});
      continue;
    }
    if (!when[it->second]) when[it->second] = &row->time;
  }
  if (shared)
    for (auto& w : when)
      if (!w) w = shared;
  return when;
}

/// Cross-sectional AAR per event-window day (`days` 0: none) and CAAR/ABHAR per CAR window of
/// one group.
void aggregate(GroupEvent& group, const EventResult& event, std::size_t days, std::size_t car_windows) {
  group.aar.assign(days, AarValue{});
  group.caar.assign(car_windows, CaarValue{});
  std::vector<double> sum_ar(days, 0.0);
  std::vector<double> sum_car(car_windows, 0.0);
  std::vector<double> sum_bhar(car_windows, 0.0);
  std::vector<i64> n_bhar(car_windows, 0);
  for (const std::size_t s : group.members) {
    const SecurityEvent& se = event.securities[s];
    for (std::size_t k = 0; k < days; ++k)
      if (!is_missing(se.ar[k])) {
        sum_ar[k] += se.ar[k];
        ++group.aar[k].n;
      }
    for (std::size_t w = 0; w < car_windows; ++w) {
      if (!is_missing(se.cars[w].car)) {
        sum_car[w] += se.cars[w].car;
        ++group.caar[w].n;
      }
      if (!is_missing(se.cars[w].bhar)) {
        sum_bhar[w] += se.cars[w].bhar;
        ++n_bhar[w];
      }
    }
  }
  for (std::size_t k = 0; k < days; ++k)
    if (group.aar[k].n > 0) group.aar[k].aar = sum_ar[k] / static_cast<double>(group.aar[k].n);
  for (std::size_t w = 0; w < car_windows; ++w) {
    if (group.caar[w].n > 0) group.caar[w].caar = sum_car[w] / static_cast<double>(group.caar[w].n);
    if (n_bhar[w] > 0) group.caar[w].abhar = sum_bhar[w] / static_cast<double>(n_bhar[w]);
  }
}

/// CAAR from the window start through each day, over the securities complete so far, and
/// its standard error (for the plot's 95% band).
void caar_path(GroupEvent& group, const EventResult& event, std::size_t days) {
  group.path.assign(days, CaarPoint{});
  for (std::size_t k = 0; k < days; ++k) {
    std::vector<double> cars;
    for (const std::size_t s : group.members) {
      const SecurityEvent& se = event.securities[s];
      double car = 0.0;
      bool complete = true;
      for (std::size_t j = 0; j <= k && complete; ++j) {
        complete = !is_missing(se.ar[j]);
        car += se.ar[j];
      }
      if (complete) cars.push_back(car);
    }
    CaarPoint& p = group.path[k];
    p.n = std::ssize(cars);
    if (cars.empty()) continue;
    double sum = 0.0;
    for (const double c : cars) sum += c;
    p.caar = sum / static_cast<double>(cars.size());
    if (cars.size() < 2) continue;
    double ss = 0.0;
    for (const double c : cars) ss += (c - p.caar) * (c - p.caar);
    p.se = std::sqrt(ss / static_cast<double>(cars.size() - 1)) / std::sqrt(static_cast<double>(cars.size()));
  }
}

/// Analysed securities of finished events, kept for later events to analyse over (their
/// vectors' memory reused); shared by the study's threads, one event's at a time.
class SpareSecurities {
 public:
  /// A spare event's securities (their analyses to be overwritten), or none.
  std::vector<SecurityEvent> take() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (spare_.empty()) return {};
    std::vector<SecurityEvent> out = std::move(spare_.back());
    spare_.pop_back();
    return out;
  }
  void give(std::vector<SecurityEvent>&& securities) {
    const std::lock_guard<std::mutex> lock(mutex_);
    spare_.push_back(std::move(securities));
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<SecurityEvent>> spare_;
};

/// The pipeline over any panels. Every event's securities are placed first (`place(i, time,
/// reason)`, in ticker order), then `before(placements)` sees them all (the daily market
/// model fits them there, security by security), then the events run: `analyse(k, n, i, day0,
/// reason, out)` runs the n-th placed security i of event k into `out`, `prefetch(k, n, i,
/// day0)` is asked a few securities ahead.
/// Without `place_ahead`, each event places its securities as it runs and `before` is not
/// called: nothing is held for the events not yet run.
template <typename Place, typename Before, typename Analyse, typename Prefetch>
StudyResult run_events(const StudySpec& spec, const std::vector<std::string>& tickers, const Place& place,
                       bool place_ahead, const Before& before, const Analyse& analyse, const Prefetch& prefetch,
                       const Progress& progress, const EventSink& sink, const EventPrepare& prepare) {
  StudyResult result;
  result.model = spec.model;
  result.market = spec.market;
  result.estimation = spec.estimation.by_date()
                          ? format_date(*spec.estimation.from) + ":" + format_date(*spec.estimation.to)
                          : format_window(spec.estimation.offsets);
  result.window = spec.window;
  result.car_windows = spec.car_windows;
  result.zone = spec.exchange.zone;

  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < tickers.size(); ++i) index.emplace(tickers[i], i);
  // The securities in ticker order, once: each event analyses them in this order, so that its
  // results come out sorted by ticker.
  std::vector<std::size_t> by_ticker(tickers.size());
  std::iota(by_ticker.begin(), by_ticker.end(), std::size_t{0});
  if (!std::is_sorted(tickers.begin(), tickers.end()))
    std::sort(by_ticker.begin(), by_ticker.end(), [&](std::size_t a, std::size_t b) { return tickers[a] < tickers[b]; });
  // Membership of each security (by index) in each group, looked up once.
  std::vector<std::vector<char>> in_group(spec.groups.size(), std::vector<char>(tickers.size(), 0));
  for (std::size_t g = 0; g < spec.groups.size(); ++g)
    for (const std::string& ticker : spec.groups[g].tickers)
      if (const auto it = index.find(ticker); it != index.end()) in_group[g][it->second] = 1;
  // Rows sharing an id pool into one event; events are reported in id order. A file lists an
  // event's rows together as a rule: a row with the id of the row before joins its event
  // without a search.
  std::map<std::string, std::vector<const EventSpec*>> by_id;
  std::vector<const EventSpec*>* same_event = nullptr;
  const std::string* same_id = nullptr;
  for (const EventSpec& row : spec.events) {
    if (same_event == nullptr || row.id != *same_id) {
      same_event = &by_id[row.id];
      same_id = &row.id;
    }
    same_event->push_back(&row);
  }

  const auto days = static_cast<std::size_t>(spec.window.length());
  const auto zero = static_cast<std::size_t>(std::max<i64>(0, -spec.window.first));
  std::vector<std::pair<std::string, std::vector<const EventSpec*>>> events;
  events.reserve(by_id.size());
  for (auto& [id, rows] : by_id) events.emplace_back(id, std::move(rows));
  // Every event's securities placed, events in parallel; skips of rows without a security first.
  std::vector<std::vector<Skip>> skips(events.size());
  auto place_event_k = [&](std::size_t k) {
    const std::vector<const EventTime*> when = times_per_security(events[k].second, tickers, index, skips[k]);
    // Room for them at once: no copies, no memory left unused.
    const auto taking_part = std::count_if(when.begin(), when.end(), [](const EventTime* w) { return w != nullptr; });
    std::vector<Placed> placed;
    placed.reserve(static_cast<std::size_t>(taking_part));
    std::string reason;
    for (const std::size_t i : by_ticker)
      if (when[i]) {
        const std::optional<i64> day0 = place(i, *when[i], reason);
        placed.push_back({when[i], day0 ? *day0 : -1, static_cast<std::uint32_t>(i)});
      }
    return placed;
  };
  std::vector<std::vector<Placed>> placements(place_ahead ? events.size() : 0);
  if (place_ahead) {
    parallel_for(events.size(), spec.threads, [&](std::size_t k) { placements[k] = place_event_k(k); });
    before(placements);
  }
  // With a sink and a prepare step, an event's securities, once prepared, are kept for a later
  // event (SpareSecurities) instead of freed: its analyses then reuse their memory, as warm as
  // the thread left it, with no allocation.
  const bool recycle = sink && prepare;
  SpareSecurities spare;
  // One event: its securities, groups and tests. Events share nothing, so they run in parallel.
  auto run_event = [&](std::size_t k) {
    std::vector<Skip>& event_skips = skips[k];
    const std::string& id = events[k].first;
    EventResult event;
    event.id = id;
    if (recycle) event.securities = spare.take();
    // Fit each security on its estimation window; too little data is a skip, not an abort.
    // A few securities ahead, their data is asked for (prefetch) while this one is fitted.
    const std::vector<Placed> placed_here = place_ahead ? std::vector<Placed>{} : place_event_k(k);
    const std::vector<Placed>& placed = place_ahead ? placements[k] : placed_here;
    constexpr std::size_t ahead = 4;
    auto ask = [&](std::size_t n) {
      if (n < placed.size() && placed[n].day0 >= 0) prefetch(k, n, placed[n].security, placed[n].day0);
    };
    for (std::size_t n = 0; n < ahead; ++n) ask(n);
    std::vector<std::size_t> security_index;  // of each result, in the panel
    event.securities.reserve(placed.size());
    std::size_t analysed = 0;  // the results so far: the first of event.securities (the others spare)
    for (std::size_t n = 0; n < placed.size(); ++n) {
      ask(n + ahead);
      const std::size_t i = placed[n].security;
      std::string reason;
      // Analysed in its place among the results (over a spare one's analysis, reusing its
      // memory); the place is taken by the next one when skipped.
      if (analysed == event.securities.size()) event.securities.emplace_back();
      SecurityEvent& se = event.securities[analysed];
      if (placed[n].day0 < 0) place(i, *placed[n].time, reason);  // again, for its reason
      if (placed[n].day0 >= 0 && analyse(k, n, i, placed[n].day0, reason, se)) {
        security_index.push_back(i);
        ++analysed;
      } else {
        event_skips.push_back({id, tickers[i], reason});
      }
    }
    event.securities.erase(event.securities.begin() + static_cast<std::ptrdiff_t>(analysed), event.securities.end());
    // A macro release: every security reacts on the same date, so their ARs are cross-correlated.
    event.shared_day0 = event.securities.size() > 1 && zero < days &&
                        std::all_of(event.securities.begin(), event.securities.end(), [&](const SecurityEvent& s) {
                          return s.day0_date == event.securities.front().day0_date;
                        });
    // Groups aggregate the securities of theirs that took part.
    for (std::size_t g = 0; g < spec.groups.size(); ++g) {
      const GroupSpec& spec_group = spec.groups[g];
      GroupEvent group;
      group.name = spec_group.name;
      for (std::size_t s = 0; s < event.securities.size(); ++s)
        if (in_group[g][security_index[s]]) group.members.push_back(s);
      aggregate(group, event, spec.with_aar ? days : 0, spec.car_windows.size());
      if (spec.keep_days) caar_path(group, event, days);  // for plots, which keep the days
      if (!spec.with_tests) {
        // No output needs the tests: leave them out.
      } else if (spec.conventions == Conventions::estudy2) {
        group.tests = group_tests_estudy2(event, group, spec.window, spec.car_windows, spec.car_threshold);
      } else {
        group.tests = group_tests(event, group, spec.window, spec.car_windows);
        if (!group.tests.empty()) group.rbar = group.tests.back().statistic;
      }
      event.groups.push_back(std::move(group));
    }
    // The day-by-day series emptied here; freed unless the securities are kept as spare, the
    // memory then serving the next event on this thread instead of fresh pages.
    auto empty = [recycle](auto& series) {
      if (recycle) series.clear();
      else release(series);
    };
    if (!spec.keep_days)
      for (SecurityEvent& se : event.securities) {
        for (auto* series : {&se.ret, &se.market, &se.normal, &se.ar, &se.car, &se.sar, &se.est_residuals, &se.est_market})
          empty(*series);
        empty(se.dates);
        empty(se.times);
      }
    return event;
  };
  // Events are taken in turn on the study's threads; each result lands in its event's slot, so
  // the output is the same whatever the number of threads. With a sink, each event is made into
  // what the sink receives (the header, the event, its skips) and prepared on its own thread
  // (its securities then kept as spare); the done ones at the front are then handed over in
  // order, one at a time, by one thread at a time (the writer): a thread that finishes an event
  // while another writes leaves it to that one and goes on to its next event instead of waiting
  // for the lock.
  const StudyResult header = result;  // no events yet: what every event handed to the sink carries
  std::vector<StudyResult> pieces(sink ? events.size() : 0);
  if (!sink) result.events.resize(events.size());
  std::vector<char> finished_event(events.size(), 0);
  std::size_t handed_over = 0;
  std::size_t done = 0;
  bool writing = false;
  std::mutex done_mutex;
  parallel_for(events.size(), spec.threads, [&](std::size_t k) {
    EventResult event = run_event(k);
    // Skips are reported by event, then ticker: events are in id order, so each one's by ticker.
    std::stable_sort(skips[k].begin(), skips[k].end(), [](const Skip& a, const Skip& b) { return a.ticker < b.ticker; });
    StudyResult one;
    if (sink) {
      one = header;
      one.events.push_back(std::move(event));
      one.skips = std::move(skips[k]);
      if (prepare) {
        one.prepared = prepare(one);
        // What the sink needs of the securities is now prepared: they are kept as spare for a
        // later event (recycle) instead of going to the writer, which would free them.
        spare.give(std::move(one.events.front().securities));
      }
    }
    std::unique_lock<std::mutex> lock(done_mutex);
    if (sink) pieces[k] = std::move(one);
    else result.events[k] = std::move(event);
    finished_event[k] = 1;
    ++done;
    if (progress) progress(done, events.size());
    if (!sink || writing) return;
    writing = true;
    for (; handed_over < events.size() && finished_event[handed_over]; ++handed_over) {
      StudyResult next = std::move(pieces[handed_over]);
      result.skipped += next.skips.size();
      lock.unlock();
      sink(std::move(next));  // on a failure, writing stays set: the study stops with the error
      lock.lock();
    }
    writing = false;
  });
  if (sink) return result;  // events and skips went to the sink
  for (auto& s : skips) result.skips.insert(result.skips.end(), s.begin(), s.end());
  result.skipped = result.skips.size();
  return result;
}

/// How many security-events the study's events hold at most: a row with a ticker one, an id
/// with a row for every security (no ticker) one per security.
std::size_t security_events(const StudySpec& spec, std::size_t securities) {
  std::size_t count = 0;
  std::unordered_set<std::string_view> shared;
  for (const EventSpec& row : spec.events)
    if (row.ticker) ++count;
    else shared.insert(row.id);
  return count + shared.size() * securities;
}

/// Whether the fits made ahead hold less memory than the window moments they replace (a row
/// of the fits' table, its placement and its index against 2 bytes a day a security): so for
/// per-security events on a large panel (the fits then also read each security's returns
/// once, in order), not for macro releases, hundreds of windows a security, where the moments
/// serve them all.
bool fits_ahead_smaller(const StudySpec& spec, const Panel& panel) {
  const std::size_t securities = panel.returns.size();
  const std::size_t blocks = panel.calendar.size() / WindowMoments::block + 1;
  const std::size_t moments_bytes = securities * blocks * sizeof(WindowMoments::Part);
  const std::size_t fit_bytes = sizeof(FitAhead) + sizeof(Placed) + sizeof(std::size_t);
  return security_events(spec, securities) * fit_bytes < moments_bytes;
}

}  // namespace

StudyResult run_study(const StudySpec& spec, const Panel& panel, const Progress& progress, const EventSink& sink,
                      const EventPrepare& prepare) {
  // The market model fits security by security ahead of the events (FitsAhead; its CARs too
  // when nothing needs more), or event by event from each security's window moments built once
  // for all its events. Factor models
  // fit from each security's window cross-products of (R - R_f, factors). Moments and
  // cross-products built for all securities at once on the study's threads.
  const std::size_t n = panel.returns.size();
  const bool market = spec.model == ModelKind::market;
  const bool fit_ahead = market && (spec.fit_order == FitOrder::ahead ||
                                    (spec.fit_order == FitOrder::automatic && fits_ahead_smaller(spec, panel)));
  std::vector<std::optional<WindowMoments>> moments(market && !fit_ahead ? n : 0);
  std::vector<std::optional<WindowCrossProducts>> cross(is_factor_model(spec.model) ? n : 0);
  const std::vector<std::span<const double>> factors(panel.factors.begin(), panel.factors.end());
  parallel_for(std::max(moments.size(), cross.size()), spec.threads, [&](std::size_t i) {
    if (!moments.empty()) moments[i].emplace(panel.returns[i], panel.market);
    if (!cross.empty()) cross[i].emplace(panel.returns[i], panel.rf, factors);
  });
  const TradingDayIndex trading_days(panel.calendar);  // every security-event placed on it
  std::optional<FitsAhead> ahead;
  return run_events(
      spec, panel.tickers,
      [&](std::size_t, const EventTime& time, std::string& reason) {
        return place_event(spec, panel, time, reason, &trading_days);
      },
      fit_ahead, [&](const std::vector<std::vector<Placed>>& placements) { ahead.emplace(spec, panel, placements); },
      [&](std::size_t k, std::size_t m, std::size_t i, i64 day0, std::string& reason, SecurityEvent& out) {
        if (ahead)
          return analyse_security_with_fit(spec, panel, i, day0, reason, out, ahead->fit(k, m), ahead->failure(k, m),
                                           ahead->cars(k, m));
        return analyse_security_into(spec, panel, i, day0, reason, out, moments.empty() ? nullptr : &*moments[i],
                                     cross.empty() ? nullptr : &*cross[i]);
      },
      [&](std::size_t k, std::size_t m, std::size_t i, i64 day0) {
        if (ahead && ahead->has_cars()) {  // the fit and the CARs: nothing of the security's days
          ahead->prefetch(k, m);
        } else if (ahead) {
          ahead->prefetch(k, m);
          prefetch_window(spec, panel, i, day0);
        } else if (!moments.empty()) {
          prefetch_security(spec, panel, i, day0, *moments[i]);
        }
      },
      progress, sink, prepare);
}

StudyResult run_study_intraday(const StudySpec& spec, const std::vector<Panel>& panels, const Progress& progress,
                               const EventSink& sink, const EventPrepare& prepare) {
  std::vector<std::string> tickers;
  for (const Panel& p : panels) tickers.push_back(p.tickers.front());
  return run_events(
      spec, tickers,
      [&](std::size_t i, const EventTime& time, std::string& reason) { return place_event(spec, panels[i], time, reason); },
      false, [](const std::vector<std::vector<Placed>>&) {},
      [&](std::size_t, std::size_t, std::size_t i, i64 bar0, std::string& reason, SecurityEvent& out) {
        return analyse_security_into(spec, panels[i], 0, bar0, reason, out);
      },
      [](std::size_t, std::size_t, std::size_t, i64) {}, progress, sink, prepare);
}

}  // namespace evstudy
