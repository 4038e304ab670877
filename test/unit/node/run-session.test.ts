// The cache resumes; it never stands in for a new run. runSpecFile in process against a fixture model
// server (a target and a judge on it): a second plain run asks everything anew, a cancelled run is resumed
// with no request repeated (judge calls included), another configuration does not resume, --reuse-outputs
// re-grades without a target call, and a cache entry this machine did not sign is never used.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAIServer, type ModelServer, type RecordedRequest } from '../../fixtures/servers/model-server.js';
import { memorySecrets } from '../../support/memory-host.js';
import { CACHE_KEY_FILE_ENV } from '../../../src/node/cache-secret.js';
import { createDiskCache } from '../../../src/node/disk-cache.js';
import { runSpecFile, type RunSpecOptions } from '../../../src/node/run-spec.js';
import type { RunResults } from '../../../src/shared/results.js';
import { localServerGrants } from '../../support/grants.js';
import { filesUnder } from '../../support/files-under.js';

const CASES = 8;

/** Two pass/fail examples the judge grades after the cases (judge calibration). */
const EXAMPLES = `
## Examples

> [!TIP]
> **Passes.** Polite.
> Id: polite-example
> Input: question x
> Output: echo: thank you for asking

> [!WARNING]
> **Fails.** Rude.
> Id: rude-example
> Input: question y
> Output: echo: go away
`;

function spec(server: ModelServer, options: { model?: string; check?: string; added?: string; examples?: boolean } = {}): string {
  const ids = [...Array.from({ length: CASES }, (_, i) => `c${i}`), ...(options.added ? [options.added] : [])];
  const cases = ids.map((id) => `- id: ${id}\n  input: "question ${id}"\n  checks: [{ contains: "${options.check ?? 'echo'}" }]`).join('\n');
  return `---
aispec: 1
id: session-spec
title: Sessions
target: { provider: openai, model: ${options.model ?? 'fixture-1'}, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
judge: { provider: openai, model: judge-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
---

## Goal
Echo the question politely.

\`\`\`yaml rubric
- id: polite
  criterion: The reply is polite.
\`\`\`

\`\`\`yaml cases
${cases}
\`\`\`
${options.examples ? EXAMPLES : ''}`;
}

const isJudge = (r: RecordedRequest) => (r.body as { model?: string }).model === 'judge-1';
/** Called with each judge request's body, before the fixture answers it. */
let cancelOnJudgeRequest: ((body: string) => unknown) | undefined;

describe('run sessions: the cache resumes an unfinished run and nothing else', function () {
  this.timeout(60_000);
  let server: ModelServer;
  let dir: string;
  let file: string;
  const previousKeyFile = process.env[CACHE_KEY_FILE_ENV];

  before(async () => {
    server = await startOpenAIServer({
      latencyMs: 20,
      reply: (request) => {
        if (!isJudge(request)) return `echo: ${JSON.stringify(request.body).length}`;
        const asked = JSON.stringify(request.body);
        cancelOnJudgeRequest?.(asked);
        return JSON.stringify({ verdicts: [{ id: 'polite', pass: !asked.includes('go away'), reason: 'as it reads' }] });
      },
    });
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-session-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n');
    file = join(dir, 's.aispec.md');
    writeFileSync(file, spec(server));
    process.env[CACHE_KEY_FILE_ENV] = join(dir, 'key-home', 'cache-key');
  });
  afterEach(() => {
    if (previousKeyFile === undefined) delete process.env[CACHE_KEY_FILE_ENV];
    else process.env[CACHE_KEY_FILE_ENV] = previousKeyFile;
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(options: Partial<RunSpecOptions> = {}): Promise<{ results: RunResults; notes: string[]; target: number; judge: number }> {
    const before = { target: server.requests.filter((r) => !isJudge(r)).length, judge: server.requests.filter(isJudge).length };
    const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', ...localServerGrants('FIXTURE_KEY'), secrets: memorySecrets({ FIXTURE_KEY: 'k' }), concurrency: 2, ...localServerGrants('FIXTURE_KEY'), ...options });
    if (outcome.kind !== 'ran') assert.fail(outcome.kind === 'setup-failed' ? outcome.message : 'invalid spec');
    return {
      results: outcome.results,
      notes: outcome.notes,
      target: server.requests.filter((r) => !isJudge(r)).length - before.target,
      judge: server.requests.filter(isJudge).length - before.judge,
    };
  }

  /**
   * A run cancelled once `finished` cases are done: what finished is in its session's cache. One case at a
   * time, so no other case is between its target's answer (cached) and its judge's when the cancel comes:
   * with two in flight, a case cut off there resumes with its output cached, and the counts below race.
   */
  async function cancelledRun(finished: number): Promise<RunResults> {
    const controller = new AbortController();
    const { results } = await run({ concurrency: 1, signal: controller.signal, onProgress: (e) => e.done >= finished && controller.abort(new Error('cancelled')) });
    assert.equal(results.run.complete, false);
    return results;
  }

  const markers = () => readdirSync(join(dir, '.aispec/runs/session-spec')).filter((n) => n.startsWith('unfinished-'));
  const cacheFiles = (): string[] => {
    return filesUnder(join(dir, '.aispec/cache')).filter((p) => p.endsWith('.json'));
  };

  it('a second plain run sends every request again and reports fresh outputs', async () => {
    const first = await run();
    assert.deepEqual([first.target, first.judge], [CASES, CASES]);
    assert.deepEqual(first.results.run.outputs, { source: 'fresh' });
    assert.deepEqual(markers(), [], 'a completed run leaves no marker');
    assert.deepEqual(cacheFiles(), [], 'nor cache entries');
    const second = await run();
    assert.deepEqual([second.target, second.judge], [CASES, CASES]);
    assert.deepEqual(second.results.run.outputs, { source: 'fresh' });
    assert.equal(second.results.run.cache.hits, 0);
    assert.ok(second.results.cases.every((c) => !c.cached));
  });

  it('a cancelled run is resumed: no target or judge request repeated, outputs "resumed" with their age', async () => {
    const cancelled = await cancelledRun(3);
    const finished = cancelled.cases.length;
    assert.equal(markers().length, 1);
    const resumed = await run();
    assert.equal(resumed.target, CASES - finished, 'only the unfinished cases are sent');
    assert.equal(resumed.judge, CASES - finished, 'no judge call repeated');
    assert.equal(resumed.results.run.complete, true);
    assert.equal(resumed.results.run.cache.hits, finished);
    assert.deepEqual(markers(), [], 'the completed run removed the marker');
    assert.equal(resumed.results.run.outputs?.source, 'resumed');
    // No resumed output is older than the unfinished run's start, which oldest_at gives.
    const oldest = Date.parse(resumed.results.run.outputs?.oldest_at ?? '');
    assert.ok(Math.abs(oldest - Date.parse(cancelled.run.started_at)) < 1000, `${resumed.results.run.outputs?.oldest_at} vs ${cancelled.run.started_at}`);
    assert.deepEqual(resumed.results.cases.filter((c) => c.cached).map((c) => c.id).sort(), cancelled.cases.map((c) => c.id).sort());
    // Finished: the next run is a new one.
    const next = await run();
    assert.deepEqual([next.target, next.judge, next.results.run.outputs?.source], [CASES, CASES, 'fresh']);
  });

  it('a run cancelled while the judge grades the examples is resumed: no judge call repeated, calibration included', async () => {
    writeFileSync(file, spec(server, { examples: true }));
    const controller = new AbortController();
    // Cancelled as the judge is asked about the second example: the first example's verdict is already in.
    cancelOnJudgeRequest = (text) => text.includes('go away') && controller.abort(new Error('cancelled'));
    const cancelled = await run({ signal: controller.signal });
    cancelOnJudgeRequest = undefined;
    assert.deepEqual([cancelled.target, cancelled.judge], [CASES, CASES + 2]);
    assert.equal(cancelled.results.run.complete, false, 'a calibration cut short is not a finished run');
    assert.equal(cancelled.results.judge_agreement, undefined, 'and no partial calibration is reported');
    assert.equal(markers().length, 1);
    const resumed = await run();
    assert.equal(resumed.target, 0, 'no target request repeated');
    assert.equal(resumed.judge, 1, 'only the example whose answer never arrived is asked again');
    assert.equal(resumed.results.run.complete, true);
    assert.deepEqual(resumed.results.judge_agreement?.examples, { total: 2, gradeable: 2, graded: 2, errors: 0 });
    assert.equal(resumed.results.run.outputs?.source, 'resumed');
  });

  it('another configuration (the model behind the target) does not resume', async () => {
    await cancelledRun(3);
    writeFileSync(file, spec(server, { model: 'fixture-2' }));
    const other = await run();
    assert.deepEqual([other.target, other.judge, other.results.run.outputs?.source], [CASES, CASES, 'fresh']);
    // The first configuration's unfinished run is still resumable.
    writeFileSync(file, spec(server));
    const back = await run();
    assert.equal(back.results.run.outputs?.source, 'resumed');
    assert.ok(back.target < CASES);
  });

  it('--reuse-outputs re-grades the latest run with the spec as it is now, with no target call', async () => {
    const first = await run();
    writeFileSync(file, spec(server, { check: 'no such text' }));
    const reused = await run({ reuseOutputs: true });
    assert.equal(reused.target, 0, 'no target request');
    assert.equal(reused.judge, CASES, 'the judge is asked anew');
    assert.deepEqual(reused.results.run.outputs, { source: 'reused', from_run: first.results.run.id, oldest_at: first.results.run.started_at });
    assert.ok(reused.results.cases.every((c) => c.status === 'fail'), 'the changed check applies');
    assert.deepEqual(reused.results.cases.map((c) => [c.output, c.latency_ms, c.usage]), first.results.cases.map((c) => [c.output, c.latency_ms, c.usage]));
    // Reusing a reused run still names the run that produced the outputs.
    const again = await run({ reuseOutputs: true });
    assert.deepEqual(again.results.run.outputs, reused.results.run.outputs);
  });

  it('--reuse-outputs: a case the latest run lacks is an error saying how to get its output', async () => {
    await run();
    writeFileSync(file, spec(server, { added: 'added' }));
    const reused = await run({ reuseOutputs: true });
    const added = reused.results.cases.find((c) => c.id === 'added');
    assert.equal(added?.status, 'error');
    assert.match(added?.reason ?? '', /^no output for this case in the run of .+: run without --reuse-outputs$/);
  });

  it('--reuse-outputs without a latest run stops before any request', async () => {
    const outcome = await runSpecFile(file, { aispecVersion: '0.0.0-test', ...localServerGrants('FIXTURE_KEY'), secrets: memorySecrets({ FIXTURE_KEY: 'k' }), reuseOutputs: true });
    assert.equal(outcome.kind, 'setup-failed');
    assert.match(outcome.kind === 'setup-failed' ? outcome.message : '', /--reuse-outputs .* there is none .*latest\.json.*Run without --reuse-outputs first\./);
  });

  it('a forged cache entry (right place, no or wrong signature) is never used: the request is sent', async () => {
    const cancelled = await cancelledRun(3);
    const files = cacheFiles();
    assert.ok(files.length >= 2 * cancelled.cases.length, 'target and judge answers are cached');
    files.forEach((path, i) => {
      const entry = JSON.parse(readFileSync(path, 'utf8')) as { body: string; mac: string };
      const forged = entry.body.replace(/"output":"[^"]*"/, '"output":"forged"');
      writeFileSync(path, JSON.stringify(i % 2 ? { body: forged, mac: entry.mac } : { body: forged }));
    });
    const resumed = await run();
    assert.equal(resumed.target, CASES, 'every target request sent');
    assert.equal(resumed.judge, CASES, 'every judge request sent');
    assert.ok(resumed.results.cases.every((c) => c.output !== 'forged' && !c.cached));
    assert.deepEqual(resumed.results.run.outputs, { source: 'fresh' });
    assert.match(resumed.notes.join('\n'), new RegExp(`ignored ${files.length} cache entries this machine did not write`));
  });

  it('the disk cache trusts only entries signed with its own key', async () => {
    const folder = join(dir, 'cache');
    const mine = createDiskCache(folder, Buffer.alloc(32, 1));
    await mine.put('k', { output: 'signed' });
    assert.deepEqual(await mine.get('k'), { output: 'signed' });
    const other = createDiskCache(folder, Buffer.alloc(32, 2));
    assert.equal(await other.get('k'), undefined);
    assert.equal(other.untrusted, 1);
    assert.equal(await mine.get('missing'), undefined);
    assert.equal(mine.untrusted, 0, 'a missing entry is a plain miss');
  });
});
