#include "evstudy/io/price_reader.hpp"
#include "fuzz_main.hpp"

// Both error modes: the first byte picks --on-bad-row=skip and --strict.
EVSTUDY_FUZZ_READER({
  evstudy::PriceReadOptions o;
  o.skip_bad_rows = !text.empty() && (text[0] & 1);
  o.strict = !text.empty() && (text[0] & 2);
  evstudy::read_prices_csv(text, "fuzz.csv", o);
})
