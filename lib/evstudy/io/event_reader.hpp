// Events and macro releases from CSV or JSON text: `event` (id), `date` or `time`, optional
// `zone`, `ticker`, `actual`, `consensus`, `previous`, `unit` (CLI.md `--events`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evstudy/study/study_spec.hpp"

namespace evstudy {

/// Reads CSV text. A local time without a zone is read in `default_zone`. Throws Error(bad_data)
/// naming FILE:LINE:COL for a missing column, an unparsable time or number, or a ragged row.
std::vector<EventSpec> read_events_csv(std::string_view text, std::string_view source, std::string_view default_zone);

/// Reads JSON text: an array of records with the CSV's field names. Errors name the JSON
/// pointer of the bad field.
std::vector<EventSpec> read_events_json(std::string_view text, std::string_view source, std::string_view default_zone);

/// An inline event, `[NAME=]TIME` (`--event`); the name defaults to the time text.
EventSpec parse_inline_event(std::string_view text, std::string_view default_zone);

}  // namespace evstudy
