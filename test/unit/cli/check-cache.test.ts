// `aispec check` prints its last result again when nothing it read has changed (src/cli/check-cache.ts). On a
// copy of the built CLI (so a test can edit a bundle) and a private cache folder: a reuse prints exactly what
// the check printed, with its exit code; any change to what the check read (the spec, a file it names, a
// configuration file that was absent, a saved run, an environment variable, the aispec build) runs it afresh; --no-cache,
// exit code 2, a corrupt entry and a change moments before the check ends are never reused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckCache, checkCacheDir, signatureOf } from '../../../src/cli/check-cache.js';
import { buildCli, repoRoot } from './run-cli.js';

const SPEC = `---
aispec: 1
id: cache-probe
title: Cache probe
labels: [yes, no]
cases: cases.jsonl
target: { provider: recorded, path: outputs.jsonl }
gates:
  pass_rate: 0.9
---

# Cache probe

## Goal
Say yes or no.
`;

const CASES = '{"id": "a", "input": "Is it?", "expect": "yes"}\n{"id": "b", "input": "Is it not?", "expect": "no"}\n';
const OUTPUTS = '{"id": "a", "output": "yes"}\n{"id": "b", "output": "yes"}\n';

/** Past the time a change must be behind the check before its result is kept (100 ms on this file system). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('cli: check results reused while nothing they read has changed', function () {
  this.timeout(120_000);
  let dir: string;
  let project: string;
  let cacheHome: string;

  before(() => buildCli());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-check-cache-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(repoRoot, 'bin/aispec.cjs'), join(dir, 'bin/aispec.cjs'));
    for (const f of readdirSync(join(repoRoot, 'dist')).filter((name) => /^cli.*\.cjs$/.test(name))) copyFileSync(join(repoRoot, 'dist', f), join(dir, 'dist', f));
    project = join(dir, 'project', 'specs');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'probe.aispec.md'), SPEC);
    writeFileSync(join(project, 'cases.jsonl'), CASES);
    writeFileSync(join(project, 'outputs.jsonl'), OUTPUTS);
    cacheHome = join(dir, 'cache-home');
    await settle();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function childEnvWith(env: Record<string, string>): NodeJS.ProcessEnv {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, AISPEC_DEBUG: 'check-cache' };
    delete childEnv.NODE_OPTIONS;
    delete childEnv.AISPEC_ALLOW_READ;
    for (const name of ['LC_ALL', 'LC_COLLATE', 'LC_MESSAGES', 'LANG', 'LANGUAGE']) delete childEnv[name];
    return Object.assign(childEnv, env);
  }

  function check(args: string[] = ['probe.aispec.md'], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string; reused: boolean } {
    const r = spawnSync(process.execPath, [join(dir, 'bin/aispec.cjs'), 'check', ...args], { cwd: project, env: childEnvWith(env), encoding: 'utf8' });
    const reused = r.stderr.includes('aispec: check cache: the last result');
    // What the check itself printed, without the cache's own debug line.
    const stderr = r.stderr.replace(/^aispec: check cache: .*\n/m, '');
    return { code: r.status, stdout: r.stdout, stderr, reused };
  }

  const entries = (): string[] => {
    const folder = join(cacheHome, 'aispec', 'check');
    return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
  };

  it('a second check of the unchanged spec prints what the first printed, with its exit code, from the kept entry', () => {
    writeFileSync(join(project, 'cases.jsonl'), CASES.replace('"b"', '"a"')); // a duplicate id: an error, exit 1
    return settle().then(() => {
      const first = check();
      assert.equal(first.code, 1);
      assert.match(first.stdout, /duplicate/i);
      assert.equal(first.reused, false);
      const [entry, ...more] = entries();
      assert.ok(entry, 'the first check kept no result');
      assert.equal(more.length, 0);
      assert.equal(statSync(join(cacheHome, 'aispec', 'check')).mode & 0o777, 0o700);
      assert.equal(statSync(entry).mode & 0o777, 0o600);
      const second = check();
      assert.equal(second.reused, true);
      assert.deepEqual({ ...second, reused: false }, first);
      // The reuse prints the entry: edited, it prints the edit (only the user can write the cache folder).
      writeFileSync(entry, readFileSync(entry, 'utf8').replace(/1 spec checked/, '1 spec CHECKED'));
      assert.match(check().stderr, /1 spec CHECKED/);
    });
  });

  const changes: [string, () => void][] = [
    ['the spec, edited to the same size', () => writeFileSync(join(project, 'probe.aispec.md'), SPEC.replace('[yes, no]', '[yes, n0]'))],
    ['a case file the spec names', () => writeFileSync(join(project, 'cases.jsonl'), CASES.replace('"b"', '"a"'))],
    ['a configuration file in a folder above, absent before', () => writeFileSync(join(dir, 'project', 'aispec.config.json'), '{"lint": {"nonexistent-rule": "off"}}')],
    ['the saved runs (the first run of the spec: the gate is sized by its rate)', () => {
      const run = spawnSync(process.execPath, [join(dir, 'bin/aispec.cjs'), 'eval', 'probe.aispec.md', '-q'], { cwd: project, env: childEnvWith({}), encoding: 'utf8' });
      assert.match(run.stdout + run.stderr, /latest\.json/);
    }],
    ['the aispec build (a bundle edited)', () => {
      const bundle = join(dir, 'dist/cli-check-command.cjs');
      writeFileSync(bundle, readFileSync(bundle, 'utf8').replaceAll(' checked: ', ' CHECKED: '));
    }],
  ];
  for (const [what, change] of changes) {
    it(`a change to ${what} runs the check afresh`, async () => {
      const first = check();
      assert.equal(first.reused, false);
      assert.equal(check().reused, true);
      change();
      await settle();
      const after = check();
      assert.equal(after.reused, false, `reused after a change to ${what}`);
      assert.notDeepEqual({ ...after, reused: false }, first, 'the change should change what the check prints');
      assert.equal(check().reused, true, 'the fresh result is kept in turn');
    });
  }

  it('a check of a folder: a spec added in a subfolder, or one a new .gitignore hides, runs it afresh', async () => {
    const first = check([]);
    assert.match(first.stderr, /^1 spec checked/m);
    assert.equal(check([]).reused, true);
    mkdirSync(join(project, 'more'));
    writeFileSync(join(project, 'more', 'other.aispec.md'), SPEC.replace('cache-probe', 'other-probe').replaceAll('cases.jsonl', '../cases.jsonl').replace('outputs.jsonl', '../outputs.jsonl'));
    await settle();
    const added = check([]);
    assert.equal(added.reused, false);
    assert.match(added.stderr, /^2 specs checked/m);
    assert.equal(check([]).reused, true);
    writeFileSync(join(project, '.gitignore'), 'more/\n');
    await settle();
    const hidden = check([]);
    assert.equal(hidden.reused, false);
    assert.match(hidden.stderr, /^1 spec checked/m);
  });

  it('an environment variable the check reads, set or changed, runs it afresh', () => {
    check();
    assert.equal(check().reused, true);
    assert.equal(check(['probe.aispec.md'], { AISPEC_ALLOW_READ: '/tmp' }).reused, false);
    assert.equal(check(['probe.aispec.md'], { AISPEC_ALLOW_READ: '/tmp' }).reused, true);
    assert.equal(check(['probe.aispec.md'], { AISPEC_ALLOW_READ: '/var' }).reused, false);
    // One entry per command line and folder: the last check's, here with the variable set.
    assert.equal(check().reused, false);
    assert.equal(check().reused, true);
  });

  it('over a series of edits to what a check reads, a kept result always prints what a fresh check prints', async () => {
    // Seeded edits of the spec, its case file, a configuration file above it (made, changed, removed) and the
    // environment; after each, `check` twice (the second may reuse) against `check --no-cache`.
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const config = join(dir, 'project', 'aispec.config.json');
    const edits: Array<() => Record<string, string>> = [
      () => (writeFileSync(join(project, 'probe.aispec.md'), SPEC.replace('[yes, no]', next(2) ? '[yes, n0]' : '[yes, no]')), {}),
      () => (writeFileSync(join(project, 'cases.jsonl'), next(2) ? CASES.replace('"b"', '"a"') : CASES), {}),
      () => (writeFileSync(config, JSON.stringify({ lint: { 'missing-examples': ['off', 'warning', 'error'][next(3)] } })), {}),
      () => (rmSync(config, { force: true }), {}),
      () => ({ AISPEC_ALLOW_READ: next(2) ? '/tmp' : '/var' }),
      () => (writeFileSync(join(project, 'outputs.jsonl'), next(2) ? OUTPUTS : OUTPUTS.replace('"b", "output": "yes"', '"b", "output": "no"')), {}),
    ];
    let reused = 0;
    for (let round = 0; round < 12; round++) {
      const env = edits[next(edits.length)]!();
      await settle();
      const fresh = check(['--no-cache', 'probe.aispec.md'], env);
      for (let again = 0; again < 2; again++) {
        const result = check(['probe.aispec.md'], env);
        if (result.reused) reused++;
        assert.deepEqual({ ...result, reused: false }, { ...fresh, reused: false }, `round ${round}, run ${again + 1}`);
      }
    }
    assert.ok(reused >= 10, `kept results were reused (${reused} of 24 checks)`);
  });

  it('another locale (LANG, LC_ALL: read before any JavaScript runs) is another entry', () => {
    check([], { LANG: 'C.UTF-8' });
    assert.equal(check([], { LANG: 'C.UTF-8' }).reused, true);
    assert.equal(check([], { LANG: 'sv_SE.UTF-8' }).reused, false);
    assert.equal(check([], { LANG: 'C.UTF-8', LC_ALL: 'de_DE.UTF-8' }).reused, false);
  });

  it('other arguments are another entry; --no-cache neither reuses nor keeps a result', () => {
    check();
    check(['--format', 'json', 'probe.aispec.md']);
    assert.equal(entries().length, 2);
    for (const entry of entries()) writeFileSync(entry, readFileSync(entry, 'utf8').replace(/1 spec checked/, '1 spec CHECKED'));
    const fresh = check(['--no-cache', 'probe.aispec.md']);
    assert.equal(fresh.reused, false);
    assert.match(fresh.stderr, /1 spec checked/);
    assert.equal(entries().length, 2);
  });

  it('a cache folder that cannot be written changes nothing but the keeping: the same output and exit code', () => {
    const reference = check(['--no-cache', 'probe.aispec.md']);
    const notAFolder = join(dir, 'not-a-folder');
    writeFileSync(notAFolder, 'a file where the cache folder would be');
    const r = spawnSync(process.execPath, [join(dir, 'bin/aispec.cjs'), 'check', 'probe.aispec.md'], { cwd: project, env: childEnvWith({ XDG_CACHE_HOME: notAFolder }), encoding: 'utf8' });
    assert.equal(r.status, reference.code);
    assert.equal(r.stdout, reference.stdout);
    assert.match(r.stderr, /aispec: check cache: result not kept: cannot write /);
    assert.equal(r.stderr.replace(/^aispec: check cache: .*\n/m, ''), reference.stderr);
  });

  it('a check that ends with exit code 2 is not kept; a corrupt entry is a miss, and is written again', () => {
    const missing = check(['absent.aispec.md']);
    assert.equal(missing.code, 2);
    assert.deepEqual(entries(), []);
    check();
    const [entry] = entries();
    writeFileSync(entry!, '{"format": 1, "key": ');
    const again = check();
    assert.equal(again.reused, false);
    assert.equal(again.code, 0);
    assert.equal(check().reused, true);
  });
});

describe('cli: check cache, what is kept', () => {
  let dir: string;
  let cacheHome: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'aispec-check-cache-unit-'));
    cacheHome = join(dir, 'cache-home');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A cache whose check ran (the output says it checked) and printed nothing. */
  function checked(): CheckCache {
    const cache = new CheckCache(['probe.aispec.md'], dir, { XDG_CACHE_HOME: cacheHome });
    cache.output.checking!();
    return cache;
  }

  it('not a result that read a file changed while it ran, or moments before it began (the same tick could hide a second change)', () => {
    const file = join(dir, 'spec.aispec.md');
    writeFileSync(file, 'x');
    const changed = statSync(file, { bigint: true }).ctimeNs;
    const traced = { paths: [file], env: new Map<string, string | undefined>() };
    const during = checked().store(traced, 0, changed - 1_000_000_000n);
    assert.equal(during.stored, false);
    assert.match(during.stored ? '' : during.why, /changed while the check ran, or moments before/);
    assert.equal(checked().store(traced, 0, changed + 50_000_000n).stored, false);
    assert.equal(checked().store(traced, 0, changed + 150_000_000n).stored, true);
  });

  it('not a result that read an environment variable named like a secret; other values are kept as they were', () => {
    const withSecret = { paths: [], env: new Map<string, string | undefined>([['NO_COLOR', '1'], ['OPENAI_API_KEY', 'sk-test']]) };
    const refused = checked().store(withSecret, 0);
    assert.equal(refused.stored, false);
    assert.match(refused.stored ? '' : refused.why, /OPENAI_API_KEY, which may hold a secret/);
    const now = BigInt(Date.now()) * 1_000_000n;
    const kept = checked().store({ paths: [], env: new Map([['NO_COLOR', '1'], ['FORCE_COLOR', undefined]]) }, 1, now);
    assert.equal(kept.stored, true);
    const entry = JSON.parse(readFileSync(kept.stored ? kept.file : '', 'utf8')) as { env: unknown; exit: number };
    assert.deepEqual(entry.env, [['NO_COLOR', '1'], ['FORCE_COLOR', null]]);
    assert.equal(entry.exit, 1);
    assert.ok(kept.stored && kept.file.startsWith(checkCacheDir({ XDG_CACHE_HOME: cacheHome })));
  });

  it('not --help or --list-rules (nothing checked), not an untraced or unsafe check', () => {
    const unchecked = new CheckCache(['--help'], dir, { XDG_CACHE_HOME: cacheHome });
    assert.equal(unchecked.store({ paths: [], env: new Map() }, 0).stored, false);
    assert.equal(checked().store(undefined, 0).stored, false);
    assert.equal(checked().store({ paths: [], env: new Map(), unsafe: 'it changed the file system (fs.writeFileSync)' }, 0).stored, false);
  });

  it('keeping a result removes the entries nothing wrote again for a week, and no other', () => {
    const folder = checkCacheDir({ XDG_CACHE_HOME: cacheHome });
    mkdirSync(folder, { recursive: true });
    const old = join(folder, 'old-entry.json');
    const recent = join(folder, 'recent-entry.json');
    writeFileSync(old, '{}');
    writeFileSync(recent, '{}');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(old, eightDaysAgo, eightDaysAgo);
    const kept = checked().store({ paths: [], env: new Map() }, 0, BigInt(Date.now()) * 1_000_000n);
    assert.equal(kept.stored, true);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(recent), true);
    assert.ok(kept.stored && existsSync(kept.file));
  });

  it("a path's signature changes with its content, its replacement, a link's target, and its absence", () => {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'one');
    const first = signatureOf(file);
    assert.equal(signatureOf(file), first);
    writeFileSync(file, 'two');
    assert.notEqual(signatureOf(file), first);
    assert.equal(signatureOf(join(dir, 'absent')), 'absent');
    assert.match(signatureOf(join(file, 'below-a-file')), /^error:ENOTDIR$/);
  });
});
