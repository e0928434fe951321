// Reader throughput on the generated benchmark data (../shared/bench/gen_data.py): evstudy's
// CSV reader streaming the file as the CLI does (1 and 2 threads) and its JSON reader, against
// a plain std::ifstream + std::getline + std::stod loop over the same file, in the same run.
// Data directory: $EVSTUDY_BENCH_DIR (bench/run_bench.sh sets it).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "evstudy/io/file.hpp"
#include "evstudy/io/price_reader.hpp"

namespace {

std::string data_dir() {
  const char* dir = std::getenv("EVSTUDY_BENCH_DIR");
  return dir ? dir : "build/bench-data/medium";
}

const std::string& long_csv() {
  static const std::string text = evstudy::read_file(data_dir() + "/prices_long.csv");
  return text;
}

const std::string& wide_csv() {
  static const std::string text = evstudy::read_file(data_dir() + "/prices_wide.csv");
  return text;
}

/// The long file as JSON records (made once from the CSV; capped at 4 million rows).
const std::string& long_json() {
  static const std::string text = [] {
    std::istringstream in(long_csv());
    std::string line, out = "[";
    std::getline(in, line);
    long rows = 0;
    while (std::getline(in, line) && rows < 4'000'000) {
      const auto a = line.find(','), b = line.find(',', a + 1);
      out += rows++ ? ",\n" : "\n";
      out += "{\"date\":\"" + line.substr(0, a) + "\",\"ticker\":\"" + line.substr(a + 1, b - a - 1) + "\",\"close\":" + line.substr(b + 1) + "}";
    }
    return out + "]\n";
  }();
  return text;
}

long count_rows(const std::string& text) {
  long n = 0;
  for (const char c : text) n += c == '\n';
  return n - 1;
}

void report(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * count_rows(text));
}

/// The file streamed in chunks and parsed on state.range(0) threads, as `evstudy run` reads it.
void read_streaming(benchmark::State& state, const std::string& path, const std::string& text) {
  evstudy::PriceReadOptions options;
  options.threads = state.range(0);
  for (auto _ : state) {
    evstudy::ChunkReader reader(path);
    benchmark::DoNotOptimize(evstudy::read_prices_csv(reader, options));
  }
  report(state, text);
}

void BM_long_csv_evstudy(benchmark::State& state) { read_streaming(state, data_dir() + "/prices_long.csv", long_csv()); }
void BM_wide_csv_evstudy(benchmark::State& state) { read_streaming(state, data_dir() + "/prices_wide.csv", wide_csv()); }

void BM_long_json_evstudy(benchmark::State& state) {
  const std::string& text = long_json();
  for (auto _ : state) benchmark::DoNotOptimize(evstudy::read_prices_json(text, "long.json", {}));
  report(state, text);
}

/// The baseline an analyst writes first: getline per line from an ifstream, split on commas,
/// stod per number.
void getline_stod(benchmark::State& state, const std::string& path, const std::string& text) {
  for (auto _ : state) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    double sum = 0.0;
    while (std::getline(in, line)) {
      std::size_t start = line.find(',') + 1;
      while (start != 0 && start <= line.size()) {
        const std::size_t comma = line.find(',', start);
        const std::string field = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!field.empty() && (field[0] == '-' || (field[0] >= '0' && field[0] <= '9'))) sum += std::stod(field);
        start = comma == std::string::npos ? 0 : comma + 1;
      }
    }
    benchmark::DoNotOptimize(sum);
  }
  report(state, text);
}

void BM_long_csv_getline_stod(benchmark::State& state) { getline_stod(state, data_dir() + "/prices_long.csv", long_csv()); }
void BM_wide_csv_getline_stod(benchmark::State& state) { getline_stod(state, data_dir() + "/prices_wide.csv", wide_csv()); }

}  // namespace

BENCHMARK(BM_long_csv_evstudy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_long_csv_getline_stod)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_wide_csv_evstudy)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_wide_csv_getline_stod)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_long_json_evstudy)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(1.0);
