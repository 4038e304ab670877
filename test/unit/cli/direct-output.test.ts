// direct-output.ts writes a command's output straight to its descriptor: every byte arrives, in order, on a
// pipe or a file, also when the pipe refuses a write (then Node's stream takes over) and when the reader goes
// away (then the output stops and the process ends as it would have).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'mocha';

const module = resolve(import.meta.dirname, '../../../src/cli/direct-output.ts');
const dir = mkdtempSync(join(tmpdir(), 'aispec-direct-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A child that writes `lines` numbered lines to stdout in chunks, and a summary to stderr. */
function childScript(options: { nonBlocking?: boolean; lines: number }): string {
  const file = join(dir, `child-${options.nonBlocking ? 'nb' : 'b'}-${options.lines}.ts`);
  writeFileSync(
    file,
    [
      `import { writeStderr, writeStdout, isTerminal } from ${JSON.stringify(module)};`,
      // Node's own stream sets a pipe non-blocking (libuv): a write to a full pipe is then refused (EAGAIN).
      options.nonBlocking ? 'void process.stdout.writableLength;' : '',
      `for (let i = 0; i < ${options.lines}; i += 1000) {`,
      `  let chunk = '';`,
      `  for (let j = i; j < Math.min(i + 1000, ${options.lines}); j++) chunk += 'line ' + j + ' ' + 'x'.repeat(40) + '\\n';`,
      '  writeStdout(chunk);',
      '}',
      "writeStderr('done ' + isTerminal(1) + '\\n');",
    ].join('\n'),
  );
  return file;
}

const expected = (lines: number) => Array.from({ length: lines }, (_, j) => `line ${j} ${'x'.repeat(40)}\n`).join('');

describe('direct output', function () {
  this.timeout(60000);

  it('writes every byte in order to a pipe, and says it is not a terminal', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', childScript({ lines: 20000 })], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, expected(20000));
    assert.equal(result.stderr, 'done false\n');
  });

  it('writes to a file', () => {
    const out = join(dir, 'out.txt');
    const result = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx "${childScript({ lines: 3000 })}" > "${out}"`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(out, 'utf8'), expected(3000));
  });

  it('hands the rest to Node’s stream when a non-blocking pipe is full, losing nothing', async () => {
    // 2.4 MB into a 64 KB pipe that is not read for half a second: writes are refused, then the stream waits.
    const child = spawn(process.execPath, ['--import', 'tsx', childScript({ nonBlocking: true, lines: 50000 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.stdout.resume();
    }, 500);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 0, stderr);
    assert.equal(Buffer.concat(chunks).toString('utf8'), expected(50000));
  });

  it('hands the text to Node’s stream when the descriptor refuses the write for another reason', () => {
    const file = join(dir, 'child-einval.mts');
    writeFileSync(
      file,
      [
        "import fs from 'node:fs';",
        "import { syncBuiltinESMExports } from 'node:module';",
        "fs.writeSync = () => { throw Object.assign(new Error('invalid argument'), { code: 'EINVAL' }); };",
        'syncBuiltinESMExports();',
        `const { writeStdout } = await import(${JSON.stringify(module)});`,
        "writeStdout('first\\n');",
        "writeStdout('second\\n');",
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'first\nsecond\n');
  });

  it('stops quietly when the reader goes away after Node’s stream took over (a full non-blocking pipe)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript({ nonBlocking: true, lines: 200000 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.pause();
    // Unread for a moment, the pipe fills and the writes go through the stream; then the reader goes away.
    setTimeout(() => child.stdout.destroy(), 300);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, 'done false\n');
  });

  it('stops quietly when the reader goes away', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript({ lines: 200000 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, 'done false\n');
  });
});
