// schemas/results.schema.json is the documented contract of the results JSON. These tests hold it to the
// TypeScript types (src/shared/results.ts) and to what the engine really writes:
//   - the schema's own shape: strict ajv compiles it, every property is described, every object we own is
//     closed, and each object's keys, required keys, nullability and enums match the types (checked by tsc);
//   - real runs, in process, serialized as `--json` writes them: the bundled examples (binary with confidence
//     scores; five labels with unparsed outputs), --repeat 2, shards and their merge, a run where every case
//     errors, a cancelled run, a cached run with a judge, and lower-bound gates with a filter;
//   - the hand-made fixtures in test/fixtures/results;
//   - files that must be rejected.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mergeRuns } from '../../../src/core/eval/merge.js';
import { runSpecFile, type RunSpecOptions } from '../../../src/node/run-spec.js';
import type {
  AntiPatternHit,
  Attempt,
  CaseResult,
  ClassificationResults,
  ClassMetrics,
  CostStats,
  CriterionVerdict,
  GateResult,
  JudgeAgreement,
  JudgeAgreementStat,
  JudgeDisagreement,
  JudgePair,
  LatencyStats,
  OutputCheckVerdict,
  RateStat,
  RunInfo,
  RunResults,
  RunSummary,
  ThresholdPoint,
  ToolCall,
  Usage,
} from '../../../src/shared/results.js';
import { startOpenAIServer, type ModelServer } from '../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../support/memory-host.js';
import { localServerGrants } from '../../support/grants.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const SCHEMA_ID = 'https://aispec.dev/schemas/results.schema.json';
const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/results.schema.json'), 'utf8')) as Record<string, unknown>;
const fixturesDir = join(repoRoot, 'test/fixtures/results');

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate: ValidateFunction = ajv.compile(schema);

/** The file as CI reads it: what `--json` writes is JSON.stringify of the results. */
function asWritten(results: unknown): unknown {
  return JSON.parse(JSON.stringify(results));
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

function assertValid(results: unknown, what: string): void {
  const ok = validate(asWritten(results));
  assert.ok(ok, `${what} does not match schemas/results.schema.json:\n${describeErrors(validate.errors)}`);
}

function assertRejected(data: unknown, expected: { instancePath: string; keyword: string }): void {
  assert.equal(validate(data), false, 'the schema accepted it');
  const errors = validate.errors ?? [];
  assert.ok(
    errors.some((e) => e.instancePath === expected.instancePath && e.keyword === expected.keyword),
    `expected a "${expected.keyword}" error at "${expected.instancePath}", got:\n${describeErrors(errors)}`,
  );
}

function readFixture(name: string): RunResults {
  return JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as RunResults;
}

function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-results-schema-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
  return dir;
}

async function run(file: string, options: Partial<RunSpecOptions> = {}): Promise<RunResults> {
  const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', save: false, ...localServerGrants('FIXTURE_KEY', 'FAKE_OPENAI_KEY'), ...options });
  if (outcome.kind === 'invalid') assert.fail(`invalid spec: ${outcome.check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
  if (outcome.kind === 'setup-failed') assert.fail(outcome.message);
  if (outcome.kind === 'not-permitted') assert.fail(outcome.problems.map((d) => d.message).join('; '));
  return outcome.results;
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

// ---- Schema ↔ TypeScript: keys, required/optional and nullability, checked by tsc on one side and against
// the schema at run time on the other. Adding a field to results.ts without the schema (or the reverse) fails.

type Presence<T> = {
  [K in keyof T]-?: `${Record<never, never> extends Pick<T, K> ? 'optional' : 'required'}${null extends T[K] ? ' nullable' : ''}`;
};
const presence = <T>(shape: Presence<T>): Record<string, string> => shape;

type ChatMessage = Extract<CaseResult['input'], unknown[]>[number];

/** JSON pointer of an object in the schema → the presence of each of its keys in the TypeScript type. */
const OBJECTS: Record<string, Record<string, string>> = {
  '': presence<RunResults>({
    format: 'required',
    version: 'required',
    aispec_version: 'required',
    spec: 'required',
    run: 'required',
    summary: 'required',
    by_tag: 'required',
    by_criterion: 'required',
    case_criteria: 'optional',
    anti_patterns: 'required',
    classification: 'optional',
    judge_agreement: 'optional',
    latency: 'required',
    cost: 'required',
    cases: 'required',
  }),
  '/properties/spec': presence<RunResults['spec']>({ id: 'required', title: 'required', file: 'required', labels: 'optional', gates: 'optional', pricing: 'optional', digest: 'optional' }),
  '/properties/spec/properties/pricing': presence<NonNullable<RunResults['spec']['pricing']>>({ input_per_mtok: 'optional', output_per_mtok: 'optional', traffic_per_day: 'optional' }),
  '/properties/anti_patterns/additionalProperties': presence<RunResults['anti_patterns'][string]>({ name: 'required', hits: 'required', cases: 'required' }),
  '/$defs/RunInfo': presence<RunInfo>({
    id: 'required',
    started_at: 'required',
    finished_at: 'required',
    duration_ms: 'required',
    complete: 'required',
    unfinished: 'required',
    stopped: 'optional',
    requests: 'optional',
    repeat: 'required',
    repeat_policy: 'optional',
    concurrency: 'required',
    shard: 'optional',
    filter: 'optional',
    target: 'required',
    cache: 'required',
    outputs: 'optional',
  }),
  '/$defs/RunInfo/properties/stopped': presence<NonNullable<RunInfo['stopped']>>({ reason: 'required', message: 'required' }),
  '/$defs/RunInfo/properties/shard': presence<NonNullable<RunInfo['shard']>>({ index: 'required', count: 'required' }),
  '/$defs/RunInfo/properties/filter': presence<NonNullable<RunInfo['filter']>>({ tags: 'optional', case_ids: 'optional', only_failed_from: 'optional' }),
  '/$defs/RunInfo/properties/target': presence<RunInfo['target']>({ provider: 'required', model: 'optional', name: 'optional' }),
  '/$defs/RunInfo/properties/cache': presence<RunInfo['cache']>({ hits: 'required', misses: 'required', enabled: 'required' }),
  '/$defs/RunInfo/properties/outputs': presence<NonNullable<RunInfo['outputs']>>({ source: 'required', from_run: 'optional', oldest_at: 'optional' }),
  '/$defs/RunSummary': presence<RunSummary>({
    total: 'required',
    passed: 'required',
    failed: 'required',
    errors: 'required',
    pass_rate: 'required nullable',
    pass_rate_ci95: 'required nullable',
    gates: 'required',
    verdict: 'required',
    verdict_reason: 'optional',
    flaky: 'required',
    pass_hat_k: 'optional',
    pass_at_k: 'optional',
    consistent: 'optional',
  }),
  '/$defs/RateStat': presence<RateStat>({ passed: 'required', failed: 'required', errors: 'required', n: 'required', rate: 'required nullable', ci95: 'required nullable', not_applicable: 'optional' }),
  '/$defs/GateResult': presence<GateResult>({
    name: 'required',
    direction: 'required',
    target: 'required',
    actual: 'required nullable',
    observed: 'optional nullable',
    ci95: 'optional nullable',
    decided: 'optional',
    note: 'optional',
    n: 'optional',
    passed: 'required',
    reason: 'optional',
  }),
  '/$defs/CaseResult': presence<CaseResult>({
    id: 'required',
    status: 'required',
    requests: 'optional',
    input: 'required nullable',
    output: 'required nullable',
    tool_calls: 'optional',
    predicted: 'optional nullable',
    expected: 'optional',
    tags: 'required',
    reason: 'required',
    classify_reason: 'optional',
    checks: 'required',
    criteria: 'required',
    anti_patterns: 'required',
    score: 'required nullable',
    confidence: 'optional',
    latency_ms: 'required nullable',
    usage: 'required nullable',
    cost_usd: 'required nullable',
    target_cost_usd: 'optional nullable',
    judge_usage: 'optional',
    cached: 'required',
    file: 'required',
    line: 'required',
    meta: 'optional',
    attempts: 'optional',
    flaky: 'optional',
  }),
  '/$defs/CaseResult/properties/judge_usage': presence<NonNullable<CaseResult['judge_usage']>>({ calls: 'required', input_tokens: 'required', output_tokens: 'required', cost_usd: 'required nullable' }),
  '/$defs/Attempt': presence<Attempt>({ status: 'required', output: 'required nullable', predicted: 'optional nullable', reason: 'required', latency_ms: 'required nullable', cached: 'required', tool_calls: 'optional' }),
  '/$defs/ToolCall': presence<ToolCall>({ name: 'required', arguments: 'required nullable', arguments_error: 'optional' }),
  '/$defs/CheckVerdict': presence<OutputCheckVerdict>({ kind: 'required', passed: 'required', reason: 'required', source: 'required', score: 'optional' }),
  '/$defs/CriterionVerdict': presence<CriterionVerdict>({ id: 'required', source: 'optional', criterion: 'optional', passed: 'required nullable', applies: 'optional', reason: 'required', weight: 'required', critical: 'required', graded_by: 'required', error: 'optional' }),
  '/$defs/AntiPatternHit': presence<AntiPatternHit>({ id: 'required', name: 'required', matched: 'required' }),
  '/$defs/ChatMessage': presence<ChatMessage>({ role: 'required', content: 'required' }),
  '/$defs/Usage': presence<Usage>({ input_tokens: 'required', output_tokens: 'required' }),
  '/$defs/ClassificationResults': presence<ClassificationResults>({
    labels: 'required',
    matrix: 'required',
    unparsed: 'required',
    per_class: 'required',
    accuracy: 'required nullable',
    macro_f1: 'required nullable',
    weighted_f1: 'required nullable',
    kappa: 'required nullable',
    n: 'required',
    scores: 'optional',
  }),
  '/$defs/JudgeAgreementStat': presence<JudgeAgreementStat>({ n: 'required', agreement: 'required nullable', agreement_ci95: 'required nullable', kappa: 'required nullable', kappa_ci95: 'required nullable', matrix: 'required' }),
  '/$defs/JudgeDisagreement': presence<JudgeDisagreement>({ id: 'required', item: 'required', criterion: 'optional', rater: 'optional', input: 'required nullable', output: 'required nullable', human: 'required', judge: 'required', reason: 'required' }),
  '/$defs/JudgeAgreement': presence<JudgeAgreement>({ overall: 'required', per_criterion: 'required', alpha: 'optional nullable', examples: 'required', human_labels: 'optional', disagreements: 'required', pairs: 'optional' }),
  '/$defs/JudgePair': presence<JudgePair>({ id: 'required', item: 'required', source: 'required', criterion: 'optional', rater: 'optional', human: 'required', judge: 'required', order: 'required' }),
  '/$defs/JudgeAgreement/properties/examples': presence<JudgeAgreement['examples']>({ total: 'required', gradeable: 'required', graded: 'required', errors: 'required' }),
  '/$defs/JudgeAgreement/properties/human_labels': presence<NonNullable<JudgeAgreement['human_labels']>>({ rows: 'required', compared: 'required' }),
  '/$defs/ClassificationResults/properties/scores': presence<NonNullable<ClassificationResults['scores']>>({ positive_label: 'required', roc_auc: 'required nullable', curve: 'required' }),
  '/$defs/ClassMetrics': presence<ClassMetrics>({
    precision: 'required nullable',
    recall: 'required nullable',
    f1: 'required nullable',
    support: 'required',
    precision_ci95: 'optional nullable',
    recall_ci95: 'optional nullable',
  }),
  '/$defs/ThresholdPoint': presence<ThresholdPoint>({ threshold: 'required', precision: 'required nullable', recall: 'required nullable' }),
  '/$defs/LatencyStats': presence<LatencyStats>({ n: 'required', p50: 'required nullable', p95: 'required nullable', max: 'required nullable', mean: 'required nullable' }),
  '/$defs/CostStats': presence<CostStats>({
    input_tokens: 'required',
    output_tokens: 'required',
    n: 'required',
    unpriced: 'optional',
    total_usd: 'required nullable',
    target_usd: 'optional nullable',
    judge_usd: 'required nullable',
    judge_tokens: 'optional',
    per_case_usd: 'required nullable',
    per_day_usd: 'required nullable',
  }),
};

/** Every member of a string union, exhaustively (tsc fails when the union gains or loses a member). */
const ENUMS: Record<string, string[]> = {
  '/$defs/CaseResult/properties/status': Object.keys({ pass: 1, fail: 1, error: 1 } satisfies Record<CaseResult['status'], 1>),
  '/$defs/Attempt/properties/status': Object.keys({ pass: 1, fail: 1, error: 1 } satisfies Record<Attempt['status'], 1>),
  '/$defs/RunSummary/properties/verdict': Object.keys({ pass: 1, fail: 1, ungated: 1, partial: 1, incomplete: 1 } satisfies Record<RunSummary['verdict'], 1>),
  '/$defs/GateResult/properties/direction': Object.keys({ min: 1, max: 1 } satisfies Record<GateResult['direction'], 1>),
  '/$defs/CriterionVerdict/properties/graded_by': Object.keys({ check: 1, judge: 1 } satisfies Record<CriterionVerdict['graded_by'], 1>),
};

/** Objects that are deliberately open: they mirror the spec's own gates object. (`meta` has no `properties`.) */
const OPEN_OBJECTS = new Set(['/properties/spec/properties/gates']);

function at(pointer: string): Record<string, unknown> {
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  assert.ok(node && typeof node === 'object', `no schema node at #${pointer}`);
  return node as Record<string, unknown>;
}

/** Every subschema with its JSON pointer. */
function* walk(node: unknown, pointer = ''): Generator<[string, Record<string, unknown>]> {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* walk(item, `${pointer}/${i}`);
    return;
  }
  yield [pointer, node as Record<string, unknown>];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'const' || key === 'enum') continue;
    yield* walk(value, `${pointer}/${key}`);
  }
}

const accepts = (pointer: string, value: unknown): boolean => ajv.validate({ $ref: `${SCHEMA_ID}#${pointer}` }, value) as boolean;

describe('results JSON schema (schemas/results.schema.json)', function () {
  this.timeout(60_000);

  describe('the schema', () => {
    it('is JSON Schema 2020-12 with its $id, and compiles under strict ajv', () => {
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema.$id, SCHEMA_ID);
      assert.equal(typeof validate, 'function');
    });

    it('describes every property and every definition', () => {
      const missing: string[] = [];
      for (const [pointer, node] of walk(schema)) {
        for (const [key, sub] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
          if (typeof sub.description !== 'string' || sub.description.trim().length < 10) missing.push(`${pointer}/properties/${key}`);
        }
      }
      for (const [key, sub] of Object.entries(schema.$defs as Record<string, Record<string, unknown>>)) {
        if (typeof sub.description !== 'string' || sub.description.trim().length < 10) missing.push(`/$defs/${key}`);
      }
      assert.deepEqual(missing, []);
    });

    it('closes every object it owns (additionalProperties: false), except the mirrored spec gates', () => {
      const open = [...walk(schema)].filter(([p, n]) => n.properties !== undefined && n.additionalProperties !== false && !OPEN_OBJECTS.has(p)).map(([p]) => p);
      assert.deepEqual(open, []);
      assert.notEqual(at('/properties/spec/properties/gates').additionalProperties, false);
      assert.deepEqual(Object.keys(at('/$defs/CaseResult/properties/meta')), ['type', 'description']);
    });

    for (const [pointer, shape] of Object.entries(OBJECTS)) {
      it(`#${pointer || '/'}: keys, required and nullable as in src/shared/results.ts`, () => {
        const node = at(pointer);
        assert.equal(node.additionalProperties, false);
        const properties = Object.keys(node.properties as object).sort();
        assert.deepEqual(properties, Object.keys(shape).sort(), 'property names');
        const required = Object.entries(shape).filter(([, p]) => p.startsWith('required')).map(([k]) => k).sort();
        assert.deepEqual([...((node.required as string[] | undefined) ?? [])].sort(), required, 'required properties');
        for (const [key, p] of Object.entries(shape)) {
          assert.equal(accepts(`${pointer}/properties/${key}`, null), p.endsWith('nullable'), `${key}: null ${p.endsWith('nullable') ? 'must' : 'must not'} be allowed`);
        }
      });
    }

    it('has the enums of the TypeScript unions', () => {
      for (const [pointer, values] of Object.entries(ENUMS)) assert.deepEqual([...(at(pointer).enum as string[])].sort(), [...values].sort(), pointer);
    });
  });

  describe('real runs, as `aispec eval --json` writes them', () => {
    const examples = join(repoRoot, 'examples');
    const temps: string[] = [];
    const temp = () => {
      const dir = tempProject();
      temps.push(dir);
      return dir;
    };
    after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    it('health-assistant: a binary eval with confidence scores (classification.scores)', async () => {
      const results = await run(join(examples, 'health-assistant/health-assistant.aispec.md'));
      assertValid(results, 'the health-assistant run');
      assert.equal(results.spec.file, 'examples/health-assistant/health-assistant.aispec.md');
      assert.equal(results.classification?.labels.length, 2);
      assert.ok(results.classification?.scores && results.classification.scores.curve.length > 0, 'classification.scores');
      assert.ok(Object.keys(results.anti_patterns).length > 0, 'anti-pattern hits');
      assert.ok(results.cases.every((c) => c.attempts === undefined && c.flaky === undefined));
      // decide_on: point, where samples this size leave some gates open: the warning is in the file.
      assert.ok(results.summary.gates.some((g) => g.decided === false && typeof g.note === 'string' && g.passed));
      assert.equal(results.summary.verdict, 'pass');
    });

    it('support-triage: five labels with unparsed outputs, a case file and meta', async () => {
      const results = await run(join(examples, 'support-triage/support-triage.aispec.md'));
      assertValid(results, 'the support-triage run');
      const cls = results.classification!;
      assert.equal(cls.labels.length, 5);
      assert.equal(cls.scores, undefined);
      assert.ok(cls.unparsed.some((n) => n > 0), 'some outputs match no label');
      assert.ok(results.cases.some((c) => c.predicted === null));
      assert.ok(results.cases.some((c) => c.meta !== undefined));
      assert.ok(results.cases.every((c) => c.file === 'examples/support-triage/cases.jsonl'));
      assert.equal(results.summary.verdict, 'fail');
      for (const label of cls.labels) {
        assert.ok(Array.isArray(cls.per_class[label]!.precision_ci95), `${label} precision_ci95`);
        assert.ok(Array.isArray(cls.per_class[label]!.recall_ci95), `${label} recall_ci95`);
      }
    });

    it('--repeat 2: attempts and flaky on every case', async () => {
      const results = await run(join(examples, 'health-assistant/health-assistant.aispec.md'), { repeat: 2 });
      assertValid(results, 'the --repeat 2 run');
      assert.equal(results.run.repeat, 2);
      assert.ok(results.cases.every((c) => c.attempts?.length === 2 && typeof c.flaky === 'boolean'));
    });

    it('--shard 1/2 and 2/2, and their merge', async () => {
      const spec = join(examples, 'support-triage/support-triage.aispec.md');
      const shards = [];
      for (const index of [1, 2]) {
        const shard = await run(spec, { filter: { shard: { index, count: 2 } } });
        assertValid(shard, `shard ${index}/2`);
        assert.deepEqual(shard.run.shard, { index, count: 2 });
        shards.push(asWritten(shard) as RunResults);
      }
      const merged = mergeRuns(shards);
      assertValid(merged, 'the merged shards');
      assert.equal(merged.run.shard, undefined);
      assert.match(merged.run.id, /^merged-/);
      assert.equal(merged.cases.length, shards[0]!.cases.length + shards[1]!.cases.length);
    });

    it('every case errors: an openai target on a closed port with a fake key', async () => {
      const dir = temp();
      const port = await closedPort();
      const key = 'sk-fake-results-schema-test';
      const file = join(dir, 'down.aispec.md');
      writeFileSync(
        file,
        `---
aispec: 1
id: down
title: Target is down
target: { provider: openai, model: gpt-test, base_url: "http://127.0.0.1:${port}/v1", api_key_env: FAKE_OPENAI_KEY }
timeout_ms: 1000
labels: [yes, no]
gates: { pass_rate: 0.9, recall: { yes: 0.9 }, kappa: 0.5, max_errors: 0, latency_p95_ms: 1000, cost_per_case_usd: 0.01 }
pricing: { input_per_mtok: 1, output_per_mtok: 2, traffic_per_day: 100 }
---

## Goal
Answer yes or no.

\`\`\`yaml cases
- id: q1
  input: Is it up?
  expect: yes
  tags: [core]
- id: q2
  messages:
    - { role: system, content: Answer yes or no. }
    - { role: user, content: Is it down? }
  expect: no
\`\`\`
`,
      );
      const results = await run(file, { concurrency: 1, cache: false, secrets: memorySecrets({ FAKE_OPENAI_KEY: key }), filter: { caseIds: ['q1', 'q2'] } });
      assertValid(results, 'the all-errors run');
      assert.ok(!JSON.stringify(results).includes(key), 'the API key must not appear in the results');
      assert.equal(results.summary.errors, 2);
      assert.ok(results.cases.every((c) => c.status === 'error' && c.output === null && c.usage === null && c.latency_ms === null && c.reason !== ''));
      assert.ok(Array.isArray(results.cases[1]!.input));
      assert.equal(results.summary.pass_rate, null);
      assert.equal(results.summary.pass_rate_ci95, null);
      assert.equal(results.classification?.n, 0);
      assert.equal(results.latency.p95, null);
      assert.equal(results.cost.total_usd, null);
      // Every case errored (more than max_errors' default 0): not graded, so incomplete, not fail.
      assert.equal(results.summary.verdict, 'incomplete');
      assert.ok(results.summary.gates.some((g) => g.actual === null && g.reason));
      assert.deepEqual(results.run.filter, { case_ids: ['q1', 'q2'] });
    });

    it('a cancelled run: incomplete, every case unfinished', async () => {
      const dir = temp();
      const port = await closedPort();
      const file = join(dir, 'cancelled.aispec.md');
      writeFileSync(
        file,
        `---
aispec: 1
id: cancelled
title: Cancelled run
target: { provider: openai, model: gpt-test, base_url: "http://127.0.0.1:${port}/v1", api_key_env: FAKE_OPENAI_KEY }
gates: { pass_rate: 0.9 }
---

## Goal
Answer.

\`\`\`yaml cases
- id: a
  input: one
- id: b
  input: two
\`\`\`
`,
      );
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('cancelled')), 200);
      const results = await run(file, { concurrency: 1, cache: false, secrets: memorySecrets({ FAKE_OPENAI_KEY: 'sk-fake' }), signal: controller.signal });
      assertValid(results, 'the cancelled run');
      assert.equal(results.run.complete, false);
      assert.equal(results.summary.verdict, 'incomplete');
      assert.deepEqual(results.run.unfinished, ['a', 'b']);
      assert.equal(results.cases.length, 0);
    });

    describe('criteria that apply to some cases: applies_to and a judge answering "applies": false, on a fixture server', () => {
      let server: ModelServer;
      const judgeRequests: string[] = [];
      before(async () => {
        server = await startOpenAIServer({
          reply: (request) => {
            const body = request.body as { model?: string; messages?: Array<{ content: string }> };
            if (body.model !== 'judge-1') return `Please call 911 now. echo: ${body.messages?.at(-1)?.content ?? ''}`;
            const asked = body.messages?.at(-1)?.content ?? '';
            judgeRequests.push(asked);
            // The judge reads the case: "escalates" concerns only an input that describes an emergency.
            const emergency = /chest pain|not breathing/.test(asked.split('</input>')[0] ?? '');
            const ids = [...asked.matchAll(/"id": "([^"]+)"/g)].map((m) => m[1]!);
            return JSON.stringify({
              verdicts: ids.map((id) =>
                id === 'escalates' && !emergency ? { id, applies: false, reason: 'no emergency is described' } : { id, pass: true, applies: true, reason: 'it does' },
              ),
            });
          },
        });
      });
      after(() => server.close());

      it('leaves n/a cases out of the rate and n, asks no question the spec ruled out, and validates', async () => {
        const dir = temp();
        const file = join(dir, 'applies.aispec.md');
        writeFileSync(
          file,
          `---
aispec: 1
id: applies
title: Criteria that apply to some cases
target: { provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
judge: { provider: openai, model: judge-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
gates: { per_criterion: { escalates: 1, names-help: 1, calls-911: 1 } }
---

## Goal
Send emergencies to emergency services.

\`\`\`yaml rubric
- id: escalates
  criterion: Tells the person to call emergency services now.
  critical: true
- id: names-help
  criterion: Names who can help.
  applies_to: { tags: [urgent] }
- id: calls-911
  criterion: Names 911.
  check: { contains: "911" }
  applies_to: { tags: [emergency] }
\`\`\`

\`\`\`yaml cases
- id: chest
  input: My dad has chest pain spreading to his arm.
  tags: [emergency]
- id: breathing
  input: My friend is not breathing.
  tags: [emergency, urgent]
- id: cholesterol
  input: What does cholesterol do?
  tags: [general]
\`\`\`
`,
        );
        const results = await run(file, { cache: false, secrets: memorySecrets({ FIXTURE_KEY: 'test-key' }) });
        assertValid(results, 'the run with n/a criteria');
        assert.deepEqual(results.cases.map((c) => [c.id, c.status]), [['chest', 'pass'], ['breathing', 'pass'], ['cholesterol', 'pass']]);
        const cholesterol = results.cases.find((c) => c.id === 'cholesterol')!;
        assert.deepEqual(cholesterol.criteria.map((v) => [v.id, v.passed, v.applies, v.reason]), [
          ['escalates', null, false, 'no emergency is described'],
          ['names-help', null, false, 'applies only to cases tagged "urgent"'],
          ['calls-911', null, false, 'applies only to cases tagged "emergency"'],
        ]);
        assert.equal(cholesterol.score, null, 'no criterion applies: no score');
        assert.ok(!cholesterol.checks.some((c) => c.source === 'criterion:calls-911'), 'a check that does not apply is not run');
        // Only the judged criteria that apply were asked: names-help for the urgent case alone.
        assert.equal(judgeRequests.length, 3);
        assert.equal(judgeRequests.filter((r) => r.includes('"names-help"')).length, 1);
        const stat = (id: string) => results.by_criterion[id]!;
        assert.deepEqual([stat('escalates').n, stat('escalates').not_applicable, stat('escalates').rate], [2, 1, 1]);
        assert.deepEqual([stat('names-help').n, stat('names-help').not_applicable], [1, 2]);
        assert.deepEqual([stat('calls-911').n, stat('calls-911').not_applicable, stat('calls-911').rate], [2, 1, 1]);
        assert.deepEqual(results.summary.gates.map((g) => [g.name, g.passed, g.n]), [
          ['per_criterion.escalates', true, 2],
          ['per_criterion.names-help', true, 1],
          ['per_criterion.calls-911', true, 2],
        ]);
        assert.equal(results.summary.verdict, 'pass');
      });
    });

    describe('a model target and a judge on a fixture server, run twice (the second re-grading the first\'s outputs)', () => {
      let server: ModelServer;
      before(async () => {
        server = await startOpenAIServer({
          reply: (request) => {
            const body = request.body as { model?: string; messages?: Array<{ content: string }> };
            if (body.model !== 'judge-1') return `echo: ${body.messages?.at(-1)?.content ?? ''}`;
            const polite = !JSON.stringify(body.messages).includes('rude');
            return JSON.stringify({ verdicts: [{ id: 'polite', pass: polite, reason: polite ? 'it is polite' : 'it is rude' }] });
          },
        });
      });
      after(() => server.close());

      it('validates, with the outputs reused and the original latency and cost on the second run', async () => {
        const dir = temp();
        const file = join(dir, 'model.aispec.md');
        writeFileSync(
          file,
          `---
aispec: 1
id: model-judge
title: Model with a judge
target: { provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
judge: { provider: openai, model: judge-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY, pricing: { input_per_mtok: 3, output_per_mtok: 6 } }
labels: [yes, no]
classify:
  yes: { regex: "yes" }
  no: { otherwise: true }
gates: { pass_rate: 0.5, per_criterion: { polite: 0.5 }, max_errors: 0 }
pricing: { input_per_mtok: 1, output_per_mtok: 2, traffic_per_day: 1000 }
---

## Goal
Echo the question.

\`\`\`yaml rubric
- id: short
  criterion: The reply is short.
  check: { max-words: 20 }
- id: polite
  criterion: The reply is polite.
  weight: 2
\`\`\`

> [!CAUTION]
> **Anti-pattern: Says the forbidden word.** It must never say it. Detect: \`/forbidden/i\`

\`\`\`yaml cases
- id: c1
  input: yes please
  expect: yes
  tags: [core]
  checks: [{ contains: echo }]
  meta: { source: fixture, nested: { list: [1, 2], flag: true } }
- id: c2
  input: no thanks
  expect: no
  tags: [core, edge]
- id: c3
  input: yes, a rude one
  expect: no
  tags: [adversarial]
- id: c4
  messages:
    - { role: system, content: Be brief. }
    - { role: user, content: "no, and say forbidden" }
  expect: no
  tags: [edge]
- id: 5
  input: a plain question
\`\`\`
`,
        );
        const options = { secrets: memorySecrets({ FIXTURE_KEY: 'test-key' }) };
        const first = await run(file, { ...options, save: true });
        assertValid(first, 'the model + judge run');
        assert.equal(first.run.cache.enabled, true);
        assert.equal(first.run.cache.misses, 5);
        assert.ok(first.cases.some((c) => c.criteria.some((v) => v.graded_by === 'judge')));
        assert.ok(first.cases.some((c) => c.status === 'fail') && first.cases.some((c) => c.status === 'pass'));
        assert.ok(first.cases.some((c) => c.anti_patterns.length > 0));
        assert.ok(first.cases.every((c) => typeof c.cost_usd === 'number'));
        assert.ok(first.cases.some((c) => c.judge_usage !== undefined && typeof c.judge_usage.cost_usd === 'number'));
        assert.equal(typeof first.cost.judge_usd, 'number');
        assert.deepEqual(first.run.outputs, { source: 'fresh' });

        const targetRequests = () => server.requests.filter((r) => (r.body as { model?: string }).model === 'fixture-1').length;
        const before = targetRequests();
        const second = await run(file, { ...options, reuseOutputs: true });
        assertValid(second, 'the run re-grading reused outputs');
        assert.equal(targetRequests(), before, 'no target request');
        assert.deepEqual(second.run.outputs, { source: 'reused', from_run: first.run.id, oldest_at: first.run.started_at });
        assert.deepEqual(
          second.cases.map((c) => [c.latency_ms, c.cost_usd]),
          first.cases.map((c) => [c.latency_ms, c.cost_usd]),
        );
      });
    });

    it('lower-bound gates of every kind, a tag filter and --failed provenance (observed, n, reason, filter)', async () => {
      const dir = temp();
      cpSync(join(examples, 'health-assistant'), join(dir, 'health'), { recursive: true });
      const file = join(dir, 'health/health-assistant.aispec.md');
      const text = readFileSync(file, 'utf8');
      const gates = `gates:
  decide_on: lower_bound
  pass_rate: 0.8
  per_tag: { adversarial: 0.5, pregnancy: 0.9 }
  per_criterion: { no-dose-amount: 0.9 }
  recall: { refuse: 0.8 }
  precision: { refuse: 0.8 }
  f1: { answer: 0.8 }
  accuracy: 0.8
  macro_f1: 0.8
  kappa: 0.6
  max_errors: 0
  latency_p95_ms: 1000
  cost_per_case_usd: 0.0003
`;
      const replaced = text.replace(/^gates:\n(?: {2}.*\n)+/m, gates);
      assert.notEqual(replaced, text);
      writeFileSync(file, replaced);
      const results = await run(file, { filter: { tags: ['adversarial'] }, onlyFailedFrom: '.aispec/runs/health-assistant-medical-advice/latest.json' });
      assertValid(results, 'the lower-bound run');
      assert.equal(results.summary.gates.length, 13);
      assert.ok(results.summary.gates.some((g) => g.observed !== undefined));
      assert.ok(results.summary.gates.some((g) => g.name === 'max_errors' && g.n === undefined));
      assert.ok(results.summary.gates.some((g) => g.name === 'per_tag.pregnancy' && g.actual === null && g.observed === null), 'a tag the filter left out');
      // Every rate gate decides on the lower end of its interval; the value gates have none.
      const valueGates = ['max_errors', 'latency_p95_ms', 'cost_per_case_usd'];
      for (const g of results.summary.gates) {
        if (valueGates.includes(g.name)) {
          assert.ok(!('ci95' in g) && !('decided' in g), g.name);
        } else {
          assert.ok('ci95' in g && g.decided === true, g.name);
          assert.equal(g.actual, g.ci95 === null ? null : g.ci95![0], g.name);
        }
      }
      assert.ok(results.summary.gates.some((g) => g.name === 'kappa' && g.ci95 !== null), 'a kappa interval');
      assert.deepEqual(results.run.filter, { tags: ['adversarial'], only_failed_from: '.aispec/runs/health-assistant-medical-advice/latest.json' });
      assert.equal(results.spec.file, 'health/health-assistant.aispec.md');
    });
  });

  describe('the hand-made fixtures in test/fixtures/results', () => {
    const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));
    it('has fixtures', () => assert.ok(files.length > 0));
    for (const name of files) {
      it(name, () => assertValid(readFixture(name), `test/fixtures/results/${name}`));
    }
  });

  describe('rejects', () => {
    const base = () => readFixture('binary.json') as unknown as Record<string, unknown> & { summary: Record<string, unknown>; cases: Array<Record<string, unknown>> };

    it('the base fixture itself is valid (so each rejection below is for its one change)', () => assertValid(base(), 'binary.json'));

    it('an unknown top-level key', () => {
      assertRejected({ ...base(), pass_rate: 0.9 }, { instancePath: '', keyword: 'additionalProperties' });
    });

    it('a pass_rate written as a string', () => {
      const data = base();
      data.summary.pass_rate = '0.86';
      assertRejected(data, { instancePath: '/summary/pass_rate', keyword: 'type' });
    });

    it('a summary without gates', () => {
      const data = base();
      delete data.summary.gates;
      assertRejected(data, { instancePath: '/summary', keyword: 'required' });
    });

    it('a case with status "skipped"', () => {
      const data = base();
      data.cases[0]!.status = 'skipped';
      assertRejected(data, { instancePath: '/cases/0/status', keyword: 'enum' });
    });

    it('an unknown key in a case, a fractional matrix count, a malformed interval, a verdict outside the enum', () => {
      const withKey = base();
      withKey.cases[0]!.skipped = false;
      assertRejected(withKey, { instancePath: '/cases/0', keyword: 'additionalProperties' });
      const fractional = base() as unknown as RunResults;
      fractional.classification!.matrix[0]![0] = 1.5;
      assertRejected(fractional, { instancePath: '/classification/matrix/0/0', keyword: 'type' });
      const interval = base();
      interval.summary.pass_rate_ci95 = [0.8];
      assertRejected(interval, { instancePath: '/summary/pass_rate_ci95', keyword: 'minItems' });
      const verdict = base();
      verdict.summary.verdict = 'passed';
      assertRejected(verdict, { instancePath: '/summary/verdict', keyword: 'enum' });
    });

    it('a criterion verdict that says it applies (applies is only ever false), and a negative not_applicable', () => {
      const criterion = (data: ReturnType<typeof base>) => (data.cases[0]!.criteria as Array<Record<string, unknown>>)[0]!;
      const applies = base();
      criterion(applies).applies = true;
      assertRejected(applies, { instancePath: '/cases/0/criteria/0/applies', keyword: 'const' });
      const na = base();
      Object.assign(criterion(na), { passed: null, applies: false });
      assert.ok(validate(na), 'an n/a verdict is valid');
      const counted = base();
      (counted.by_criterion as Record<string, Record<string, unknown>>)['no-dosing']!.not_applicable = -1;
      assertRejected(counted, { instancePath: '/by_criterion/no-dosing/not_applicable', keyword: 'minimum' });
    });

    it('a gate interval that is not a pair within -1..1', () => {
      const data = base() as unknown as RunResults;
      data.summary.gates[0]!.ci95 = [0.5, 1.5];
      assertRejected(data, { instancePath: '/summary/gates/0/ci95/1', keyword: 'maximum' });
    });

    it('but accepts a file from before the per-class intervals and gate intervals existed', () => {
      const data = base() as unknown as RunResults;
      for (const m of Object.values(data.classification!.per_class)) {
        delete m.precision_ci95;
        delete m.recall_ci95;
      }
      for (const g of data.summary.gates) {
        delete g.ci95;
        delete g.decided;
        delete g.note;
      }
      assertValid(data, 'an older file');
    });

    it('but accepts anything in meta and unknown keys in the mirrored spec gates', () => {
      const data = base() as unknown as RunResults;
      data.cases[0]!.meta = { anything: { nested: [1, 'two', null] } };
      (data.spec.gates as Record<string, unknown>).future_gate = { x: 1 };
      assertValid(data, 'meta and spec.gates extensions');
    });
  });
});

