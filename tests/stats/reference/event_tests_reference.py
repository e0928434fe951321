#!/usr/bin/python3
"""Independent reference for tests/stats/event_tests_test.cpp, written from methods.md alone
(it shares no code with evstudy). Prints the data as C++ literals and the expected statistics.
Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 event_tests_reference.py
"""
import math
import random

import numpy as np
from scipy import stats

random.seed(20260211)
NAN = float("nan")
DAYS = 20            # calendar indices 0..19; day 0 = index 16
D0 = 16
EST = (-15, -4)      # estimation window (offsets)
WIN = (-2, 2)        # event window
CARS = [(-1, 1), (0, 0), (-2, 2)]

m = [round(random.gauss(0.0005, 0.01), 6) for _ in range(DAYS)]
secs = {}
for name, beta, sd in (("AAA", 1.2, 0.012), ("BBB", 0.8, 0.009), ("CCC", 1.0, 0.015)):
    r = [round(0.0002 + beta * x + random.gauss(0, sd), 6) for x in m]
    secs[name] = r
for k in range(D0 - 1, D0 + 2):   # an event effect on days -1..1
    secs["AAA"][k] += 0.02
    secs["BBB"][k] += 0.015
    secs["CCC"][k] -= 0.004
secs["BBB"][D0 - 10] = NAN        # a missing estimation return
secs["CCC"][D0 + 1] = NAN         # a missing event-window return: CCC lacks day 1


def isnan(x):
    return x != x


est_idx = list(range(D0 + EST[0], D0 + EST[1] + 1))
win_idx = list(range(D0 + WIN[0], D0 + WIN[1] + 1))
res = {}
for name, r in secs.items():
    S = [k for k in est_idx if not isnan(r[k]) and not isnan(m[k])]
    L = len(S)
    x = np.array([m[k] for k in S]); y = np.array([r[k] for k in S])
    mx, my = x.mean(), y.mean()
    smm = ((x - mx) ** 2).sum()
    beta = ((x - mx) * (y - my)).sum() / smm
    alpha = my - beta * mx
    e = y - alpha - beta * x
    s2 = (e ** 2).sum() / (L - 2)
    est_res = [r[k] - alpha - beta * m[k] if not isnan(r[k]) else NAN for k in est_idx]
    ar = [r[k] - alpha - beta * m[k] if not isnan(r[k]) else NAN for k in win_idx]
    C = [1 + 1 / L + (m[k] - mx) ** 2 / smm for k in win_idx]
    sar = [a / math.sqrt(s2 * c) if not isnan(a) else NAN for a, c in zip(ar, C)]
    cars = []
    for (c1, c2) in CARS:
        ks = list(range(c1 - WIN[0], c2 - WIN[0] + 1))
        if any(isnan(ar[k]) for k in ks):
            cars.append((NAN, NAN, NAN)); continue
        car = sum(ar[k] for k in ks)
        dev = sum(m[win_idx[k]] - mx for k in ks)
        mm = len(ks)
        var = s2 * (mm + mm * mm / L + dev * dev / smm)
        csar = sum(sar[k] for k in ks) / math.sqrt(mm)
        cars.append((car, car / math.sqrt(var), csar))
    present = [v for v in est_res if not isnan(v)]
    res[name] = dict(L=L, df=L - 2, s2_bw=np.var(present, ddof=1), ppos=sum(v > 0 for v in present) / len(present),
                     est=est_res, ar=ar, sar=sar, cars=cars)

names = sorted(res)
N_all = len(names)
# r-bar: mean pairwise Pearson correlation of estimation residuals (pairwise complete)
cors = []
for i in range(N_all):
    for j in range(i + 1, N_all):
        a, b = res[names[i]]["est"], res[names[j]]["est"]
        pts = [(u, v) for u, v in zip(a, b) if not isnan(u) and not isnan(v)]
        cors.append(np.corrcoef([p[0] for p in pts], [p[1] for p in pts])[0, 1])
rbar = float(np.mean(cors))
# BW CDA: portfolio residual series over estimation days
port = []
for j in range(len(est_idx)):
    vals = [res[n]["est"][j] for n in names if not isnan(res[n]["est"][j])]
    if vals:
        port.append(np.mean(vals))
S_cda = float(np.std(port, ddof=1)); L_cda = len(port)
# Corrado-Zivney U and signs over estimation + event days
U = {}; G = {}
for n in names:
    allv = res[n]["est"] + res[n]["ar"]
    vals = [v for v in allv if not isnan(v)]
    T = len(vals)
    rk = stats.rankdata(vals)
    it = iter(rk)
    U[n] = [NAN if isnan(v) else next(it) / (T + 1) - 0.5 for v in allv]
    med = float(np.median(vals))
    G[n] = [NAN if isnan(v) else float(np.sign(v - med)) for v in allv]
P = len(est_idx) + len(win_idx)


def scale(D, who):
    tot = 0.0; T = 0
    for p in range(P):
        v = [D[n][p] for n in who if not isnan(D[n][p])]
        if v:
            tot += (sum(v) / math.sqrt(len(v))) ** 2; T += 1
    return math.sqrt(tot / T)


SU = scale(U, names); SG = scale(G, names)


def daily_rank(D, S, who, k):
    v = [D[n][len(est_idx) + k] for n in who if not isnan(D[n][len(est_idx) + k])]
    return sum(v) / math.sqrt(len(v)) / S


def wilcoxon(x):
    x = [v for v in x if v != 0]
    n = len(x)
    rk = stats.rankdata([abs(v) for v in x])
    w = sum(r for r, v in zip(rk, x) if v > 0)
    # exact (n small, no ties here): enumerate
    from itertools import product
    sums = [sum((i + 1) for i, b in enumerate(bits) if b) for bits in product([0, 1], repeat=n)]
    lo = sum(s <= w for s in sums) / len(sums); hi = sum(s >= w for s in sums) / len(sums)
    return w, min(1.0, 2 * min(lo, hi))


def tests(who, x, z, pat, mdays, corr, czs):
    N = len(who)
    out = {}
    xm = np.mean(x); xs = np.std(x, ddof=1)
    t = xm / (xs / math.sqrt(N)); out["t"] = (t, 2 * stats.t.sf(abs(t), N - 1))
    bw = xm / (math.sqrt(mdays) * math.sqrt(sum(res[n]["s2_bw"] for n in who)) / N); out["bw1980"] = (bw, 2 * stats.norm.sf(abs(bw)))
    cda = xm / (math.sqrt(mdays) * S_cda); out["bw-cda"] = (cda, 2 * stats.t.sf(abs(cda), L_cda - 1))
    vs = sum(res[n]["df"] / (res[n]["df"] - 2) for n in who)
    pz = sum(pat) / math.sqrt(vs); out["patell"] = (pz, 2 * stats.norm.sf(abs(pz)))
    kpz = pz * math.sqrt(1 / (1 + (N - 1) * rbar)); out["kp-patell"] = (kpz, 2 * stats.norm.sf(abs(kpz)))
    b = np.mean(z) / (np.std(z, ddof=1) / math.sqrt(N)); out["bmp"] = (b, 2 * stats.t.sf(abs(b), N - 1))
    kb = b * math.sqrt((1 - rbar) / (1 + (N - 1) * rbar)); out["kp-bmp"] = (kb, 2 * stats.t.sf(abs(kb), N - 1))
    out["corrado"] = (corr, 2 * stats.norm.sf(abs(corr)))
    out["cz-sign"] = (czs, 2 * stats.norm.sf(abs(czs)))
    npos = sum(v > 0 for v in x)
    s = (npos - 0.5 * N) / math.sqrt(0.25 * N); out["sign"] = (s, 2 * stats.norm.sf(abs(s)))
    ph = np.mean([res[n]["ppos"] for n in who])
    g = (npos - N * ph) / math.sqrt(N * ph * (1 - ph)); out["gsign"] = (g, 2 * stats.norm.sf(abs(g)))
    out["wilcoxon"] = wilcoxon(x)
    return out


rows = []
for k in range(len(win_idx)):
    who = [n for n in names if not isnan(res[n]["ar"][k])]
    x = [res[n]["ar"][k] for n in who]; z = [res[n]["sar"][k] for n in who]
    rows.append((str(WIN[0] + k), len(who), tests(who, x, z, z, 1.0, daily_rank(U, SU, names, k), daily_rank(G, SG, names, k))))
for w, (c1, c2) in enumerate(CARS):
    who = [n for n in names if not isnan(res[n]["cars"][w][0])]
    mm = c2 - c1 + 1
    ks = range(c1 - WIN[0], c2 - WIN[0] + 1)
    corr = sum(daily_rank(U, SU, who, k) for k in ks) / math.sqrt(mm)
    czs = sum(daily_rank(G, SG, who, k) for k in ks) / math.sqrt(mm)
    rows.append((f"{c1}:{c2}", len(who), tests(who, [res[n]["cars"][w][0] for n in who], [res[n]["cars"][w][1] for n in who],
                                               [res[n]["cars"][w][2] for n in who], float(mm), corr, czs)))

def lit(v):
    return "missing" if isnan(v) else repr(float(v))


if __name__ == "__main__":
    print("// market")
    print("{" + ", ".join(lit(v) for v in m) + "}")
    for n in names:
        print(f"// {n}")
        print("{" + ", ".join(lit(v) for v in secs[n]) + "}")
    print(f"// rbar {rbar!r}")
    print("// scope, test, statistic, p_value, n")
    for scope, n, out in rows:
        for test, (s, p) in out.items():
            print(f'{{"{scope}", "{test}", {float(s)!r}, {float(p)!r}, {n}}},')
