// The study pipeline: validated spec + return panel -> results. Pure orchestration: no I/O.
#pragma once

#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Runs every event of `spec` on `panel`. Securities with too little data for an event become
/// skips in the result; nothing here throws for data.
StudyResult run_study(const StudySpec& spec, const Panel& panel);

}  // namespace evstudy
