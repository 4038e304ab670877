#!/usr/bin/env python3
"""Reference values for judge calibration (src/core/metrics/binary-agreement.ts, krippendorff-alpha.ts).

Run from the repository root:

    /usr/bin/python3 test/reference/generate_agreement_reference.py

It writes test/reference/agreement-reference.json, which test/unit/metrics/agreement.test.ts compares against.

- kappa: scikit-learn's cohen_kappa_score(human, judge); NaN (every verdict the same single class) is
  written as null, which is what aispec reports. The kappa interval: statsmodels' cohens_kappa on the 2x2 table.
- agreement interval: statsmodels' proportion_confint(method="wilson") with the contract's z.
- Krippendorff's alpha (nominal): the `krippendorff` package is not installed here, so it is computed below
  from the published formula (coincidence matrix, Krippendorff 2011) independently of the TypeScript code,
  with exact fractions; two textbook values check it: Krippendorff's own example (4 coders, 12 units,
  nominal alpha 0.743) and a perfect-agreement case. Undefined (no pairable values, or a single value) is null.
"""

import json
import math
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import stats
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import KappaResults, cohens_kappa
from statsmodels.stats.proportion import proportion_confint

OUT = Path(__file__).with_name("agreement-reference.json")
Z_95 = 1.959964
warnings.simplefilter("ignore")


def none_if_nan(x):
    x = float(x)
    return None if math.isnan(x) else x


def agreement_case(name, pairs):
    human = ["pass" if h else "fail" for h, _ in pairs]
    judge = ["pass" if j else "fail" for _, j in pairs]
    matrix = [[0, 0], [0, 0]]
    for h, j in pairs:
        matrix[0 if h else 1][0 if j else 1] += 1
    n = len(pairs)
    agreed = matrix[0][0] + matrix[1][1]
    alpha = 2 * stats.norm.sf(Z_95)
    kappa = none_if_nan(cohen_kappa_score(human, judge, labels=["pass", "fail"])) if n else None
    kappa_ci = None
    if kappa is not None:
        res = cohens_kappa(np.array(matrix, dtype=float))
        # cohens_kappa fixes its alpha; rebuilt at the contract's z (one-sided alpha), as generate_metrics_reference.py does.
        at_z = KappaResults(kind=res.kind, kappa=res.kappa, kappa_max=res.kappa_max, weights=res.weights,
                            var_kappa=max(0.0, float(res.var_kappa)), var_kappa0=res.var_kappa0, alpha=float(stats.norm.sf(Z_95)))
        kappa_ci = [max(-1.0, float(at_z.kappa_low)), min(1.0, float(at_z.kappa_upp))]
    ci = None
    if n:
        lo, hi = proportion_confint(agreed, n, alpha=alpha, method="wilson")
        ci = [0.0 if agreed == 0 else float(lo), 1.0 if agreed == n else float(hi)]
    return {
        "name": name,
        "pairs": [[h, j] for h, j in pairs],
        "n": n,
        "agreement": agreed / n if n else None,
        "agreement_ci95": ci,
        "kappa": kappa,
        "kappa_ci95": kappa_ci,
        "matrix": matrix,
    }


def alpha_nominal(units):
    """Krippendorff's alpha, nominal, from the coincidence matrix; units are lists of values (None = missing)."""
    o = {}
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    o[(a, b)] = o.get((a, b), Fraction(0)) + Fraction(1, m - 1)
    n_c = {}
    for (a, _), count in o.items():
        n_c[a] = n_c.get(a, Fraction(0)) + count
    n = sum(n_c.values(), Fraction(0))
    if n == 0:
        return None
    d_o = sum((count for (a, b), count in o.items() if a != b), Fraction(0))
    d_e = sum((n_c[a] * n_c[b] for a in n_c for b in n_c if a != b), Fraction(0))
    if d_e == 0:
        return None
    return float(1 - (n - 1) * d_o / d_e)


# Krippendorff (2011), section C: 4 observers, 12 units, nominal alpha = 0.743.
KRIPPENDORFF_EXAMPLE = [
    [1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
    [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1], [None, None, 3, None],
]


def main():
    rng = np.random.default_rng(13)
    cases = [
        agreement_case("perfect", [(True, True)] * 6 + [(False, False)] * 4),
        agreement_case("lenient judge", [(True, True)] * 10 + [(False, True)] * 6 + [(False, False)] * 4),
        agreement_case("strict judge", [(True, False)] * 3 + [(True, True)] * 7 + [(False, False)] * 5),
        agreement_case("all pass both", [(True, True)] * 5),
        agreement_case("human all pass, judge mixed", [(True, True)] * 4 + [(True, False)] * 2),
        agreement_case("total disagreement", [(True, False)] * 3 + [(False, True)] * 3),
        agreement_case("single pair", [(True, False)]),
    ]
    for i in range(4):
        size = int(rng.integers(8, 60))
        pairs = [(bool(rng.random() < 0.6), bool(rng.random() < 0.6)) for _ in range(size)]
        cases.append(agreement_case(f"random {i}", pairs))

    assert round(alpha_nominal(KRIPPENDORFF_EXAMPLE), 3) == 0.743
    alpha_cases = [
        {"name": "Krippendorff 2011 example", "units": KRIPPENDORFF_EXAMPLE},
        {"name": "two raters agree", "units": [[True, True], [False, False], [True, True]]},
        {"name": "two raters, one disagreement", "units": [[True, True], [False, False], [True, False], [True, True], [False, False]]},
        {"name": "three raters, some missing", "units": [[True, True, False], [False, False, None], [True, None, True], [None, False, True], [True, True, True]]},
        {"name": "single value only", "units": [[True, True], [True, True]]},
        {"name": "no pairable unit", "units": [[True], [False, None]]},
    ]
    for case in alpha_cases:
        case["alpha"] = alpha_nominal(case["units"])
        # The TypeScript function takes the present values only.
        case["units"] = [[v for v in unit if v is not None] for unit in case["units"]]
    OUT.write_text(json.dumps({"agreement": cases, "alpha": alpha_cases}, indent=1) + "\n")


if __name__ == "__main__":
    main()
