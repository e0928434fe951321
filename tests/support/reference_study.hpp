// The small reference study that event_tests_reference.py computes independently: three
// securities, 20 days, one event. Shared by the default-mode and estudy2-mode test checks.
#pragma once

#include "evstudy/core/types.hpp"
#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy::test {

/// One expected row of a tests report.
struct ExpectedTest {
  const char* scope;
  const char* test;
  double statistic;
  double p_value;
  i64 n;
};

/// The reference returns (defined in stats/event_tests_test.cpp).
Panel reference_panel();

/// The reference study: estimation -15:-4, window -2:2, CAR windows -1:1, 0:0, -2:2.
StudySpec reference_spec(Conventions conventions);

}  // namespace evstudy::test
