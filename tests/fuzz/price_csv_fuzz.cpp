// The CSV price reader on arbitrary bytes, read twice: whole by the general path only, and in
// small chunks on two threads with the long-format fast path.
// An evstudy::Error is the expected answer to bad input; another exception, a crash, a sanitizer
// report, a hang, or the two readings disagreeing (in series, notes or the error) is a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "evstudy/core/error.hpp"
#include "evstudy/io/price_reader.hpp"

namespace {

std::string outcome(std::string_view text, evstudy::PriceReadOptions o) {
  std::string out;
  try {
    const evstudy::PriceRead r = evstudy::read_prices_csv(text, "fuzz.csv", o);
    for (const auto& s : r.series) {
      out += s.ticker + '|';
      const auto dates = s.date_view();
      for (std::size_t k = 0; k < dates.size(); ++k) {
        const double v = s.values[k];
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        out += std::to_string(dates[k].days) + ':' + (std::isnan(v) ? std::string("nan") : std::to_string(bits)) + ',';
      }
      for (const auto t : s.times) out += std::to_string(t) + ',';
      out += '\n';
    }
    for (const auto& note : r.notes) out += note + '\n';
  } catch (const evstudy::Error& e) {
    out = std::string("error: ") + e.what();
  }
  return out;
}

}  // namespace

// The first byte picks --on-bad-row=skip, --strict and the chunk size of the second reading.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  evstudy::PriceReadOptions o;
  o.skip_bad_rows = !text.empty() && (text[0] & 1);
  o.strict = !text.empty() && (text[0] & 2);
  o.fast_paths = false;
  const std::string whole = outcome(text, o);
  o.fast_paths = true;
  o.chunk_bytes = text.empty() ? 1 : 1 + (static_cast<unsigned char>(text[0]) >> 2);
  o.threads = 2;
  if (outcome(text, o) != whole) std::abort();
  return 0;
}
