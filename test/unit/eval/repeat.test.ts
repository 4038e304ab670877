import assert from 'node:assert/strict';
import { checkSpec } from '../../../src/core/check.js';
import { repeatOf, repeatRates, statusByPolicy } from '../../../src/core/eval/repeat.js';
import { runEval } from '../../../src/core/eval/runner.js';
import type { Target } from '../../../src/core/eval/types.js';
import { specConfig, type SpecConfig } from '../../../src/core/spec/config.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { CaseResult, RateStat } from '../../../src/shared/results.js';
import { memorySpecHost } from '../../support/memory-host.js';
import { assertClose, reference } from '../metrics/reference.js';

/**
 * Each case's answers by attempt index ("y" passes its `equals: y` check): c0..c4 pass every time, c5..c9
 * flip. With k = 3: pass^k 5/10, pass@k 10/10, consistent 5/10.
 */
const ANSWERS: Record<string, string> = { c0: 'yyy', c1: 'yyy', c2: 'yyy', c3: 'yyy', c4: 'yyy', c5: 'yny', c6: 'nyn', c7: 'ynn', c8: 'nny', c9: 'yyn' };

const SPEC = (repeat: string, gates = 'pass_hat_k: 0.5') => `---
aispec: 1
id: flips
title: Flips
repeat: ${repeat}
gates:
  ${gates}
---
\`\`\`yaml cases
${Object.keys(ANSWERS)
  .map((id) => `- id: ${id}\n  input: question ${id}\n  checks:\n    - equals: "y"`)
  .join('\n')}
\`\`\`
`;

/** Answers by (case, attempt index): deterministic however the pool schedules the attempts. */
const flipping: Target = {
  fingerprint: 'flipping',
  async run(c, _signal, attempt = 0) {
    const answer = ANSWERS[c.id]![attempt % 3] === 'y' ? 'y' : 'n';
    return { output: answer, latency_ms: 1 };
  },
};

const base = { aispecVersion: '0.0.0-test', now: () => 1_700_000_000_000 };
const info = { provider: 'fake' };

async function run(repeat: string, options: { repeat?: number; gates?: string } = {}) {
  const spec = parseSpec(SPEC(repeat, options.gates), '/p/flips.aispec.md');
  return runEval(spec, specConfig(spec), { target: flipping, targetInfo: info }, { ...base, concurrency: 3, ...(options.repeat ? { repeat: options.repeat } : {}) });
}

/** The reference Wilson interval (statsmodels) of successes of n. */
function referenceWilson(successes: number, n: number): [number, number] {
  const row = reference.wilson.find((w) => w.successes === successes && w.n === n);
  assert.ok(row?.interval, `the reference has ${successes}/${n}`);
  return row.interval;
}

function assertRate(stat: RateStat, passed: number, n: number, what: string): void {
  assert.equal(stat.passed, passed, `${what}: passed`);
  assert.equal(stat.n, n, `${what}: n`);
  assertClose(stat.rate, passed / n, `${what}: rate`);
  const [lo, hi] = referenceWilson(passed, n);
  assertClose(stat.ci95![0], lo, `${what}: ci95 lower`, 1e-9);
  assertClose(stat.ci95![1], hi, `${what}: ci95 upper`, 1e-9);
}

describe('repeat: pass^k in the spec', () => {
  it('reads the spec: a number is k with policy all (what --repeat K does); absent, one attempt', () => {
    assert.deepEqual(repeatOf({ repeat: 5 }), { k: 5, pass: 'all' });
    assert.deepEqual(repeatOf({ repeat: { k: 4, pass: 'majority' } }), { k: 4, pass: 'majority' });
    assert.deepEqual(repeatOf({ repeat: { k: 2 } }), { k: 2, pass: 'all' });
    assert.deepEqual(repeatOf({}), { k: 1, pass: 'all' });
  });

  it('decides a case by its policy', () => {
    const table: Array<[string, string, string, string]> = [
      // attempts, all, majority, any
      ['ppp', 'pass', 'pass', 'pass'],
      ['ppf', 'fail', 'pass', 'pass'],
      ['pff', 'fail', 'fail', 'pass'],
      ['fff', 'fail', 'fail', 'fail'],
      ['pf', 'fail', 'fail', 'pass'], // a tie is not a majority
      ['ppe', 'error', 'pass', 'pass'],
      ['pfe', 'error', 'error', 'pass'], // the error could have tipped the majority
      ['ffe', 'error', 'error', 'error'],
    ];
    const status = { p: 'pass', f: 'fail', e: 'error' } as const;
    for (const [attempts, all, majority, any] of table) {
      const statuses = [...attempts].map((a) => status[a as keyof typeof status]);
      assert.deepEqual([statusByPolicy(statuses, 'all'), statusByPolicy(statuses, 'majority'), statusByPolicy(statuses, 'any')], [all, majority, any], attempts);
    }
  });

  for (const policy of ['all', 'majority', 'any'] as const) {
    it(`runs k attempts per case and decides each case by "${policy}"`, async () => {
      const r = await run(`{ k: 3, pass: ${policy} }`);
      assert.equal(r.run.repeat, 3);
      assert.equal(r.run.repeat_policy, policy);
      for (const c of r.cases) {
        const expected = [...ANSWERS[c.id]!].map((a) => (a === 'y' ? 'pass' : 'fail'));
        assert.deepEqual(c.attempts!.map((a) => a.status), expected, c.id);
        assert.deepEqual(c.attempts!.map((a) => a.output), [...ANSWERS[c.id]!].map((a) => (a === 'y' ? 'y' : 'n')), c.id);
        const passes = expected.filter((s) => s === 'pass').length;
        const byPolicy = policy === 'all' ? passes === 3 : policy === 'majority' ? passes >= 2 : passes >= 1;
        assert.equal(c.status, byPolicy ? 'pass' : 'fail', `${c.id} by ${policy}`);
        assert.equal(c.flaky, passes > 0 && passes < 3, c.id);
      }
    });
  }

  it('reports pass^k, pass@k and consistency with n and their Wilson intervals, as computed from the attempts', async () => {
    const r = await run('{ k: 3, pass: majority }');
    // Independently, from the attempts the results carry.
    const passesOf = (c: CaseResult) => c.attempts!.filter((a) => a.status === 'pass').length;
    const allPassed = r.cases.filter((c) => passesOf(c) === 3).length;
    const anyPassed = r.cases.filter((c) => passesOf(c) > 0).length;
    const agreed = r.cases.filter((c) => passesOf(c) === 0 || passesOf(c) === 3).length;
    assert.deepEqual([allPassed, anyPassed, agreed], [5, 10, 5]);
    assertRate(r.summary.pass_hat_k!, allPassed, 10, 'pass_hat_k');
    assertRate(r.summary.pass_at_k!, anyPassed, 10, 'pass_at_k');
    assertRate(r.summary.consistent!, agreed, 10, 'consistent');
    assert.equal(r.summary.flaky, 10 - agreed);
  });

  it('gates pass_hat_k like pass_rate: the point estimate, or the Wilson lower bound', async () => {
    const point = await run('{ k: 3, pass: any }');
    const gate = point.summary.gates.find((g) => g.name === 'pass_hat_k')!;
    assert.deepEqual([gate.passed, gate.actual, gate.n], [true, 0.5, 10]);
    assert.equal(gate.decided, false, 'a 95% interval around 0.5 straddles 0.5');
    assert.equal(point.summary.verdict, 'pass');
    assert.equal(point.summary.pass_rate, 1, 'every case passes by "any", but only half pass every attempt');

    const bound = await run('{ k: 3, pass: any }', { gates: 'pass_hat_k: 0.5\n  decide_on: lower_bound' });
    const strict = bound.summary.gates.find((g) => g.name === 'pass_hat_k')!;
    assert.equal(strict.passed, false);
    assertClose(strict.actual, referenceWilson(5, 10)[0], 'lower bound', 1e-9);
    assert.equal(strict.observed, 0.5);
    assert.match(strict.reason!, /pass\^k .* is 0\.237 \(95% lower bound; observed 0\.5\) \(n=10\), below 0\.5/);
    assert.equal(bound.summary.verdict, 'fail');
  });

  it('--repeat replaces k and keeps the policy; with k = 1 the three rates follow the pass rate', async () => {
    const once = await run('{ k: 3, pass: majority }', { repeat: 1 });
    assert.equal(once.run.repeat, 1);
    assert.equal(once.run.repeat_policy, 'majority');
    assert.ok(once.cases.every((c) => c.attempts === undefined));
    // First attempts: c0-c5, c7 and c9 answer y.
    assert.deepEqual([once.summary.passed, once.summary.failed], [8, 2]);
    assert.equal(once.summary.pass_hat_k!.rate, once.summary.pass_rate);
    assert.equal(once.summary.pass_at_k!.rate, once.summary.pass_rate);
    assert.deepEqual(once.summary.pass_hat_k!.ci95, once.summary.pass_rate_ci95);
    assert.equal(once.summary.consistent!.rate, 1);

    const twice = await run('3', { repeat: 2 });
    assert.equal(twice.run.repeat, 2);
    assert.ok(twice.cases.every((c) => c.attempts?.length === 2));
  });

  it('leaves a case with an errored attempt out of the rates and counts it in errors', () => {
    const cases = [
      { status: 'pass', attempts: [{ status: 'pass' }, { status: 'pass' }] },
      { status: 'error', attempts: [{ status: 'pass' }, { status: 'error' }] },
      { status: 'fail', attempts: [{ status: 'fail' }, { status: 'fail' }] },
      { status: 'pass' },
    ] as Pick<CaseResult, 'status' | 'attempts'>[];
    const rates = repeatRates(cases);
    assert.deepEqual([rates.pass_hat_k.passed, rates.pass_hat_k.failed, rates.pass_hat_k.errors, rates.pass_hat_k.n], [2, 1, 1, 3]);
    assert.deepEqual([rates.pass_at_k.passed, rates.pass_at_k.failed], [2, 1]);
    assert.deepEqual([rates.consistent.passed, rates.consistent.failed], [3, 0]);
  });

  it('the spec schema accepts a number or { k, pass } and refuses anything else', async () => {
    const problems = async (repeat: string) => {
      const file = '/p/flips.aispec.md';
      const result = await checkSpec(file, memorySpecHost({ [file]: SPEC(repeat) }));
      return result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    };
    assert.deepEqual(await problems('5'), []);
    assert.deepEqual(await problems('{ k: 5, pass: majority }'), []);
    for (const bad of ['0', '{ k: 3, pass: most }', '{ pass: all }', '{ k: 3, tries: 2 }']) {
      assert.ok((await problems(bad)).length > 0, `${bad} is refused`);
    }
  });
});

// A type-level reminder that the config accepts both forms.
const _forms: Array<SpecConfig['repeat']> = [3, { k: 3, pass: 'any' }];
void _forms;
