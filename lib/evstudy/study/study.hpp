// The study pipeline: validated spec + return panel -> results. Pure orchestration: no I/O.
#pragma once

#include <functional>

#include "evstudy/kernel/panel.hpp"
#include "evstudy/study/study_result.hpp"
#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Called after each event with (events done, events in all); may be empty.
using Progress = std::function<void(std::size_t, std::size_t)>;

/// Receives each event in event order, as soon as it and every event before it are done: a
/// result holding the study's header (model, windows, zone), that one event and its skips
/// (ordered by ticker). The study keeps nothing it handed over: a writer prints it and lets it go.
using EventSink = std::function<void(StudyResult&& one_event)>;

/// What need not wait for the events before it, e.g. formatting the event's rows: called with
/// the result an EventSink will receive, on the thread that ran the event, as soon as it is done
/// (events in any order, several at once); what it returns reaches the sink in the result's
/// `prepared`, and the event's securities do not (what the sink needs of them is what was
/// prepared: the study keeps them for later events to analyse over, reusing their memory). May
/// be empty.
using EventPrepare = std::function<std::vector<std::string>(const StudyResult& one_event)>;

/// Runs every event of `spec` on `panel`. Securities with too little data for an event become
/// skips in the result; nothing here throws for data. With a `sink`, events and skips go to it
/// (each through `prepare` first, when given) and the result holds neither.
StudyResult run_study(const StudySpec& spec, const Panel& panel, const Progress& progress = {}, const EventSink& sink = {},
                      const EventPrepare& prepare = {});

/// The same on intraday bars: one panel per security (intraday_panel), windows in its own bars,
/// bar 0 its first bar starting at or after the event.
StudyResult run_study_intraday(const StudySpec& spec, const std::vector<Panel>& panels, const Progress& progress = {},
                               const EventSink& sink = {}, const EventPrepare& prepare = {});

}  // namespace evstudy
