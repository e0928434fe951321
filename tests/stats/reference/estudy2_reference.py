#!/usr/bin/python3
"""Independent reference for tests/stats/estudy2_tests_test.cpp: estudy2 0.10.0's tests as
methods-estudy2.md specifies them (quirks included), written without evstudy's code, on the
data of event_tests_reference.py. Prints expected rows as C++ initializers.
Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 estudy2_reference.py
"""
import math
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
import event_tests_reference as ref  # noqa: E402  (its data; its output is not used)

NAN = float("nan")
isnan = ref.isnan
m, secs, D0, EST, WIN = ref.m, ref.secs, ref.D0, ref.EST, ref.WIN
CARS = ref.CARS
THRESHOLD = 90.0
names = sorted(secs)
N = len(names)
est_idx, win_idx = ref.est_idx, ref.win_idx

A_E, A_V, L, SAR = {}, {}, {}, {}
for n in names:
    r = secs[n]
    C = [k for k in est_idx if not isnan(r[k]) and not isnan(m[k])]
    x = np.array([m[k] for k in C]); y = np.array([r[k] for k in C])
    beta = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    alpha = y.mean() - beta * x.mean()
    A_E[n] = [r[k] - alpha - beta * m[k] if not (isnan(r[k]) or isnan(m[k])) else NAN for k in est_idx]
    A_V[n] = [r[k] - alpha - beta * m[k] if not (isnan(r[k]) or isnan(m[k])) else NAN for k in win_idx]
    L[n] = len(C)
    s = np.std([v for v in A_E[n] if not isnan(v)], ddof=1)           # sd: divisor L - 1
    mk = [m[k] for k in est_idx if not isnan(m[k])]                    # market-present days
    Mbar = np.mean(mk); SSM = sum((v - Mbar) ** 2 for v in mk)
    SAR[n] = [a / (s * math.sqrt(1 + 1 / L[n] + (m[k] - Mbar) ** 2 / SSM)) if not isnan(a) else NAN
              for a, k in zip(A_V[n], win_idx)]


def present(vals):
    return [v for v in vals if not isnan(v)]


def nstar(vals):   # N-scaled sum: N * mean of the non-missing
    p = present(vals)
    return N * np.mean(p) if p else NAN


Lbar = np.mean([L[n] for n in names])
S80 = math.sqrt(sum(np.var(present(A_E[n]), ddof=1) for n in names)) / N
est_means = [np.mean(present([A_E[n][j] for n in names])) for j in range(len(est_idx))
             if present([A_E[n][j] for n in names])]
S85 = float(np.std(est_means, ddof=1))
pat_den = math.sqrt(sum((L[n] - 2) / (L[n] - 4) for n in names))
first = names[0]
mk = [m[k] for k in est_idx if not isnan(m[k])]
lamb_M = np.mean(mk); lamb_SSM = sum((v - lamb_M) ** 2 for v in mk)
cells = [v for n in names for v in A_E[n] if not isnan(v)]
p_hat = sum(v > 0 for v in cells) / len(cells)


def rank_setup(window_positions):
    """Per security: values over W = E + the given window days, ranks, T_i, median."""
    out = {}
    for n in names:
        allv = A_E[n] + [A_V[n][k] for k in window_positions]
        vals = present(allv)
        rk = iter(stats.rankdata(vals))
        K = [NAN if isnan(v) else next(rk) for v in allv]
        out[n] = dict(v=allv, K=K, T=len(vals), med=float(np.median(vals)))
    return out


W = rank_setup(range(len(win_idx)))
Tbar = np.mean([W[n]["T"] for n in names])
P = len(est_idx) + len(win_idx)


def col(key_fn, p):
    return [key_fn(n, p) for n in names]


G = lambda n, p: NAN if isnan(W[n]["v"][p]) else float(np.sign(W[n]["v"][p] - W[n]["med"]))
Kd = lambda n, p: NAN if isnan(W[n]["K"][p]) else W[n]["K"][p] - (W[n]["T"] + 1) / 2
Ud = lambda n, p: NAN if isnan(W[n]["K"][p]) else W[n]["K"][p] / (W[n]["T"] + 1) - 0.5


def S_of(fn, root):
    tot = 0.0
    for p in range(P):
        c = col(fn, p); k = len(present(c))
        if k:
            tot += (nstar(c) / (math.sqrt(k) if root else k)) ** 2
    return math.sqrt(tot / Tbar)


S_cs, S_rank, S_mrank = S_of(G, True), S_of(Kd, False), S_of(Ud, True)
normp = lambda z: 2 * stats.norm.sf(abs(z))
tp = lambda t, df: 2 * stats.t.sf(abs(t), df)

rows = []
bw85, lamb, pct = [], [], []
for k in range(len(win_idx)):
    a = [A_V[n][k] for n in names]; sa = [SAR[n][k] for n in names]
    nt = len(present(a)); pct.append(100 * nt / N)
    mean = np.mean(present(a))
    out = []
    out.append(("bw1980", mean / S80, tp(mean / S80, Lbar - 1)))
    bw85.append(mean / S85); out.append(("bw-cda", bw85[-1], tp(bw85[-1], Lbar - 1)))
    t = mean / np.std(present(a), ddof=1) * math.sqrt(nt); out.append(("t", t, tp(t, nt - 1)))
    pz = nstar(sa) / pat_den; out.append(("patell", pz, normp(pz)))
    b = np.mean(present(sa)) / np.std(present(sa), ddof=1) * math.sqrt(nt); out.append(("bmp", b, tp(b, nt - 1)))
    lamb.append(mean / (S85 * math.sqrt(1 + 1 / Lbar + (m[win_idx[k]] - lamb_M) ** 2 / lamb_SSM)))
    out.append(("lamb", lamb[-1], normp(lamb[-1])))
    B = [NAN if isnan(v) else float(v > 0) for v in a]
    s = (nstar(B) - 0.5 * nt) / math.sqrt(0.25 * nt); out.append(("sign", s, normp(s)))
    g = (nstar(B) - nt * p_hat) / math.sqrt(nt * p_hat * (1 - p_hat)); out.append(("gsign", g, normp(g)))
    p = len(est_idx) + k
    c = nstar(col(G, p)) / math.sqrt(len(present(col(G, p)))) / S_cs; out.append(("cz-sign", c, normp(c)))
    r = nstar(col(Kd, p)) / len(present(col(Kd, p))) / S_rank; out.append(("corrado", r, normp(r)))
    u = nstar(col(Ud, p)) / math.sqrt(len(present(col(Ud, p)))) / S_mrank; out.append(("cz-rank", u, normp(u)))
    nz = [v for v in present(a) if v != 0]
    rk = stats.rankdata([abs(v) for v in nz])
    wplus = sum(rr for rr, v in zip(rk, nz) if v > 0)
    _, wp = ref.wilcoxon(nz)
    out.append(("wilcoxon", wplus * N / len(nz), wp))
    rows.append((str(WIN[0] + k), nt, out))

for (c1, c2) in CARS:
    ks = list(range(c1 - WIN[0], c2 - WIN[0] + 1))
    kept = [k for k in ks if pct[k] > THRESHOLD and pct[k] > 0]
    bw = sum(bw85[k] for k in kept) / math.sqrt(len(kept))
    lb = sum(lamb[k] for k in kept) / math.sqrt(len(kept))
    C = rank_setup(ks)
    Tc = np.mean([C[n]["T"] for n in names])
    Kbar = np.mean([(C[n]["T"] + 1) / 2 for n in names])
    Pc = len(est_idx) + len(ks)
    den = 0.0
    for p in range(Pc):
        v = present([C[n]["K"][p] for n in names])
        if v:
            den += (np.mean(v) - Kbar) ** 2
    keptc = []
    for j, k in enumerate(ks):
        v = present([C[n]["K"][len(est_idx) + j] for n in names])
        if 100 * len(v) / N > THRESHOLD:
            keptc.extend(v); keptc_days = None
    kdays = sum(1 for j, k in enumerate(ks) if 100 * len(present([C[n]["K"][len(est_idx) + j] for n in names])) / N > THRESHOLD)
    rk = math.sqrt(kdays) * (np.mean(keptc) - Kbar) / math.sqrt(den / Tc)
    rows.append((f"{c1}:{c2}", N, [("bw-cda", bw, normp(bw)), ("lamb", lb, normp(lb)), ("corrado", rk, normp(rk))]))

for scope, n, out in rows:
    for test, s, p in out:
        print(f'{{"{scope}", "{test}", {float(s)!r}, {float(p)!r}, {n}}},')
