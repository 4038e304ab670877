// The Compare view's model under plain mocha: the Pareto front against a brute-force reading of its
// definition (property), the log cost axis, the pass_rate thresholds, the gates-by-target table, the
// disagreeing cases and their pages; and the host side: the messages that carry a comparison and switch
// targets, and the extension's loading of every target's latest run (from disk, through readSavedRun).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { comparisonResults } from '../../../src/core/eval/compare-targets.js';
import { loadComparisonData, loadTargetPanelData, savedTargetRuns, type TargetRunSource } from '../../../src/extension/results-panel/panel-data.js';
import { latestRunFile, runsFolder } from '../../../src/node/run-store.js';
import type { ComparedTarget, ComparisonResults } from '../../../src/shared/comparison.js';
import { parseHostMessage, parseWebviewMessage, sanitizePersistedState } from '../../../src/shared/messages.js';
import type { RunResults } from '../../../src/shared/results.js';
import { costAxis, disagreements, gateTable, pageOf, paretoFront, passRateThresholds, rateDomain } from '../../../src/webview/model/comparison.js';
import { example } from './fixtures.js';

function target(name: string, pass_rate: number | null, cost: number | null): ComparedTarget {
  return { name, provider: 'recorded', pass_rate, pass_rate_ci95: pass_rate === null ? null : [pass_rate - 0.05, Math.min(1, pass_rate + 0.05)], verdict: 'pass', gates_failed: [], errors: 0, cost_per_case_usd: cost, cost_per_day_usd: null, latency_p95_ms: null };
}

/** Three targets' runs made from one example run: `b` flips the first `flips` cases, `c` lacks the last one. */
async function threeRuns(flips = 3): Promise<ComparisonResults> {
  const { results } = await example('triage');
  const a = structuredClone(results);
  const b = structuredClone(results);
  for (const c of b.cases.slice(0, flips)) c.status = c.status === 'pass' ? 'fail' : 'pass';
  const c = structuredClone(results);
  c.cases.pop();
  for (const [name, run] of [['a', a], ['b', b], ['c', c]] as const) run.run.target = { ...run.run.target, name };
  return comparisonResults([{ name: 'a', results: a }, { name: 'b', results: b }, { name: 'c', results: c }]);
}

describe('Compare view model', () => {
  it('the Pareto front: a cheaper-and-better target beats one; equal points both stay; unknown cost takes no part', () => {
    const targets = [target('cheap-good', 0.9, 0.001), target('dear-worse', 0.85, 0.01), target('dear-best', 0.95, 0.02), target('twin', 0.9, 0.001), target('unpriced', 0.99, null), target('ungraded', null, 0.0001)];
    assert.deepEqual([...paretoFront(targets)].sort(), ['cheap-good', 'dear-best', 'twin']);
  });

  it('the Pareto front is exactly the targets no other dominates (property, brute force)', () => {
    const arb = fc.array(fc.record({ rate: fc.integer({ min: 0, max: 20 }), cost: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(arb, (rows) => {
        const targets = rows.map((r, i) => target(`t${i}`, r.rate / 20, r.cost === null ? null : 10 ** -r.cost));
        const front = paretoFront(targets);
        const placed = targets.filter((t) => t.cost_per_case_usd !== null);
        for (const t of targets) {
          const dominated = placed.some((o) => o !== t && o.cost_per_case_usd! <= t.cost_per_case_usd! && o.pass_rate! >= t.pass_rate! && (o.cost_per_case_usd! < t.cost_per_case_usd! || o.pass_rate! > t.pass_rate!));
          assert.equal(front.has(t.name), t.cost_per_case_usd !== null && !dominated, t.name);
        }
      }),
    );
  });

  it('the cost axis spans whole decades around every known cost, with room at both ends', () => {
    const axis = costAxis([target('a', 0.9, 0.000108), target('b', 0.9, 0.00179), target('c', 0.9, null)])!;
    assert.deepEqual([axis.min, axis.max], [1e-4, 1e-2]);
    assert.deepEqual(axis.ticks, [1e-4, 1e-3, 1e-2]);
    assert.equal(axis.position(1e-3), 0.5);
    const one = costAxis([target('a', 0.9, 0.001)])!;
    assert.deepEqual([one.min, one.max], [1e-4, 1e-2], 'a cost on a decade is not on the edge');
    assert.equal(costAxis([target('a', 0.9, null)]), null);
  });

  it('the rate axis reaches below the lowest interval and gate', () => {
    assert.deepEqual(rateDomain([target('a', 0.88, 1)], [0.85]), [0.7, 1]);
    assert.deepEqual(rateDomain([], []), [0, 1]);
    assert.deepEqual(rateDomain([target('a', 0.1, 1)], []), [0, 1]);
  });

  it('reads the pass_rate thresholds, the gates by target and the disagreeing cases from the runs', async () => {
    const data = await threeRuns(3);
    assert.deepEqual(passRateThresholds(data), [0.85]);
    const rows = gateTable(data);
    assert.deepEqual(rows.map((r) => r.name), data.targets.a!.summary.gates.map((g) => g.name));
    for (const row of rows) {
      assert.equal(row.cells.length, 3);
      row.cells.forEach((cell, i) => {
        const gate = data.targets[['a', 'b', 'c'][i]!]!.summary.gates.find((g) => g.name === row.name)!;
        assert.equal(cell.gate, gate);
        assert.equal(cell.state, !gate.passed ? 'fail' : gate.decided === false ? 'undecided' : 'pass');
      });
    }
    // Three flipped cases on b, and the case c lacks.
    const found = disagreements(data);
    const cases = data.targets.a!.cases;
    assert.deepEqual(found.map((d) => d.id), [...cases.slice(0, 3).map((c) => c.id), cases.at(-1)!.id]);
    assert.equal(found.at(-1)!.results[2], null);
    assert.equal(found[0]!.results[1]!.status, cases[0]!.status === 'pass' ? 'fail' : 'pass');
  });

  it('a target missing from targets{} or hand-edited runs do not break the model', async () => {
    const data = await threeRuns(0);
    delete (data.targets as Record<string, unknown>).b;
    (data.targets.c as unknown as { cases: unknown }).cases = 'not a list';
    assert.doesNotThrow(() => gateTable(data));
    // Every case is missing on b and c: each differs.
    assert.equal(disagreements(data).length, data.targets.a!.cases.length);
  });

  it('pages: a page index out of range shows the nearest page', () => {
    const items = Array.from({ length: 23 }, (_, i) => i);
    assert.deepEqual(pageOf(items, 0, 10), { items: items.slice(0, 10), index: 0, count: 3, first: 0 });
    assert.deepEqual(pageOf(items, 2, 10).items, [20, 21, 22]);
    assert.equal(pageOf(items, 9, 10).index, 2);
    assert.equal(pageOf(items, -1, 10).index, 0);
    assert.deepEqual(pageOf([], 0, 10), { items: [], index: 0, count: 1, first: 0 });
  });
});

describe('Compare view protocol', () => {
  it('carries a comparison, a target to open, and the target shown in the persisted source', async () => {
    const data = await threeRuns();
    const source = { specFile: '/a.aispec.md', specId: 'a', target: 'b' };
    assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify({ type: 'compare', data, source }))), { type: 'compare', data: JSON.parse(JSON.stringify(data)), source });
    for (const bad of [{ format: 'aispec-results' }, { format: 'aispec-comparison', targets: {}, comparison: { targets: {}, pairs: [] } }, null]) {
      assert.equal(parseHostMessage({ type: 'compare', data: bad, source }), null, JSON.stringify(bad));
    }
    assert.deepEqual(parseWebviewMessage({ type: 'openTarget', target: 'gpt-4o' }), { type: 'openTarget', target: 'gpt-4o' });
    assert.deepEqual(parseWebviewMessage({ type: 'openTarget', target: null }), { type: 'openTarget', target: null });
    for (const bad of [{ type: 'openTarget' }, { type: 'openTarget', target: 3 }, { type: 'openTarget', target: 'x'.repeat(20_000) }]) assert.equal(parseWebviewMessage(bad), null);
    assert.deepEqual(sanitizePersistedState({ view: {}, source })?.source, source);
    assert.deepEqual(sanitizePersistedState({ view: {}, source: { ...source, target: 7 } })?.source, { specFile: '/a.aispec.md', specId: 'a' });
  });
});

describe('Compare view host data', () => {
  const source = { specFile: '/x/spec.aispec.md', specId: 'x' };

  it('compares the targets that ran, in the spec’s order; none ran: nothing to show', async () => {
    const data = await threeRuns();
    const runs: TargetRunSource = { latest: async (_f, _i, name) => (name === 'b' ? undefined : data.targets[name]), all: async () => [] };
    const shown = (await loadComparisonData(runs, source, ['c', 'b', 'a']))!;
    assert.deepEqual(shown.comparison.targets.map((t) => t.name), ['c', 'a']);
    assert.deepEqual(shown.comparison, comparisonResults([{ name: 'c', results: data.targets.c! }, { name: 'a', results: data.targets.a! }]).comparison);
    assert.equal(await loadComparisonData({ latest: async () => undefined, all: async () => [] }, source, ['a']), null);
  });

  it('one target’s run comes with that target’s history and baseline, marked as part of the comparison', async () => {
    const data = await threeRuns();
    const older = structuredClone(data.targets.b!);
    older.run.id = 'b-older';
    older.run.started_at = '2020-01-01T00:00:00.000Z';
    const runs: TargetRunSource = { latest: async (_f, _i, name) => data.targets[name], all: async (_f, _i, name) => (name === 'b' ? [older, data.targets.b!] : []) };
    const shown = (await loadTargetPanelData(runs, source, 'b', ['a', 'b', 'c'], undefined))!;
    assert.equal(shown.results, data.targets.b);
    assert.deepEqual(shown.comparedTargets, ['a', 'b', 'c']);
    assert.equal(shown.baselineRunId, 'b-older');
    assert.equal(shown.history.length, 2);
  });

  it('reads latest.<target>.json from disk through readSavedRun, and reports a malformed one', async () => {
    const data = await threeRuns();
    const root = mkdtempSync(join(tmpdir(), 'aispec-compare-'));
    try {
      writeFileSync(join(root, 'package.json'), '{}');
      const spec = join(root, 'm.aispec.md');
      mkdirSync(runsFolder(spec, 'm'), { recursive: true });
      const a: RunResults = data.targets.a!;
      writeFileSync(latestRunFile(spec, 'm', 'a'), JSON.stringify(a));
      writeFileSync(latestRunFile(spec, 'm', 'b'), '{"format": "aispec-results"');
      const skipped: string[] = [];
      const runs = savedTargetRuns((path) => skipped.push(path));
      const shown = (await loadComparisonData(runs, { specFile: spec, specId: 'm' }, ['a', 'b', 'c']))!;
      assert.deepEqual(Object.keys(shown.targets), ['a']);
      assert.deepEqual(skipped, [latestRunFile(spec, 'm', 'b')], 'the cut-short file is reported; the absent one is not');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
