// The input trace (src/node/input-trace.ts) records what a command reads through node:fs and process.env,
// and says when the command did something a reuse of its result would not do again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startInputTrace } from '../../../src/node/input-trace.js';

describe('node: input trace', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-input-trace-'));
    writeFileSync(join(dir, 'a.txt'), 'a');
    writeFileSync(join(dir, 'b.txt'), 'b');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records paths read, listed, asked about and found absent, through the callback, sync and promise forms', async () => {
    const statBefore = promisify(fs.stat); // kept before the trace: not seen (the CLI traces before loading the check)
    const trace = startInputTrace();
    const statKept = promisify(fs.stat); // kept while tracing, as a module loaded then keeps it
    fs.readFileSync(join(dir, 'a.txt'));
    await fs.promises.readFile(join(dir, 'b.txt'));
    fs.readdirSync(dir);
    assert.equal(fs.existsSync(join(dir, 'absent.json')), false);
    await statKept(join(dir, 'kept.txt')).catch(() => undefined);
    await statBefore(join(dir, 'before.txt')).catch(() => undefined);
    await new Promise<void>((resolve) => fs.realpath.native(dir, () => resolve()));
    const handle = await fs.promises.open(join(dir, 'a.txt'));
    await handle.close();
    assert.equal(await promisify(fs.exists)(join(dir, 'exists.txt')), false); // through its promisify.custom form
    const traced = trace.stop();
    assert.deepEqual(traced.paths, [join(dir, 'a.txt'), join(dir, 'b.txt'), dir, join(dir, 'absent.json'), join(dir, 'kept.txt'), join(dir, 'exists.txt')]);
    assert.equal(traced.unsafe, undefined);
  });

  it('records nothing once stopped, and puts node:fs and process.env back as they were', () => {
    const { readFileSync } = fs;
    const env = process.env;
    const trace = startInputTrace();
    const wrapped = fs.readFileSync;
    assert.notEqual(wrapped, readFileSync);
    assert.notEqual(process.env, env);
    const traced = trace.stop();
    assert.equal(fs.readFileSync, readFileSync);
    assert.equal(process.env, env);
    wrapped(join(dir, 'a.txt')); // a wrapper a module kept still forwards, and records nothing
    assert.deepEqual(traced.paths, []);
    const first = startInputTrace();
    try {
      assert.throws(() => startInputTrace(), /already running/);
    } finally {
      first.stop();
    }
  });

  it('records each environment variable asked for, with its value then (absent: undefined)', () => {
    process.env.AISPEC_TRACE_PROBE = 'one';
    try {
      const trace = startInputTrace();
      assert.equal(process.env.AISPEC_TRACE_PROBE, 'one');
      assert.equal('AISPEC_TRACE_ABSENT' in process.env, false);
      const traced = trace.stop();
      assert.deepEqual([...traced.env], [
        ['AISPEC_TRACE_PROBE', 'one'],
        ['AISPEC_TRACE_ABSENT', undefined],
      ]);
      assert.equal(traced.unsafe, undefined);
    } finally {
      delete process.env.AISPEC_TRACE_PROBE;
    }
  });

  const unsafeCases: [string, () => unknown, RegExp][] = [
    ['a file written', () => fs.writeFileSync(join(dir, 'c.txt'), 'c'), /changed the file system \(fs\.writeFileSync\)/],
    ['a folder made through fs.promises', () => fs.promises.mkdir(join(dir, 'sub')), /changed the file system \(fs\.mkdir\)/],
    ['a file opened for appending', () => fs.closeSync(fs.openSync(join(dir, 'a.txt'), 'a')), /opened a file for writing/],
    ['a write to a descriptor', () => {
      const fd = fs.openSync(join(dir, 'a.txt'), fs.constants.O_RDONLY);
      try {
        fs.writeSync(fd, 'x');
      } catch {
        // EBADF: the attempt is what counts
      } finally {
        fs.closeSync(fd);
      }
    }, /wrote to a file/],
    ['the whole environment listed', () => Object.keys(process.env), /listed the whole environment/],
    ['an environment variable set', () => {
      process.env.AISPEC_TRACE_SET = '1';
      delete process.env.AISPEC_TRACE_SET;
    }, /set the environment variable AISPEC_TRACE_SET/],
    ['node:child_process loaded', () => createRequire(import.meta.url)('node:child_process'), /loaded node:child_process/],
    ['a process warning', () => new Promise<void>((resolve) => {
      process.once('warning', () => resolve());
      process.emitWarning('probe', 'AispecTraceProbe');
    }), /printed a process warning/],
  ];
  for (const [what, act, why] of unsafeCases) {
    it(`says a result cannot be reused after ${what}`, async () => {
      const trace = startInputTrace();
      try {
        await act();
      } finally {
        const traced = trace.stop();
        assert.match(traced.unsafe ?? '', why);
      }
    });
  }

  it('leaves out the folders it is told to ignore, and per-process paths', () => {
    const trace = startInputTrace({ ignoreUnder: [dir] });
    fs.readFileSync(join(dir, 'a.txt'));
    fs.existsSync('/proc/self/status');
    fs.existsSync(`${dir}-sibling`);
    assert.deepEqual(trace.stop().paths, [`${dir}-sibling`]);
  });
});
