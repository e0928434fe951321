// The tests as estudy2 0.10.0 computes them (`--compat estudy2`), quirks included: sd-based
// Patell/BMP standardization, N-scaled cross-sectional sums, pooled p̂, average-rank centring,
// and its CAR-window tests (car_brown_warner_1985, car_lamb, car_rank_test with the percentage
// threshold). Specification: methods-estudy2.md. Pure.
#pragma once

#include <vector>

#include "evstudy/core/window.hpp"
#include "evstudy/study/study_result.hpp"

namespace evstudy {

/// Rows for one event and group: per event-window day the tests in the order of
/// `estudy2_daily_test_names` (names mapped as CLI.md says), per CAR window `bw-cda` (its
/// car_brown_warner_1985), `lamb` (car_lamb) and `corrado` (car_rank_test). Nonparametric
/// tests other than Wilcoxon are missing when the estimation window reaches into the event
/// (CAR) window, where estudy2 stops with an error.
std::vector<TestRow> group_tests_estudy2(const EventResult& event, const GroupEvent& group, Window window,
                                         const std::vector<Window>& car_windows, double car_threshold);

const std::vector<std::string>& estudy2_daily_test_names();

}  // namespace evstudy
