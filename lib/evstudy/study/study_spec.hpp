// A validated study: what to compute, independent of where the data came from. The library
// only ever sees this; app/ and io/ turn command-line options and spec files into it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evstudy/calendar/day_zero.hpp"
#include "evstudy/calendar/event_time.hpp"
#include "evstudy/core/error.hpp"
#include "evstudy/core/window.hpp"
#include "evstudy/models/model.hpp"

namespace evstudy {

/// How the daily market model's fits are made (StudySpec::fit_order).
enum class FitOrder { automatic, ahead, by_event };

/// One event row: a shared event (no ticker, e.g. a CPI release) or one security's event.
/// Rows sharing an id pool into one event (one date per security).
struct EventSpec {
  std::string id;
  EventTime time;
  std::optional<std::string> ticker;
  double actual = missing;
  double consensus = missing;
  double previous = missing;
  std::string unit;
  SourcePos where;  // the row's ticker field, for errors about it (an empty file: the events file's)
};

struct GroupSpec {
  std::string name;
  std::vector<std::string> tickers;
};

/// The estimation window: offsets from day 0 ("-260:-11"), or fixed dates for every event.
struct EstimationSpec {
  Window offsets{-260, -11};
  std::optional<Date> from;
  std::optional<Date> to;
  bool by_date() const { return from.has_value(); }
};

/// Which conventions the tests follow: methods.md (default) or estudy2 0.10.0's, quirks included.
enum class Conventions { methods, estudy2 };

struct StudySpec {
  std::vector<EventSpec> events;
  std::string market;
  ModelKind model = ModelKind::market;
  EstimationSpec estimation;
  Window window{-10, 10};
  std::vector<Window> car_windows;  // never empty after validation (default: the event window)
  std::vector<GroupSpec> groups;    // never empty after validation (default: "all")
  i64 min_estimation = 0;           // 0: the model's statistical minimum
  Exchange exchange;
  Conventions conventions = Conventions::methods;
  bool with_tests = true;        // compute the test statistics (skipped when no output needs them)
  bool keep_days = true;         // keep each security's day-by-day series in the result (ar report,
                                 // table, plot); without, they are freed once the event's groups
                                 // and tests are computed, and only fits and CARs remain
  bool with_aar = true;          // compute the groups' day-by-day AARs (the aar report, the table);
                                 // without them, no tests and no days kept, the daily market
                                 // model's CARs are made with its fits ahead (FitOrder) and no
                                 // event reads a security's days again
  bool with_fit = true;          // keep each security-event's fit (the fit report, the table);
                                 // with the CARs made ahead, the fits are then not held at all
  std::size_t threads = 1;      // worker threads over events; the results do not depend on it
  // The daily market model's fits: made ahead of the events, security by security, or event by
  // event from every security's window moments. The same results either way; `automatic`
  // chooses ahead when the table of fits is smaller than the window moments it replaces.
  FitOrder fit_order = FitOrder::automatic;
  double car_threshold = 90.0;  // estudy2: CAR-window tests keep days with more than this % present
};

}  // namespace evstudy
