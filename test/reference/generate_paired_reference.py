#!/usr/bin/env python3
"""Reference values for the run comparison's verdict (src/core/metrics/paired-difference.ts, mcnemar.ts).

Run from the repository root:

    /usr/bin/python3 test/reference/generate_paired_reference.py

It writes test/reference/paired-reference.json, which test/unit/metrics/paired-difference.test.ts compares
against. Each table is the paired 2x2 table of two runs over the same cases: a = passed in both, b = passed in
base and failed in head, c = failed in base and passed in head, d = failed in both.

- mcnemar_p: statsmodels mcnemar([[a, b], [c, d]], exact=True).pvalue
- difference: head pass rate minus base pass rate, (c - b) / n
- difference_ci95: Newcombe's hybrid score interval for paired proportions (Newcombe 1998, method 10),
  written out here from its published formula on top of statsmodels' Wilson intervals
  (proportion_confint(method='wilson')), independently of the TypeScript code
- detectable_difference: Connor's (1987) sample size for McNemar's test, n(delta) =
  (z_a * sqrt(psi) + z_b * sqrt(psi - delta^2))^2 / delta^2, solved for n(delta) = n with scipy's brentq
  (the TypeScript code bisects a rearranged form of it), two-sided alpha 0.05, power 0.8, psi = (b + c) / n
"""

import json
import math
import platform
from pathlib import Path

import scipy
import statsmodels
from scipy.optimize import brentq
from scipy.stats import norm
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

OUT = Path(__file__).with_name("paired-reference.json")

# The z the results contract uses for 95% intervals (src/core/metrics/wilson.ts), and the alpha it stands for.
Z_95 = 1.959964
ALPHA = 2 * (1 - norm.cdf(Z_95))
Z_80 = norm.ppf(0.8)

TABLES = [
    (30, 8, 1, 1),
    (30, 1, 8, 1),
    (8, 5, 4, 9),
    (12, 2, 1, 21),
    (10, 0, 0, 12),
    (5, 0, 0, 0),
    (0, 3, 0, 0),
    (0, 0, 4, 0),
    (90, 4, 6, 20),
    (180, 15, 5, 40),
    (40, 10, 2, 8),
    (1, 0, 0, 0),
    (0, 1, 1, 0),
    (400, 12, 30, 58),
]


def newcombe_paired(a, b, c, d):
    n = a + b + c + d
    p1 = (a + c) / n  # head
    p2 = (a + b) / n  # base
    l1, u1 = proportion_confint(a + c, n, alpha=ALPHA, method="wilson")
    l2, u2 = proportion_confint(a + b, n, alpha=ALPHA, method="wilson")
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    phi = 0.0 if margins == 0 else (a * d - b * c) / math.sqrt(margins)
    theta = p1 - p2
    delta = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    epsilon = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return [max(-1.0, theta - delta), min(1.0, theta + epsilon)]


def connor_n(delta, psi):
    return (Z_95 * math.sqrt(psi) + Z_80 * math.sqrt(psi - delta * delta)) ** 2 / (delta * delta)


def detectable(n, discordant):
    if n == 0 or discordant == 0:
        return None
    psi = discordant / n
    if connor_n(psi, psi) > n:
        return None
    # n(delta) falls as delta grows; the smallest detectable delta is where it meets the n at hand.
    return brentq(lambda delta: connor_n(delta, psi) - n, 1e-9, psi, xtol=1e-14, rtol=1e-14)


def main():
    rows = []
    for a, b, c, d in TABLES:
        n = a + b + c + d
        rows.append(
            {
                "table": {"both_passed": a, "b": b, "c": c, "both_failed": d},
                "n": n,
                "mcnemar_p": float(mcnemar([[a, b], [c, d]], exact=True).pvalue),
                "difference": (c - b) / n,
                "difference_ci95": newcombe_paired(a, b, c, d),
                "detectable_difference": detectable(n, b + c),
            }
        )
    out = {
        "generated_by": "test/reference/generate_paired_reference.py",
        "versions": {"python": platform.python_version(), "scipy": scipy.__version__, "statsmodels": statsmodels.__version__},
        "z_95": Z_95,
        "z_80": Z_80,
        "tables": rows,
    }
    OUT.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
