// Judge calibration end to end: a recorded target, a fixture judge server that answers right, wrong and
// malformed, examples with and without an input and output, and a human labels file by two raters.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { consoleSummary, markdownReport } from '../../../src/core/index.js';
import { mergeRuns } from '../../../src/core/eval/merge.js';
import type { RunResults } from '../../../src/shared/results.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { startOpenAIServer, type ModelServer } from '../../fixtures/servers/model-server.js';
import { localServerGrants, NO_GRANT_OPTIONS } from '../../support/grants.js';
import { memorySecrets } from '../../support/memory-host.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validateResults = ajv.compile(JSON.parse(readFileSync(new URL('../../../schemas/results.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>);

/** The judge: "kind" fails only an output that says "rude"; an output saying "garbled" gets no JSON at all. */
function judgeReply(request: { body: unknown }): string {
  const body = request.body as { messages?: Array<{ content: string }> };
  // Malformed on the first ask and on the repair: the example is counted as one the judge could not grade.
  if (JSON.stringify(body.messages).includes('garbled')) return 'I think it is fine.';
  const asked = body.messages?.at(-1)?.content ?? '';
  const output = asked.split('<output>')[1]?.split('</output>')[0] ?? '';
  const kind = !output.includes('rude');
  return JSON.stringify({ verdicts: [{ id: 'kind', pass: kind, reason: kind ? 'it is kind' : 'it is rude' }] });
}

function spec(url: string, gates: string, labels = 'human_labels: labels.jsonl\n'): string {
  return `---
aispec: 1
id: calibration
title: Judge calibration
target: { provider: recorded, path: outputs.jsonl }
judge: { provider: openai, model: judge-1, base_url: "${url}", api_key_env: FIXTURE_KEY }
${labels}gates: ${gates}
---

## Goal
Be kind.

\`\`\`yaml rubric
- id: kind
  criterion: The reply is kind.
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

> [!WARNING]
> **Fails.** Rude, but the judge is lenient about this one?
> Input: Can you help?
> Output:
> \`\`\`
> No. Figure it out yourself,
> you rude person.
> \`\`\`

> [!WARNING]
> **Fails.** Without input and output: counted, not graded.

> [!WARNING]
> **Fails.** The judge cannot read this one.
> Input: hello
> Output: garbled

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
}

const OUTPUTS = [
  { id: 'c1', output: 'Hello there, how can I help?' },
  { id: 'c2', output: 'Stop bothering me, rude.' },
  { id: 'c3', output: 'You are welcome.' },
];

const LABELS = [
  { id: 'c1', pass: true, rater: 'ana' },
  { id: 'c1', pass: true, rater: 'ben' },
  { id: 'c2', criterion: 'kind', pass: false, rater: 'ana' },
  { id: 'c2', criterion: 'kind', pass: true, rater: 'ben' },
  { id: 'c3', pass: false, rater: 'ana' },
  { id: 'c3', criterion: 'short', pass: true, rater: 'ana' },
  { id: 'kind-answer', criterion: 'kind', pass: true, rater: 'ben' },
];

describe('judge calibration', function () {
  this.timeout(60_000);
  let server: ModelServer;
  let dir: string;
  before(async () => {
    server = await startOpenAIServer({ reply: judgeReply });
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-calibration-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n');
    writeFileSync(join(dir, 'outputs.jsonl'), OUTPUTS.map((o) => JSON.stringify(o)).join('\n') + '\n');
    writeFileSync(join(dir, 'labels.jsonl'), LABELS.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(text: string, shard?: { index: number; count: number }): Promise<RunResults> {
    const file = join(dir, 'calibration.aispec.md');
    writeFileSync(file, text);
    const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', save: false, cache: false, secrets: memorySecrets({ FIXTURE_KEY: 'test-key' }), ...localServerGrants('FIXTURE_KEY'), ...(shard ? { filter: { shard } } : {}) });
    if (outcome.kind !== 'ran') assert.fail(JSON.stringify(outcome).slice(0, 600));
    return outcome.results;
  }

  it('grades the examples, compares every human label, and reports agreement, kappa, the matrix and alpha', async () => {
    const sent = server.requests.length;
    const results = await run(spec(server.url, '{ judge_agreement: 0.5, judge_kappa: 0.9 }'));
    // The judge's calls and tokens are reported apart from the target's, the calibration's included:
    // 3 cases, 2 examples, and the garbled one asked twice (a repair).
    const judgeTokens = results.cost.judge_tokens!;
    assert.equal(judgeTokens.calls, server.requests.length - sent);
    assert.equal(judgeTokens.calls, 7);
    const ofCases = results.cases.reduce((n, c) => n + (c.judge_usage?.input_tokens ?? 0), 0);
    assert.ok(judgeTokens.input_tokens > ofCases, `${judgeTokens.input_tokens} > ${ofCases}: the calibration's tokens count`);
    assert.deepEqual([results.cost.input_tokens, results.cost.output_tokens], [0, 0], 'the recorded target reported none');
    assert.match(consoleSummary(results, { color: false, width: 120 }), new RegExp(` · judge 7 calls, ${judgeTokens.input_tokens.toLocaleString('en-US')} in, ${judgeTokens.output_tokens} out`));
    const a = results.judge_agreement!;
    assert.ok(a, 'judge_agreement is reported');
    assert.deepEqual(a.examples, { total: 4, gradeable: 3, graded: 2, errors: 1 });
    // Pairs: kind-answer (pass/pass), the rude example (fail/fail); labels: c1 ana+ben (pass/pass ×2),
    // c2 kind ana (fail/fail), c2 kind ben (pass/fail), c3 ana (fail/pass), kind-answer kind (pass/pass).
    // c3 "short" is graded by a check, so it is not compared.
    assert.deepEqual(a.human_labels, { rows: 7, compared: 6 });
    assert.equal(a.overall.n, 8);
    assert.deepEqual(a.overall.matrix, [
      [4, 1],
      [1, 2],
    ]);
    assert.equal(a.overall.agreement, 6 / 8);
    // sklearn: cohen_kappa_score([p,p,p,p,p,f,f,f], [p,p,p,p,f,p,f,f]) = 0.4666…
    assert.ok(Math.abs(a.overall.kappa! - 7 / 15) < 1e-12, String(a.overall.kappa));
    assert.deepEqual(Object.keys(a.per_criterion), ['kind']);
    assert.equal(a.per_criterion.kind!.n, 3);
    // Raters ana and ben both labelled c1 (agree) and c2/kind (disagree): alpha from the coincidence matrix.
    // n_pass = 3, n_fail = 1, two disagreeing coincidences: alpha = 1 − 3·2 / (2·3·1) = 0.
    assert.equal(a.alpha, 0);
    assert.equal(a.disagreements.length, 2);
    const c3 = a.disagreements.find((d) => d.id === 'c3')!;
    assert.deepEqual([c3.item, c3.human, c3.judge, c3.input, c3.output], ['case', false, true, 'thanks', 'You are welcome.']);
    const gates = Object.fromEntries(results.summary.gates.map((g) => [g.name, g]));
    assert.equal(gates.judge_agreement!.passed, true);
    assert.equal(gates.judge_kappa!.passed, false);
    assert.match(consoleSummary(results, { color: false, width: 120 }), /Judge vs human {2}agreement 0\.750 \(95% CI .*\) · kappa 0\.467 · n=8/);
    assert.match(markdownReport(results), /# Judge vs human/);
    assert.ok(validateResults(JSON.parse(JSON.stringify(results))), JSON.stringify(validateResults.errors));
  });

  it('merged shards: the calibration of the unsharded run, and what every shard spent calibrating', async () => {
    const text = spec(server.url, '{ judge_agreement: 0.5 }').replace('api_key_env: FIXTURE_KEY }', 'api_key_env: FIXTURE_KEY, pricing: { input_per_mtok: 1, output_per_mtok: 2 } }');
    const full = await run(text);
    const shards = [await run(text, { index: 1, count: 2 }), await run(text, { index: 2, count: 2 })];
    const merged = mergeRuns(shards);
    assert.deepEqual(merged.judge_agreement, full.judge_agreement);
    assert.deepEqual(merged.summary.gates, full.summary.gates);
    // Each shard graded the 3 examples (4 calls with the repair) besides its cases: all of it was spent.
    const calls = (r: RunResults) => r.cost.judge_tokens!.calls;
    assert.equal(calls(merged), calls(shards[0]!) + calls(shards[1]!));
    assert.equal(calls(merged), calls(full) + 4);
    assert.ok(Math.abs(merged.cost.judge_usd! - (shards[0]!.cost.judge_usd! + shards[1]!.cost.judge_usd!)) < 1e-12);
  });

  it('leaves the judge gates undecided, never passed, when nothing was compared', async () => {
    const results = await run(spec(server.url, '{ judge_agreement: 0.5, judge_kappa: 0.5 }', '').replace(/> Input:.*\n/g, ''));
    assert.equal(results.judge_agreement!.examples.gradeable, 0);
    for (const name of ['judge_agreement', 'judge_kappa']) {
      const gate = results.summary.gates.find((g) => g.name === name)!;
      assert.deepEqual([gate.passed, gate.decided], [false, false], name);
      assert.match(gate.reason!, /not decided/);
    }
  });

  it('leaves the judge gates undecided in a run that does not use the judge', async () => {
    const text = spec(server.url, '{ judge_agreement: 0.5 }').replace('- id: kind\n  criterion: The reply is kind.\n', '');
    const results = await run(text.replace('human_labels: labels.jsonl\n', ''));
    assert.equal(results.judge_agreement, undefined);
    const gate = results.summary.gates.find((g) => g.name === 'judge_agreement')!;
    assert.deepEqual([gate.passed, gate.decided], [false, false]);
    assert.match(gate.reason!, /did not use the judge/);
  });

  it('shows on the bundled health-assistant example with no key: its recorded judge, examples and human labels', async () => {
    // The example's judge is a file of recorded verdicts; the expected pairs are worked out here from the
    // three files themselves (spec examples, judge-verdicts.jsonl, human-labels.jsonl), not from the run.
    const folder = new URL('../../../examples/health-assistant/', import.meta.url);
    const read = (name: string) => readFileSync(new URL(name, folder), 'utf8');
    const rows = (name: string) => read(name).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const verdicts = rows('judge-verdicts.jsonl');
    const judgeOn = (id: string, criterion?: string): boolean | undefined => {
      const graded = verdicts.filter((v) => v.id === id && v.applies !== false && (criterion === undefined || v.criterion === criterion));
      return graded.length === 0 ? undefined : graded.every((v) => v.pass === true);
    };
    const examples = [...read('health-assistant.aispec.md').matchAll(/\*\*(Passes|Fails)\.\*\*.*\n> Id: (\S+)\n> Input:/g)].map((m) => ({ id: m[2]!, pass: m[1] === 'Passes' }));
    const pairs = [
      ...examples.map((e) => [e.pass, judgeOn(e.id)] as const),
      ...rows('human-labels.jsonl').map((l) => [l.pass as boolean, judgeOn(l.id as string, l.criterion as string | undefined)] as const),
    ].filter((p): p is readonly [boolean, boolean] => p[1] !== undefined);
    const count = (human: boolean, judge: boolean) => pairs.filter(([h, j]) => h === human && j === judge).length;

    cpSync(folder, dir, { recursive: true });
    const outcome = await runSpecFile(join(dir, 'health-assistant.aispec.md'), { aispecVersion: '0.0.0-test', save: false, cache: false, secrets: memorySecrets({}), ...NO_GRANT_OPTIONS });
    if (outcome.kind !== 'ran') assert.fail(JSON.stringify(outcome).slice(0, 600));
    const a = outcome.results.judge_agreement!;
    assert.deepEqual(a.examples, { total: examples.length, gradeable: examples.length, graded: examples.length, errors: 0 });
    assert.equal(a.overall.n, pairs.length);
    assert.deepEqual(a.overall.matrix, [[count(true, true), count(true, false)], [count(false, true), count(false, false)]]);
    // The story the example tells: a lenient judge. It never fails what a person passed, and passes much that people failed.
    assert.equal(count(true, false), 0);
    assert.ok(count(false, true) > count(false, false));
    assert.equal(typeof a.alpha, 'number');
    assert.deepEqual(Object.keys(a.per_criterion), ['gives-a-real-answer', 'names-who-can-help']);
    assert.equal(outcome.results.summary.verdict, 'pass', 'the judge grades minor criteria; no gate relies on it');
    const agreement = (count(true, true) + count(false, false)) / pairs.length;
    assert.match(consoleSummary(outcome.results, { color: false, width: 120 }), new RegExp(`Judge vs human {2}agreement ${agreement.toFixed(3).replace('.', '\\.')}`));
  });
});
