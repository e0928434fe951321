// What a study computes: per event, per security the fit, the event-window abnormal returns and
// the CARs; per group the cross-sectional aggregates; and every skip with its reason.
#pragma once

#include <string>
#include <vector>

#include "evstudy/core/date.hpp"
#include "evstudy/core/window.hpp"
#include "evstudy/core/zone_rules.hpp"
#include "evstudy/models/model.hpp"

namespace evstudy {

/// Insufficient data for one security in one event: reported, never an abort.
struct Skip {
  std::string event;
  std::string ticker;
  std::string reason;
};

/// CAR, SCAR and BHAR of one security over one CAR window; missing unless the window is complete.
struct CarValue {
  double car = missing;
  double scar = missing;
  double bhar = missing;
};

/// One security in one event. Day vectors run over the event window (index 0 = window.first).
/// Without StudySpec::keep_days only ar, sar with the tests of methods.md (and est_residuals
/// with any tests) are filled, and freed once the event's groups and tests are done.
struct SecurityEvent {
  std::string ticker;
  i64 day0 = 0;  // index of day 0 in the calendar
  Date day0_date;  // its date (intraday: the local date of bar 0)
  Fit fit;
  std::vector<Date> dates;
  std::vector<i64> times;  // intraday: the bars' start instants (UTC); empty for daily data
  std::vector<double> ret;
  std::vector<double> market;
  std::vector<double> normal;
  std::vector<double> ar;
  std::vector<double> car;   // running sum of the ARs that exist, from the window start
  std::vector<double> sar;   // AR / (sigma sqrt(C)): standardized AR (Patell 1976)
  std::vector<CarValue> cars;            // one per CAR window of the study
  std::vector<double> est_residuals;     // ARs over the estimation window (NaN where missing); tests only
  std::vector<double> est_market;        // market returns over the estimation window; estudy2 mode only
  i64 est_first = 0;                     // calendar index of the estimation window's first day
};

/// Cross-sectional means of one group on one event-window day.
struct AarValue {
  i64 n = 0;
  double aar = missing;
};

/// Cross-sectional means of one group over one CAR window (securities with complete windows).
struct CaarValue {
  i64 n = 0;
  double caar = missing;
  double abhar = missing;
};

/// One test statistic over one scope: an event-window day ("0") or a CAR window ("0:4").
struct TestRow {
  std::string scope;
  std::string test;
  double statistic = missing;
  double p_value = missing;
  i64 n = 0;
};

/// The group's cumulative abnormal return from the window start through one day: the mean over
/// the securities with every AR so far, with its cross-sectional standard error sd / sqrt(n).
struct CaarPoint {
  i64 n = 0;
  double caar = missing;
  double se = missing;
};

struct GroupEvent {
  std::string name;
  std::vector<std::size_t> members;  // indices into EventResult::securities
  std::vector<AarValue> aar;         // per event-window day
  std::vector<CaarValue> caar;       // per CAR window
  std::vector<CaarPoint> path;       // per event-window day: CAAR from the window start (plots)
  std::vector<TestRow> tests;        // per day then per CAR window, then the r̄ row
  double rbar = missing;             // mean pairwise residual correlation (Kolari & Pynnönen 2010)
};

struct EventResult {
  std::string id;
  bool shared_day0 = false;               // every security has the same day 0 (a macro release)
  std::vector<SecurityEvent> securities;  // sorted by ticker
  std::vector<GroupEvent> groups;         // in the study's group order
};

struct StudyResult {
  ModelKind model = ModelKind::market;
  std::string market;      // the benchmark ticker
  std::string estimation;  // the estimation window as given ("-260:-11" or "DATE:DATE")
  const ZoneRules* zone = nullptr;  // the exchange's zone, for intraday time stamps in reports
  Window window;
  std::vector<Window> car_windows;
  std::vector<EventResult> events;  // sorted by event id
  std::vector<Skip> skips;          // ordered by event, then ticker
  std::size_t skipped = 0;          // how many skips (also when they went to an EventSink)
  // Streamed (one event handed to an EventSink): what the study's EventPrepare made of it on
  // the event's own thread, e.g. its rows as text, one per report.
  std::vector<std::string> prepared;
};

}  // namespace evstudy
