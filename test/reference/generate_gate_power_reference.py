#!/usr/bin/env python3
"""Reference values for src/core/metrics/gate-power.ts, computed with statsmodels' Wilson interval.

Run from the repository root:

    /usr/bin/python3 test/reference/generate_gate_power_reference.py

It writes test/reference/gate-power-reference.json, which test/unit/metrics/gate-power.test.ts compares
against. Everything is found by brute force over statsmodels `proportion_confint(method='wilson')`, never
with the closed forms or the search the TypeScript uses, so the two are independent. On Debian the libraries
are the python3-statsmodels and python3-scipy packages.

- minPassing: for n cases and a minimum gate, the smallest number of passing cases k (0..n) whose 95% Wilson
  lower bound is >= the gate; null when not even n of n is enough.
- casesNeeded: for an assumed rate p (the last run's) and a gate, the smallest n whose Wilson lower bound at
  the observed proportion p (count p*n, not rounded to a whole case) is >= the gate, scanning every n from 1;
  null when p <= gate (the lower bound never exceeds the observed rate). The scan also asserts that every
  larger n up to the scan's end clears the gate too, i.e. that "n or more cases" is what the number means.
- intervalAtRate: the Wilson interval of the proportion p observed over n cases (count p*n).
"""

import json
import platform
import sys
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

OUT = Path(__file__).with_name("gate-power-reference.json")

# The z the results contract uses for every 95% interval.
Z_95 = 1.959964
ALPHA = 2 * stats.norm.sf(Z_95)
# The z statsmodels actually uses for ALPHA; the TypeScript test passes exactly this z.
CRIT = float(stats.norm.isf(ALPHA / 2))
assert abs(CRIT - Z_95) < 1e-12, CRIT

GATES = [0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99, 1.0]
SCAN_END = 400_000


def lower_bounds(count, nobs):
    lower, _ = proportion_confint(count, nobs, alpha=ALPHA, method="wilson")
    return np.asarray(lower, dtype=float)


def min_passing_cases():
    cases = []
    for n in [1, 2, 3, 5, 10, 19, 20, 21, 30, 40, 50, 60, 75, 100, 150, 200, 250, 500, 1000, 5000]:
        ks = np.arange(0, n + 1)
        lower = lower_bounds(ks, np.full(ks.shape, n))
        for gate in GATES:
            clears = np.nonzero(lower >= gate)[0]
            cases.append({"n": n, "gate": gate, "z": CRIT, "k": int(ks[clears[0]]) if clears.size else None})
    return cases


def cases_needed_cases():
    cases = []
    nobs = np.arange(1, SCAN_END + 1, dtype=float)
    for rate in [0.5, 0.6, 0.75, 0.8, 0.85, 0.86, 0.9, 0.92, 0.95, 0.97, 0.98, 0.99, 0.995, 1.0]:
        lower = lower_bounds(rate * nobs, nobs)
        for gate in GATES[:-1]:
            if rate <= gate:
                assert not np.any(lower >= gate), (rate, gate)
                cases.append({"rate": rate, "gate": gate, "z": CRIT, "n": None})
                continue
            clears = lower >= gate
            first = np.nonzero(clears)[0]
            assert first.size > 0, (rate, gate)
            assert np.all(clears[first[0]:]), ("not monotone", rate, gate)
            cases.append({"rate": rate, "gate": gate, "z": CRIT, "n": int(nobs[first[0]])})
    return cases


def interval_at_rate_cases():
    cases = []
    for n in [1, 5, 20, 60, 333]:
        for rate in [0.0, 0.1, 0.5, 0.85, 0.92, 0.97, 1.0]:
            lo, hi = proportion_confint(rate * n, n, alpha=ALPHA, method="wilson")
            cases.append({"rate": rate, "n": n, "z": CRIT, "interval": [float(lo), float(hi)]})
    return cases


def main():
    reference = {
        "generated_by": "test/reference/generate_gate_power_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "notes": [
            "z is the critical value statsmodels used, norm.isf(alpha/2) with alpha = 2*norm.sf(1.959964).",
            "casesNeeded scans n = 1..%d and asserts the gate stays cleared beyond the first n." % SCAN_END,
        ],
        "minPassing": min_passing_cases(),
        "casesNeeded": cases_needed_cases(),
        "intervalAtRate": interval_at_rate_cases(),
    }
    text = json.dumps(reference, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    counts = {key: len(value) for key, value in reference.items() if isinstance(value, list) and key != "notes"}
    print(f"wrote {OUT} ({len(text)} bytes): {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
