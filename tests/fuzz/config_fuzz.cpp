#include "evstudy/io/run_options.hpp"
#include "evstudy/output/golden.hpp"
#include "fuzz_main.hpp"

// The JSON configuration readers: study spec files and golden files.
EVSTUDY_FUZZ_READER({
  try {
    evstudy::read_spec_json(text, "fuzz.json", "");
  } catch (const evstudy::Error&) {
  }
  evstudy::read_golden(text, "fuzz.json");
})
