#include "evstudy/io/price_reader.hpp"
#include "fuzz_main.hpp"

EVSTUDY_FUZZ_READER({
  evstudy::PriceReadOptions o;
  o.skip_bad_rows = !text.empty() && (text[0] & 1);
  evstudy::read_prices_json(text, "fuzz.json", o);
})
