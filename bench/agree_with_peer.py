#!/usr/bin/env python3
"""agree_with_peer.py EVSTUDY_CSV PEER_CAR_CSV PEER_TESTS_CSV [--tolerance REL]

Holds evstudy's results against an independent implementation (../shared/bench/peer_numpy.py)
on the same generated files: each security-event's CAR over the event window, and each event's
t and Patell statistics, p-values and counts per event-window day and over the event window
(the tests both compute with the same definitions). EVSTUDY_CSV is `evstudy run --report
car,tests --format csv` output (sections "# report: car" and "# report: tests"). Prints how many
values were compared and the largest differences; exits 1 when a value differs by more than
REL relative (default 1e-9) plus 1e-15 absolute, when a count differs, or when
one side has a security-event or a test row the other lacks.
"""
import csv
import math
import sys


def sections(path):
    """The sections of a multi-report CSV: name -> list of row dicts."""
    out, name, header = {}, None, None
    with open(path, newline="") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# report: "):
                name, header = line[len("# report: "):], None
                out[name] = []
            elif name is not None and line:
                row = next(csv.reader([line]))
                if header is None:
                    header = row
                else:
                    out[name].append(dict(zip(header, row)))
    return out


def number(text):
    return float(text) if text not in ("", "nan", "NaN") else math.nan


FLOOR = 1e-15  # an absolute difference allowed on top of the relative one (values near 0)


class Differences:
    def __init__(self, tolerance):
        self.tolerance, self.count, self.worst, self.worst_abs, self.failures = tolerance, 0, 0.0, 0.0, []

    def check(self, what, ours, theirs):
        self.count += 1
        if math.isnan(ours) and math.isnan(theirs):
            return
        scale = max(abs(ours), abs(theirs))
        diff = abs(ours - theirs)
        if not (diff <= self.tolerance * scale + FLOOR):
            self.failures.append(f"{what}: evstudy {ours!r}, peer {theirs!r}")
        if not math.isnan(diff):
            self.worst_abs = max(self.worst_abs, diff)
            if scale >= 1e-6:  # relative differences of values near 0 say little
                self.worst = max(self.worst, diff / scale)

    def summary(self, what):
        return (f"{self.count} {what} (largest relative difference {self.worst:.1e} among those of 1e-6 or more, "
                f"largest absolute {self.worst_abs:.1e})")


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    tolerance = 1e-9
    if "--tolerance" in argv:
        tolerance = float(argv[argv.index("--tolerance") + 1])
        args.remove(argv[argv.index("--tolerance") + 1])
    if len(args) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    ours_path, car_path, tests_path = args
    ours = sections(ours_path)
    problems = []

    cars = Differences(tolerance)
    our_cars = {(r["event"], r["ticker"]): number(r["car"]) for r in ours.get("car", [])}
    with open(car_path, newline="") as f:
        their_cars = {(r["event_id"], r["ticker"]): number(r["car"]) for r in csv.DictReader(f)}
    for key in sorted(their_cars.keys() - our_cars.keys())[:3]:
        problems.append(f"CAR of {key[0]} {key[1]}: only the peer has it")
    for key in sorted(our_cars.keys() - their_cars.keys())[:3]:
        problems.append(f"CAR of {key[0]} {key[1]}: only evstudy has it")
    for key in sorted(our_cars.keys() & their_cars.keys()):
        cars.check(f"CAR of {key[0]} {key[1]}", our_cars[key], their_cars[key])

    tests = Differences(tolerance)
    our_tests = {(r["event"], r["scope"], r["test"]): r for r in ours.get("tests", [])
                 if r["group"] == "all" and r["test"] in ("t", "patell")}
    with open(tests_path, newline="") as f:
        their_tests = {(r["event_id"], r["scope"], r["test"]): r for r in csv.DictReader(f)}
    for key in sorted(their_tests.keys() - our_tests.keys())[:3]:
        problems.append(f"test {' '.join(key)}: only the peer has it")
    for key in sorted(our_tests.keys() & their_tests.keys()):
        a, b = our_tests[key], their_tests[key]
        tests.check(f"{' '.join(key)} statistic", number(a["statistic"]), number(b["statistic"]))
        tests.check(f"{' '.join(key)} p-value", number(a["p_value"]), number(b["p_value"]))
        if a["n"] != b["n"]:
            problems.append(f"{' '.join(key)}: n {a['n']} in evstudy, {b['n']} in the peer")

    problems += cars.failures[:5] + tests.failures[:5]
    print(f"agreement with the numpy peer: {cars.summary('CARs')}, {tests.summary('test statistics and p-values')}; "
          f"tolerance {tolerance:g} relative + {FLOOR:g}")
    for p in problems:
        print(f"  disagreement: {p}")
    if cars.count == 0 or tests.count == 0:
        print("  disagreement: nothing compared", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
