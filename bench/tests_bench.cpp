// The tests stage alone, without reading or fitting: group_tests on one event whose group holds
// 5,000 securities with 250 estimation residuals and a 21-day window each (the large case's
// event: all 12 default tests per day and CAR window, and r-bar), and the ranking of one
// security-event's 271 values (rank_into) against a comparison sort of the same values, the
// baseline measured in the same run. Items = security-events (group_tests) or values (ranks).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "evstudy/stats/event_tests.hpp"
#include "evstudy/stats/ranks.hpp"

namespace {

constexpr std::size_t members = 5000;
constexpr std::size_t estimation_days = 250;
constexpr evstudy::Window window{-10, 10};

/// The event; with `gaps`, 1% of the estimation residuals are missing at random (each security
/// has its own missing days, so r-bar takes the pairwise-complete form).
evstudy::EventResult make_event(bool gaps) {
  evstudy::EventResult out;
    out.id = "E01";
    std::mt19937_64 rng(2026);
    std::uniform_real_distribution<double> sd(0.015, 0.025);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto days = static_cast<std::size_t>(window.length());
    for (std::size_t i = 0; i < members; ++i) {
      evstudy::SecurityEvent se;
      se.ticker = "S";
      se.ticker += std::to_string(i);  // not "S" + ...: GCC 12 warns falsely (-Wrestrict) on that at -O3
      const double sigma = sd(rng);
      std::normal_distribution<double> noise(0.0, sigma);
      se.fit.n_est = static_cast<evstudy::i64>(estimation_days);
      se.fit.sigma = sigma;
      se.fit.df = static_cast<double>(estimation_days) - 2.0;
      se.est_residuals.resize(estimation_days);
      for (double& e : se.est_residuals) e = gaps && uniform(rng) < 0.01 ? evstudy::missing : noise(rng);
      evstudy::CarValue car{0.0, 0.0, 0.0};
      for (std::size_t k = 0; k < days; ++k) {
        const double ar = noise(rng);
        se.ar.push_back(ar);
        se.sar.push_back(ar / sigma);
        car.car += ar;
        car.scar += ar / sigma;
      }
      car.scar /= std::sqrt(static_cast<double>(days));
      se.cars.push_back(car);
      out.securities.push_back(std::move(se));
    }
    evstudy::GroupEvent group;
    group.name = "all";
    group.members.resize(members);
    std::iota(group.members.begin(), group.members.end(), std::size_t{0});
    out.groups.push_back(std::move(group));
    return out;
}

const evstudy::EventResult& synthetic_event(bool gaps = false) {
  static const evstudy::EventResult without = make_event(false);
  static const evstudy::EventResult with = make_event(true);
  return gaps ? with : without;
}

void BM_group_tests(benchmark::State& state) {
  const evstudy::EventResult& event = synthetic_event(state.range(0) != 0);
  const std::vector<evstudy::Window> car_windows{window};
  for (auto _ : state) benchmark::DoNotOptimize(evstudy::group_tests(event, event.groups.front(), window, car_windows));
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(members));
}

/// One security-event's estimation residuals then event-window ARs.
std::vector<double> ranked_values(std::size_t k) {
  const evstudy::SecurityEvent& se = synthetic_event().securities[k];
  std::vector<double> all = se.est_residuals;
  all.insert(all.end(), se.ar.begin(), se.ar.end());
  return all;
}

void BM_rank_into(benchmark::State& state) {
  std::vector<std::vector<double>> sets;
  for (std::size_t k = 0; k < 64; ++k) sets.push_back(ranked_values(k));
  std::vector<double> ranks(sets.front().size());
  std::size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evstudy::rank_into(sets[k], ranks));
    benchmark::DoNotOptimize(ranks.data());
    k = (k + 1) % sets.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(sets.front().size()));
}

/// The baseline: positions sorted by value with std::sort, ranks read off (ties ignored).
void BM_rank_std_sort(benchmark::State& state) {
  std::vector<std::vector<double>> sets;
  for (std::size_t k = 0; k < 64; ++k) sets.push_back(ranked_values(k));
  std::vector<double> ranks(sets.front().size());
  std::vector<std::uint32_t> order;
  std::size_t k = 0;
  for (auto _ : state) {
    const std::vector<double>& v = sets[k];
    order.clear();
    for (std::uint32_t p = 0; p < v.size(); ++p)
      if (!evstudy::is_missing(v[p])) order.push_back(p);
    std::sort(order.begin(), order.end(), [&v](std::uint32_t a, std::uint32_t b) { return v[a] < v[b]; });
    for (std::size_t r = 0; r < order.size(); ++r) ranks[order[r]] = static_cast<double>(r) + 1.0;
    benchmark::DoNotOptimize(ranks.data());
    k = (k + 1) % sets.size();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(sets.front().size()));
}

}  // namespace

BENCHMARK(BM_group_tests)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_rank_into)->UseRealTime()->MinTime(0.5);
BENCHMARK(BM_rank_std_sort)->UseRealTime()->MinTime(0.5);
