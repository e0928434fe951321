#!/usr/bin/env bash
# compare_peers.sh [SIZE] [--pandas] [--runs N]: evstudy against the analyst's peers of
# ../shared/bench on the same generated files (small | medium | large; default medium): a
# market-model study with estimation -260:-11 and window -10:10 on the per-security events, CARs
# and tests written out. Prints wall time and peak memory of each, the ratios end to end and on
# the estimation+AR(+tests) stage (the peers' "compute"+"tests", evstudy's "study" stage less the
# reports it writes as events complete and formats on its threads), and the estimation+AR stage
# alone (a second evstudy run with --report car against the peers' "compute"). With --runs N (default 1) each program runs N
# times, in turn (evstudy, evstudy car, numpy, pandas, then again), so that a host whose speed
# drifts slows all alike; each run's figures are printed, then the medians' ratios. Last, the
# results are held against the numpy peer's (bench/agree_with_peer.py; exit 1 when they differ).
# Needs python3-numpy, -pandas, -scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
size=medium pandas=0 runs=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --pandas) pandas=1 ;;
    --runs) runs=${2:-}; shift $(( $# > 1 ? 1 : 0 )) ;;
    --runs=*) runs=${1#--runs=} ;;
    -*) echo "compare_peers: unknown option $1 (expected --pandas or --runs N)" >&2; exit 2 ;;
    *) size=$1 ;;
  esac
  shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "compare_peers: --runs expects a positive count, got '$runs'" >&2; exit 2; }
dir=build/bench-data/$size
[[ -f $dir/prices_long.csv ]] || /usr/bin/python3 ../shared/bench/gen_data.py "$size" "$dir"
cmake --preset bench >/dev/null && cmake --build build/bench --target evstudy >/dev/null
out=build/bench/peers; mkdir -p "$out"
rm -f "$out"/*.time "$out"/*.log
ev=build/bench/app/evstudy
peers=(numpy)
[[ $pandas == 1 ]] && peers+=(pandas)
# timed FILE COMMAND...: runs COMMAND, writing "SECONDS PEAK_KIB" to FILE: the wall time from
# bash's microsecond clock (GNU time's own is in hundredths: a tenth of a 0.1 s run), the peak
# resident memory from GNU time.
timed() {
  local file=$1 began=$EPOCHREALTIME
  shift
  local status=0
  /usr/bin/time -f "%M" -o "$file.peak" "$@" || status=$?
  local ended=$EPOCHREALTIME
  local us=$(( 10#${ended//[.,]/} - 10#${began//[.,]/} ))  # microseconds (either decimal mark)
  printf '%d.%06d %s\n' $(( us / 1000000 )) $(( us % 1000000 )) "$(tail -n 1 "$file.peak")" >"$file"
  rm -f "$file.peak"
  return "$status"
}
# evstudy_run NAME REPORTS RUN: the study writing REPORTS, timed into $out/NAME.RUN.time, its log
# (with its stages' timings) in $out/NAME.RUN.log.
evstudy_run() {
  timed "$out/$1.$3.time" "$ev" -v run --prices "$dir/prices_long.csv" --market MKT \
    --events "$dir/events.csv" --estimation=-260:-11 --window=-10:10 --report "$2" --format csv \
    -o "$out/$1.csv" 2>"$out/$1.$3.log"
  grep -h "timings" "$out/$1.$3.log"
}
for run in $(seq "$runs"); do
  evstudy_run evstudy car,tests "$run"
  evstudy_run evstudy_car car "$run"
  for p in "${peers[@]}"; do
    timed "$out/$p.$run.time" /usr/bin/python3 "../shared/bench/peer_$p.py" --prices "$dir/prices_long.csv" \
      --events "$dir/events.csv" --car-out "$out/${p}_car.csv" --tests-out "$out/${p}_tests.csv" 2>"$out/$p.$run.log"
  done
done
/usr/bin/python3 - "$out" "$runs" "${peers[@]}" <<'PY'
import json, re, statistics, sys
out, runs, peers = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def wall_mem(name, run):
    t, m = open(f"{out}/{name}.{run}.time").read().split()[-2:]
    return float(t), int(m) / 1024
def stage(name, run):
    """The study stage without the reports written inside it (they stream as events complete)."""
    log = open(f"{out}/{name}.{run}.log").read()
    study = float(re.search(r"study ([0-9.]+) s", log).group(1))
    writing = re.search(r"writing ([0-9.]+) s", log)
    # Each event's rows are formatted on the study's threads, beside its computing: their share
    # of the stage's wall time is their thread time over the threads.
    formatting = re.search(r"formatting ([0-9.]+) s", log)
    threads = int(re.search(r"study [0-9.]+ s \(([0-9]+) threads\)", log).group(1))
    return (study - (float(writing.group(1)) if writing else 0.0)
            - (float(formatting.group(1)) / threads if formatting else 0.0))
def peer_timings(p, run):
    line = [l for l in open(f"{out}/{p}.{run}.log") if l.startswith("TIMINGS")][-1]
    return json.loads(line.split(" ", 1)[1])
# Per program, per run: wall time, peak MiB, stage (evstudy's study less writing; a peer's
# compute+tests, then its compute alone).
fig = {"evstudy": [], "evstudy_car": []}
for run in range(1, runs + 1):
    fig["evstudy"].append((*wall_mem("evstudy", run), stage("evstudy", run)))
    fig["evstudy_car"].append((*wall_mem("evstudy_car", run), stage("evstudy_car", run)))
    for p in peers:
        t, m = wall_mem(p, run)
        tm = peer_timings(p, run)
        fig.setdefault(p, []).append((t, m, tm["compute"] + tm.get("tests", 0.0), tm["compute"]))
def report(label, ev, car, peer_figs):
    ev_t, ev_m, ev_study = ev
    car_t, car_m, car_study = car
    print(f"{label}evstudy      end to end {ev_t:7.3f} s, peak {ev_m:6.0f} MiB, estimation+AR+tests stage {ev_study:.3f} s")
    print(f"{label}evstudy car  end to end {car_t:7.3f} s, peak {car_m:6.0f} MiB, estimation+AR stage {car_study:.3f} s"
          f" (no tests: --report car)")
    for p, (t, m, peer_stage, compute) in peer_figs:
        print(f"{label}peer_{p:7s} end to end {t:7.3f} s, peak {m:6.0f} MiB, compute+tests stage {peer_stage:.3f} s"
              f" | evstudy is {t/ev_t:.1f}x faster end to end, {peer_stage/ev_study:.1f}x on the stage")
        print(f"{label}peer_{p:7s} estimation+AR stage alone (compute) {compute:.3f} s"
              f" | evstudy --report car is {compute/car_study:.1f}x faster on it, {t/car_t:.1f}x end to end")
for run in range(runs):
    report(f"run {run + 1}: " if runs > 1 else "", fig["evstudy"][run], fig["evstudy_car"][run],
           [(p, fig[p][run]) for p in peers])
if runs > 1:
    median = {k: tuple(statistics.median(f[j] for f in v) for j in range(len(v[0]))) for k, v in fig.items()}
    report(f"median of {runs}: ", median["evstudy"], median["evstudy_car"], [(p, median[p]) for p in peers])
PY
# The figures count only if the results agree: evstudy's CARs and t and Patell tests against the
# numpy peer's (an independent implementation), per security-event and per event and day.
/usr/bin/python3 bench/agree_with_peer.py "$out/evstudy.csv" "$out/numpy_car.csv" "$out/numpy_tests.csv"
