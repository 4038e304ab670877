#!/usr/bin/env python3
"""Reference values for comparing targets (src/core/eval/compare-targets.ts), computed with statsmodels.

Run from the repository root:

    /usr/bin/python3 test/reference/generate_comparison_reference.py

It writes test/reference/comparison-reference.json, which test/unit/eval/compare-targets.test.ts compares
against. Nothing here reads aispec's code or output: each case's status is derived from the data alone.

- `example`: the bundled examples/model-choice spec (three recorded targets on support-triage's 239
  tickets). Its only criterion requires the reply to be exactly one label (case and surrounding whitespace
  ignored), and the reply's label must equal `expect`, so a case passes exactly when the stripped, lowercased
  output equals `expect`. Per target: passed, failed, the Wilson 95% interval of the pass rate
  (statsmodels proportion_confint(method='wilson')), the mean target cost per case from the spec's prices and
  the recorded token usage, the cost per day at traffic_per_day, and latency p95 (numpy's linear
  interpolation, as the results format's percentile). Per pair: the cases both graded, each side's
  only-passes, and statsmodels mcnemar(exact=True).pvalue.
- `scenarios`: seeded random status lists (pass / fail / error) for 2 and 3 targets, with errors left out of
  the pairs as `aispec diff` does; the same McNemar test per pair.
"""

import json
import platform
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("comparison-reference.json")
Z_95 = 1.959964
ALPHA = float(2 * (1 - __import__("scipy").stats.norm.cdf(Z_95)))

EXAMPLE_TARGETS = {
    # name: (outputs file, input $/Mtok, output $/Mtok), as examples/model-choice/model-choice.aispec.md says
    "gpt-4o-mini": ("outputs/gpt-4o-mini.jsonl", 0.15, 0.60),
    "gpt-4o": ("outputs/gpt-4o.jsonl", 2.50, 10.00),
    "gpt-4o-mini-fewshot": ("outputs/gpt-4o-mini-fewshot.jsonl", 0.15, 0.60),
}
TRAFFIC_PER_DAY = 6000


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pair(name_a, statuses_a, name_b, statuses_b):
    n = a_only = b_only = 0
    for sa, sb in zip(statuses_a, statuses_b):
        if sa == "error" or sb == "error":
            continue
        n += 1
        if sa == "pass" and sb == "fail":
            a_only += 1
        elif sa == "fail" and sb == "pass":
            b_only += 1
    p = float(mcnemar([[0, a_only], [b_only, 0]], exact=True).pvalue)
    return {"a": name_a, "b": name_b, "n": n, "a_only_pass": a_only, "b_only_pass": b_only, "mcnemar_p": p}


def example():
    folder = ROOT / "examples/model-choice"
    cases = read_jsonl(ROOT / "examples/support-triage/cases.jsonl")
    statuses, targets = {}, {}
    for name, (path, input_price, output_price) in EXAMPLE_TARGETS.items():
        outputs = {o["id"]: o for o in read_jsonl(folder / path)}
        status = ["pass" if outputs[c["id"]]["output"].strip().lower() == c["expect"] else "fail" for c in cases]
        statuses[name] = status
        passed = status.count("pass")
        failed = status.count("fail")
        lo, hi = proportion_confint(passed, passed + failed, alpha=ALPHA, method="wilson")
        costs = [
            (outputs[c["id"]]["usage"]["input_tokens"] * input_price + outputs[c["id"]]["usage"]["output_tokens"] * output_price) / 1e6
            for c in cases
        ]
        per_case = float(np.mean(costs))
        latencies = [outputs[c["id"]]["latency_ms"] for c in cases]
        targets[name] = {
            "passed": passed,
            "failed": failed,
            "pass_rate": passed / (passed + failed),
            "pass_rate_ci95": [float(lo), float(hi)],
            "cost_per_case_usd": per_case,
            "cost_per_day_usd": per_case * TRAFFIC_PER_DAY,
            "latency_p95_ms": float(np.percentile(latencies, 95)),
        }
    names = list(EXAMPLE_TARGETS)
    pairs = [pair(a, statuses[a], b, statuses[b]) for a, b in combinations(names, 2)]
    return {"spec": "examples/model-choice/model-choice.aispec.md", "targets": targets, "pairs": pairs}


def scenarios():
    rng = np.random.default_rng(12)
    out = []
    for count, n, error_rate in [(2, 40, 0.0), (2, 120, 0.05), (3, 60, 0.1), (3, 300, 0.02), (2, 1500, 0.01), (3, 8, 0.0)]:
        names = [f"t{i + 1}" for i in range(count)]
        statuses = {}
        for name in names:
            rate = float(rng.uniform(0.6, 0.95))
            draws = rng.uniform(size=n)
            errors = rng.uniform(size=n) < error_rate
            statuses[name] = ["error" if e else ("pass" if d < rate else "fail") for d, e in zip(draws, errors)]
        pairs = [pair(a, statuses[a], b, statuses[b]) for a, b in combinations(names, 2)]
        out.append({"statuses": statuses, "pairs": pairs})
    # No case differs: p = 1.
    same = ["pass", "fail", "pass", "error"]
    out.append({"statuses": {"t1": same, "t2": list(same)}, "pairs": [pair("t1", same, "t2", same)]})
    return out


def main():
    reference = {
        "generated_with": {"python": platform.python_version(), "statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "example": example(),
        "scenarios": scenarios(),
    }
    OUT.write_text(json.dumps(reference, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
