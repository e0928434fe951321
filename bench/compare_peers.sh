#!/usr/bin/env bash
# compare_peers.sh [SIZE] [--pandas]: evstudy against the analyst's peers of ../shared/bench on the
# same generated files (small | medium | large; default medium): a market-model study with
# estimation -260:-11 and window -10:10 on the per-security events, CARs and tests written out.
# Prints wall time and peak memory of each, the ratios end to end and on the estimation+AR(+tests)
# stage (the peers' "compute"+"tests", evstudy's "study" stage less the reports it writes as
# events complete), and the estimation+AR stage alone (a second evstudy run with --report car
# against the peers' "compute"). Needs python3-numpy, -pandas, -scipy.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-medium}
dir=build/bench-data/$size
[[ -f $dir/prices_long.csv ]] || /usr/bin/python3 ../shared/bench/gen_data.py "$size" "$dir"
cmake --preset bench >/dev/null && cmake --build build/bench --target evstudy >/dev/null
out=build/bench/peers; mkdir -p "$out"
ev=build/bench/app/evstudy
/usr/bin/time -f "%e %M" -o "$out/evstudy.time" "$ev" -v run --prices "$dir/prices_long.csv" --market MKT \
  --events "$dir/events.csv" --estimation=-260:-11 --window=-10:10 --report car,tests --format csv \
  -o "$out/evstudy.csv" 2>"$out/evstudy.log"
/usr/bin/time -f "%e %M" -o "$out/evstudy_car.time" "$ev" -v run --prices "$dir/prices_long.csv" --market MKT \
  --events "$dir/events.csv" --estimation=-260:-11 --window=-10:10 --report car --format csv \
  -o "$out/evstudy_car.csv" 2>"$out/evstudy_car.log"
grep -h "timings" "$out/evstudy.log" "$out/evstudy_car.log"
/usr/bin/time -f "%e %M" -o "$out/numpy.time" /usr/bin/python3 ../shared/bench/peer_numpy.py --prices "$dir/prices_long.csv" \
  --events "$dir/events.csv" --car-out "$out/numpy_car.csv" --tests-out "$out/numpy_tests.csv" 2>"$out/numpy.log"
peers=(numpy)
if [[ ${2:-} == --pandas ]]; then
  /usr/bin/time -f "%e %M" -o "$out/pandas.time" /usr/bin/python3 ../shared/bench/peer_pandas.py --prices "$dir/prices_long.csv" \
    --events "$dir/events.csv" --car-out "$out/pandas_car.csv" --tests-out "$out/pandas_tests.csv" 2>"$out/pandas.log"
  peers+=(pandas)
fi
/usr/bin/python3 - "$out" "${peers[@]}" <<'PY'
import json, re, sys
out, peers = sys.argv[1], sys.argv[2:]
def wall_mem(name):
    t, m = open(f"{out}/{name}.time").read().split()[-2:]
    return float(t), int(m) / 1024
def stage(name):
    """The study stage without the reports written inside it (they stream as events complete)."""
    log = open(f"{out}/{name}.log").read()
    study = float(re.search(r"study ([0-9.]+) s", log).group(1))
    writing = re.search(r"writing ([0-9.]+) s", log)
    return study - (float(writing.group(1)) if writing else 0.0)
ev_t, ev_m = wall_mem("evstudy")
ev_study = stage("evstudy")
car_t, car_m = wall_mem("evstudy_car")
car_study = stage("evstudy_car")
print(f"evstudy      end to end {ev_t:6.2f} s, peak {ev_m:6.0f} MiB, estimation+AR+tests stage {ev_study:.3f} s")
print(f"evstudy car  end to end {car_t:6.2f} s, peak {car_m:6.0f} MiB, estimation+AR stage {car_study:.3f} s"
      f" (no tests: --report car)")
for p in peers:
    t, m = wall_mem(p)
    line = [l for l in open(f"{out}/{p}.log") if l.startswith("TIMINGS")][-1]
    tm = json.loads(line.split(" ", 1)[1])
    peer_stage = tm["compute"] + tm.get("tests", 0.0)
    print(f"peer_{p:7s} end to end {t:6.2f} s, peak {m:6.0f} MiB, compute+tests stage {peer_stage:.3f} s"
          f" | evstudy is {t/ev_t:.1f}x faster end to end, {peer_stage/ev_study:.1f}x on the stage")
    print(f"peer_{p:7s} estimation+AR stage alone (compute) {tm['compute']:.3f} s"
          f" | evstudy --report car is {tm['compute']/car_study:.1f}x faster on it, {t/car_t:.1f}x end to end")
PY
