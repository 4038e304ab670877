// The recorded judge: verdicts read from a file, found by case or example id and criterion, used only on the
// output they were given on; a missing or stale verdict is an error for that criterion, never a pass.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJudge, RecordedJudge, TargetConfigError } from '../../../../src/core/eval/targets/index.js';
import { runSpecFile } from '../../../../src/node/run-spec.js';
import type { RunResults } from '../../../../src/shared/results.js';
import { NO_GRANT_OPTIONS } from '../../../support/grants.js';
import { caseError, makeDeps, never } from './helpers.js';

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof TargetConfigError && pattern.test(e.message));
}

describe('judge: recorded verdicts', () => {
  const rows = [
    { id: 'c1', criterion: 'kind', pass: true, reason: 'warm', output: 'Happy to help.' },
    { id: 'c1', criterion: 'brief', applies: false, reason: 'nothing to shorten', output: 'Happy to help.' },
    { id: 'c2', criterion: 'kind', pass: false, reason: 'curt', output: 'No.' },
  ];

  it('answers each criterion from its record: pass, fail, n/a', () => {
    const judge = new RecordedJudge('v.jsonl', jsonl(rows));
    assert.equal(judge.size, 3);
    assert.deepEqual(judge.verdicts({ id: 'c1', output: 'Happy to help.\n', criteria: [{ id: 'kind' }, { id: 'brief' }] }), [
      { id: 'kind', pass: true, reason: 'warm' },
      { id: 'brief', pass: false, applies: false, reason: 'nothing to shorten' },
    ]);
    assert.deepEqual(judge.verdicts({ id: 'c2', output: 'No.', criteria: [{ id: 'kind' }] }), [{ id: 'kind', pass: false, reason: 'curt' }]);
  });

  it('a criterion with no record, or a record on another output, is an error for that criterion only', () => {
    const judge = new RecordedJudge('v.jsonl', jsonl(rows));
    const [kind, brief] = judge.verdicts({ id: 'c2', output: 'No.', criteria: [{ id: 'kind' }, { id: 'brief' }] });
    assert.deepEqual(kind, { id: 'kind', pass: false, reason: 'curt' });
    assert.equal(brief!.error, true);
    assert.equal(brief!.pass, false);
    assert.match(brief!.reason, /^no recorded judge verdict for criterion "brief" on "c2" in v\.jsonl: add one/);
    const [stale] = judge.verdicts({ id: 'c1', output: 'Happy to help!', criteria: [{ id: 'kind' }] });
    assert.equal(stale!.error, true);
    assert.match(stale!.reason, /\(v\.jsonl:1\) was given on another output than this one/);
  });

  it('CSV with a header row, pass words and quoted outputs', () => {
    const judge = new RecordedJudge('v.csv', 'id,criterion,pass,reason,output\nc1,kind,yes,"warm, short","Happy to help, really."\nc2,kind,fail,curt,No.\n');
    assert.deepEqual(judge.verdicts({ id: 'c1', output: 'Happy to help, really.', criteria: [{ id: 'kind' }] }), [{ id: 'kind', pass: true, reason: 'warm, short' }]);
    assert.deepEqual(judge.verdicts({ id: 'c2', output: 'No.', criteria: [{ id: 'kind' }] }), [{ id: 'kind', pass: false, reason: 'curt' }]);
  });

  it('a bad row stops with FILE:LINE:COL and what to write', () => {
    configError(() => new RecordedJudge('v.jsonl', '{"id": "c1"\n'), /^v\.jsonl:1:1: Line 1 is not valid JSON/);
    configError(() => new RecordedJudge('v.jsonl', jsonl([rows[0]!, { ...rows[0], reason: 'again' }])), /^v\.jsonl:2:1: "c1" has a second verdict on "kind" \(first on line 1\); keep one\.$/);
    configError(() => new RecordedJudge('v.jsonl', jsonl([{ ...rows[0], verdict: 'pass' }])), /^v\.jsonl:1:1: unknown field verdict/);
    configError(() => new RecordedJudge('v.jsonl', jsonl([{ id: 'c1', criterion: 'kind', pass: true }])), /needs "output": the output the judge graded/);
    configError(() => new RecordedJudge('v.jsonl', jsonl([{ id: 'c1', criterion: 'kind', output: 'x' }])), /needs "pass": true or false \(leave it out only with "applies": false\)/);
    configError(() => new RecordedJudge('v.jsonl', `\n${jsonl([{ id: 'c1', pass: true, output: 'x' }])}`), /^v\.jsonl:2:1: a judge verdict needs "criterion"/);
  });

  it('is built from judge: {provider: recorded, path}, read through the host; asked for a label it says it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispec-recorded-judge-'));
    try {
      writeFileSync(join(dir, 'v.jsonl'), jsonl(rows));
      const deps = makeDeps({ resolvePath: (p) => join(dir, p) });
      try {
        const judge = await createJudge({ provider: 'recorded', path: 'v.jsonl' }, deps);
        assert.ok(judge.recorded);
        await caseError(judge.complete([{ role: 'user', content: 'label this' }], { signal: never(), json: true }), /holds verdicts on rubric criteria only: choosing a label \(classify: \{ judge: true \}\) needs a model judge/);
        await assert.rejects(createJudge({ provider: 'recorded', path: 'missing.jsonl' }, deps), (e: unknown) => e instanceof TargetConfigError && /^judge\.path "missing\.jsonl" \(recorded judge verdicts\) could not be read/.test(e.message));
        await assert.rejects(createJudge({ provider: 'recorded' }, deps), /judge: provider "recorded" needs "path"/);
        await assert.rejects(createJudge({ provider: 'cohere', model: 'x' }, deps), /^TargetConfigError: judge\.provider must be openai, anthropic or recorded \(got "cohere"\)\.$/);
      } finally {
        deps.http.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('judge: recorded, in a run', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-recorded-judge-run-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const SPEC = `---
aispec: 1
id: recorded-judge
title: Recorded judge
target: { provider: recorded, path: outputs.jsonl }
judge: { provider: recorded, path: verdicts.jsonl }
human_labels: labels.jsonl
---

## Goal
Be kind.

\`\`\`yaml rubric
- id: kind
  criterion: The reply is kind to the user.
- id: short
  criterion: At most 20 words.
  check: { max-words: 20 }
\`\`\`

## Examples

> [!TIP]
> **Passes.** A kind answer.
> Id: kind-answer
> Input: Can you help?
> Output: Of course, happy to help.

## Cases

\`\`\`yaml cases
- id: c1
  input: hi
- id: c2
  input: help me
- id: c3
  input: thanks
\`\`\`
`;

  async function run(verdicts: object[]): Promise<RunResults> {
    writeFileSync(join(dir, 'outputs.jsonl'), jsonl([{ id: 'c1', output: 'Hello there!' }, { id: 'c2', output: 'Go away.' }, { id: 'c3', output: 'You are welcome.' }]));
    writeFileSync(join(dir, 'labels.jsonl'), jsonl([{ id: 'c2', criterion: 'kind', pass: false, rater: 'ana' }, { id: 'c1', pass: true, rater: 'ana' }]));
    writeFileSync(join(dir, 'verdicts.jsonl'), jsonl(verdicts));
    const file = join(dir, 's.aispec.md');
    writeFileSync(file, SPEC);
    const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', save: false, cache: false, ...NO_GRANT_OPTIONS });
    if (outcome.kind !== 'ran') assert.fail(JSON.stringify(outcome).slice(0, 600));
    return outcome.results;
  }

  it('grades with no key, calibrates on the examples and labels, and makes a case without a verdict an error', async () => {
    const results = await run([
      { id: 'c1', criterion: 'kind', pass: true, reason: 'friendly', output: 'Hello there!' },
      { id: 'c2', criterion: 'kind', pass: true, reason: 'direct', output: 'Go away.' },
      { id: 'kind-answer', criterion: 'kind', pass: true, reason: 'glad to help', output: 'Of course, happy to help.' },
    ]);
    const byId = new Map(results.cases.map((c) => [c.id, c]));
    assert.equal(byId.get('c1')!.status, 'pass');
    assert.equal(byId.get('c2')!.status, 'pass', 'the recorded (lenient) verdict is the judge verdict');
    const c3 = byId.get('c3')!;
    assert.equal(c3.status, 'error');
    const kind = c3.criteria.find((c) => c.id === 'kind')!;
    assert.equal(kind.error, true);
    assert.equal(kind.passed, false);
    assert.match(kind.reason, /no recorded judge verdict for criterion "kind" on "c3" in verdicts\.jsonl/);
    assert.equal(c3.criteria.find((c) => c.id === 'short')!.passed, true, 'the check still grades');
    assert.notEqual(results.summary.verdict, 'pass');
    const a = results.judge_agreement!;
    assert.deepEqual(a.examples, { total: 1, gradeable: 1, graded: 1, errors: 0 });
    assert.deepEqual(a.human_labels, { rows: 2, compared: 2 });
    // Pairs (human, judge): example (pass, pass), c2 kind (fail, pass), c1 whole (pass, pass).
    assert.deepEqual(a.overall.matrix, [[2, 0], [1, 0]]);
    assert.deepEqual(a.disagreements.map((d) => [d.id, d.criterion, d.human, d.judge, d.reason]), [['c2', 'kind', false, true, 'direct']]);
    assert.equal(results.cases.some((c) => c.judge_usage !== undefined), false, 'nothing was asked, nothing was spent');
  });

  it('an example whose output changed since its verdict was recorded is counted as an error, not compared', async () => {
    const results = await run([
      { id: 'c1', criterion: 'kind', pass: true, reason: 'friendly', output: 'Hello there!' },
      { id: 'c2', criterion: 'kind', pass: false, reason: 'curt', output: 'Go away.' },
      { id: 'c3', criterion: 'kind', pass: true, reason: 'polite', output: 'You are welcome.' },
      { id: 'kind-answer', criterion: 'kind', pass: true, reason: 'glad to help', output: 'Sure, I can help.' },
    ]);
    assert.deepEqual(results.cases.map((c) => c.status), ['pass', 'fail', 'pass']);
    assert.deepEqual(results.judge_agreement!.examples, { total: 1, gradeable: 1, graded: 0, errors: 1 });
    assert.equal(results.judge_agreement!.overall.n, 2);
  });
});
