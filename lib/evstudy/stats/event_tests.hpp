// The test statistics of the literature for one event and one group (methods.md §3.5 and its
// decision table): per event-window day and per CAR window. Pure: results in, numbers out.
#pragma once

#include <string>
#include <vector>

#include "evstudy/core/instructions.hpp"
#include "evstudy/core/window.hpp"
#include "evstudy/study/study_result.hpp"

namespace evstudy {

/// Runs every default-mode test on the members of `group` in `event`: for each event-window
/// day (scope "t") then each CAR window (scope "C:D"), the tests in the order of
/// `default_test_names`, then one `rbar` row (scope "estimation"). `instructions`: see
/// core/instructions.hpp (the same numbers either way).
std::vector<TestRow> group_tests(const EventResult& event, const GroupEvent& group, Window window,
                                 const std::vector<Window>& car_windows, Instructions instructions = Instructions::best);

/// The default mode's tests, in report order.
const std::vector<std::string>& default_test_names();

/// Kolari-Pynnönen r̄: mean Pearson correlation of estimation-window residuals over the pairs
/// i != j of `members` (pairwise-complete days); NaN with fewer than two usable series.
double mean_residual_correlation(const EventResult& event, const std::vector<std::size_t>& members);

}  // namespace evstudy
