// Ctrl-C (SIGINT) and SIGTERM stop `aispec eval` within 2 seconds, measured from the signal: while HTTP
// requests hang (target or judge), while a command target sleeps, and before the run has started. A run that
// is cancelled exits 3 and keeps what finished (results written, the run marked cancelled); a signal before
// any case started ends the process by the signal itself.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOpenAIServer, type RecordedRequest } from '../../fixtures/servers/model-server.js';
import type { RunResults } from '../../../src/shared/results.js';
import { buildCli, startCli, type CliResult } from './run-cli.js';

// A documented behaviour, not a speed budget: docs/security.md promises that Ctrl-C and SIGTERM stop a run
// within 2 seconds, so the bound is the promise itself (these are the only tests that assert a duration;
// issue 15 keeps speed out of tests). The wait is for a hang to be cut, so load barely moves it.
const STOP_WITHIN_MS = 2000;
// What a user running these specs would grant: the fixture key to the local server, and the command target.
const GRANTS_ENV = { AISPEC_ALLOW_ENV: 'FIXTURE_KEY', AISPEC_ALLOW_HOSTS: '127.0.0.1', AISPEC_ALLOW_COMMAND: '1' };

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aispec-signals-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","private":true}\n'); // marks the project root
  return dir;
}

function spec(target: string, extra = '', cases = 6): string {
  const list = Array.from({ length: cases }, (_, i) => `- id: c${i}\n  input: "question ${i}"\n  checks: [{ contains: answer }]`).join('\n');
  return `---\naispec: 1\nid: slow\ntitle: Slow\ntarget: ${target}\n${extra}---\n\n## Goal\nAnswer.\n\n\`\`\`yaml cases\n${list}\n\`\`\`\n`;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends `signal` once `ready` holds; resolves with the result and the time from the signal to the exit. */
async function signalWhen(args: string[], cwd: string, ready: (stderr: () => string) => boolean, signal: NodeJS.Signals, env: Record<string, string> = {}): Promise<{ r: CliResult; afterSignalMs: number }> {
  const { child, done } = startCli(args, { cwd, env: { ...GRANTS_ENV, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  void done.then(() => (exited = true));
  await until(() => ready(() => stderr) || exited, 'the run to reach the state under test');
  assert.equal(exited, false, `the run ended before the signal:\n${stderr}`);
  const sent = performance.now();
  child.kill(signal);
  const r = await done;
  return { r, afterSignalMs: performance.now() - sent };
}

function results(dir: string): RunResults {
  return JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as RunResults;
}

describe('aispec eval: Ctrl-C and SIGTERM (spawned)', function () {
  this.timeout(120_000);
  before(buildCli);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while HTTP requests hang: exit 3 within 2 s, finished cases kept`, async () => {
      // The first two cases answer; every later request is accepted and never answered.
      const server = await startOpenAIServer({ reply: () => 'the answer', script: (req: RecordedRequest) => (req.index < 2 ? { kind: 'ok' } : { kind: 'hang' }) });
      const dir = project();
      try {
        writeFileSync(join(dir, 's.aispec.md'), spec(`{ provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }`));
        const { r, afterSignalMs } = await signalWhen(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '2'], dir, () => server.requests.length >= 4, signal, { FIXTURE_KEY: 'k' });
        assert.ok(afterSignalMs < STOP_WITHIN_MS, `stopped ${Math.round(afterSignalMs)} ms after ${signal}`);
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, new RegExp(`cancelling \\(${signal}\\); finished cases are kept`));
        const run = results(dir);
        assert.equal(run.summary.verdict, 'incomplete');
        assert.equal(run.run.stopped?.reason, 'cancelled');
        const finished = run.cases.filter((c) => c.status === 'pass').map((c) => c.id);
        assert.deepEqual(finished.sort(), ['c0', 'c1']);
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('SIGINT while judge calls hang: exit 3 within 2 s', async () => {
    const isJudge = (req: RecordedRequest) => (req.body as { model?: string }).model === 'judge-1';
    const server = await startOpenAIServer({ reply: () => 'the answer', script: (req: RecordedRequest) => (isJudge(req) ? { kind: 'hang' } : { kind: 'ok' }) });
    const dir = project();
    try {
      const judge = `judge: { provider: openai, model: judge-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }\n`;
      const text = spec(`{ provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }`, judge).replace('## Goal', '```yaml rubric\n- id: polite\n  criterion: The reply is polite.\n```\n\n## Goal');
      writeFileSync(join(dir, 's.aispec.md'), text);
      const { r, afterSignalMs } = await signalWhen(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '2'], dir, () => server.requests.filter(isJudge).length >= 2, 'SIGINT', { FIXTURE_KEY: 'k' });
      assert.ok(afterSignalMs < STOP_WITHIN_MS, `stopped ${Math.round(afterSignalMs)} ms after SIGINT`);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(results(dir).run.stopped?.reason, 'cancelled');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM while a command target sleeps: exit 3 within 2 s, the command stopped', async () => {
    const dir = project();
    try {
      // Each call notes its pid, then sleeps for a minute.
      writeFileSync(join(dir, 'sleeper.cjs'), "require('node:fs').appendFileSync('started.txt', process.pid + '\\n'); setTimeout(() => {}, 60000);\n");
      writeFileSync(join(dir, 's.aispec.md'), spec(`{ provider: command, command: [${JSON.stringify(process.execPath)}, sleeper.cjs] }`));
      const started = () => (existsSync(join(dir, 'started.txt')) ? readFileSync(join(dir, 'started.txt'), 'utf8').trim().split('\n').map(Number) : []);
      const { r, afterSignalMs } = await signalWhen(['eval', 's.aispec.md', '--json', 'r.json', '--concurrency', '2'], dir, () => started().length >= 2, 'SIGTERM');
      assert.ok(afterSignalMs < STOP_WITHIN_MS, `stopped ${Math.round(afterSignalMs)} ms after SIGTERM`);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(results(dir).run.stopped?.reason, 'cancelled');
      const alive = started().filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      assert.deepEqual(alive, [], 'the sleeping commands were stopped with the run');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second SIGINT right after the first exits with 3 within 2 s', async () => {
    const server = await startOpenAIServer({ script: () => ({ kind: 'hang' }) });
    const dir = project();
    try {
      writeFileSync(join(dir, 's.aispec.md'), spec(`{ provider: openai, model: fixture-1, base_url: "${server.url}", api_key_env: FIXTURE_KEY }`));
      const { child, done } = startCli(['eval', 's.aispec.md', '--concurrency', '2'], { cwd: dir, env: { ...GRANTS_ENV, FIXTURE_KEY: 'k' } });
      await until(() => server.requests.length >= 2, 'requests in flight');
      const sent = performance.now();
      child.kill('SIGINT');
      child.kill('SIGINT');
      const r = await done;
      assert.ok(performance.now() - sent < STOP_WITHIN_MS);
      assert.equal(r.code, 3, r.stderr);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGINT while recorded outputs are graded (no I/O at all between cases): exit 3 within 2 s, finished cases kept', async () => {
    // Grading recorded outputs never waits for anything: the pool hands the loop a turn every 50 ms, and the
    // signal must land in that turn. Sent once a tenth has run: it was taken only once every case had (the
    // pool's timers ran back to back and the loop never polled), and the run called complete.
    const dir = project();
    const cases = 200_000;
    try {
      const lines = (line: (i: number) => object) => Array.from({ length: cases }, (_, i) => `${JSON.stringify(line(i))}\n`).join('');
      writeFileSync(join(dir, 'cases.jsonl'), lines((i) => ({ id: `c${i}`, input: `question ${i}`, checks: [{ contains: 'answer' }] })));
      writeFileSync(join(dir, 'outputs.jsonl'), lines((i) => ({ id: `c${i}`, output: 'the answer' })));
      writeFileSync(join(dir, 's.aispec.md'), '---\naispec: 1\nid: many\ntitle: Many\ncases: cases.jsonl\ntarget: { provider: recorded, path: outputs.jsonl }\ngates:\n  pass_rate: 0.9\n---\n\n## Goal\nAnswer.\n');
      const { r, afterSignalMs } = await signalWhen(['eval', 's.aispec.md', '--json', 'r.json'], dir, (stderr) => /progress: 20000\/200000 cases/.test(stderr()), 'SIGINT');
      assert.ok(afterSignalMs < STOP_WITHIN_MS, `stopped ${Math.round(afterSignalMs)} ms after SIGINT`);
      assert.equal(r.code, 3, r.stderr);
      const run = results(dir);
      assert.equal(run.run.stopped?.reason, 'cancelled');
      assert.ok(run.run.unfinished.length > 0 && run.cases.length > 0, `${run.cases.length} cases kept, ${run.run.unfinished.length} unfinished`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a signal before any case started ends the process within 2 s, by that signal', async () => {
    const dir = project();
    try {
      writeFileSync(join(dir, 's.aispec.md'), spec('{ provider: recorded, path: outputs.jsonl }', '', 2000));
      writeFileSync(join(dir, 'outputs.jsonl'), Array.from({ length: 2000 }, (_, i) => `${JSON.stringify({ id: `c${i}`, output: 'the answer' })}\n`).join(''));
      const { child, done } = startCli(['eval', 's.aispec.md', '--json', 'r.json'], { cwd: dir });
      await new Promise((r) => child.once('spawn', r));
      const sent = performance.now();
      child.kill('SIGTERM');
      const r = await done;
      assert.ok(performance.now() - sent < STOP_WITHIN_MS);
      assert.equal(r.signal, 'SIGTERM', r.stderr);
      assert.equal(existsSync(join(dir, 'r.json')), false, 'nothing ran, so no results');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
