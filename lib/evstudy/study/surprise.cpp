#include "evstudy/study/surprise.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace evstudy {
namespace {

Date local_date(const EventTime& time, const Exchange& exchange) {
  if (!time.utc_seconds) return time.date;
  const i64 local = utc_to_local(*exchange.zone, *time.utc_seconds);
  return Date{static_cast<std::int32_t>(local / 86400 - (local % 86400 < 0 ? 1 : 0))};
}

/// Hot, inline and soft prints' mean CAR with its t statistic.
void buckets_for(const std::string& ticker, Window window, const std::vector<double>& s, const std::vector<double>& car,
                 std::vector<BucketRow>& out) {
  for (const char* bucket : {"hot", "inline", "soft"}) {
    std::vector<double> x;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (is_missing(car[k]) || is_missing(s[k])) continue;
      const bool in = bucket[0] == 'h' ? s[k] > 0.0 : bucket[0] == 'i' ? s[k] == 0.0 : s[k] < 0.0;
      if (in) x.push_back(car[k]);
    }
    BucketRow row{ticker, window, bucket, std::ssize(x), missing, missing};
    if (!x.empty()) {
      double sum = 0.0;
      for (const double v : x) sum += v;
      row.mean_car = sum / static_cast<double>(x.size());
      if (x.size() > 1) {
        double ss = 0.0;
        for (const double v : x) ss += (v - row.mean_car) * (v - row.mean_car);
        const double sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
        if (sd > 0.0) row.t = row.mean_car / (sd / std::sqrt(static_cast<double>(x.size())));
      }
    }
    out.push_back(std::move(row));
  }
}

}  // namespace

SurpriseResult analyse_surprises(const StudySpec& spec, const StudyResult& study) {
  SurpriseResult out;
  // One release per event id: its first row carries the values.
  std::map<std::string, const EventSpec*> release;
  for (const EventSpec& e : spec.events) release.emplace(e.id, &e);
  for (const auto& [id, e] : release) {
    if (is_missing(e->actual) || is_missing(e->consensus)) {
      out.skips.push_back({id, "", is_missing(e->consensus) ? "release has no consensus" : "release has no actual value"});
      continue;
    }
    out.surprises.push_back({id, local_date(e->time, spec.exchange), e->actual, e->consensus, e->actual - e->consensus, missing});
  }
  // Standardized surprise: surprise over the sample sd of all the file's surprises.
  double mean = 0.0;
  for (const SurpriseRow& r : out.surprises) mean += r.surprise / static_cast<double>(out.surprises.size());
  double ss = 0.0;
  for (const SurpriseRow& r : out.surprises) ss += (r.surprise - mean) * (r.surprise - mean);
  const double sd = out.surprises.size() > 1 ? std::sqrt(ss / static_cast<double>(out.surprises.size() - 1)) : missing;
  std::map<std::string, double> std_surprise;
  for (SurpriseRow& r : out.surprises) {
    r.std_surprise = sd > 0.0 ? r.surprise / sd : missing;
    std_surprise[r.event] = r.std_surprise;
  }
  for (const Skip& s : study.skips) out.skips.push_back(s);

  // Per ticker (security or group) and CAR window: the CAR of each release with a surprise.
  std::map<std::string, std::vector<std::vector<double>>> cars;  // ticker -> window -> per release
  std::vector<double> s;
  for (const EventResult& e : study.events) {
    const auto it = std_surprise.find(e.id);
    if (it == std_surprise.end()) continue;
    const std::size_t k = s.size();
    s.push_back(it->second);
    auto slot = [&](const std::string& ticker) -> std::vector<std::vector<double>>& {
      auto& v = cars[ticker];
      if (v.empty()) v.assign(study.car_windows.size(), {});
      for (auto& w : v) w.resize(k + 1, missing);
      return v;
    };
    for (const SecurityEvent& se : e.securities) {
      auto& v = slot(se.ticker);
      for (std::size_t w = 0; w < study.car_windows.size(); ++w) v[w][k] = se.cars[w].car;
    }
    for (const GroupEvent& g : e.groups) {
      auto& v = slot(g.name);
      for (std::size_t w = 0; w < study.car_windows.size(); ++w) v[w][k] = g.caar[w].caar;
    }
  }
  for (auto& [ticker, windows] : cars)
    for (std::size_t w = 0; w < windows.size(); ++w) {
      windows[w].resize(s.size(), missing);
      out.coef.push_back({ticker, study.car_windows[w], ols_hc1(s, windows[w])});
      buckets_for(ticker, study.car_windows[w], s, windows[w], out.buckets);
    }
  return out;
}

}  // namespace evstudy
