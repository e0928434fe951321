// The study pipeline: validated spec + return panel -> results. Pure orchestration: no I/O.
#pragma once

#include <functional>

#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Called after each event with (events done, events in all); may be empty.
using Progress = std::function<void(std::size_t, std::size_t)>;

/// Runs every event of `spec` on `panel`. Securities with too little data for an event become
/// skips in the result; nothing here throws for data.
StudyResult run_study(const StudySpec& spec, const Panel& panel, const Progress& progress = {});

/// The same on intraday bars: one panel per security (intraday_panel), windows in its own bars,
/// bar 0 its first bar starting at or after the event.
StudyResult run_study_intraday(const StudySpec& spec, const std::vector<Panel>& panels, const Progress& progress = {});

}  // namespace evstudy
