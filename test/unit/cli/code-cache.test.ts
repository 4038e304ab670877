// The CLI keeps its commands' compiled code between runs (src/node/code-cache.ts). On a copy of the built CLI
// (so the test can edit a bundle) and a private cache folder: the first run writes an entry, later runs use
// it without rewriting it; an edited bundle of the same length never runs the old code; a corrupt entry, an
// unwritable cache folder and NODE_DISABLE_COMPILE_CACHE=1 leave the command's output exactly as it was.
// Its checks run with --no-cache: a check's kept result (check-cache.test.ts) would load no bundle at all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Module from 'node:module';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LARGE_RUN_CASES } from '../../../src/node/heap-growth.js';
import { writeScaleProject } from '../../../bench/scale-fixtures.js';
import { buildCli, repoRoot } from './run-cli.js';

const SPEC = `---
aispec: 1
id: cache-probe
title: Cache probe
labels: [yes, no]
---

# Cache probe

## Goal
Say yes or no.

## Cases
\`\`\`yaml cases
- id: a
  input: "Is it?"
  expect: "yes"
\`\`\`
`;

// Node 22.1+ has its own compile cache (module.enableCompileCache), which the CLI turns on instead.
const ownCache = 'enableCompileCache' in Module;

describe('cli: compiled code kept between runs', function () {
  this.timeout(120_000);
  let dir: string;
  let cacheHome: string;

  before(() => buildCli());

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-code-cache-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(repoRoot, 'bin/aispec.cjs'), join(dir, 'bin/aispec.cjs'));
    for (const f of readdirSync(join(repoRoot, 'dist')).filter((name) => /^cli.*\.cjs$/.test(name))) copyFileSync(join(repoRoot, 'dist', f), join(dir, 'dist', f));
    writeFileSync(join(dir, 'probe.aispec.md'), SPEC);
    cacheHome = join(dir, 'cache-home');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function check(env: Record<string, string> = {}, nodeArgs: string[] = []): { code: number | null; stdout: string; stderr: string } {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, ...env };
    delete childEnv.NODE_OPTIONS;
    if (!('NODE_DISABLE_COMPILE_CACHE' in env)) delete childEnv.NODE_DISABLE_COMPILE_CACHE;
    const r = spawnSync(process.execPath, [...nodeArgs, join(dir, 'bin/aispec.cjs'), 'check', '--no-cache', 'probe.aispec.md'], { cwd: dir, env: childEnv, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const entries = (): string[] => {
    const folder = join(cacheHome, 'aispec', 'code-cache');
    return existsSync(folder) ? readdirSync(folder).filter((name) => name.startsWith('cli-check-command.cjs-')).map((name) => join(folder, name)) : [];
  };

  it('the first run writes one entry for the command; the next run uses it without writing it again', function () {
    if (ownCache) this.skip();
    const first = check();
    assert.match(first.stderr, /1 spec checked/);
    const [entry, ...more] = entries();
    assert.ok(entry, 'no cache entry after the first run');
    assert.equal(more.length, 0);
    assert.equal(statSync(join(cacheHome, 'aispec', 'code-cache')).mode & 0o777, 0o700);
    const written = statSync(entry).mtimeMs;
    const second = check();
    assert.deepEqual(second, first);
    assert.deepEqual(entries(), [entry]);
    assert.equal(statSync(entry).mtimeMs, written, 'a hit must not rewrite the entry');
  });

  it("a later run finds the bundle's checksum remembered and does not hash it again (node:zlib stays unloaded)", function () {
    if (ownCache) this.skip();
    // A preload that writes, at exit, whether zlib (which the checksum needs) was loaded.
    const probe = join(dir, 'zlib-probe.cjs');
    writeFileSync(probe, `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(join(dir, 'zlib.log'))}, process.moduleLoadList.includes('NativeModule zlib') + '\\n'));`);
    const first = check({}, ['--require', probe]);
    const second = check({}, ['--require', probe]);
    assert.deepEqual(second, first);
    assert.deepEqual(readFileSync(join(dir, 'zlib.log'), 'utf8').split('\n').filter(Boolean), ['true', 'false']);
    assert.equal(entries().length, 1);
  });

  it('an edited bundle of the same length runs its new code; an entry of another build goes once a week old', function () {
    if (ownCache) this.skip();
    check();
    const [old] = entries();
    const bundle = join(dir, 'dist/cli-check-command.cjs');
    const original = readFileSync(bundle);
    const source = readFileSync(bundle, 'utf8');
    assert.ok(source.includes(' checked: '));
    writeFileSync(bundle, source.replaceAll(' checked: ', ' CHECKED: '));
    const edited = check();
    assert.match(edited.stderr, /1 spec CHECKED: /);
    assert.equal(entries().length, 2, 'a fresh entry of another build stays (another install may use it)');
    // Back to the first build: its entry is still there and used; the edited build's entry, aged, is removed
    // when the next entry is written.
    writeFileSync(bundle, original);
    const [editedEntry] = entries().filter((e) => e !== old);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(editedEntry!, eightDaysAgo, eightDaysAgo);
    assert.match(check().stderr, /1 spec checked: /);
    assert.deepEqual(entries().sort(), [old, editedEntry].sort(), 'a hit writes nothing, so it removes nothing');
    rmSync(old!);
    check();
    assert.deepEqual(entries(), [old]);
  });

  it('a bundle that is not pure ASCII is read as UTF-8, from source and from its cached code', function () {
    if (ownCache) this.skip();
    const bundle = join(dir, 'dist/cli-check-command.cjs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replaceAll(' checked: ', ' chécked → '));
    assert.match(check().stderr, /1 spec chécked → /);
    assert.match(check().stderr, /1 spec chécked → /);
    assert.equal(entries().length, 1);
  });

  it('a copy of the same build in another folder gets its own entry, so its stack traces name its own files', function () {
    if (ownCache) this.skip();
    check();
    assert.equal(entries().length, 1);
    const copy = join(dir, 'copy');
    mkdirSync(join(copy, 'dist'), { recursive: true });
    mkdirSync(join(copy, 'bin'));
    copyFileSync(join(dir, 'bin/aispec.cjs'), join(copy, 'bin/aispec.cjs'));
    for (const f of readdirSync(join(dir, 'dist'))) copyFileSync(join(dir, 'dist', f), join(copy, 'dist', f));
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome };
    delete childEnv.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [join(copy, 'bin/aispec.cjs'), 'check', '--no-cache', 'probe.aispec.md'], { cwd: dir, env: childEnv, encoding: 'utf8' });
    assert.match(r.stderr, /1 spec checked/);
    assert.equal(entries().length, 2);
  });

  it('a corrupt entry is ignored and written afresh; the output is the same', function () {
    if (ownCache) this.skip();
    const first = check();
    const [entry] = entries();
    writeFileSync(entry!, Buffer.alloc(statSync(entry!).size, 7));
    assert.deepEqual(check(), first);
    assert.notEqual(readFileSync(entry!)[0], 7);
  });

  it('an unwritable cache folder and NODE_DISABLE_COMPILE_CACHE=1 change nothing but the speed', () => {
    const reference = check({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.match(reference.stderr, /1 spec checked/);
    assert.deepEqual(entries(), []);
    writeFileSync(join(dir, 'not-a-folder'), '');
    assert.deepEqual(check({ XDG_CACHE_HOME: join(dir, 'not-a-folder') }), reference);
  });
  it("an eval that sets V8 flags after its bundle loaded (the young generation kept small, a large run's heap step) leaves code that later runs, large or small, use", function () {
    if (ownCache) this.skip();
    // V8 refuses compiled code stamped with other flags: the step must be back to its default when the entry is written.
    const large = writeScaleProject(join(dir, 'large'), LARGE_RUN_CASES);
    const small = writeScaleProject(join(dir, 'small'), 10);
    const evalEntries = () => readdirSync(join(cacheHome, 'aispec', 'code-cache')).filter((name) => name.startsWith('cli-eval-command.cjs-'));
    const evaluate = (spec: string) => {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome };
      delete childEnv.NODE_OPTIONS;
      const r = spawnSync(process.execPath, [join(dir, 'bin/aispec.cjs'), 'eval', spec, '-q', '--no-save'], { cwd: dir, env: childEnv, encoding: 'utf8' });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const [entry, ...more] = evalEntries();
      assert.equal(more.length, 0);
      return statSync(join(cacheHome, 'aispec', 'code-cache', entry!)).mtimeMs;
    };
    const written = evaluate(large);
    assert.equal(evaluate(large), written, 'the large run refused the code it wrote');
    assert.equal(evaluate(small), written, "the small run refused the large run's code");
  });
});
