// `aispec eval`, `diff` and `merge` as CI runs them: spawned, against the bundled examples and against
// in-process OpenAI fixture servers that inject faults.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAIServer, type ModelServer, type RecordedRequest } from '../../fixtures/servers/model-server.js';
import type { RunResults } from '../../../src/shared/results.js';
import { buildCli, repoRoot, runCli, startCli } from './run-cli.js';
import { filesUnder } from '../../support/files-under.js';

const examples = join(repoRoot, 'examples');
/** What a user grants to send the fixture server's key to it (it listens on 127.0.0.1): the environment form of --allow-env / --allow-host. */
const FIXTURE_GRANTS = { AISPEC_ALLOW_ENV: 'FIXTURE_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1' };

function tempProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-eval-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
  return dir;
}

/** Cache entries under .aispec/cache (every session folder), as their key material. */
function cacheKeys(dir: string): string[] {
  const files = filesUnder(join(dir, '.aispec/cache')).filter((p) => p.endsWith('.json'));
  return files.flatMap((p) => {
    try {
      return [(JSON.parse((JSON.parse(readFileSync(p, 'utf8')) as { body: string }).body) as { key: string }).key];
    } catch {
      return []; // being written
    }
  });
}

function modelSpec(server: ModelServer, n: number, extra = ''): string {
  const cases = Array.from({ length: n }, (_, i) => `- id: c${i}\n  input: "${i % 2 ? 'yes' : 'no'} please"\n  expect: ${i % 2 ? 'yes' : 'no'}\n  tags: [${i % 3 ? 'core' : 'edge'}]`).join('\n');
  return `---
aispec: 1
id: model-spec
title: Fixture model
target: { provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }
labels: [yes, no]
classify:
  yes: { regex: "yes" }
  no: { otherwise: true }
gates: { pass_rate: 0.5 }
${extra}---

## Goal
Say yes or no.

\`\`\`yaml cases
${cases}
\`\`\`
`;
}

describe('aispec eval (spawned)', function () {
  this.timeout(120_000);
  before(buildCli);

  it('a reader that goes away (`2>&1 | head`) ends the output, not the run: the verdict\'s exit code, the run saved', async () => {
    const dir = tempProject();
    try {
      cpSync(join(examples, 'health-assistant'), join(dir, 'health'), { recursive: true });
      // stderr's reader leaves at the first progress line; stdout's at the first part of a JSON report larger than a pipe holds.
      for (const [gone, args] of [
        ['stderr', []],
        ['stdout', ['--format', 'json']],
      ] as const) {
        rmSync(join(dir, '.aispec'), { recursive: true, force: true });
        const { child, done } = startCli(['eval', 'health/health-assistant.aispec.md', ...args], { cwd: dir });
        const stream = gone === 'stderr' ? child.stderr! : child.stdout!;
        stream.once('data', () => stream.destroy());
        const r = await done;
        assert.equal(r.signal, null, gone);
        assert.equal(r.code, 0, `${gone}: ${r.stderr}`);
        if (gone === 'stderr') assert.match(r.stdout, /^PASS {2}all \d+ gates passed$/m);
        assert.ok(existsSync(join(dir, '.aispec/runs/health-assistant-medical-advice/latest.json')), `${gone}: the run is saved`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the bundled health example offline: exit 0, reports written, run saved', async () => {
    const dir = tempProject();
    try {
      cpSync(join(examples, 'health-assistant'), join(dir, 'health'), { recursive: true });
      const r = await runCli(['eval', 'health/health-assistant.aispec.md', '--json', 'out/r.json', '--junit', 'out/r.xml', '--markdown', 'out/r.md'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^PASS {2}all \d+ gates passed$/m);
      assert.match(r.stdout, /Pass rate {2}0\.922 \(95% CI 0\.869–0\.955, n=154\)/);
      const results = JSON.parse(readFileSync(join(dir, 'out/r.json'), 'utf8')) as RunResults;
      assert.equal(results.cases.length, 154);
      assert.equal(results.summary.passed + results.summary.failed + results.summary.errors, 154);
      assert.equal(results.spec.file, 'health/health-assistant.aispec.md');
      assert.match(readFileSync(join(dir, 'out/r.xml'), 'utf8'), /<testsuite [^>]*tests="\d+"/);
      assert.match(readFileSync(join(dir, 'out/r.md'), 'utf8'), /Pass rate/);
      const runs = readdirSync(join(dir, '.aispec/runs/health-assistant-medical-advice'));
      assert.ok(runs.includes('latest.json') && runs.length === 2, runs.join());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when a gate fails (support triage: abuse recall)', async () => {
    const r = await runCli(['eval', join(examples, 'support-triage/support-triage.aispec.md'), '--no-save', '--format', 'github'], { cwd: repoRoot });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /recall for abuse is 0\.6 \(n=20\), below 0\.8/);
    assert.match(r.stdout, /^::error .*file=examples\/support-triage\/cases\.jsonl,line=\d+/m);
  });

  it('exits 2 for an invalid spec, naming file:line:col', async () => {
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 'bad.aispec.md'), '---\naispec: 1\nid: bad\ntitle: Bad\ntarget: { provider: recorded, path: x.jsonl }\ngates: { pass_rate: 95 }\n---\n');
      const r = await runCli(['eval', 'bad.aispec.md'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^bad\.aispec\.md:6:21 error schema .*0\.95/m);
      const usage = await runCli(['eval', 'bad.aispec.md', '--concurrency', 'lots'], { cwd: dir });
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--concurrency takes a whole number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives 429 with Retry-After, 500, malformed JSON and resets: every case graded or errored with a reason', async () => {
    const server = await startOpenAIServer({
      script: [{ kind: 'status', status: 429, retryAfter: 1 }, { kind: 'status', status: 500 }, { kind: 'malformed' }, { kind: 'reset' }],
      reply: (req) => (JSON.stringify(req.body).includes('yes please') ? 'yes' : 'no'),
    });
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 12));
      const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '4'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'sk-fixture-secret-123' } });
      const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
      assert.equal(results.cases.length, 12);
      for (const c of results.cases) assert.ok(c.status === 'pass' || (c.status === 'error' && c.reason.length > 0), `${c.id}: ${c.status} ${c.reason}`);
      assert.ok(results.summary.passed >= 11, JSON.stringify(results.summary));
      assert.ok(server.requests.length >= 15, `retries happened: ${server.requests.length} requests`);
      assert.equal(r.code, { pass: 0, fail: 1, incomplete: 3 }[results.summary.verdict as string], `${results.summary.verdict}: ${r.stderr}`);
      for (const f of [join(dir, 'r.json'), ...readdirSync(join(dir, '.aispec/runs/model-spec')).map((n) => join(dir, '.aispec/runs/model-spec', n))]) {
        assert.doesNotMatch(readFileSync(f, 'utf8'), /sk-fixture-secret-123/);
      }
      assert.doesNotMatch(r.stdout + r.stderr, /sk-fixture-secret-123/);
      // The run kept its cases on disk (a console run): --json is the saved run's file, byte for byte.
      assert.ok(readFileSync(join(dir, 'r.json')).equals(readFileSync(join(dir, '.aispec/runs/model-spec/latest.json'))));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing API key stops the run before any request: exit 2, naming the variable to set', async () => {
    const server = await startOpenAIServer();
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 3));
      const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: undefined } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr.split('\n')[0]!, /^aispec: s\.aispec\.md: The openai target \(http:\/\/127\.0\.0\.1:\d+\/v1\) needs the environment variable FIXTURE_KEY, which is not set\./);
      assert.equal(existsSync(join(dir, 'r.json')), false, 'nothing ran, so no results');
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run killed with SIGKILL resumes from the cache without repeating a finished request', async () => {
    const server = await startOpenAIServer({ latencyMs: 150, reply: () => 'yes' });
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 12));
      const env = { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' };
      const { child, done } = startCli(['eval', 's.aispec.md', '--concurrency', '2'], { cwd: dir, env });
      const cached = () => cacheKeys(dir).length;
      const deadline = Date.now() + 30_000;
      while (cached() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      const killed = await done;
      assert.equal(killed.signal, 'SIGKILL');
      const finishedBeforeKill = cached();
      assert.ok(finishedBeforeKill >= 4 && finishedBeforeKill < 12, `cached ${finishedBeforeKill}`);
      const requestsBefore = server.requests.length;
      const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '4'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
      assert.equal(server.requests.length - requestsBefore, 12 - finishedBeforeKill);
      assert.equal(results.cases.filter((c) => c.cached).length, finishedBeforeKill);
      assert.ok(results.cases.filter((c) => c.cached).every((c) => c.latency_ms! >= 150), 'cached cases keep their original latency');
      assert.equal(results.run.cache.hits, finishedBeforeKill);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a SIGKILLed run with a judge resumes repeating no target or judge call; a second plain run asks everything anew', async () => {
    const isJudge = (r: RecordedRequest) => (r.body as { model?: string }).model === 'judge-1';
    const server = await startOpenAIServer({ latencyMs: 100, reply: (r) => (isJudge(r) ? '{"verdicts": [{"id": "polite", "pass": true, "reason": "polite"}]}' : 'yes') });
    const dir = tempProject();
    try {
      const cases = Array.from({ length: 12 }, (_, i) => `- id: c${i}\n  input: "question ${i}"`).join('\n');
      const text = `---\naispec: 1\nid: judged\ntitle: Judged\ntarget: { provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }\njudge: { provider: openai, model: judge-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }\n---\n\n## Goal\nAnswer.\n\n\`\`\`yaml rubric\n- id: polite\n  criterion: The reply is polite.\n\`\`\`\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;
      writeFileSync(join(dir, 's.aispec.md'), text);
      const env = { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' };
      const { child, done } = startCli(['eval', 's.aispec.md', '--concurrency', '2'], { cwd: dir, env });
      const judged = () => cacheKeys(dir).filter((k) => k.includes('"judge":')).length;
      const deadline = Date.now() + 30_000;
      while (judged() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      const killed = await done;
      assert.equal(killed.signal, 'SIGKILL', killed.stderr);
      const keys = cacheKeys(dir);
      const cachedJudge = keys.filter((k) => k.includes('"judge":')).length;
      const cachedTarget = keys.length - cachedJudge;
      assert.ok(cachedJudge >= 3 && cachedTarget < 12, `cached ${cachedTarget} outputs, ${cachedJudge} judge answers`);
      const before = { target: server.requests.filter((r) => !isJudge(r)).length, judge: server.requests.filter(isJudge).length };
      const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '4'], { cwd: dir, env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(server.requests.filter((q) => !isJudge(q)).length - before.target, 12 - cachedTarget);
      assert.equal(server.requests.filter(isJudge).length - before.judge, 12 - cachedJudge);
      const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
      assert.equal(results.run.outputs?.source, 'resumed');
      assert.ok(results.run.outputs?.oldest_at);
      assert.match(r.stdout, /outputs: \d+ resumed from an unfinished run started \d+ s before this one/);

      const plain = server.requests.length;
      const again = await runCli(['eval', 's.aispec.md', '--json', 'r2.json'], { cwd: dir, env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(server.requests.length - plain, 24, 'every target and judge request sent again');
      assert.deepEqual((JSON.parse(readFileSync(join(dir, 'r2.json'), 'utf8')) as RunResults).run.outputs, { source: 'fresh' });
      assert.doesNotMatch(again.stdout, /resumed|reused/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--reuse-outputs re-grades the latest run with no target request and says so; without a latest run it exits 2', async () => {
    const server = await startOpenAIServer({ reply: () => 'yes' });
    const dir = tempProject();
    try {
      writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 6));
      const env = { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' };
      const none = await runCli(['eval', 's.aispec.md', '--reuse-outputs'], { cwd: dir, env });
      assert.equal(none.code, 2);
      assert.match(none.stderr, /--reuse-outputs re-grades the outputs of the spec's latest run, and there is none/);
      assert.equal(server.requests.length, 0);
      assert.equal((await runCli(['eval', 's.aispec.md', '-q'], { cwd: dir, env })).code, 0);
      const sent = server.requests.length;
      const reused = await runCli(['eval', 's.aispec.md', '--reuse-outputs', '--markdown', 'r.md'], { cwd: dir, env: {} });
      assert.equal(reused.code, 0, reused.stderr);
      assert.equal(server.requests.length, sent, 'no target request (and no API key needed)');
      assert.match(reused.stdout, /outputs reused from run \S+ \(\d+ s old\): re-graded, no target call/);
      assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /outputs reused from run \S+ \(\d+ s old\): re-graded, no target call/);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merged shards report the judge calibration of the unsharded run, counted from every pair (health example)', async () => {
    const dir = tempProject();
    try {
      cpSync(join(examples, 'health-assistant'), join(dir, 'health'), { recursive: true });
      const spec = 'health/health-assistant.aispec.md';
      // A judge gate, so the merged gates are decided on the merged calibration too.
      const text = readFileSync(join(dir, spec), 'utf8');
      writeFileSync(join(dir, spec), text.replace('gates:\n  pass_rate: 0.9\n', 'gates:\n  judge_kappa: 0.3\n  pass_rate: 0.9\n'));
      const full = await runCli(['eval', spec, '--json', 'full.json', '--no-save', '-q'], { cwd: dir });
      assert.equal(full.code, 0, full.stdout + full.stderr);
      for (const i of [1, 2, 3]) await runCli(['eval', spec, '--shard', `${i}/3`, '--json', `s${i}.json`, '--no-save', '-q'], { cwd: dir });
      const shards = [1, 2, 3].map((i) => JSON.parse(readFileSync(join(dir, `s${i}.json`), 'utf8')) as RunResults);
      // Each shard alone sees only its own cases' labels: its figures differ from the whole run's.
      assert.ok(shards.every((s) => s.judge_agreement!.overall.n < (JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')) as RunResults).judge_agreement!.overall.n));
      const merged = await runCli(['merge', 's3.json', 's1.json', 's2.json', '-o', 'merged.json'], { cwd: dir });
      assert.equal(merged.code, 0, merged.stderr);
      const a = JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')) as RunResults;
      const b = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as RunResults;
      assert.deepEqual(b.judge_agreement, a.judge_agreement);
      assert.ok(a.summary.gates.some((g) => g.name === 'judge_kappa'));
      assert.deepEqual(b.summary.gates.find((g) => g.name === 'judge_kappa'), a.summary.gates.find((g) => g.name === 'judge_kappa'));
      assert.deepEqual(b.summary, a.summary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shards merge into the full run, and diff compares two runs with McNemar', async () => {
    const dir = tempProject();
    try {
      cpSync(join(examples, 'support-triage'), join(dir, 'triage'), { recursive: true });
      const spec = 'triage/support-triage.aispec.md';
      const full = await runCli(['eval', spec, '--json', 'full.json', '--no-save', '-q'], { cwd: dir });
      assert.equal(full.code, 1);
      for (const i of [1, 2, 3]) await runCli(['eval', spec, '--shard', `${i}/3`, '--json', `s${i}.json`, '--no-save', '-q'], { cwd: dir });
      const merged = await runCli(['merge', 's1.json', 's2.json', 's3.json', '-o', 'merged.json'], { cwd: dir });
      assert.equal(merged.code, 1, merged.stderr);
      const a = JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')) as RunResults;
      const b = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as RunResults;
      assert.deepEqual(b.summary, a.summary);
      // The intervals too: the bootstrap behind macro_f1 depends on the counts alone, not on shard order.
      assert.ok(b.summary.gates.find((g) => g.name === 'macro_f1')?.ci95);
      assert.deepEqual(b.classification, a.classification);
      assert.deepEqual(b.cases.map((c) => c.id), a.cases.map((c) => c.id));
      const missing = await runCli(['merge', 's1.json', 's2.json', '-o', 'm.json'], { cwd: dir });
      assert.equal(missing.code, 2);

      // A head run whose recorded outputs fix three abuse cases.
      const outputs = readFileSync(join(dir, 'triage/outputs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; output: string });
      const wrongAbuse = a.cases.filter((c) => c.expected === 'abuse' && c.status === 'fail').slice(0, 3).map((c) => c.id);
      mkdirSync(join(dir, 'head'));
      cpSync(join(dir, 'triage'), join(dir, 'head'), { recursive: true });
      writeFileSync(join(dir, 'head/outputs.jsonl'), outputs.map((o) => JSON.stringify(wrongAbuse.includes(o.id) ? { ...o, output: 'abuse' } : o)).join('\n') + '\n');
      await runCli(['eval', 'head/support-triage.aispec.md', '--json', 'head.json', '--no-save', '-q'], { cwd: dir });
      const diff = await runCli(['diff', 'full.json', 'head.json', '--format', 'markdown'], { cwd: dir });
      assert.equal(diff.code, 0, diff.stderr);
      for (const id of wrongAbuse) assert.match(diff.stdout, new RegExp(id));
      assert.match(diff.stdout, /McNemar/);
      assert.match(diff.stdout, /p = 0\.25/); // b = 0, c = 3: exact two-sided p = 2 × 0.5³

      // eval --baseline prints the same comparison: streamed (the baseline's cases read one at a time, this
      // run's added as graded) for the console summary, from both runs held whole where the run keeps its
      // cases (--format github). Only the head run's id and time differ from `aispec diff` of the saved runs.
      const asText = await runCli(['diff', 'full.json', 'head.json'], { cwd: dir });
      const sameRun = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z/g, 'RUN').replace(/\d{4}-\d\d-\d\d\)/g, 'DAY)');
      const expected = sameRun(asText.stdout).trimEnd();
      assert.match(expected, /0 newly failing · 3 newly passing/);
      for (const format of ['text', 'github']) {
        const withBaseline = await runCli(['eval', 'head/support-triage.aispec.md', '--baseline', 'full.json', '--format', format, '--no-save', '-q'], { cwd: dir });
        assert.equal(withBaseline.code, 1, withBaseline.stderr);
        const printed = sameRun(withBaseline.stdout);
        assert.ok(printed.includes(`\n${expected}\n`), `--format ${format}: the comparison as aispec diff prints it\n${printed}`);
      }
      const badBaseline = await runCli(['eval', 'head/support-triage.aispec.md', '--baseline', 'triage/outputs.jsonl', '--no-save', '-q'], { cwd: dir });
      assert.equal(badBaseline.code, 2);
      assert.match(badBaseline.stderr, /cannot read the baseline: it is not JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('verdicts and exit codes say what happened', () => {
    it('a spec without gates is "NO GATES", never PASS: exit 0 when complete and error-free', async () => {
      const server = await startOpenAIServer({ reply: () => 'yes' });
      const dir = tempProject();
      try {
        writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 4).replace('gates: { pass_rate: 0.5 }\n', ''));
        const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '-q'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^NO GATES {2}the spec has no gates: numbers, but no launch verdict$/m);
        assert.doesNotMatch(r.stdout, /^PASS/m);
        const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
        assert.equal(results.summary.verdict, 'ungated');
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an errored case makes the run incomplete (exit 3) unless gates.max_errors allows it', async () => {
      // Case c1 always gets a 400 (not retried): one errored case.
      const bad = await startOpenAIServer({
        script: (req) => (JSON.stringify(req.body).includes('c1-marker') ? { kind: 'status', status: 400, body: '{"error":{"message":"bad input"}}' } : undefined),
        reply: (req) => (JSON.stringify(req.body).includes('yes please') ? 'yes' : 'no'),
      });
      const dir = tempProject();
      try {
        const spec = modelSpec(bad, 4).replace('- id: c1\n  input: "yes please"', '- id: c1\n  input: "yes please c1-marker"');
        writeFileSync(join(dir, 's.aispec.md'), spec);
        const strict = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '-q'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(strict.code, 3, strict.stderr);
        assert.match(strict.stderr, /^aispec: run incomplete: 1 of 4 cases errored and were not graded; max_errors allows 0$/m);
        assert.match(strict.stdout, /^INCOMPLETE {2}1 of 4 cases errored/m);
        writeFileSync(join(dir, 's.aispec.md'), spec.replace('gates: { pass_rate: 0.5 }', 'gates: { pass_rate: 0.5, max_errors: 1 }'));
        const lenient = await runCli(['eval', 's.aispec.md', '--no-cache', '-q'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(lenient.code, 0, lenient.stdout + lenient.stderr);
        assert.match(lenient.stdout, /^PASS/m);
      } finally {
        await bad.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an unreachable target stops the run early: exit 3, and the first line says why', async () => {
      const probe = await startOpenAIServer();
      await probe.close(); // nothing listens on this port now
      const dir = tempProject();
      try {
        writeFileSync(join(dir, 's.aispec.md'), modelSpec(probe, 60));
        const r = await runCli(['eval', 's.aispec.md', '--json', 'r.json', '-q'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr.split('\n')[0]!, /^aispec: run incomplete: target unreachable: openai: POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions failed after 4 attempts: connection refused \(is the server running\?\) \(\d+ of 60 cases not run\)$/);
        const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
        assert.equal(results.summary.verdict, 'incomplete');
        assert.equal(results.run.stopped?.reason, 'unreachable');
        assert.ok(results.run.unfinished.length >= 40, `${results.run.unfinished.length} unfinished`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('--max-attempts bounds the requests per call (default 4), and results count them', async () => {
      const server = await startOpenAIServer({ script: () => ({ kind: 'status', status: 503 }) });
      const dir = tempProject();
      try {
        writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 1));
        const r = await runCli(['eval', 's.aispec.md', '--max-attempts', '2', '--json', 'r.json', '-q'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(r.code, 3, r.stderr);
        assert.equal(server.requests.length, 2);
        const results = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
        assert.match(results.cases[0]!.reason, /HTTP 503 .*Gave up after 2 attempts/);
        assert.equal(results.cases[0]!.requests, 2);
        assert.equal(results.run.requests, 2);
        const bad = await runCli(['eval', 's.aispec.md', '--max-attempts', '0'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(bad.code, 2);
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('an unknown --case id or a --tag nothing carries is a usage error before any request, with did-you-mean', async () => {
      const server = await startOpenAIServer();
      const dir = tempProject();
      try {
        writeFileSync(join(dir, 's.aispec.md'), modelSpec(server, 4));
        const r = await runCli(['eval', 's.aispec.md', '--case', 'c01', '--tag', 'edgy'], { cwd: dir, env: { ...FIXTURE_GRANTS, FIXTURE_KEY: 'k' } });
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /no case with id "c01" \(did you mean "c0"\?\); no case is tagged "edgy" \(did you mean "edge"\?\)\. Nothing was run\./);
        assert.equal(server.requests.length, 0);
        assert.equal(existsSync(join(dir, '.aispec/runs')), false);
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a --tag run is PARTIAL (exit 0), saved apart, and never replaces latest.json, so --failed still works', async () => {
      const dir = tempProject();
      try {
        cpSync(join(examples, 'support-triage'), join(dir, 'triage'), { recursive: true });
        const spec = 'triage/support-triage.aispec.md';
        const full = await runCli(['eval', spec, '-q'], { cwd: dir });
        assert.equal(full.code, 1);
        const runs = join(dir, '.aispec/runs/support-triage');
        const latestBefore = readFileSync(join(runs, 'latest.json'), 'utf8');
        const firstTag = (JSON.parse(latestBefore) as RunResults).cases[0]!.tags[0]!;
        const subset = await runCli(['eval', spec, '--tag', firstTag, '-q'], { cwd: dir });
        assert.equal(subset.code, 0, subset.stdout + subset.stderr);
        assert.match(subset.stdout, /^PARTIAL {2}a subset of the spec's cases: its gates are not the spec's verdict; the gates below are on this subset and decide nothing$/m);
        assert.match(subset.stderr, /\(a subset: latest\.json keeps the last run of the whole spec\)/);
        assert.equal(readFileSync(join(runs, 'latest.json'), 'utf8'), latestBefore);
        assert.equal(readdirSync(runs).length, 3, 'two runs and latest.json');
        const failed = await runCli(['eval', spec, '--failed', '--json', 'f.json', '-q'], { cwd: dir });
        assert.equal(failed.code, 0, failed.stderr);
        const rerun = JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')) as RunResults;
        const wanted = (JSON.parse(latestBefore) as RunResults).cases.filter((c) => c.status !== 'pass').map((c) => c.id);
        assert.deepEqual(rerun.cases.map((c) => c.id), wanted);
        assert.equal(rerun.summary.verdict, 'partial');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a shard exits 0 when complete and error-free; merge decides the gates of the whole', async () => {
      const dir = tempProject();
      try {
        cpSync(join(examples, 'support-triage'), join(dir, 'triage'), { recursive: true });
        const spec = 'triage/support-triage.aispec.md';
        for (const i of [1, 2]) {
          const shard = await runCli(['eval', spec, '--shard', `${i}/2`, '--json', `s${i}.json`, '--no-save', '-q'], { cwd: dir });
          assert.equal(shard.code, 0, shard.stdout);
        }
        const merged = await runCli(['merge', 's1.json', 's2.json', '-o', 'm.json'], { cwd: dir });
        assert.equal(merged.code, 1, 'the whole fails its abuse recall gate');
        assert.equal((JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as RunResults).summary.verdict, 'fail');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('reports a gate the sample cannot decide (per_tag 0.85 at 17/20) as a warning that keeps exit 0', async () => {
    const dir = tempProject();
    try {
      const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
      const cases = ids.map((id) => `- id: ${id}\n  input: "question ${id}"\n  expect: "yes"\n  tags: [adversarial]`).join('\n');
      const spec = (decideOn: string) =>
        `---\naispec: 1\nid: straddle\ntitle: Straddle\ntarget: { provider: recorded, path: outputs.jsonl }\nlabels: ["yes", "no"]\ngates:\n  per_tag:\n    adversarial: 0.85\n  decide_on: ${decideOn}\n---\n\n## Goal\nAnswer yes or no.\n\n\`\`\`yaml cases\n${cases}\n\`\`\`\n`;
      writeFileSync(join(dir, 'outputs.jsonl'), ids.map((id, i) => JSON.stringify({ id, output: i < 17 ? 'yes' : 'no' })).join('\n') + '\n');
      writeFileSync(join(dir, 'point.aispec.md'), spec('point'));
      const point = await runCli(['eval', 'point.aispec.md', '--no-save', '--json', 'point.json'], { cwd: dir });
      assert.equal(point.code, 0, point.stdout + point.stderr);
      assert.match(point.stdout, /^PASS {2}the gate passed$/m);
      assert.match(point.stdout, /^ {2}\? {2}per_tag\.adversarial +≥ 0\.850 +0\.850 +0\.640–0\.948 +n=20$/m);
      assert.match(point.stdout, /^ {6}\? not decided by this sample \(95% CI 0\.640–0\.948 straddles 0\.85\)$/m);
      const results = JSON.parse(readFileSync(join(dir, 'point.json'), 'utf8')) as RunResults;
      const gate = results.summary.gates[0]!;
      assert.deepEqual([gate.passed, gate.decided, gate.actual, gate.n], [true, false, 0.85, 20]);
      assert.equal(gate.note, 'not decided by this sample (95% CI 0.640–0.948 straddles 0.85)');
      const github = await runCli(['eval', 'point.aispec.md', '--no-save', '--format', 'github'], { cwd: dir });
      assert.equal(github.code, 0);
      assert.match(github.stdout, /^::warning .*title=aispec gate per_tag\.adversarial passed but not decided by this sample \(straddle\)::.*straddles 0\.85\)$/m);

      // The same sample under lower_bound: the bar is not shown to be cleared, so the gate fails.
      writeFileSync(join(dir, 'bound.aispec.md'), spec('lower_bound'));
      const bound = await runCli(['eval', 'bound.aispec.md', '--no-save'], { cwd: dir });
      assert.equal(bound.code, 1, bound.stdout + bound.stderr);
      assert.match(bound.stdout, /the pass rate for tag "adversarial" is 0\.64 \(95% lower bound; observed 0\.85\) \(n=20\), below/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
