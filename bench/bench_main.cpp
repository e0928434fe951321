// The benchmarks' entry point: the heap set up as evstudy sets it (in transparent huge pages,
// app/huge_pages.hpp), so that what is measured is what the tool does.
#include <benchmark/benchmark.h>

#include "huge_pages.hpp"

int main(int argc, char** argv) {
  evstudy::app::restart_with_huge_pages(argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
