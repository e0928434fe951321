#include "evstudy/io/event_reader.hpp"
#include "fuzz_main.hpp"

EVSTUDY_FUZZ_READER({
  evstudy::read_events_csv(text, "fuzz.csv", "America/New_York");
  evstudy::read_events_json(text, "fuzz.json", "America/New_York");
})
