import assert from 'node:assert/strict';
import { diffRuns, startRunDiff } from '../../../src/core/diff/diff-runs.js';
import { diffVerdict } from '../../../src/core/diff/diff-verdict.js';
import { mcnemarExact, wilsonInterval } from '../../../src/core/metrics/index.js';
import type { RunResults } from '../../../src/shared/results.js';
import { loadResults } from '../report/fixtures.js';

/** The discordant pairs counted by hand: cases in both runs with a verdict (pass or fail) in each. */
function discordant(base: RunResults, head: RunResults): { b: number; c: number; n: number } {
  const before = new Map(base.cases.map((x) => [x.id, x.status]));
  let b = 0;
  let c = 0;
  let n = 0;
  for (const h of head.cases) {
    const s = before.get(h.id);
    if (s === undefined || s === 'error' || h.status === 'error') continue;
    n++;
    if (s === 'pass' && h.status === 'fail') b++;
    if (s === 'fail' && h.status === 'pass') c++;
  }
  return { b, c, n };
}

describe('diffRuns', () => {
  const base = loadResults('diff-base');
  const head = loadResults('diff-head');
  const diff = diffRuns(base, head);

  it('pairs cases by id and lists the added and removed ones', () => {
    assert.deepEqual(diff.cases, { paired: 39, added: ['c41'], removed: ['c01'] });
    assert.equal(diff.sameSpec, true);
  });

  it('runs the exact McNemar test on the paired pass/fail cases (errors left out)', () => {
    const { b, c, n } = discordant(base, head);
    assert.deepEqual({ b, c, n }, { b: 8, c: 1, n: 35 }); // as the fixtures were built
    assert.equal(diff.mcnemar.b, b);
    assert.equal(diff.mcnemar.c, c);
    assert.equal(diff.mcnemar.n, n);
    assert.equal(diff.mcnemar.discordant, 9);
    assert.equal(diff.mcnemar.pValue, mcnemarExact(b, c).pValue);
    // By hand: 2·P(X ≤ 1) for X ~ Binomial(9, ½) = 2·(1 + 9)/2⁹.
    assert.equal(diff.mcnemar.pValue, (2 * (1 + 9)) / 512);
    assert.equal(diff.mcnemar.bothPassed + diff.mcnemar.bothFailed, n - b - c);
    assert.deepEqual(diff.errors, { excluded: 4, newInHead: 2, fixedInHead: 1, inBoth: 1 });
  });

  it('lists newly failing (pass → fail or error), newly passing, and fail ↔ error changes', () => {
    assert.equal(diff.newlyFailing.length, 9);
    assert.deepEqual(diff.newlyFailing.map((x) => x.head).sort(), [...Array(8).fill('fail'), 'error'].sort());
    assert.deepEqual(
      diff.newlyPassing.map((x) => `${x.id} ${x.base}→${x.head}`),
      diff.newlyPassing.map((x) => `${x.id} ${base.cases.find((y) => y.id === x.id)!.status}→pass`),
    );
    assert.deepEqual(diff.newlyPassing.map((x) => x.base).sort(), ['error', 'fail']);
    assert.equal(diff.otherChanges.length, 1);
    assert.deepEqual([diff.otherChanges[0]!.base, diff.otherChanges[0]!.head], ['fail', 'error']);
    const flipped = diff.newlyFailing.find((x) => x.head === 'fail')!;
    const h = head.cases.find((x) => x.id === flipped.id)!;
    assert.deepEqual(
      { reason: flipped.reason, output: flipped.output, file: flipped.file, line: flipped.line, expected: flipped.expected, headPredicted: flipped.headPredicted },
      { reason: h.reason, output: h.output, file: h.file, line: h.line, expected: h.expected, headPredicted: h.predicted },
    );
    assert.equal(flipped.basePredicted, flipped.expected);
  });

  it('gives both pass rates with their Wilson intervals and n, and the change', () => {
    assert.deepEqual(diff.passRate.base, { passed: 34, failed: 4, errors: 2, n: 38, rate: 34 / 38, ci95: wilsonInterval(34, 38) });
    assert.deepEqual(diff.passRate.head, { passed: 27, failed: 10, errors: 3, n: 37, rate: 27 / 37, ci95: wilsonInterval(27, 37) });
    assert.equal(diff.passRate.delta, 27 / 37 - 34 / 38);
  });

  it('compares per-class recall, precision and F1, tags, gates, latency p95 and cost per case', () => {
    const deny = diff.classification!.perClass.find((x) => x.label === 'deny')!;
    assert.deepEqual(deny.recall, { base: 1, head: 8 / 11, delta: 8 / 11 - 1 });
    assert.equal(deny.precision.base, base.classification!.per_class.deny!.precision);
    assert.equal(deny.f1.head, head.classification!.per_class.deny!.f1);
    assert.deepEqual(deny.support, { base: 12, head: 11, delta: -1 });
    assert.equal(diff.classification!.kappa.delta, head.classification!.kappa! - base.classification!.kappa!);
    const edge = diff.tags.find((t) => t.tag === 'edge-case')!;
    assert.equal(edge.delta, head.by_tag['edge-case']!.rate! - base.by_tag['edge-case']!.rate!);
    assert.deepEqual(diff.gates.map((g) => `${g.name}: ${g.transition}`), ['pass_rate: newly failing', 'recall.deny: newly failing', 'latency_p95_ms: newly failing']);
    assert.deepEqual(diff.latencyP95, { base: base.latency.p95, head: head.latency.p95, delta: head.latency.p95! - base.latency.p95! });
    assert.equal(diff.costPerCase.delta, head.cost.per_case_usd! - base.cost.per_case_usd!);
  });

  it('says in one line how far the rate moved and whether that is beyond noise', () => {
    assert.equal(diff.verdict, 'Pass rate fell 16.5 points (0.895 → 0.730); McNemar p = 0.039 on 35 paired cases: unlikely to be noise.');
    const small = diffRuns(base, loadResults('diff-head-small'));
    const { b, c } = discordant(base, loadResults('diff-head-small'));
    assert.deepEqual([b, c], [3, 1]);
    assert.equal(small.mcnemar.pValue, mcnemarExact(3, 1).pValue);
    assert.equal(small.mcnemar.pValue, (2 * (1 + 4)) / 16);
    assert.equal(small.verdict, 'Pass rate fell 5.3 points (0.895 → 0.842); McNemar p = 0.63 on 38 paired cases: within noise.');
  });

  it('is symmetric: swapping the runs swaps b and c, keeps p, and the rate rises', () => {
    const back = diffRuns(head, base);
    assert.deepEqual([back.mcnemar.b, back.mcnemar.c, back.mcnemar.pValue], [diff.mcnemar.c, diff.mcnemar.b, diff.mcnemar.pValue]);
    assert.deepEqual(back.cases, { paired: 39, added: ['c01'], removed: ['c41'] });
    assert.equal(back.verdict, 'Pass rate rose 16.5 points (0.730 → 0.895); McNemar p = 0.039 on 35 paired cases: unlikely to be noise.');
    assert.deepEqual(back.gates.map((g) => g.transition), ['newly passing', 'newly passing', 'newly passing']);
  });

  it('finds nothing when a run is compared with itself', () => {
    const same = diffRuns(base, base);
    assert.deepEqual([same.newlyFailing.length, same.newlyPassing.length, same.mcnemar.b, same.mcnemar.c, same.mcnemar.pValue], [0, 0, 0, 0, 1]);
    assert.equal(same.verdict, 'Pass rate unchanged (0.895 → 0.895); no case flipped among 38 paired cases (McNemar p = 1): within noise.');
    assert.deepEqual(new Set(same.gates.map((g) => g.transition)), new Set(['still passing']));
  });

  it('says so when there is nothing to compare, and flags runs of different specs', () => {
    const noGraded = { passRate: { base: { passed: 0, failed: 0, errors: 3, n: 0, rate: null, ci95: null }, head: { passed: 1, failed: 0, errors: 0, n: 1, rate: 1, ci95: wilsonInterval(1, 1) }, delta: null } };
    assert.equal(diffVerdict({ ...noGraded, mcnemar: diff.mcnemar }), 'No pass-rate change to report: the base run has no graded cases.');
    const other = loadResults('binary');
    const cross = diffRuns(base, other);
    assert.equal(cross.sameSpec, false);
    assert.equal(cross.cases.paired, 0);
    assert.equal(cross.mcnemar.n, 0);
    assert.match(cross.verdict, /^Pass rate fell 3\.1 points \(0\.895 → 0\.864\); no case was graded in both runs, so there is nothing to test\.$/);
    assert.deepEqual(cross.gates.filter((g) => g.transition === 'added').map((g) => g.name), ['per_tag.adversarial', 'per_tag.emergency', 'recall.refuse', 'max_errors', 'cost_per_case_usd']);
    assert.deepEqual(cross.gates.filter((g) => g.transition === 'removed').map((g) => g.name), ['recall.deny']);
  });

  it('reports p below 0.001 as such', () => {
    const before = loadResults('diff-base');
    const worse = loadResults('diff-base');
    // 12 pass → fail, no fail → pass: p = 2/2¹² ≈ 0.00049.
    for (const c of worse.cases.filter((x) => x.status === 'pass').slice(0, 12)) c.status = 'fail';
    worse.summary.passed -= 12;
    worse.summary.failed += 12;
    const d = diffRuns(before, worse);
    assert.equal(d.mcnemar.pValue, mcnemarExact(12, 0).pValue);
    assert.match(d.verdict, /McNemar p < 0\.001 on 38 paired cases: unlikely to be noise\.$/);
  });

  it('a case at a time (startRunDiff) gives diffRuns, and refuses a base case after the head cases began', () => {
    const built = startRunDiff();
    for (const c of base.cases) built.addBase(c);
    for (const c of head.cases) built.addHead(c);
    assert.deepEqual(built.finish({ ...base, cases: [] }, { ...head, cases: [] }), diff);
    assert.throws(() => built.addBase(base.cases[0]!), /every base case comes before the first head case/);
  });
});
