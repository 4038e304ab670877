import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTarget, splitArgv, TargetConfigError } from '../../../../src/core/eval/targets/index.js';
import { fileDigest } from '../../../../src/node/file-digest.js';
import { createProcessRunner } from '../../../../src/node/process-runner.js';
import { caseError, fixtures, makeCase, makeDeps, never } from './helpers.js';

const node = process.execPath;

/** Whether a process still runs (a zombie waiting for init to reap it has stopped running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(pid, 0) is the best we have
  }
}

async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('targets: command', () => {
  const deps = makeDeps();
  after(() => deps.http.close());

  it('sends the case as JSON on stdin and takes stdout, trimmed at the end', async () => {
    const target = await createTarget({ provider: 'command', command: [node, 'echo.mjs', 'a b', 'c'] }, deps);
    const out = await target.run(makeCase({ id: 'k1', input: 'hello', vars: { x: 1 } }), never());
    assert.equal(out.output, `reply to hello (k1) vars={"x":1} args=a b|c cwd=${fixtures}`);
    assert.ok(typeof out.latency_ms === 'number');
    const messages = await target.run(makeCase({ id: 'k2', messages: [{ role: 'user', content: 'from messages' }] }), never());
    assert.match(messages.output, /^reply to from messages \(k2\)/);
  });

  it('a command line string is split like a shell would, without one', async () => {
    const target = await createTarget({ provider: 'command', command: `"${node}" echo.mjs 'one two' three\\ four "x\\"y"` }, deps);
    const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
    assert.match(out.output, /args=one two\|three four\|x"y /);
    assert.deepEqual(JSON.parse(target.fingerprint), { argv: [node, 'echo.mjs', 'one two', 'three four', 'x"y'], cwd: '.', provider: 'command' });
  });

  it("the fingerprint holds the content of the program files the command names, so editing the script changes it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispec-fingerprint-'));
    try {
      await writeFile(join(dir, 'bot.mjs'), 'console.log("good")\n');
      const withDigests = makeDeps({ resolvePath: (p) => resolve(dir, p), fileDigest });
      const config = { provider: 'command', command: `node bot.mjs --flag`, cwd: '.' };
      const before = await createTarget(config, withDigests);
      assert.deepEqual(Object.keys((JSON.parse(before.fingerprint) as { programs: object }).programs), ['bot.mjs'], 'only words that name a file');
      assert.equal((await createTarget(config, withDigests)).fingerprint, before.fingerprint, 'stable while the file is unchanged');
      await writeFile(join(dir, 'bot.mjs'), 'console.log("bad")\n');
      assert.notEqual((await createTarget(config, withDigests)).fingerprint, before.fingerprint);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('splitArgv: quotes, escapes, Windows paths, errors', () => {
    assert.deepEqual(splitArgv('  python3   bot.py --flag  '), ['python3', 'bot.py', '--flag']);
    assert.deepEqual(splitArgv(`a 'b c' "d e" f\\ g "h\\"i" 'j"k' ""`), ['a', 'b c', 'd e', 'f g', 'h"i', 'j"k', '']);
    assert.deepEqual(splitArgv('C:\\tools\\bot.exe --x'), ['C:\\tools\\bot.exe', '--x']);
    assert.deepEqual(splitArgv(`a"b c"d`), ['ab cd']);
    assert.throws(() => splitArgv(`echo 'oops`), TargetConfigError);
    assert.throws(() => splitArgv(`echo "oops`), /unterminated " quote/);
  });

  it('cwd is relative to the spec folder', async () => {
    const target = await createTarget({ provider: 'command', command: [node, 'fixtures/echo.mjs'], cwd: '..' }, deps);
    const out = await target.run(makeCase({ id: 'a', input: 'q' }), never());
    assert.match(out.output, new RegExp(`cwd=${join(fixtures, '..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('a non-zero exit is a CaseError with the last lines of stderr', async () => {
    const target = await createTarget({ provider: 'command', command: [node, 'fail.mjs'] }, deps);
    const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /exited with code 3; the end of its stderr:\nstderr line 21\n[\s\S]*stderr line 30$/);
    assert.ok(!error.message.includes('stderr line 20\n'));
  });

  it('a timeout is a CaseError "timed out after N ms", and the whole process tree is stopped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispec-cmd-'));
    try {
      const pidFile = join(dir, 'pids.json');
      const target = await createTarget({ provider: 'command', command: [node, 'hang.mjs', pidFile], timeout_ms: 1000 }, deps);
      const error = await caseError(target.run(makeCase({ id: 'a', input: 'q' }), never()), /timed out after 1000 ms/);
      assert.equal(error.retryable, true);
      const pids = JSON.parse(await readFile(pidFile, 'utf8')) as { parent: number; grandchild: number };
      await waitFor(() => !alive(pids.parent) && !alive(pids.grandchild));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('abort stops the program tree and rejects with the abort reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aispec-cmd-'));
    try {
      const pidFile = join(dir, 'pids.json');
      const target = await createTarget({ provider: 'command', command: [node, 'hang.mjs', pidFile], timeout_ms: 30_000 }, deps);
      const controller = new AbortController();
      const pending = target.run(makeCase({ id: 'a', input: 'q' }), controller.signal);
      await waitFor(async () => (await readFile(pidFile, 'utf8').catch(() => '')).length > 0);
      const pids = JSON.parse(await readFile(pidFile, 'utf8')) as { parent: number; grandchild: number };
      controller.abort();
      await assert.rejects(pending, (e: unknown) => e instanceof Error && e.name === 'AbortError');
      await waitFor(() => !alive(pids.parent) && !alive(pids.grandchild));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a program that does not read stdin still answers; a missing program is a CaseError', async () => {
    const noread = await createTarget({ provider: 'command', command: [node, 'noread.mjs'] }, deps);
    assert.equal((await noread.run(makeCase({ id: 'a', input: 'x'.repeat(1_000_000) }), never())).output, 'ok');
    const missing = await createTarget({ provider: 'command', command: 'definitely-not-a-program-aispec --x' }, deps);
    await caseError(missing.run(makeCase({ id: 'a', input: 'q' }), never()), /could not start "definitely-not-a-program-aispec": not found/);
  });

  it('process runner: stdout over the cap stops the program', async () => {
    const runner = createProcessRunner({ maxStdoutBytes: 1000, killGraceMs: 100 });
    const result = await runner.run([node, '-e', 'setInterval(() => process.stdout.write("x".repeat(100)), 1)'], {
      stdin: '',
      cwd: fixtures,
      timeoutMs: 10_000,
      signal: never(),
    });
    assert.equal(result.exitCode, null);
    assert.match(result.stderr, /stdout passed 1000 bytes/);
  });

  it('bad config rejects with TargetConfigError', async () => {
    await assert.rejects(createTarget({ provider: 'command', command: [] }, deps), TargetConfigError);
    await assert.rejects(createTarget({ provider: 'command', command: `echo 'x` }, deps), /unterminated/);
  });
});
