// The run worker and its client, outside VS Code: a run in the worker (bundled here as the build bundles it)
// saves the same results as the CLI's path (runSpecFile on this thread) for the same spec; a cancel mid-run
// keeps and saves the finished cases; a worker that dies or cannot start rejects with an error that says so;
// secrets are asked of the main thread one at a time, named with where they go.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { NO_GRANTS, type Grants } from '../../../src/core/index.js';
import type { RunJob, RunJobOutcome } from '../../../src/extension/running/run-job.js';
import { runInWorker, type RunWorkerHost } from '../../../src/extension/running/run-worker-client.js';
import type { CaseProgress, RunWorkerTimings } from '../../../src/extension/running/run-worker-protocol.js';
import { describeRunTimings } from '../../../src/extension/running/run-timings.js';
import { CLI_GRANT_ADVICE } from '../../../src/node/grants.js';
import { runSpecFile } from '../../../src/node/run-spec.js';
import { digestOf } from '../../../src/node/saved-digest.js';
import type { RunResults } from '../../../src/shared/results.js';

const recordedSpec = `---
aispec: 1
id: worker-run
title: Worker run
target: { provider: recorded, path: outputs.jsonl }
labels: [yes, no]
classify:
  yes: { icontains: "yes" }
  no: { otherwise: true }
gates:
  pass_rate: 0.5
---

# Worker run

## Goal
Answer yes or no.

\`\`\`yaml cases
- id: passes
  input: Say yes
  expect: "yes"
  checks:
    - regex: "^[Yy]es"
- id: fails
  input: Say yes again
  expect: "yes"
- id: errors
  input: Nothing recorded
  expect: "no"
\`\`\`
`;
const outputs = [{ id: 'passes', output: 'Yes.' }, { id: 'fails', output: 'No.' }].map((o) => JSON.stringify(o)).join('\n') + '\n';

const slowSpec = `---
aispec: 1
id: worker-slow
title: One fast case, then slow ones
target:
  provider: command
  command: [sh, -c, "read -r line; case \\"$line\\" in *slow*) sleep 30;; esac; echo done"]
concurrency: 1
---

# Slow

## Goal
Cancel after the first case.

\`\`\`yaml cases
- id: fast
  input: fast
  checks: [{ icontains: done }]
- id: slow-1
  input: slow
  checks: [{ icontains: done }]
- id: slow-2
  input: slow
  checks: [{ icontains: done }]
\`\`\`
`;

/** What differs between two runs of the same spec: when they ran (and the run's id, its start time) and how long things took. */
function withoutTimes(results: RunResults): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !/(_at|_ms)$/.test(k)).map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return strip({ ...results, run: { ...results.run, id: undefined } });
}

describe('extension: the run worker', function () {
  this.timeout(120_000);
  let dir: string;
  let workerFile: string;
  const grants: Grants = { ...NO_GRANTS, command: true };

  const job = (file: string, extra: Partial<RunJob> = {}): RunJob => ({ file, cache: false, aispecVersion: '0.0.0-test', grants, ...extra });
  const host = (extra: Partial<RunWorkerHost> = {}): RunWorkerHost & { progress: CaseProgress[]; secretsAsked: string[] } => {
    const progress: CaseProgress[] = [];
    const secretsAsked: string[] = [];
    return {
      signal: new AbortController().signal,
      secret: async (name, destination) => {
        secretsAsked.push(`${name} -> ${destination}`);
        return undefined;
      },
      onProgress: (cases) => progress.push(...cases),
      log: () => undefined,
      workerFile,
      progress,
      secretsAsked,
      ...extra,
    };
  };
  const ran = (outcome: RunJobOutcome) => {
    assert.equal(outcome.kind, 'ran', JSON.stringify(outcome));
    return outcome as Extract<RunJobOutcome, { kind: 'ran' }>;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-run-worker-'));
    workerFile = join(dir, 'run-worker.cjs');
    // As scripts/build.mjs bundles it (CommonJS; ESM dependencies read import.meta.url).
    await esbuild.build({
      entryPoints: [new URL('../../../src/extension/run-worker.ts', import.meta.url).pathname],
      outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error',
      banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" }, define: { 'import.meta.url': '__importMetaUrl' },
    });
    for (const project of ['worker', 'cli', 'slow']) mkdirSync(join(dir, project));
    for (const project of ['worker', 'cli']) {
      writeFileSync(join(dir, project, 'run.aispec.md'), recordedSpec);
      writeFileSync(join(dir, project, 'outputs.jsonl'), outputs);
    }
    writeFileSync(join(dir, 'slow', 'slow.aispec.md'), slowSpec);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('saves the same results as the CLI\'s path for the same spec, and reports every case', async () => {
    const timings: RunWorkerTimings[] = [];
    const h = host({ onTimings: (t) => timings.push(t) });
    const inWorker = ran(await runInWorker(job(join(dir, 'worker', 'run.aispec.md')), h));
    const cli = await runSpecFile(join(dir, 'cli', 'run.aispec.md'), { cache: false, aispecVersion: '0.0.0-test', grants, grantAdvice: CLI_GRANT_ADVICE });
    assert.equal(cli.kind, 'ran');
    const cliRan = cli as Extract<typeof cli, { kind: 'ran' }>;
    assert.ok(inWorker.saved && cliRan.saved);
    const savedInWorker = JSON.parse(readFileSync(inWorker.saved.path, 'utf8')) as RunResults;
    const savedByCli = JSON.parse(readFileSync(cliRan.saved.path, 'utf8')) as RunResults;
    assert.deepEqual(withoutTimes(savedInWorker), withoutTimes(savedByCli));
    assert.deepEqual(savedInWorker.summary, savedByCli.summary, 'the verdict and summary are the same JSON');
    assert.deepEqual(inWorker.results, savedInWorker, 'the outcome carries the results as saved');
    // The digest taken as the file was written comes along (nothing read back), and latest.json has it.
    assert.ok(inWorker.saved.latest, 'a run of the whole spec updates latest.json');
    assert.deepEqual(inWorker.saved.digest, digestOf(readFileSync(inWorker.saved.latest)));
    assert.deepEqual(savedInWorker.cases.map((c) => [c.id, c.status]), [['passes', 'pass'], ['fails', 'fail'], ['errors', 'error']]);
    assert.deepEqual(h.progress.map((p) => p.event.caseId).sort(), ['errors', 'fails', 'passes']);
    assert.equal(Math.max(...h.progress.map((p) => p.event.done)), 3);
    // Where the time went: every step, in order, and the progress messages that carried the 3 cases.
    assert.equal(timings.length, 1);
    const [{ createdAt, answeredAt, worker: t }] = timings as [RunWorkerTimings];
    const steps = [createdAt, t.loadedAt, t.startedAt, t.checkedAt, t.casesStartedAt, t.firstCaseAt, t.lastCaseAt, t.finishedAt, answeredAt];
    assert.ok(steps.every((v, i) => typeof v === 'number' && (i === 0 || v >= steps[i - 1]!)), JSON.stringify(timings));
    assert.equal(t.progressCases, 3);
    assert.ok(t.progressMessages >= 1 && t.progressMessages <= 3);
    assert.ok(t.utilization > 0 && t.utilization <= 1);
    assert.match(describeRunTimings(timings[0]!), /^run timings: \d+ ms in all: worker start \d+ ms, .* 3 cases in \d progress messages$/);
  });

  it('asks the main thread for a key once per run, not once per request, and sends it with every request', async () => {
    const authorizations: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      req.resume().on('end', () => {
        const content = JSON.stringify({ answer: 'yes' });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const cases = Array.from({ length: 30 }, (_, i) => `- id: case-${i}\n  input: Question ${i}\n  checks: [{ icontains: "yes" }]`).join('\n');
      const spec = `---\naispec: 1\nid: worker-key\ntitle: Key once\ntarget: { provider: openai, model: m, base_url: "${baseUrl}", api_key_env: FIXTURE_KEY }\nconcurrency: 5\n---\n\n# Key once\n\n## Goal\nSay yes.\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;
      mkdirSync(join(dir, 'key'), { recursive: true });
      writeFileSync(join(dir, 'key', 'key.aispec.md'), spec);
      const asked: string[] = [];
      const h = host({
        secret: async (name, destination) => {
          asked.push(`${name} -> ${destination}`);
          return name === 'FIXTURE_KEY' ? 'fixture-secret' : undefined;
        },
      });
      const keyGrants: Grants = { ...NO_GRANTS, env: new Set(['FIXTURE_KEY']), hosts: [{ host: '127.0.0.1' }] };
      const outcome = ran(await runInWorker(job(join(dir, 'key', 'key.aispec.md'), { grants: keyGrants }), h));
      assert.equal(outcome.results.cases.length, 30);
      // Batched, yet every case reported once, in the order they finished, the last batch before the outcome.
      assert.deepEqual(h.progress.map((p) => p.event.done), Array.from({ length: 30 }, (_, i) => i + 1));
      assert.deepEqual(h.progress.map((p) => p.event.caseId).sort(), outcome.results.cases.map((c) => c.id).sort());
      assert.ok(outcome.results.cases.every((c) => c.status === 'pass'), JSON.stringify(outcome.results.cases.filter((c) => c.status !== 'pass')));
      assert.deepEqual(asked, [`FIXTURE_KEY -> ${baseUrl}`], 'one question for the whole run');
      assert.equal(authorizations.length, 30);
      assert.ok(authorizations.every((a) => a === 'Bearer fixture-secret'), 'every request carries the key');
      assert.ok(!readFileSync(outcome.saved!.path, 'utf8').includes('fixture-secret'), 'the key is not in the results');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives an invalid spec\'s errors located in its text, and runs nothing', async () => {
    const outcome = await runInWorker(job(join(dir, 'worker', 'run.aispec.md'), { text: recordedSpec.replace('expect: "no"', 'expect: "maybe"') }), host());
    assert.equal(outcome.kind, 'invalid');
    const { errors } = outcome as Extract<RunJobOutcome, { kind: 'invalid' }>;
    assert.ok(errors.some((e) => e.message.includes('maybe') && e.line > 1 && e.column >= 1), JSON.stringify(errors));
  });

  it('stops on cancel and keeps, and saves, the cases that finished', async function () {
    if (process.platform === 'win32') this.skip(); // a POSIX shell command target
    const controller = new AbortController();
    const h = host({
      signal: controller.signal,
      onProgress: (cases) => {
        if (cases.some((c) => c.event.caseId === 'fast')) controller.abort(new Error('cancelled'));
      },
    });
    const started = Date.now();
    const outcome = ran(await runInWorker(job(join(dir, 'slow', 'slow.aispec.md')), h));
    assert.ok(Date.now() - started < 25_000, 'the 30 s cases were not waited for');
    assert.equal(outcome.results.run.complete, false);
    assert.deepEqual(outcome.results.cases.map((c) => c.id), ['fast']);
    assert.deepEqual(outcome.results.run.unfinished, ['slow-1', 'slow-2']);
    assert.ok(outcome.saved, 'the partial run is saved');
    assert.deepEqual((JSON.parse(readFileSync(outcome.saved.path, 'utf8')) as RunResults).cases.map((c) => c.id), ['fast']);
  });

  it('rejects with a clear error when the worker dies before answering', async () => {
    const dying = join(dir, 'dying-worker.cjs');
    writeFileSync(dying, "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n");
    await assert.rejects(runInWorker(job(join(dir, 'worker', 'run.aispec.md')), host({ workerFile: dying })), /run worker stopped \(exit code 3\) before the run ended/);
  });

  it('rejects with a clear error when the worker throws or cannot start', async () => {
    const throwing = join(dir, 'throwing-worker.cjs');
    writeFileSync(throwing, "throw new Error('broken bundle');\n");
    await assert.rejects(runInWorker(job(join(dir, 'worker', 'run.aispec.md')), host({ workerFile: throwing })), /run worker failed: broken bundle/);
    await assert.rejects(runInWorker(job(join(dir, 'worker', 'run.aispec.md')), host({ workerFile: join(dir, 'missing.cjs') })), /run worker/);
  });
});
