#include "evstudy/io/factor_reader.hpp"
#include "fuzz_main.hpp"

EVSTUDY_FUZZ_READER({ evstudy::read_factors(text, "fuzz.csv"); })
