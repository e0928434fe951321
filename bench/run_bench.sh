#!/usr/bin/env bash
# run_bench.sh [SIZE]: generates ../shared/bench data (small | medium | large; default medium)
# with Debian's python3 and numpy, builds the bench preset, runs the reader benchmarks and
# prints throughput with the ratio to the getline + stod baseline measured in the same run,
# the estimation+AR kernel alone (bench/kernel_bench.cpp, synthetic data of the large case's
# shape) in both orders against event-major on one thread, the tests stage (group_tests on one
# 5,000-security event, and ranks against std::sort), then evstudy end to end on the same
# file with its peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-medium}
dpkg -s python3-numpy >/dev/null 2>&1 || { echo "run_bench: needs python3-numpy (apt-get install python3-numpy)" >&2; exit 1; }
dir=build/bench-data/$size
[[ -f $dir/prices_long.csv ]] || /usr/bin/python3 ../shared/bench/gen_data.py "$size" "$dir"
cmake --preset bench >/dev/null && cmake --build build/bench --target bench evstudy >/dev/null
EVSTUDY_BENCH_DIR=$dir build/bench/bench/bench --benchmark_format=json --benchmark_out=build/bench/readers.json \
  --benchmark_out_format=json >/dev/null
/usr/bin/python3 - build/bench/readers.json <<'PY'
import json, sys
r = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
for layout in ("long_csv", "wide_csv"):
    base = r[f"BM_{layout}_getline_stod/min_time:1.000/real_time"]
    print(f"{layout:9s} getline+stod (1 thread) {base['bytes_per_second']/1e6:6.0f} MB/s {base['items_per_second']/1e6:6.2f} M rows/s")
    for t in (1, 2):
        ev = r[f"BM_{layout}_evstudy/{t}/min_time:1.000/real_time"]
        print(f"{layout:9s} evstudy {t} thread(s)     {ev['bytes_per_second']/1e6:6.0f} MB/s {ev['items_per_second']/1e6:6.2f} M rows/s"
              f" | {ev['bytes_per_second']/base['bytes_per_second']:.2f}x getline+stod")
j = r["BM_long_json_evstudy/min_time:1.000/real_time"]
print(f"long_json evstudy 1 thread        {j['bytes_per_second']/1e6:6.0f} MB/s {j['items_per_second']/1e6:6.2f} M rows/s")
print("estimation+AR kernel (synthetic 5,000 x 5,220 days, 250,000 security-events, prefix build included):")
base = r["BM_estimation_ar_event_major/1/min_time:1.000/real_time"]
for order in ("event_major", "security_major"):
    for t in (1, 2):
        k = r[f"BM_estimation_ar_{order}/{t}/min_time:1.000/real_time"]
        print(f"  {order.replace('_', '-'):14s} {t} thread(s) {k['items_per_second']/1e6:5.2f} M a second"
              f" | {k['items_per_second']/base['items_per_second']:.2f}x event-major on 1 thread")
for t in (1, 2):
    k = r[f"BM_estimation_ar_security_major_macro/{t}/min_time:1.000/real_time"]
    print(f"  security-major on the macro shape (380 events a security, 1.9 M) {t} thread(s) {k['items_per_second']/1e6:5.2f} M a second"
          f" | {k['items_per_second']/base['items_per_second']:.2f}x event-major on 1 thread (the study itself runs event-major)")
for t in (1, 2):
    k = r[f"BM_study_car/{t}/0/min_time:1.000/real_time"]
    print(f"  the study stage (run_study, CARs only) {t} thread(s) {k['items_per_second']/1e6:5.2f} M a second"
          f" | {k['items_per_second']/base['items_per_second']:.2f}x the kernel event-major on 1 thread")
k = r["BM_study_car/2/1/min_time:1.000/real_time"]
print(f"  the same with the fits held (as for the fit report) 2 thread(s) {k['items_per_second']/1e6:5.2f} M a second")
b = r["BM_block_build/min_time:1.000/real_time"]
print(f"  of which the prefix build (block moments, 1 thread): {b['real_time']:.0f} ms, {b['bytes_per_second']/1e9:.1f} GB/s of returns,"
      f" {1e9/b['items_per_second']:.0f} ns per security-event")
print("tests stage (bench/tests_bench.cpp, synthetic, 1 thread):")
for gaps, what in ((0, "the same missing days (r-bar on common days)"), (1, "1% missing days each (r-bar pairwise)")):
    g = r[f"BM_group_tests/{gaps}/min_time:1.000/real_time"]
    print(f"  group_tests, one event of 5,000 securities, {what}: {g['real_time']:.1f} ms,"
          f" {g['items_per_second']/1e3:.0f} k security-events a second")
rank = r["BM_rank_into/min_time:0.500/real_time"]
std_sort = r["BM_rank_std_sort/min_time:0.500/real_time"]
print(f"  ranks of 271 returns: rank_into {rank['real_time']:.0f} ns, std::sort {std_sort['real_time']:.0f} ns"
      f" | {std_sort['real_time']/rank['real_time']:.1f}x std::sort")
PY
echo "end to end (run on the macro events, car report), wall time and peak memory:"
/usr/bin/time -f "  %e s, peak RSS %M KiB" build/bench/app/evstudy run --prices "$dir/prices_long.csv" --market MKT \
  --events "$dir/macro.csv" --window=-10:10 --report car --format csv >/dev/null
