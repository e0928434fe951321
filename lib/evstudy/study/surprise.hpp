// Macro releases: surprises, standardized surprises (Balduzzi, Elton & Green 2001; Andersen,
// Bollerslev, Diebold & Vega 2003) and the response of each security's and group's CAR to them
// across releases (methods.md §3.7). Pure orchestration over a study's results.
#pragma once

#include <string>
#include <vector>

#include "evstudy/stats/regression.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

struct SurpriseRow {
  std::string event;
  Date date;  // the release's local date at the exchange
  double actual = missing;
  double consensus = missing;
  double surprise = missing;      // actual - consensus
  double std_surprise = missing;  // surprise / sd of every release's surprise (divisor n - 1)
};

struct CoefRow {
  std::string ticker;  // a security or a group
  Window window;
  Regression fit;      // CAR on the standardized surprise, HC1
};

struct BucketRow {
  std::string ticker;
  Window window;
  std::string bucket;  // hot (surprise > 0), inline (= 0), soft (< 0)
  i64 n = 0;
  double mean_car = missing;
  double t = missing;  // mean / (sd / sqrt(n)), sd with n - 1
};

struct SurpriseResult {
  std::vector<SurpriseRow> surprises;  // releases with actual and consensus, by event id
  std::vector<CoefRow> coef;           // by ticker (securities and groups), then window
  std::vector<BucketRow> buckets;      // by ticker, window, then hot, inline, soft
  std::vector<Skip> skips;             // releases without a consensus, and the study's skips
};

/// For each CAR window, regresses every security's CAR (and every group's CAAR) across the
/// releases on the standardized surprise. Events without actual or consensus are skips.
SurpriseResult analyse_surprises(const StudySpec& spec, const StudyResult& study);

}  // namespace evstudy
