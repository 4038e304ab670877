#!/usr/bin/env python3
"""Reference values for src/core/metrics, computed with scikit-learn, statsmodels, scipy and numpy.

Run from the repository root:

    /usr/bin/python3 test/reference/generate_metrics_reference.py

It writes test/reference/metrics-reference.json, which test/unit/metrics/*.test.ts compare against. The output
is deterministic (seeded), so regenerating with the same library versions changes nothing; the versions used
are recorded in the JSON. On Debian the libraries are the python3-sklearn, python3-statsmodels and
python3-scipy packages.

Undefined values (NaN, or inputs the reference library rejects) are written as null, which is what the
TypeScript library must return for them. How each null is established is stated per section below.
"""

import json
import math
import platform
import sys
import warnings
from decimal import Decimal, getcontext
from pathlib import Path

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    multilabel_confusion_matrix,
    precision_recall_curve,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
    roc_auc_score,
)
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.inter_rater import KappaResults, cohens_kappa
from statsmodels.stats.proportion import proportion_confint

OUT = Path(__file__).with_name("metrics-reference.json")

# Stands in for every prediction that is not a label (null or an unknown string) when calling sklearn.
SENTINEL = "\u0000unparsed"

# The z the results contract uses for pass_rate_ci95.
Z_95 = 1.959964

warnings.simplefilter("ignore")  # sklearn's UndefinedMetricWarning and numpy's 0/0 warnings are expected


def none_if_nan(x):
    x = float(x)
    return None if math.isnan(x) else x


def close(a, b, tol=1e-12):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------------------------------- Wilson


def alpha_for_z(z):
    """The alpha for which statsmodels uses crit = norm.isf(alpha / 2) = z (up to rounding)."""
    return 2 * stats.norm.sf(z)


def wilson_95(successes, n):
    """statsmodels' Wilson interval at the contract's z, or None for n = 0."""
    if n == 0:
        return None
    lo, hi = proportion_confint(successes, n, alpha=alpha_for_z(Z_95), method="wilson")
    return [float(lo), float(hi)]


def wilson_cases():
    cases = []
    zs = [
        Z_95,
        float(stats.norm.isf(0.025)),  # statsmodels' own default (alpha = 0.05)
        float(stats.norm.isf(0.05)),  # 90%
        float(stats.norm.isf(0.005)),  # 99%
        1.0,
    ]
    rng = np.random.default_rng(1)
    ns = [1, 2, 3, 5, 10, 20, 30, 50, 100, 257, 1000, 12345]
    for z in zs:
        alpha = alpha_for_z(z)
        crit = float(stats.norm.isf(alpha / 2))
        assert abs(crit - z) < 1e-12, (crit, z)
        for n in ns:
            ks = sorted({0, 1, n // 2, n - 1, n, int(rng.integers(0, n + 1))} & set(range(n + 1)))
            for k in ks:
                lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
                # `crit` is the z statsmodels actually used; the TypeScript test passes exactly this z.
                cases.append({"successes": k, "n": n, "z": crit, "interval": [float(lo), float(hi)]})
        # n = 0: statsmodels divides by zero; no cases means no interval.
        cases.append({"successes": 0, "n": 0, "z": crit, "interval": None})
    return cases


def min_cases_for_gate_cases():
    """Smallest n whose all-pass Wilson lower bound (statsmodels) is >= gate, by brute force over n."""
    cases = []
    nobs = np.arange(1, 200001)
    for z in [Z_95, float(stats.norm.isf(0.05)), float(stats.norm.isf(0.005))]:
        alpha = alpha_for_z(z)
        crit = float(stats.norm.isf(alpha / 2))
        lower, _ = proportion_confint(nobs, nobs, alpha=alpha, method="wilson")
        for gate in [0.05, 0.2, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, 0.9999]:
            reached = np.nonzero(lower >= gate)[0]
            assert reached.size > 0, gate
            cases.append({"gate": gate, "z": crit, "n": int(nobs[reached[0]])})
    return cases


# ------------------------------------------------------------------------------------------- Classification


def classification_reference(name, labels, expected, predicted):
    """sklearn >= 1.4 semantics with zero_division=np.nan, derived from the installed sklearn.

    sklearn < 1.3 has no zero_division=np.nan, so each per-class value is computed with zero_division=0 and
    with zero_division=1: a value that depends on that choice is exactly one sklearn calls ill-defined, and
    it becomes null. For F1 this reproduces sklearn >= 1.4 (F1 = 2tp / (support + predicted), NaN only when
    both are 0), which is asserted against those counts. Averages follow sklearn >= 1.3 `_nanaverage`: only
    labels with a defined F1 enter; they are computed by sklearn's f1_score restricted to those labels.
    """
    n = len(expected)
    k = len(labels)
    if n == 0:
        return {
            "name": name,
            "source": "by definition: sklearn rejects empty input; every ratio is 0/0",
            "labels": labels,
            "expected": expected,
            "predicted": predicted,
            "matrix": [[0] * k for _ in range(k)],
            "unparsed": [0] * k,
            "per_class": {l: {"precision": None, "recall": None, "f1": None, "support": 0,
                              "precision_ci95": None, "recall_ci95": None} for l in labels},
            "accuracy": None,
            "accuracy_ci95": None,
            "macro_f1": None,
            "weighted_f1": None,
            "kappa": None,
            "kappa_ci95": None,
        }
    y_true = np.array(expected, dtype=object)
    y_pred = np.array([p if p in labels else SENTINEL for p in predicted], dtype=object)

    cm = confusion_matrix(y_true, y_pred, labels=labels + [SENTINEL])
    assert cm[k, :].sum() == 0  # no case expects the sentinel
    matrix = cm[:k, :k].tolist()
    unparsed = cm[:k, k].tolist()

    p0, r0, f0, s0 = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None, zero_division=0)
    p1, r1, f1, s1 = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None, zero_division=1)
    assert (s0 == s1).all()

    # The counts sklearn works from, for the >= 1.4 F1 cross-check.
    mcm = multilabel_confusion_matrix(y_true, y_pred, labels=labels)
    tp = mcm[:, 1, 1]
    pred_sum = tp + mcm[:, 0, 1]
    true_sum = tp + mcm[:, 1, 0]

    def defined(a, b):
        return float(a) if a == b else None

    per_class = {}
    for i, label in enumerate(labels):
        f1_value = defined(f0[i], f1[i])
        denom = int(true_sum[i] + pred_sum[i])
        f1_count_form = None if denom == 0 else 2 * int(tp[i]) / denom
        assert close(f1_value, f1_count_form), (name, label, f1_value, f1_count_form)
        per_class[label] = {
            "precision": defined(p0[i], p1[i]),
            "recall": defined(r0[i], r1[i]),
            "f1": f1_value,
            "support": int(s0[i]),
            # Wilson intervals of the two proportions: tp of the predicted, tp of the support.
            "precision_ci95": wilson_95(int(tp[i]), int(pred_sum[i])),
            "recall_ci95": wilson_95(int(tp[i]), int(true_sum[i])),
        }

    defined_labels = [l for l in labels if per_class[l]["f1"] is not None]
    macro = weighted = None
    if defined_labels:
        macro = float(f1_score(y_true, y_pred, labels=defined_labels, average="macro", zero_division=0))
        weighted = float(f1_score(y_true, y_pred, labels=defined_labels, average="weighted", zero_division=0))
        # The same numbers as sklearn >= 1.3's _nanaverage over all labels.
        f1s = np.array([np.nan if per_class[l]["f1"] is None else per_class[l]["f1"] for l in labels])
        assert close(macro, float(np.nanmean(f1s)))
        mask = ~np.isnan(f1s)
        assert close(weighted, float(np.average(f1s[mask], weights=np.array(s0)[mask])))

    # Kappa over labels + the sentinel: unparsed predictions are disagreements, not dropped cases.
    kappa = none_if_nan(cohen_kappa_score(y_true, y_pred, labels=labels + [SENTINEL]))
    correct = int(np.trace(cm[:k, :k]))

    return {
        "name": name,
        "source": "sklearn",
        "labels": labels,
        "expected": expected,
        "predicted": predicted,
        "matrix": matrix,
        "unparsed": unparsed,
        "per_class": per_class,
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "accuracy_ci95": wilson_95(correct, n),
        "macro_f1": macro,
        "weighted_f1": weighted,
        "kappa": kappa,
        "kappa_ci95": kappa_interval(cm, kappa, Z_95)["interval"],
    }


_classification_cache = []


def classification_cases_cached():
    if not _classification_cache:
        _classification_cache.extend(classification_cases())
    return _classification_cache


def classification_cases():
    cases = []
    abc = ["a", "b", "c"]
    edge = [
        ("all correct", abc, ["a", "b", "c", "a", "b", "c", "a"], ["a", "b", "c", "a", "b", "c", "a"]),
        ("all wrong", abc, ["a", "b", "c", "a", "b", "c"], ["b", "c", "a", "c", "a", "b"]),
        ("label never predicted", abc, ["a", "b", "c", "c", "a", "b"], ["a", "b", "a", "b", "a", "b"]),
        ("label never expected but predicted", abc, ["a", "b", "a", "b", "a"], ["a", "c", "a", "b", "c"]),
        ("label neither expected nor predicted", abc, ["a", "b", "a", "b", "a"], ["a", "b", "b", "b", "a"]),
        ("single label everywhere", abc, ["a", "a", "a", "a"], ["a", "a", "a", "a"]),
        ("single label expected, another predicted", abc, ["a", "a", "a"], ["b", "b", "b"]),
        ("single case right", abc, ["b"], ["b"]),
        ("single case wrong", abc, ["b"], ["c"]),
        ("single case unparsed", abc, ["b"], [None]),
        ("empty", abc, [], []),
        ("all unparsed", abc, ["a", "b", "c", "a"], [None, "zzz", None, "A"]),
        ("majority predictor", ["yes", "no"], ["yes"] * 9 + ["no"] * 3, ["yes"] * 12),
        ("binary", ["refuse", "answer"], ["refuse", "answer", "answer", "refuse", "answer", "answer", "refuse", "answer"],
         ["refuse", "answer", "refuse", "refuse", "answer", "answer", "answer", "answer"]),
        ("unparsed in one row", abc, ["a", "a", "a", "b", "b", "c", "c"], ["a", None, "nonsense", "b", "b", "c", "a"]),
        ("unparsed only where otherwise perfect", abc, ["a", "b", "c", "a", "b", "c"], ["a", "b", "c", None, None, None]),
        ("worse than chance", ["x", "y"], ["x", "x", "y", "y", "x", "y"], ["y", "y", "x", "x", "y", "x"]),
        ("labels that are Object.prototype keys", ["__proto__", "constructor", "toString"],
         ["__proto__", "constructor", "toString", "__proto__", "constructor"],
         ["__proto__", "toString", "toString", "constructor", None]),
        ("non-ascii labels", ["réponse", "拒绝", "🙂"], ["réponse", "拒绝", "🙂", "拒绝"], ["réponse", "🙂", "🙂", "拒绝"]),
    ]
    for name, labels, expected, predicted in edge:
        cases.append(classification_reference(name, labels, expected, predicted))

    for seed in range(40):
        rng = np.random.default_rng(1000 + seed)
        k = int(rng.integers(2, 7))
        labels = [f"label{i}" for i in range(k)]
        n = int(rng.integers(1, 160)) if seed % 10 else 1200
        weights = rng.dirichlet(np.full(k, 0.8))
        if seed % 4 == 1:
            weights[-1] = 0  # a label no case expects
            weights /= weights.sum()
        expected = [labels[i] for i in rng.choice(k, size=n, p=weights)]
        skill = float(rng.uniform(0, 1))
        unparsed_rate = [0.0, 0.0, 0.05, 0.25][seed % 4]
        never_predicted = labels[0] if seed % 5 == 2 else None
        predicted = []
        for e in expected:
            u = rng.random()
            if u < unparsed_rate:
                predicted.append(None if rng.random() < 0.5 else "unknown-label")
            elif rng.random() < skill:
                predicted.append(e)
            else:
                predicted.append(labels[int(rng.integers(0, k))])
            if never_predicted is not None and predicted[-1] == never_predicted:
                predicted[-1] = labels[1]
        cases.append(classification_reference(f"random seed {seed} (k={k}, n={n})", labels, expected, predicted))
    return cases


# ------------------------------------------------------------------------------------ Scores and thresholds


def score_cases():
    """(name, is_positive, scores) inputs shared by ROC AUC and the precision-recall curve."""
    cases = [
        ("perfect separation", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]),
        ("inverted", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]),
        ("all scores tied", [0, 1, 1, 0, 1], [0.5, 0.5, 0.5, 0.5, 0.5]),
        ("ties across classes", [0, 1, 0, 1, 1, 0, 1], [0.3, 0.3, 0.7, 0.7, 0.9, 0.1, 0.3]),
        ("one positive one negative", [1, 0], [0.4, 0.6]),
        ("only positives", [1, 1, 1], [0.2, 0.5, 0.9]),
        ("only negatives", [0, 0, 0], [0.2, 0.5, 0.5]),
        ("single case", [1], [0.7]),
        ("empty", [], []),
        ("logits, negative and large", [0, 1, 1, 0, 1, 0], [-12.5, 3.25, 1e6, -0.0, 7.0, 7.0]),
        ("sklearn docstring example", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
    ]
    for seed in range(30):
        rng = np.random.default_rng(2000 + seed)
        n = int(rng.integers(2, 160)) if seed % 10 else 600
        y = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
        separation = rng.uniform(-0.5, 2.5)
        s = rng.normal(0, 1, n) + separation * y
        s = 1 / (1 + np.exp(-s))
        decimals = [1, 2, 3, None][seed % 4]  # rounding makes ties, some across classes
        if decimals is not None:
            s = np.round(s, decimals)
        cases.append((f"random seed {seed} (n={n})", y.tolist(), [float(v) for v in s]))
    return cases


def roc_auc(y, s):
    if not y:
        return None, "sklearn rejects empty input"
    try:
        return float(roc_auc_score(np.array(y), np.array(s))), "sklearn"
    except ValueError as error:
        return None, f"sklearn raises: {error}"


def precision_recall_curve_reference(y, s):
    """sklearn's arrays without its synthetic last point (precision 1, recall 0, no threshold)."""
    if not y:
        return {"thresholds": [], "precision": [], "recall": [],
                "source": "by definition: no cases, no thresholds (sklearn rejects empty input)"}
    precision, recall, thresholds = precision_recall_curve(np.array(y), np.array(s))
    assert precision[-1] == 1 and recall[-1] == 0 and len(thresholds) == len(precision) - 1
    no_positives = sum(y) == 0
    return {
        "thresholds": [float(t) for t in thresholds],
        "precision": [float(p) for p in precision[:-1]],
        # sklearn sets recall to 1 (with a warning) when there is no positive case; it is 0/0, so null.
        "recall": [None] * len(thresholds) if no_positives else [float(r) for r in recall[:-1]],
        "source": "sklearn" + ("; recall 0/0 -> null (sklearn reports 1)" if no_positives else ""),
    }


def precision_recall_at_reference(y, s):
    """precision_score / recall_score on scores >= t; a value that depends on zero_division is null."""
    if not y:
        return []
    y_arr, s_arr = np.array(y), np.array(s)
    candidates = sorted(set(s))
    thresholds = {candidates[0], candidates[-1], candidates[len(candidates) // 2], candidates[0] - 1, candidates[-1] + 1}
    if len(candidates) > 1:
        thresholds.add((candidates[0] + candidates[1]) / 2)
    out = []
    for t in sorted(thresholds):
        pred = (s_arr >= t).astype(int)
        p0, p1 = precision_score(y_arr, pred, zero_division=0), precision_score(y_arr, pred, zero_division=1)
        r0, r1 = recall_score(y_arr, pred, zero_division=0), recall_score(y_arr, pred, zero_division=1)
        out.append({"threshold": float(t), "precision": float(p0) if p0 == p1 else None,
                    "recall": float(r0) if r0 == r1 else None})
    return out


def scored_cases():
    out = []
    for name, y, s in score_cases():
        auc, auc_source = roc_auc(y, s)
        out.append({
            "name": name,
            "isPositive": [bool(v) for v in y],
            "scores": s,
            "rocAuc": auc,
            "rocAucSource": auc_source,
            "curve": precision_recall_curve_reference(y, s),
            "at": precision_recall_at_reference(y, s),
        })
    return out


# ------------------------------------------------------------------------------------------------ McNemar


def mcnemar_cases():
    pairs = [
        (0, 0), (0, 1), (1, 0), (1, 1), (0, 5), (5, 0), (1, 9), (2, 8), (5, 5), (3, 12), (12, 3), (10, 25),
        (0, 20), (25, 10), (40, 60), (100, 140), (0, 1000), (1000, 0), (1, 1000), (450, 550), (499, 501),
        (4000, 4200), (20000, 20500), (49000, 51000), (100000, 100800), (300, 700), (123456, 124321),
    ]
    rng = np.random.default_rng(3)
    for _ in range(30):
        total = int(rng.integers(1, 5000))
        b = int(rng.binomial(total, rng.uniform(0.2, 0.8)))
        pairs.append((b, total - b))
    out = []
    for b, c in pairs:
        result = mcnemar([[0, b], [c, 0]], exact=True)
        out.append({"b": b, "c": c, "statistic": int(result.statistic), "pValue": float(result.pvalue)})
    return out


def binomial_pmf_cases():
    """scipy's binom.pmf, for the saddle-point point mass behind the large-n McNemar p-values."""
    out = []
    for n, p in [(1, 0.5), (16, 0.5), (17, 0.3), (100, 0.5), (1001, 0.5), (5000, 0.1), (100000, 0.5), (1000000, 0.5)]:
        for k in sorted({0, 1, n // 3, n // 2, n - 1, n, int(n * p) + 1} & set(range(n + 1))):
            out.append({"k": k, "n": n, "p": p, "pmf": float(stats.binom.pmf(k, n, p))})
    return out


def stirling_error_cases():
    """stirlerr(n) = ln n! - (n + 1/2) ln n + n - ln sqrt(2 pi), in 50-digit decimal arithmetic."""
    getcontext().prec = 50
    pi = Decimal("3.14159265358979323846264338327950288419716939937510582097494459")
    half_ln_2pi = (2 * pi).ln() / 2
    out = []
    ln_factorial = Decimal(0)
    wanted = {1, 2, 10, 15, 16, 20, 35, 36, 50, 80, 81, 200, 500, 501, 2000, 20000}
    for n in range(1, max(wanted) + 1):
        ln_factorial += Decimal(n).ln()
        if n in wanted:
            N = Decimal(n)
            value = ln_factorial - (N + Decimal("0.5")) * N.ln() + N - half_ln_2pi
            out.append({"n": n, "value": float(value)})
    return out


# ----------------------------------------------------------------------------------------- Kappa interval


def kappa_interval(table, kappa, z):
    """statsmodels cohens_kappa's asymptotic interval (kappa_low, kappa_upp) at critical value z.

    `table` is the (k+1)x(k+1) confusion matrix over labels + the unparsed sentinel (the sentinel row is all
    zeros). cohens_kappa fixes alpha at 0.025 per side; KappaResults is rebuilt with alpha = norm.sf(z) so
    that its critical value norm.isf(alpha) is z (to ~1e-16), and that critical value is recorded.
    Undefined kappa (no cases, or chance agreement 1) has no interval: null.
    """
    alpha = float(stats.norm.sf(z))
    crit = float(stats.norm.isf(alpha))
    if kappa is None or table.sum() == 0:
        return {"z": crit, "raw": None, "interval": None, "std": None}
    res = cohens_kappa(np.asarray(table, dtype=float))
    assert close(float(res.kappa), kappa, 1e-12), (res.kappa, kappa)
    var_kappa = float(res.var_kappa)
    if var_kappa < 0:
        # Exactly 0 in exact arithmetic (kappa = 1: every case agrees); rounding leaves about -4e-17, whose
        # square root statsmodels reports as NaN. The reference takes the exact value, 0.
        assert var_kappa > -1e-15, var_kappa
        var_kappa = 0.0
    at_z = KappaResults(kind=res.kind, kappa=res.kappa, kappa_max=res.kappa_max, weights=res.weights,
                        var_kappa=var_kappa, var_kappa0=res.var_kappa0, alpha=alpha)
    raw = [float(at_z.kappa_low), float(at_z.kappa_upp)]
    # The interval the results report: kappa's range is [-1, 1], and the normal approximation can pass 1.
    return {"z": crit, "raw": raw, "interval": [max(-1.0, raw[0]), min(1.0, raw[1])], "std": float(at_z.std_kappa)}


def res_has_variance(table):
    return not math.isnan(float(cohens_kappa(table).std_kappa))


def kappa_interval_cases():
    """Kappa intervals at the contract's z and at statsmodels' own default (alpha 0.025 per side)."""
    out = []
    for ref in classification_cases_cached():
        labels = ref["labels"]
        k = len(labels)
        table = np.zeros((k + 1, k + 1))
        table[:k, :k] = np.array(ref["matrix"], dtype=float).reshape(k, k)
        table[:k, k] = ref["unparsed"]
        for z in [Z_95, float(stats.norm.isf(0.025))]:
            entry = kappa_interval(table, ref["kappa"], z)
            if z != Z_95 and entry["raw"] is not None and res_has_variance(table):
                # At statsmodels' default alpha, its own cohens_kappa(table) result, untouched.
                res = cohens_kappa(table)
                assert close(entry["raw"][0], float(res.kappa_low)) and close(entry["raw"][1], float(res.kappa_upp))
            out.append({"name": ref["name"], "labels": labels, "matrix": ref["matrix"], "unparsed": ref["unparsed"],
                        "kappa": ref["kappa"], **entry})
    return out


# ----------------------------------------------------------------------------------------------- Bootstrap

BOOTSTRAP_REFERENCE_RESAMPLES = 20000


def f1_statistics(cells, k, axis=-1):
    """Per-label F1 then macro F1 of resampled cases, each case given as its cell index i*(k+1)+j.

    Column j = k is the label's unparsed count. F1 = 2tp / (support + predicted); a label neither expected nor
    predicted in a resample has no F1 (NaN) and is left out of that resample's macro F1, as in the point
    estimate.
    """
    width = k + 1
    cells = np.moveaxis(np.asarray(cells), axis, -1)
    counts = (cells[..., None] == np.arange(k * width)).sum(axis=-2).reshape(cells.shape[:-1] + (k, width))
    support = counts.sum(axis=-1)
    predicted = counts[..., :k].sum(axis=-2)
    tp = np.diagonal(counts[..., :k], axis1=-2, axis2=-1)
    denominator = support + predicted
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(denominator > 0, 2 * tp / np.where(denominator > 0, denominator, 1), np.nan)
    macro = np.nanmean(f1, axis=-1)
    return np.concatenate([np.moveaxis(f1, -1, 0), macro[None, ...]], axis=0)


def bootstrap_cases():
    """scipy.stats.bootstrap(method='percentile') of per-label F1 and macro F1, B = 20,000, seeded.

    The cases are their confusion-matrix cells; resampling them is what aispec's bootstrap does (it draws the
    cell counts as one multinomial, which has the same distribution). Every label here occurs often enough
    that no resample lacks it (asserted: the bootstrap distribution has no NaN), so scipy's plain percentile
    applies. `standard_error` (the bootstrap distribution's standard deviation) sets the Monte Carlo
    tolerance of the TypeScript test.
    """
    specs = [
        ("binary, n=60", [[25, 5], [4, 26]], [0, 0]),
        ("binary imbalanced with unparsed, n=120", [[18, 7], [9, 80]], [4, 2]),
        ("three labels, n=90", [[24, 4, 2], [3, 22, 5], [2, 6, 22]], [0, 0, 0]),
        ("five labels with unparsed, n=239", [[40, 2, 1, 3, 0], [4, 38, 2, 1, 1], [2, 3, 35, 2, 0],
                                               [1, 1, 2, 44, 2], [3, 2, 1, 4, 38]], [2, 1, 0, 3, 1]),
        ("four labels, n=400", [[90, 6, 3, 1], [8, 80, 7, 5], [4, 9, 77, 10], [2, 3, 11, 84]], [0, 0, 0, 0]),
    ]
    out = []
    for seed, (name, matrix, unparsed) in enumerate(specs):
        k = len(matrix)
        width = k + 1
        cells = []
        for i in range(k):
            for j in range(width):
                count = matrix[i][j] if j < k else unparsed[i]
                cells += [i * width + j] * count
        cells = np.array(cells)
        res = stats.bootstrap((cells,), lambda c, axis: f1_statistics(c, k, axis), vectorized=True,
                              n_resamples=BOOTSTRAP_REFERENCE_RESAMPLES, batch=1000, method="percentile",
                              confidence_level=0.95, random_state=np.random.default_rng(5000 + seed))
        assert not np.isnan(res.bootstrap_distribution).any(), name
        point = f1_statistics(cells[None, :], k)[:, 0]
        out.append({
            "name": name,
            "labels": [f"label{i}" for i in range(k)],
            "matrix": matrix,
            "unparsed": unparsed,
            "resamples": BOOTSTRAP_REFERENCE_RESAMPLES,
            "f1": [float(v) for v in point[:k]],
            "macro_f1": float(point[k]),
            "perClass": [[float(res.confidence_interval.low[i]), float(res.confidence_interval.high[i])] for i in range(k)],
            "macro": [float(res.confidence_interval.low[k]), float(res.confidence_interval.high[k])],
            "standardError": [float(v) for v in res.standard_error],
        })
    return out


# --------------------------------------------------------------------------------------------- Percentiles


def percentile_cases():
    # Round percentiles plus awkward ones, whose interpolation weight is not a short decimal.
    ps = [0, 1, 5, 12.5, 25, 33.3, 50, 66.7, 75, 90, 95, 99, 99.9, 100, 0.001, 2.718281828, 61.803398875, 95.123456789, 99.999]
    samples = [
        ("single value", [42.0]),
        ("two values", [10.0, 20.0]),
        ("all equal", [7.0] * 9),
        ("negative and unsorted", [3.5, -2.0, 0.0, -7.25, 11.0, 2.0]),
        ("integer latencies with duplicates", [120, 95, 300, 95, 110, 2500, 130, 95, 180, 120, 101]),
    ]
    for seed in range(15):
        rng = np.random.default_rng(4000 + seed)
        n = int(rng.integers(1, 300))
        values = rng.lognormal(mean=6.5, sigma=0.8, size=n)
        if seed % 2:
            values = np.round(values)  # millisecond latencies: many duplicates
        samples.append((f"random seed {seed} (n={n})", [float(v) for v in values]))
    out = []
    for name, values in samples:
        out.append({"name": name, "values": values, "ps": ps,
                    "expected": [float(np.percentile(np.array(values, dtype=float), p)) for p in ps]})
    out.append({"name": "empty", "values": [], "ps": ps, "expected": [None] * len(ps),
                "source": "by definition: no sample, no percentile"})
    return out


def main():
    reference = {
        "generated_by": "test/reference/generate_metrics_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "notes": [
            "null = undefined (NaN in the reference library, or an input it rejects).",
            "Classification: sklearn < 1.3 lacks zero_division=np.nan; a per-class value that differs between"
            " zero_division=0 and =1 is null. F1 follows sklearn >= 1.4 (2tp/(support+predicted)); macro and"
            " weighted F1 average only defined labels (sklearn >= 1.3 _nanaverage).",
            "Unparsed predictions (null or not a label) are replaced by one sentinel class outside `labels`"
            " before calling sklearn; kappa is computed over labels + sentinel.",
            "Wilson: `z` is the critical value statsmodels used, norm.isf(alpha/2) with alpha = 2*norm.sf(z).",
            "Precision-recall curve: sklearn's final synthetic point (precision 1, recall 0) is omitted; recall"
            " is null when there is no positive case (sklearn reports 1).",
            "Per-class precision_ci95 / recall_ci95 and accuracy_ci95: statsmodels proportion_confint(method="
            "'wilson') of tp of the predicted count, tp of the support, correct of n, at z = 1.959964.",
            "kappaInterval: statsmodels cohens_kappa on the (k+1)x(k+1) table (labels + unparsed sentinel), its"
            " KappaResults rebuilt at alpha = norm.sf(z); `raw` is [kappa_low, kappa_upp], `interval` the same"
            " clipped to [-1, 1].",
            "bootstrap: scipy.stats.bootstrap(method='percentile', n_resamples=20000, seeded) of per-label F1 and"
            " macro F1 over the cases; a Monte Carlo reference, not an exact one.",
        ],
        "wilson": wilson_cases(),
        "minCasesForGate": min_cases_for_gate_cases(),
        "classification": classification_cases_cached(),
        "kappaInterval": kappa_interval_cases(),
        "bootstrap": bootstrap_cases(),
        "scored": scored_cases(),
        "mcnemar": mcnemar_cases(),
        "binomialPmf": binomial_pmf_cases(),
        "stirlingError": stirling_error_cases(),
        "percentile": percentile_cases(),
    }
    text = json.dumps(reference, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    counts = {key: len(value) for key, value in reference.items() if isinstance(value, list) and key != "notes"}
    print(f"wrote {OUT} ({len(text)} bytes): {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
