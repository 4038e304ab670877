import assert from 'node:assert/strict';
import { runEval } from '../../../src/core/eval/runner.js';
import { mergeRuns } from '../../../src/core/eval/merge.js';
import { parseShard } from '../../../src/core/eval/select-cases.js';
import { CaseError, type Target, type TargetOutput } from '../../../src/core/eval/types.js';
import type { OutputCache } from '../../../src/core/host.js';
import { specConfig } from '../../../src/core/spec/config.js';
import { parseSpec } from '../../../src/core/spec/parse.js';
import type { Case } from '../../../src/core/spec/types.js';
import { memoryCache } from '../../support/memory-host.js';

const SPEC = `---
aispec: 1
id: runner
title: Runner test
labels: [refuse, answer]
gates:
  pass_rate: 0.5
  recall: { refuse: 0.9 }
  latency_p95_ms: 1000
pricing: { input_per_mtok: 1, output_per_mtok: 2, traffic_per_day: 1000 }
---
\`\`\`yaml cases
${Array.from({ length: 12 }, (_, i) => `- id: c${i}\n  input: question ${i}\n  expect: ${i % 3 === 0 ? 'refuse' : 'answer'}\n  tags: [${i % 2 ? 'odd' : 'even'}]`).join('\n')}
\`\`\`
`;

/** A scripted target: answers by case id, in a random order of completion. */
function fakeTarget(answer: (c: Case) => string | Error, delay = (c: Case) => Number(c.id.slice(1)) % 4): Target & { calls: string[] } {
  const calls: string[] = [];
  return {
    fingerprint: 'fake',
    calls,
    async run(c, signal) {
      calls.push(c.id);
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(t);
          reject(signal.reason);
        };
        const t = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, delay(c));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      const a = answer(c);
      if (a instanceof Error) throw a;
      return { output: a, latency_ms: 100 + Number(c.id.slice(1)), usage: { input_tokens: 1000, output_tokens: 500 } };
    },
  };
}

const spec = parseSpec(SPEC, '/p/runner.aispec.md');
const config = specConfig(spec);
const base = { aispecVersion: '0.0.0-test', now: () => 1_700_000_000_000 };
const info = { provider: 'fake' };

describe('runEval', () => {
  it('without keeping cases: gives each case once, in case order whatever the completion order, and the same summary', async () => {
    const answer = (c: Case) => (c.id === 'c11' ? new CaseError('boom') : Number(c.id.slice(1)) % 5 === 0 ? 'REFUSE' : 'sure');
    // Later cases finish first: c0 takes longest.
    const delay = (c: Case) => 24 - 2 * Number(c.id.slice(1));
    const kept = await runEval(spec, config, { target: fakeTarget(answer, delay), targetInfo: info }, { ...base, concurrency: 6 });
    const given: string[] = [];
    const streamed = await runEval(spec, config, { target: fakeTarget(answer, delay), targetInfo: info }, { ...base, concurrency: 6, retainCases: false, onCase: (c) => given.push(JSON.stringify(c)) });
    assert.deepEqual(streamed.cases, []);
    assert.deepEqual(given, kept.cases.map((c) => JSON.stringify(c)));
    assert.deepEqual(kept.cases.map((c) => c.id), Array.from({ length: 12 }, (_, i) => `c${i}`));
    const { cases: _k, ...keptRest } = kept;
    const { cases: _s, ...streamedRest } = streamed;
    assert.equal(JSON.stringify(streamedRest), JSON.stringify(keptRest));
  });

  it('asks a target that answers at once (runNow) instead of run, with the results run would give', async () => {
    // Recorded outputs: the runner calls runNow and grades at once. Errors thrown by it are the case's, as
    // run's rejections are; the results (and so the saved file) are the same either way.
    const answer = (c: Case) => (c.id === 'c4' ? new CaseError('no recorded output for case c4') : Number(c.id.slice(1)) % 3 === 0 ? 'REFUSE' : 'sure');
    const output = (c: Case) => {
      const a = answer(c);
      if (a instanceof Error) throw a;
      return { output: a, latency_ms: 100 + Number(c.id.slice(1)), usage: { input_tokens: 1000, output_tokens: 500 } };
    };
    let runCalls = 0;
    let nowCalls = 0;
    const both: Target = {
      fingerprint: 'log',
      run: async (c) => {
        runCalls++;
        return output(c);
      },
      runNow: (c) => {
        nowCalls++;
        return output(c);
      },
    };
    const onlyRun: Target = { fingerprint: 'log', run: async (c) => output(c) };
    const now = await runEval(spec, config, { target: both, targetInfo: info }, base);
    assert.equal(runCalls, 0);
    assert.equal(nowCalls, 12);
    const later = await runEval(spec, config, { target: onlyRun, targetInfo: info }, base);
    assert.deepEqual(now, later);
    assert.equal(now.cases.find((c) => c.id === 'c4')?.status, 'error');
    assert.match(now.cases.find((c) => c.id === 'c4')?.reason ?? '', /no recorded output/);
    // With a cache in front, the cache is asked first and run is called on a miss, as before.
    await runEval(spec, config, { target: both, targetInfo: info }, { ...base, cache: memoryCache() });
    assert.equal(runCalls, 12);
  });

  it('grades the cases of a target that answers at once in the same turn: a recorded run makes no promise per case', async () => {
    // runNow's answers (and its errors) are graded as they come, so with checks that need no waiting every
    // attempt of every case is done before runEval first waits: a run of 1,000,000 recorded cases pays no
    // promise per case. The same target asked through run is graded alike, once its promises settle.
    const output = (c: Case) => {
      if (c.id === 'c4') throw new CaseError('no recorded output for case c4');
      return { output: Number(c.id.slice(1)) % 3 === 0 ? 'REFUSE' : 'sure', latency_ms: 100 };
    };
    const both: Target = { fingerprint: 'log', run: async (c) => output(c), runNow: output };
    const onlyRun: Target = { fingerprint: 'log', run: async (c) => output(c) };
    let progressed = 0;
    const options = { ...base, repeat: 2, onProgress: () => progressed++ };
    const pending = runEval(spec, config, { target: both, targetInfo: info }, options);
    assert.equal(progressed, 12);
    const now = await pending;
    progressed = 0;
    const pendingLater = runEval(spec, config, { target: onlyRun, targetInfo: info }, options);
    assert.equal(progressed, 0);
    const later = await pendingLater;
    assert.equal(progressed, 12);
    assert.deepEqual(now, later);
    assert.equal(now.cases.find((c) => c.id === 'c4')?.status, 'error');
  });

  it('grades every case, keeps case order whatever the completion order, and counts right', async () => {
    // c0, c3, c6, c9 expect refuse; the model refuses c0 and c3 only, and errors on c11.
    const target = fakeTarget((c) => (c.id === 'c11' ? new CaseError('HTTP 500 from server') : ['c0', 'c3'].includes(c.id) ? 'refuse' : 'answer'));
    const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, concurrency: 4 });
    assert.deepEqual(r.cases.map((c) => c.id), Array.from({ length: 12 }, (_, i) => `c${i}`));
    assert.deepEqual([r.summary.total, r.summary.passed, r.summary.failed, r.summary.errors], [12, 9, 2, 1]);
    assert.equal(r.summary.pass_rate, 9 / 11);
    assert.equal(r.cases[11]!.status, 'error');
    assert.equal(r.cases[11]!.reason, 'HTTP 500 from server');
    assert.equal(r.cases[6]!.predicted, 'answer');
    assert.equal(r.classification!.per_class.refuse!.recall, 0.5);
    const recallGate = r.summary.gates.find((g) => g.name === 'recall.refuse')!;
    assert.equal(recallGate.passed, false);
    assert.match(recallGate.reason!, /recall for refuse is 0.5 \(n=4\), below 0.9/);
    // The recall gate failed, but c11 errored and max_errors allows none: the run could not be graded whole.
    assert.equal(r.summary.verdict, 'incomplete');
    assert.equal(r.summary.verdict_reason, '1 of 12 cases errored and were not graded; max_errors allows 0');
    assert.equal(r.by_tag.even!.n + r.by_tag.odd!.n, 11);
    assert.equal(r.cases[0]!.cost_usd, (1000 * 1 + 500 * 2) / 1e6);
    assert.equal(r.cost.per_day_usd!.toFixed(6), ((11 * 0.002) / 11 * 1000).toFixed(6));
    assert.equal(r.cases[0]!.line, 13);
    assert.equal(r.spec.gates!.pass_rate, 0.5);
  });

  it('filters by tag and case id, and shards round-robin', async () => {
    const target = fakeTarget(() => 'answer');
    const odd = await runEval(spec, config, { target, targetInfo: info }, { ...base, filter: { tags: ['odd'] } });
    assert.deepEqual(odd.cases.map((c) => c.id), ['c1', 'c3', 'c5', 'c7', 'c9', 'c11']);
    const one = await runEval(spec, config, { target, targetInfo: info }, { ...base, filter: { caseIds: ['c4'] } });
    assert.deepEqual(one.cases.map((c) => c.id), ['c4']);
    const shard = await runEval(spec, config, { target, targetInfo: info }, { ...base, filter: { shard: parseShard('2/3')! } });
    assert.deepEqual(shard.cases.map((c) => c.id), ['c1', 'c4', 'c7', 'c10']);
    assert.equal(parseShard('0/3'), undefined);
    assert.equal(parseShard('4/3'), undefined);
  });

  it('merges shards into what one run reports', async () => {
    const answer = (c: Case) => (Number(c.id.slice(1)) % 5 === 0 ? 'refuse' : 'answer');
    const whole = await runEval(spec, config, { target: fakeTarget(answer), targetInfo: info }, base);
    const parts = await Promise.all([1, 2, 3].map((i) => runEval(spec, config, { target: fakeTarget(answer), targetInfo: info }, { ...base, filter: { shard: { index: i, count: 3 } } })));
    const merged = mergeRuns(parts);
    assert.deepEqual(merged.cases.map((c) => c.id), whole.cases.map((c) => c.id));
    assert.deepEqual(merged.summary, whole.summary);
    assert.deepEqual(merged.classification, whole.classification);
    assert.throws(() => mergeRuns([parts[0]!, parts[1]!]), /every shard 1\/3 … 3\/3 exactly once/);
    assert.throws(() => mergeRuns([parts[0]!, parts[0]!, parts[2]!]), /exactly once/);
  });

  it('caches outputs as they arrive and reports cached latency and cost, not zero', async () => {
    const cache = memoryCache();
    const first = fakeTarget(() => 'answer');
    await runEval(spec, config, { target: first, targetInfo: info }, { ...base, cache });
    assert.equal(first.calls.length, 12);
    const second = fakeTarget(() => 'answer');
    const r = await runEval(spec, config, { target: second, targetInfo: info }, { ...base, cache });
    assert.equal(second.calls.length, 0);
    assert.ok(r.cases.every((c) => c.cached));
    assert.equal(r.cases[5]!.latency_ms, 105);
    assert.ok(r.cases[5]!.cost_usd! > 0);
    assert.deepEqual([r.run.cache.hits, r.run.cache.misses], [12, 0]);
  });

  it('a cache that fails to read or store makes that case an error with the cache\'s reason', async () => {
    // c1: the cache cannot be read, so the target is not asked. c2: the target answered, the store failed.
    const entries = new Map<string, TargetOutput>();
    const cache: OutputCache = {
      get: async (key) => {
        if (key.includes('"id":"c1"')) throw new Error('cache unreadable');
        return entries.get(key);
      },
      put: async (key, output) => {
        if (key.includes('"id":"c2"')) throw new Error('disk full');
        entries.set(key, output);
      },
    };
    const target = fakeTarget(() => 'answer');
    const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, cache });
    assert.deepEqual([r.cases[1]!.status, r.cases[1]!.reason, r.cases[1]!.cached], ['error', 'cache unreadable', false]);
    assert.deepEqual([r.cases[2]!.status, r.cases[2]!.reason, r.cases[2]!.cached], ['error', 'disk full', false]);
    assert.ok(!target.calls.includes('c1'));
    assert.ok(target.calls.includes('c2'));
    assert.equal(r.summary.errors, 2);
    assert.deepEqual([r.run.cache.hits, r.run.cache.misses], [0, 11]);
    assert.equal(entries.size, 10);
    assert.equal(r.run.stopped, undefined);
  });

  it('cancellation keeps every finished case and marks the rest unfinished', async () => {
    const controller = new AbortController();
    const cache = memoryCache();
    let finished = 0;
    const target = fakeTarget(() => 'answer', (c) => (Number(c.id.slice(1)) < 3 ? 1 : 10_000));
    const r = await runEval(spec, config, { target, targetInfo: info }, {
      ...base,
      cache,
      concurrency: 6,
      signal: controller.signal,
      onProgress: () => {
        if (++finished === 3) controller.abort(new Error('cancelled by user'));
      },
    });
    assert.deepEqual(r.cases.map((c) => c.id), ['c0', 'c1', 'c2']);
    assert.equal(r.run.complete, false);
    assert.equal(r.summary.verdict, 'incomplete');
    assert.deepEqual(r.run.unfinished, ['c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11']);
    assert.equal(cache.entries.size, 3);
    assert.deepEqual(r.run.stopped, { reason: 'cancelled', message: 'cancelled' });
  });

  describe('circuit breaker', () => {
    const refused = () => new CaseError('openai: POST http://127.0.0.1:9/v1/chat/completions failed after 4 attempts: connection refused (is the server running?)', true, true);

    it('a target that cannot be reached stops the run after 5 cases in a row, with the reason', async () => {
      const target = fakeTarget(refused, () => 1);
      const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, concurrency: 1 });
      assert.equal(target.calls.length, 5, 'no request after the breaker opens');
      assert.equal(r.run.complete, false);
      assert.equal(r.summary.verdict, 'incomplete');
      assert.equal(r.run.stopped?.reason, 'unreachable');
      assert.match(r.run.stopped!.message, /^target unreachable: openai: POST .* connection refused .* \(7 of 12 cases not run\)$/);
      assert.equal(r.cases.length, 5);
      assert.equal(r.run.unfinished.length, 7);
    });

    it('a success in between resets the count: unreachable means in a row', async () => {
      const target = fakeTarget((c) => (Number(c.id.slice(1)) % 4 === 3 ? 'answer' : refused()), () => 1);
      const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, concurrency: 1 });
      assert.equal(r.run.complete, true);
      assert.equal(r.run.stopped, undefined);
      assert.equal(r.summary.errors, 9);
    });

    it('a target that fails every request (401 on each) stops after the first 10 cases', async () => {
      const target = fakeTarget(() => new CaseError('openai: HTTP 401 Unauthorized from POST http://x/v1/chat/completions: bad key. Check the key in OPENAI_API_KEY.'), () => 1);
      const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, concurrency: 2 });
      assert.ok(target.calls.length >= 10 && target.calls.length <= 11, `${target.calls.length} calls`);
      assert.equal(r.run.stopped?.reason, 'failing');
      assert.match(r.run.stopped!.message, /^the target failed every request: openai: HTTP 401 Unauthorized .* cases not run\)$/);
    });

    it('once one request succeeded, later failures do not trip the "failing" breaker', async () => {
      const target = fakeTarget((c) => (c.id === 'c0' ? 'answer' : new CaseError('HTTP 400')), () => 1);
      const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, concurrency: 1 });
      assert.equal(r.run.complete, true);
      assert.equal(r.summary.errors, 11);
    });

    it('a spec with fewer cases than the threshold finishes every case as an error', async () => {
      const small = parseSpec(SPEC.replace(/```yaml cases[\s\S]*```/, '```yaml cases\n- id: c0\n  input: q\n  expect: refuse\n- id: c1\n  input: q\n  expect: answer\n```'), '/p/small.aispec.md');
      const r = await runEval(small, specConfig(small), { target: fakeTarget(refused, () => 1), targetInfo: info }, { ...base, concurrency: 1 });
      assert.equal(r.run.complete, true, 'every case finished (as an error) when the breaker opened: nothing is unfinished');
      assert.equal(r.run.stopped, undefined);
      assert.equal(r.summary.errors, 2);
    });
  });

  it('counts the HTTP requests each case took, and the run\'s total; cached outputs took none', async () => {
    const cache = memoryCache();
    const counting: Target = {
      fingerprint: 'counting',
      async run(c) {
        return { output: 'answer', latency_ms: 5, requests: Number(c.id.slice(1)) % 2 === 0 ? 1 : 3 };
      },
    };
    const first = await runEval(spec, config, { target: counting, targetInfo: info }, { ...base, cache });
    assert.deepEqual(first.cases.map((c) => c.requests), [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3]);
    assert.equal(first.run.requests, 24);
    const again = await runEval(spec, config, { target: counting, targetInfo: info }, { ...base, cache });
    assert.deepEqual(again.cases.map((c) => c.requests), Array(12).fill(0));
    assert.equal(again.run.requests, undefined, 'no live call in this run');
  });

  it('with --repeat, a case passes only if every attempt does, and flaky cases are flagged', async () => {
    let n = 0;
    const target = fakeTarget((c) => (c.id === 'c1' ? (n++ % 2 ? 'refuse' : 'answer') : c.expect!));
    const r = await runEval(spec, config, { target, targetInfo: info }, { ...base, repeat: 2, concurrency: 1 });
    const c1 = r.cases[1]!;
    assert.equal(c1.status, 'fail');
    assert.equal(c1.flaky, true);
    assert.deepEqual(c1.attempts!.map((a) => a.status), ['pass', 'fail']);
    assert.equal(r.summary.flaky, 1);
    assert.equal(r.summary.failed, 1);
  });
});

describe('runEval with a judge', () => {
  const text = `---
aispec: 1
id: judged
title: Judged
judge: { provider: openai, model: judge-1, pricing: { input_per_mtok: 10, output_per_mtok: 20 } }
pricing: { input_per_mtok: 1, output_per_mtok: 2 }
---
\`\`\`yaml rubric
- id: polite
  criterion: Thanks the user.
\`\`\`
\`\`\`yaml cases
- id: a
  input: hello
- id: b
  input: bye
\`\`\`
`;
  const judged = parseSpec(text, '/p/judged.aispec.md');
  const judge = {
    fingerprint: 'judge',
    async complete(messages: Array<{ content: string }>) {
      const polite = messages.some((m) => m.content.includes('thanks!'));
      return { output: JSON.stringify({ verdicts: [{ id: 'polite', pass: polite, reason: polite ? 'says thanks' : 'no thanks' }] }), usage: { input_tokens: 1000, output_tokens: 100 }, latency_ms: 5 };
    },
  };

  it('grades criteria with the judge and counts its cost apart and in the total', async () => {
    const target = fakeTarget((c) => (c.id === 'a' ? 'hello, thanks!' : 'bye'));
    const r = await runEval(judged, specConfig(judged), { target, judge, targetInfo: info }, base);
    assert.deepEqual(r.cases.map((c) => c.status), ['pass', 'fail']);
    assert.equal(r.cases[1]!.criteria[0]!.graded_by, 'judge');
    assert.equal(r.cases[1]!.criteria[0]!.reason, 'no thanks');
    const judgeCost = (1000 * 10 + 100 * 20) / 1e6;
    const targetCost = (1000 * 1 + 500 * 2) / 1e6;
    assert.deepEqual(r.cases[0]!.judge_usage, { calls: 1, input_tokens: 1000, output_tokens: 100, cost_usd: judgeCost });
    assert.ok(Math.abs(r.cases[0]!.cost_usd! - (judgeCost + targetCost)) < 1e-12);
    assert.ok(Math.abs(r.cost.judge_usd! - 2 * judgeCost) < 1e-12);
  });
});
